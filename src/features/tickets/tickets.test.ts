import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTestDatabase } from '../../../test/pg/app-store.js';
import { describe, expect, it } from 'vitest';
import { at, person, press, say, simulate, to, type OutLine } from '../../../test/harness.js';

const STAFF = 'group:staff-logistics';
const people = [
  person('li', '李华', { locale: 'zh-CN', groups: ['class-2301'] }),
  person('wang', '王老师', { roles: ['staff'], department: 'logistics' }),
  person('zhang', '张同学'),
];
/** The heater scenario up to the student's answer, as a list of simulator lines. */
const heater = [
  ...people,
  say('li', '/repair'),
  press('li', '设施设备'),
  say('li', '3号楼502 热水器坏了，没有热水'),
  press('li', '跳过'),
  press('li', '实名提交'),
  press('li', '确认提交'),
];
const texts = (lines: OutLine[]) => lines.map((l) => l.text);

describe('a student who reports a broken heater', () => {
  it('gets T-1, logistics works it, and the student confirms, rates and sees the whole public timeline', async () => {
    const r = await simulate([
      ...heater,
      at('2026-03-02T08:30:00+08:00'),
      press('wang', '认领', STAFF),
      say('wang', '/reply T-1 明天上午师傅上门', STAFF),
      say('wang', '/note T-1 需要带加热棒', STAFF),
      at('2026-03-03T11:00:00+08:00'),
      say('wang', '/resolve T-1 已更换加热棒', STAFF),
      press('li', '已解决'),
      press('li', '5'),
      press('li', '跳过'),
      say('li', '/status T-1'),
      say('zhang', '/status T-1'),
    ]);
    expect(r.err).toEqual([]);
    const li = to(r, 'private:li');
    expect(li[4]).toMatchObject({ text: expect.stringContaining('位置：3号楼 502\n描述：3号楼502 热水器坏了，没有热水'), buttons: [['确认提交', '添加照片', '取消'], ['改为匿名']] });
    expect(li[5]!.text).toBe('已提交！单号 T-1，由「后勤保障处」负责。\n预计 3月2日 12:00 前首次答复。\n随时发送 /status T-1 查看进度。');
    const card = to(r, STAFF)[0]!;
    expect(card).toEqual({
      at: '2026-03-02T08:00:00+08:00', to: STAFF,
      text: '🆕 新工单\nT-1 · 报修 · 设施设备 · 普通\n提交人：李华\n位置：3号楼 502\n内容：3号楼502 热水器坏了，没有热水\n首次响应：3月2日 12:00 前｜解决：3月4日 08:00 前\n状态：待受理｜处理人：待分配',
      buttons: [['认领', '回复', '转交'], ['解决', '不予受理']],
    });
    expect(texts(li.slice(6))).toEqual([
      '你的工单 T-1 已由「后勤保障处」工作人员受理，正在处理中。',
      '【T-1 · 后勤保障处】回复你：\n明天上午师傅上门',
      '你的工单 T-1 已处理：\n已更换加热棒\n\n问题解决了吗？',
      '谢谢确认！请为 T-1 的处理打个分（1–5 分，5 分最满意）：',
      '收到 5 分。还有什么想说的吗？直接输入，或者点「跳过」。',
      '感谢你的评价！工单 T-1 已关闭。',
      [
        'T-1 · 报修 · 设施设备', '状态：已关闭｜负责部门：后勤保障处｜处理人：工作人员', '位置：3号楼 502',
        '描述：3号楼502 热水器坏了，没有热水', '评价：5 分', '', '进度：', // closed: no due times any more
        '3月2日 08:00 提交', '3月2日 08:30 已受理（工作人员）', '3月2日 08:30 回复：明天上午师傅上门',
        '3月3日 11:00 已解决：已更换加热棒', '3月3日 11:00 评价 5 分', '3月3日 11:00 已关闭',
      ].join('\n'),
    ]);
    expect(li.at(-1)!.text).not.toContain('加热棒\n3月2日'); // the internal note is not there
    expect(li.at(-1)!.text).not.toContain('需要带加热棒');
    expect(to(r, 'private:zhang').map((l) => l.text)).toEqual(['找不到工单 T-1，或者你没有权限查看。']);
    const edits = to(r, STAFF).filter((l) => l.edit);
    expect(edits.at(-1)!.text).toContain('状态：已关闭｜处理人：王老师\n评价：5 分');
    expect(edits.at(-1)!.buttons).toBeUndefined();
  });

  it('keeps the internal note for staff: their /status shows it, marked', async () => {
    const r = await simulate([...heater, say('wang', '/note T-1 需要带加热棒', STAFF), say('wang', '/status T-1', STAFF)]);
    expect(to(r, STAFF).at(-1)!.text).toContain('🔒 内部备注（王老师）：需要带加热棒');
  });

  it('attaches a student answer to the right ticket when they have several', async () => {
    const second = [say('li', '/feedback'), press('li', '服务质量'), say('li', '宿管阿姨态度很好'), press('li', '跳过'), press('li', '实名提交'), press('li', '确认提交')];
    const r = await simulate([
      ...heater, ...second,
      say('wang', '/reply T-1 明天上午师傅上门', STAFF),
      press('li', '回复 T-1'),
      say('li', '好的，我上午在宿舍'),
    ]);
    expect(to(r, STAFF).at(-1)!.text).toBe('💬 T-1 · 李华 回复：\n好的，我上午在宿舍');
    expect(to(r, 'group:staff-student_affairs')).toHaveLength(1); // only T-2's card
  });

  it('continues a request started in a group in private, leaving only a pointer in the group', async () => {
    const r = await simulate([...people, say('li', '/start'), say('li', '/repair', 'group:class-2301')]);
    expect(texts(to(r, 'group:class-2301'))).toEqual(['我已私信你，请在私聊中继续填写，具体内容不会出现在群里。']);
    expect(to(r, 'private:li').at(-1)!.text).toBe('好的，我们来提交一份报修。请先选择类别：');
  });

  it('says in private what a request told in a group is about before asking what is missing', async () => {
    const r = await simulate([...people, person('amy', 'Amy', { locale: 'en', groups: ['class-2301'] }), say('li', '/start'), say('amy', '/start'), say('li', '宿舍热水器坏了', 'group:class-2301', { mention: true }), say('amy', 'the heater in my dorm is broken', 'group:class-2301', { mention: true })]);
    expect(to(r, 'private:li').at(-1)!.text).toBe('你在群里说：“宿舍热水器坏了”。我们在私聊里继续，具体内容不会出现在群里。\n\n在哪里？宿舍、教室请写楼栋和房间号，例如：3号楼502、东区7栋312；公共场所写地点就行，例如：一食堂、3号楼走廊、东门口');
    expect(to(r, 'private:amy').at(-1)!.text).toMatch(/^In the group you wrote: "the heater in my dorm is broken"\. Let's continue here, so the details stay out of the group\.\n\nWhere is it\? For a dorm or classroom, the building and room/);
  });

  it('writes the ticket, its events and the card location to SQLite', async () => {
    const dbPath = join(mkdtempSync(join(tmpdir(), 'yizhan-t-')), 'y.db');
    await simulate([...heater, press('wang', '认领', STAFF)], { dbPath });
    const db = openTestDatabase(dbPath, { readonly: true });
    expect(db.prepare('select id, kind, category, department_id, status, building, room, anonymous from tickets').all()).toEqual([
      { id: 1, kind: 'repair', category: 'facilities', department_id: 'logistics', status: 'in_progress', building: '3号楼', room: '502', anonymous: 0 },
    ]);
    expect(db.prepare('select type, public from ticket_events order by id').all()).toEqual([{ type: 'created', public: 1 }, { type: 'claimed', public: 1 }]);
    expect(db.prepare('select platform, chat_id from ticket_cards').all()).toEqual([{ platform: 'local', chat_id: STAFF }]);
  });
});

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTestDatabase, withJson } from '../../../test/pg/app-store.js';
import { describe, expect, it } from 'vitest';
import { at, person, press, say, simulate, to } from '../../../test/harness.js';

const LOGISTICS = 'group:staff-logistics';
const AFFAIRS = 'group:staff-student_affairs';
const people = [
  person('li', '李华', { locale: 'zh-CN' }),
  person('zhang', '张伟'),
  person('wang', '王老师', { roles: ['staff'], department: 'logistics' }),
  person('liu', '刘老师', { roles: ['staff'], department: 'student_affairs' }),
];
const report = (who: string, text: string, anonymous = false) => [
  say(who, '/repair'), press(who, '设施设备'), say(who, text), press(who, '跳过'), press(who, anonymous ? '匿名提交' : '实名提交'),
];
const heater = [...people, ...report('li', '3号楼502 热水器坏了，没有热水'), press('li', '确认提交')];
const tmpDb = () => join(mkdtempSync(join(tmpdir(), 'yizhan-wf-')), 'y.db');

describe('transfers', () => {
  it('moves ownership with a reason in one step and tells both staff chats and the student', async () => {
    const dbPath = tmpDb();
    const r = await simulate([
      ...heater,
      say('wang', '/transfer T-1 student_affairs', LOGISTICS),
      say('wang', '/transfer T-1 kitchen 不归我们', LOGISTICS),
      say('wang', '/transfer T-1 logistics 自己', LOGISTICS),
      say('wang', '/transfer T-1 学工处 属于宿舍管理问题', LOGISTICS),
      say('wang', '/claim T-1', LOGISTICS),
    ], { dbPath });
    const staff = to(r, LOGISTICS).map((l) => l.text);
    expect(staff[1]).toBe('我已私信你，请在私聊里输入 T-1 的内容。');
    expect(to(r, 'private:wang')[0]!.text).toBe('请输入把 T-1 转交给「学工处」的原因（发送 /cancel 放弃）：');
    expect(staff[2]).toMatch(/^没有找到部门“kitchen”/);
    expect(staff[3]).toBe('T-1 已经属于「后勤保障处」。');
    expect(staff).toContain('↪️ T-1 已由 王老师 转交给「学工处」。原因：属于宿舍管理问题');
    expect(staff).toContain('T-1 已转交给「学工处」。\n首次答复期限不变：3月2日 12:00；解决期限由 3月4日 08:00 改为 3月5日 08:00（「学工处」承诺在提交后 72 小时内解决）。');
    expect(staff.at(-1)).toBe('找不到工单 T-1，或者你没有权限查看。');
    expect(to(r, AFFAIRS)[0]!.text).toMatch(/^↪️ 从「后勤保障处」转入\nT-1 · 报修/);
    expect(to(r, 'private:li').at(-1)!.text).toBe('你的工单 T-1 已转交给「学工处」处理。原因：属于宿舍管理问题\n首次答复期限不变：3月2日 12:00；解决期限由 3月4日 08:00 改为 3月5日 08:00（「学工处」承诺在提交后 72 小时内解决）。');
    const db = openTestDatabase(dbPath, { readonly: true });
    expect(db.prepare('select department_id, assignee_id, status from tickets').get()).toEqual({ department_id: 'student_affairs', assignee_id: null, status: 'open' });
    expect(withJson(db.prepare("select text, data from ticket_events where type = 'transferred'").all(), 'data')).toEqual([{ text: '属于宿舍管理问题', data: { from: 'logistics', to: 'student_affairs' } }]);
    expect(db.prepare('select chat_id from ticket_cards').all()).toEqual([{ chat_id: AFFAIRS }]);
  });

  it('requires a reason when transferring by button, asked privately', async () => {
    const r = await simulate([...heater, press('wang', '转交', LOGISTICS), press('wang', '学工处', LOGISTICS), say('wang', '是宿舍管理的问题')]);
    expect(to(r, LOGISTICS)[1]).toMatchObject({ text: '把 T-1 转交给哪个部门？', buttons: expect.arrayContaining([expect.arrayContaining(['学工处'])]) });
    expect(to(r, 'private:wang').at(-1)!.text).toBe('T-1 已转交给「学工处」。\n首次答复期限不变：3月2日 12:00；解决期限由 3月4日 08:00 改为 3月5日 08:00（「学工处」承诺在提交后 72 小时内解决）。');
  });
});

describe('after resolution', () => {
  const resolved = [...heater, press('wang', '认领', LOGISTICS), say('wang', '/resolve T-1 已更换加热棒', LOGISTICS)];

  it('reopens when the student says it is not fixed, and staff get the buttons back', async () => {
    const r = await simulate([...resolved, press('li', '还没解决'), say('li', '还是没有热水'), press('li', '还没解决')]);
    expect(to(r, 'private:li').map((l) => l.text).slice(-3)).toEqual([
      '已重新打开 T-1，老师会继续处理。哪里还有问题？直接写在这里，我会转达给老师（发送 /cancel 不写）。',
      '已转达给 T-1 的处理老师。',
      'T-1 已经重新打开了，老师会继续处理。',
    ]);
    const staff = to(r, LOGISTICS);
    expect(staff.map((l) => l.text)).toContain('🔁 T-1 李华反馈问题还没解决，工单已重新打开。');
    expect(staff.map((l) => l.text)).toContainEqual(expect.stringMatching(/^💬 T-1 .*\n还是没有热水$/));
    expect(staff.filter((l) => l.edit).at(-1)).toMatchObject({ text: expect.stringContaining('状态：已重新打开｜处理人：王老师'), buttons: [['回复', '转交', '解决'], ['备注', '不予受理']] });
  });

  it('closes a resolved ticket by itself after 72 hours of silence, even across a restart', async () => {
    const dbPath = tmpDb();
    const first = await simulate([...resolved], { dbPath });
    expect(to(first, 'private:li').at(-1)!.text).toContain('问题解决了吗？');
    const r = await simulate([at('2026-03-05T07:59:00+08:00'), at('2026-03-05T08:01:00+08:00')], { dbPath });
    expect(r.out.filter((l) => l.at.startsWith('2026-03-03') && l.to === 'private:li').map((l) => l.text)).toEqual(['工单 T-1 已经处理过了，问题解决了吗？告诉我们一声，方便老师改进。']);
    expect(r.out.filter((l) => l.at.startsWith('2026-03-05') && !l.text.startsWith('📊')).map((l) => [l.at, l.to, l.text.split('\n')[0]])).toEqual([
      ['2026-03-05T08:00:00+08:00', 'private:li', '工单 T-1 在 72 小时内没有收到确认，已自动关闭。如果问题还在，可以重新提交。'],
      ['2026-03-05T08:00:00+08:00', LOGISTICS, '🔒 T-1 学生未在期限内确认，已自动关闭。'],
      ['2026-03-05T08:00:00+08:00', LOGISTICS, 'T-1 · 报修 · 设施设备 · 普通'],
    ]);
    const db = openTestDatabase(dbPath, { readonly: true });
    expect(db.prepare('select status from tickets').pluck().get()).toBe('closed');
    expect(db.prepare("select status from scheduled_tasks where kind = 'tickets.autoclose'").pluck().get()).toBe('done');
  });
});

describe('anonymous complaints', () => {
  it('never show the reporter to staff, yet replies reach the student and answers come back', async () => {
    const r = await simulate([
      ...people,
      say('li', '/complaint'), press('li', '服务质量'), say('li', '宿管晚上十一点还在大声打电话'), press('li', '跳过'), press('li', '匿名提交'), press('li', '确认提交'),
      press('liu', '认领', AFFAIRS),
      say('liu', '/reply T-1 已经和宿管沟通', AFFAIRS),
      press('li', '回复 T-1'), say('li', '谢谢老师'),
      say('liu', '/status T-1', AFFAIRS),
      say('liu', '/queue', AFFAIRS),
    ]);
    const staffSide = r.out.filter((l) => !l.to.startsWith('private:li'));
    expect(staffSide.length).toBeGreaterThan(4);
    for (const l of staffSide) expect(l.text).not.toMatch(/李华|@li\b|private:li/);
    const alias = /匿名同学 #[0-9A-F]{4}/.exec(to(r, AFFAIRS)[0]!.text)![0];
    expect(to(r, AFFAIRS)[0]!.text).toContain(`提交人：${alias}`);
    expect(to(r, AFFAIRS).map((l) => l.text)).toContain(`💬 T-1 · ${alias} 回复：\n谢谢老师`);
    expect(to(r, 'private:li').map((l) => l.text)).toContain('【T-1 · 学工处】回复你：\n已经和宿管沟通');
    expect(r.logs.map((l) => JSON.stringify(l)).join('\n')).not.toMatch(/李华/);
  });
});

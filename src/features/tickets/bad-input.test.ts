import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTestDatabase } from '../../../test/pg/app-store.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { person, press, say, simulate, to } from '../../../test/harness.js';
import { parseTicketId } from './tickets.access.js';

const STAFF = 'group:staff-logistics';
const people = [
  person('li', '李华'),
  person('wang', '王老师', { roles: ['staff'], department: 'logistics' }),
  person('chen', '陈主任', { roles: ['lead'], department: 'logistics' }),
];
const intake = (description: string) => [say('li', '/repair'), press('li', '设施设备'), say('li', description), press('li', '跳过'), press('li', '实名提交')];
const tmpDb = () => join(mkdtempSync(join(tmpdir(), 'yizhan-bad-')), 'y.db');

describe('ticket ids', () => {
  it('reads the forms people type and nothing else', () => {
    for (const ok of ['T-12', 't12', 'T12', '#12', '＃12', 'Ｔ－１２', ' 12 ']) expect(parseTicketId(ok)).toBe(12);
    for (const bad of ['', 'T-', 'T-0', 'T-1.5', 'TT-1', 'T-12a', '12 13', 'ticket', '-3', 'T-99999999999']) expect(parseTicketId(bad)).toBeUndefined();
    fc.assert(fc.property(fc.integer({ min: 1, max: 999_999_999 }), (n) => parseTicketId(`T-${n}`) === n));
    fc.assert(fc.property(fc.string({ maxLength: 40 }), (s) => {
      const id = parseTicketId(s);
      return id === undefined || (Number.isSafeInteger(id) && id > 0);
    }));
  });

  it('answers any garbage after /status, /cancel and /claim with a clear message, never an error', async () => {
    const junk = fc.sample(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }).filter((s) => s.trim() !== '' && !s.includes('\n')), { numRuns: 40, seed: 7 });
    const cmds = junk.flatMap((j) => [say('li', `/status ${j}`), say('wang', `/claim ${j}`, STAFF), say('li', `/cancel ${j}`)]);
    const r = await simulate([...people, ...cmds]);
    expect(r.out).toHaveLength(cmds.length);
    for (const l of r.out) expect(l.text).toMatch(/^(工单号的写法是 T-12|找不到工单 T-\d+|认领工单)/);
    expect(r.logs.filter((l) => l.msg === 'handler failed')).toEqual([]);
  });
});

describe('descriptions', () => {
  it('asks again for an empty description and for a photo-only one', async () => {
    const r = await simulate([...people, say('li', '/repair'), press('li', '设施设备'), say('li', '   '), { from: 'li', chat: 'private', photos: ['p1'] }]);
    expect(to(r, 'private:li').slice(-2).map((l) => l.text)).toEqual(['内容不能为空，请再描述一下具体情况。', '内容不能为空，请再描述一下具体情况。']);
  });

  it('refuses a 10,000-character description with a clear answer, keeps asking, and takes one within 2,000', async () => {
    const dbPath = tmpDb();
    const long = `3号楼502 ${'热水器坏了'.repeat(2000)}`.slice(0, 10_000);
    const fits = `3号楼502 ${'热水器坏了'.repeat(400)}`.slice(0, 2_000);
    const r = await simulate([...people, say('li', '/repair'), press('li', '设施设备'), say('li', long), say('li', fits), press('li', '跳过'), press('li', '实名提交'), press('li', '确认提交'), say('wang', '/status T-1', STAFF)], { dbPath });
    const db = openTestDatabase(dbPath, { readonly: true });
    expect(to(r, 'private:li')[2]!.text).toBe('描述太长了（10000 字），最多 2000 字。请精简一下再发；更多细节可以在提交后补充给老师。');
    expect(to(r, 'private:li')[3]!.text).toMatch(/^需要的话可以发一张照片/);
    expect(db.prepare('select length(description) from tickets').pluck().all()).toEqual([2_000]);
    for (const l of r.out) expect(l.text.length).toBeLessThan(2_500);
    expect(to(r, STAFF)[0]!.text).toContain('…（共 2000 字）');
  });

  it('keeps emoji and mixed scripts intact', async () => {
    const text = '🔥 Building 7 room 215 的 water heater 坏了 😭 ñ';
    const r = await simulate([...people, ...intake(text), press('li', '确认提交')]);
    expect(to(r, STAFF)[0]!.text).toContain(`内容：${text}`);
    expect(to(r, STAFF)[0]!.text).toContain('位置：7号楼 215'); // one spelling per building
  });
});

describe('buttons and races', () => {
  it('creates one ticket when "submit" is pressed twice', async () => {
    const dbPath = tmpDb();
    const r = await simulate([...people, ...intake('3号楼502 灯不亮'), press('li', '确认提交'), press('li', '确认提交')], { dbPath });
    expect(to(r, 'private:li').at(-1)).toMatchObject({ notice: true, for: 'li', text: '已经提交过了，单号 T-1。发送 /status T-1 查看进度。' });
    expect(openTestDatabase(dbPath, { readonly: true }).prepare('select count(*) from tickets').pluck().get()).toBe(1);
  });

  it('lets only the first of two staff claim, and refuses card buttons once the ticket moved on', async () => {
    const r = await simulate([
      ...people, ...intake('3号楼502 灯不亮'), press('li', '确认提交'),
      press('wang', '认领', STAFF), say('chen', '/claim T-1', STAFF), say('wang', '/claim T-1', STAFF),
      say('wang', '/resolve T-1 换了灯管', STAFF), say('chen', '/resolve T-1 再来一次', STAFF),
      press('li', '已解决'), press('li', '5'), press('li', '5'),
    ]);
    expect(to(r, STAFF).map((l) => l.text).filter((t) => !t.startsWith('T-1 ·') && !t.startsWith('🆕'))).toEqual([
      '你已认领 T-1。', 'T-1 已由王老师认领。', '你已认领 T-1。', 'T-1 已标记为已解决，已请学生确认并评价。',
      'T-1 当前状态是「已解决，待确认」，不能再操作。',
    ]);
    expect(to(r, 'private:li').at(-1)).toMatchObject({ notice: true, text: '你已经给 T-1 打过 5 分了，谢谢！' });
  });

  it('offers the category buttons of the kind only, and answers a stale category button as a step already done', async () => {
    const r = await simulate([...people, say('li', '/ask'), press('li', '学业教务'), press('li', '就业发展')]);
    expect(to(r, 'private:li')[0]!.buttons).toEqual([['学业教务', '就业发展', '心理健康'], ['生活服务', '服务质量', '其他']]);
    expect(to(r, 'private:li').at(-1)).toMatchObject({ notice: true, text: '这一步已经完成了，不用再点。' });
  });
});

describe('restarts', () => {
  it('continue an intake where it stopped', async () => {
    const dbPath = tmpDb();
    await simulate([...people, say('li', '/repair'), press('li', '设施设备')], { dbPath });
    const r = await simulate([say('li', '3号楼502 热水器坏了'), { from: 'li', chat: 'private', photos: ['heater.jpg'] }], { dbPath });
    expect(to(r, 'private:li').map((l) => l.text)).toEqual(['需要的话可以发一张照片（可选），或者点「跳过」。', '收到照片（共 1 张）。可以继续发，或者点「下一步」。']);
    const r2 = await simulate([press('li', '下一步')], { dbPath });
    expect(r2.err).toEqual(['line 1: no message in private:li has a button "下一步"']); // buttons of an earlier run are gone...
    const r3 = await simulate([say('li', '好的'), press('li', '跳过'), press('li', '匿名提交'), press('li', '确认提交')], { dbPath });
    expect(to(r3, 'private:li').at(-1)!.text).toMatch(/^已提交！单号 T-1/); // ...but the dialogue repeats its question, keeping the photo
    expect(to(r3, STAFF)[0]).toMatchObject({ text: expect.stringContaining('📷 照片 1 张'), photos: ['heater.jpg'] });
  });
});

describe('typing where a button is expected', () => {
  it('says how to answer or leave, asks again with the same buttons, and /cancel leaves', async () => {
    const r = await simulate([...people, say('li', '/repair'), press('li', '设施设备'), say('li', '3号楼502 灯不亮'), press('li', '跳过'), say('li', '谢谢'), say('li', '/cancel'), say('li', '图书馆几点关门')]);
    const li = to(r, 'private:li');
    expect(li[4]!.text).toMatch(/^请点下面的按钮回答；想放弃这次填写，发送 \/cancel。\n\n要匿名提交吗？/);
    expect(li[4]!.buttons).toEqual([['实名提交', '匿名提交']]);
    expect(li[5]!.text).not.toMatch(/要匿名提交吗/); // left the dialogue
    expect(li[6]!.text).not.toMatch(/按钮/); // and the next message is understood afresh
  });

  it('asks again without that hint where text is expected and none came (a photo without a caption)', async () => {
    const r = await simulate([
      ...people, say('li', '/repair'), press('li', '设施设备'), say('li', '灯不亮'), { from: 'li', chat: 'private', photos: ['lamp.jpg'] },
      say('li', '3号楼502'), press('li', '实名提交'),
    ]);
    const li = to(r, 'private:li');
    expect(li.at(-3)!.text).toBe(li.at(-4)!.text); // the location question, again
    expect(li.at(-3)!.text).not.toMatch(/按钮/);
    expect(li.at(-2)!.text).toMatch(/^要匿名提交吗/); // no photo question: it has one already
    expect(li.at(-1)!.text).toContain('照片：1 张'); // the photo sent early was kept
  });

  it('keeps the photo of a message that starts a repair in plain words (a photo with a caption)', async () => {
    const r = await simulate([...people, { from: 'li', chat: 'private', text: '3号楼502 热水器坏了', photos: ['heater.jpg'] }]);
    expect(to(r, 'private:li')[0]!.text).toContain('照片：1 张');
  });

  it('asks what a photo sent on its own is about, keeps it and what is said next, and starts the ticket with both', async () => {
    const photo = (ref: string) => ({ from: 'li', chat: 'private', photos: [ref] });
    const r = await simulate([...people, photo('a.jpg'), photo('b.jpg'), say('li', '3号楼502 热水器坏了'), press('li', '报修'), press('li', '确认提交'), press('wang', '认领', STAFF)]);
    const li = to(r, 'private:li');
    expect(li[0]).toMatchObject({ text: '收到照片 📷 这是关于什么的？也可以先用文字说说情况。', buttons: [['报修', '反馈', '投诉'], ['取消']] });
    expect(li[1]!.text).toBe('好的，记下了。这是报修、反馈还是投诉？');
    expect(li[3]!.text).toMatch(/^请确认要提交的内容：[\s\S]*位置：3号楼 502\n描述：3号楼502 热水器坏了[\s\S]*照片：2 张/);
    expect(to(r, STAFF)[0]).toMatchObject({ photos: ['a.jpg', 'b.jpg'] });
  });

  it('drops a photo sent on its own when the student cancels', async () => {
    const r = await simulate([...people, { from: 'li', chat: 'private', photos: ['a.jpg'] }, press('li', '取消'), press('li', '报修')]);
    expect(to(r, 'private:li').slice(1).map((l) => l.text)).toEqual(['好的，这张照片我就不保存了。', '这一步已经取消了，不用再点。']);
  });
});

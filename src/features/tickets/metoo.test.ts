/**
 * "Me too": a second student at the same room joins the first report instead of filing a duplicate.
 * The ticket stays the reporter's: whoever joins learns what it is about and where it stands, never
 * what the reporter wrote, photographed or was told (issue 11, point 3).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTestDatabase } from '../../../test/pg/app-store.js';
import { describe, expect, it } from 'vitest';
import { at, person, press, say, simulate, to } from '../../../test/harness.js';
import { ITEM_IDS } from '../../nlu/slots/item.js';
import { itemLabel } from './tickets.render.js';

const LOGISTICS = 'group:staff-logistics';
const PHONE = '13800001111';
const people = [
  person('li', '李华', { groups: ['class-2301'] }),
  person('zhang', '张伟'),
  person('amy', 'Amy Chen', { locale: 'en' }),
  person('wang', '王老师', { roles: ['staff'], department: 'logistics' }),
];
/** li reports the heater anonymously, with her phone number in the description and a photo. */
const anonymousHeater = [
  ...people,
  say('li', `/repair 3号楼502 热水器坏了，我的电话 ${PHONE}`), // straight to the confirmation
  { from: 'li', chat: 'private', photos: ['heater.jpg'] }, press('li', '改为匿名'), press('li', '确认提交'),
];
const zhangJoins = [say('zhang', '/repair 3号楼502 热水器没热水'), press('zhang', '加入 T-1')];
const tmpDb = () => join(mkdtempSync(join(tmpdir(), 'yizhan-metoo-')), 'y.db');
const texts = (r: Awaited<ReturnType<typeof simulate>>, chat: string) => to(r, chat).map((l) => l.text);

describe('the me-too offer', () => {
  it('names the place, the item and the status, never what the first student wrote', async () => {
    const r = await simulate([...anonymousHeater, say('zhang', '/repair 3号楼502 热水器没热水')]);
    expect(to(r, 'private:zhang').at(-1)).toEqual(expect.objectContaining({
      text: '同一地点已经有一张相似的报修单 T-1（3号楼 502 · 热水器，待受理），已有 1 位同学报告。\n要加入这张工单吗？加入后它的状态变化会通知你，不用重复报修。',
      buttons: [['加入 T-1', '仍然新建']],
    }));
    expect(texts(r, 'private:zhang').join('\n')).not.toMatch(new RegExp(`${PHONE}|坏了|李华|匿名同学`));
  });

  it('speaks English to an English reader', async () => {
    const r = await simulate([...anonymousHeater, say('amy', 'the water heater in Building 3 room 502 is broken')]);
    expect(texts(r, 'private:amy')[0]).toBe('There is already a similar repair ticket T-1 at the same place (Building 3, room 502 · water heater, Waiting), reported by 1 student(s).\nJoin it instead? You will hear when its status changes, without filing a duplicate.');
  });

  it('is never made to the student who reported the ticket or already joined it', async () => {
    const dbPath = tmpDb();
    const again = (who: string) => [say(who, '/repair 3号楼502 热水器还是没热水')];
    const r = await simulate([...anonymousHeater, ...zhangJoins, ...again('zhang'), ...again('li'), press('li', '确认提交')], { dbPath });
    expect(texts(r, 'private:li').join('\n')).not.toMatch(/相似的报修单/);
    expect(texts(r, 'private:li').at(-1)).toMatch(/^已提交！单号 T-2/);
    expect(texts(r, 'private:zhang').filter((t) => t.includes('相似的报修单'))).toHaveLength(1); // before joining
    expect(texts(r, 'private:zhang').at(-1)).toMatch(/^请确认要提交的内容/);
    const db = openTestDatabase(dbPath, { readonly: true });
    expect(db.prepare('select id, reporter_id from tickets order by id').all()).toEqual([{ id: 1, reporter_id: 1 }, { id: 2, reporter_id: 1 }]);
    expect(db.prepare('select ticket_id, member_id from ticket_watchers').all()).toEqual([{ ticket_id: 1, member_id: 2 }]);
  });
});

describe('finding the same problem', () => {
  it('knows the same room however the building is written, in Chinese or in English', async () => {
    const dbPath = tmpDb();
    const r = await simulate([...anonymousHeater, say('amy', 'the water heater in Building 3 room 502 is broken'), press('amy', 'Join T-1')], { dbPath });
    expect(texts(r, 'private:amy').at(-1)).toBe('You joined T-1; you will hear when its status changes. Send /status T-1 to see it.');
    const db = openTestDatabase(dbPath, { readonly: true });
    expect(db.prepare('select building, room from tickets').all()).toEqual([{ building: '3号楼', room: '502' }]);
    expect(db.prepare('select member_id from ticket_watchers').pluck().all()).toEqual([3]);
  });

  it('names every item the understanding layer knows, in both languages', () => {
    for (const id of ITEM_IDS) for (const l of ['zh-CN', 'en'] as const) expect(itemLabel(id, l), `${id} ${l}`).not.toBe('');
  });

  it('files a new ticket when the report is about something else', async () => {
    const r = await simulate([...anonymousHeater, say('zhang', '/repair 3号楼502 窗户关不上'), press('zhang', '确认提交')]);
    expect(texts(r, 'private:zhang').at(-1)).toMatch(/^已提交！单号 T-2/);
  });
});

describe('a student who joined', () => {
  it('sees kind, category, place, item and status: no description, photo, reply or reporter', async () => {
    const dbPath = tmpDb();
    const r = await simulate([
      ...anonymousHeater, ...zhangJoins,
      say('wang', '/reply T-1 请问几点方便上门？', LOGISTICS), press('li', '回复 T-1'), say('li', '晚上十点后在宿舍'),
      say('wang', '/note T-1 钥匙在宿管', LOGISTICS),
      say('zhang', '/status T-1'), say('zhang', '/mytickets'), say('li', '/status T-1'),
    ], { dbPath });
    const zhang = texts(r, 'private:zhang');
    expect(zhang.at(-2)).toBe('T-1 · 报修 · 设施设备\n状态：处理中\n位置：3号楼 502\n物品：热水器\n\n你通过“我也遇到了”加入了这张工单：状态有变化时我会通知你。具体描述和老师的回复只有提交人能看到。');
    expect(zhang.at(-1)).toBe('你的工单：\nT-1 [报修] 3号楼 502 · 热水器 — 处理中（已加入）\n\n发送 /status T-编号 查看详情。');
    expect(zhang.join('\n')).not.toMatch(new RegExp(`${PHONE}|坏了|方便上门|十点|钥匙|匿名同学|李华`));
    expect(to(r, 'private:zhang').every((l) => !l.photos)).toBe(true);
    expect(texts(r, 'private:li').at(-1)).toMatch(/回复：请问几点方便上门？\n.*学生补充：晚上十点后在宿舍/s); // the reporter's own view is whole
    const db = openTestDatabase(dbPath, { readonly: true });
    expect(db.prepare('select count(*) from tickets').pluck().get()).toBe(1);
    expect(db.prepare("select actor_id, public from ticket_events where type = 'metoo'").all()).toEqual([{ actor_id: 2, public: 1 }]);
  });

  it('hears each status change in their own words, never the texts staff wrote for the reporter', async () => {
    const r = await simulate([
      ...anonymousHeater, ...zhangJoins,
      press('wang', '认领', LOGISTICS),
      say('wang', '/reply T-1 明天上午上门', LOGISTICS),
      say('wang', '/resolve T-1 已更换加热棒，费用 0 元', LOGISTICS),
      press('li', '还没解决'), say('li', '还是只有温水'),
      say('wang', '/reject T-1 需走大修流程', LOGISTICS),
    ]);
    expect(texts(r, 'private:zhang').slice(-5)).toEqual([
      '已加入 T-1，它的状态有变化时会通知你。发送 /status T-1 查看。',
      '你加入的工单 T-1（3号楼 502 · 热水器）状态更新：处理中',
      '你加入的工单 T-1（3号楼 502 · 热水器）状态更新：已解决，待确认',
      '你加入的工单 T-1（3号楼 502 · 热水器）状态更新：已重新打开',
      '你加入的工单 T-1（3号楼 502 · 热水器）状态更新：未受理',
    ]);
    const li = texts(r, 'private:li').join('\n');
    for (const staffText of ['明天上午上门', '已更换加热棒，费用 0 元', '需走大修流程']) expect(li).toContain(staffText);
  });

  it('is not nudged to answer a reply that was meant for the reporter', async () => {
    const r = await simulate([...anonymousHeater, ...zhangJoins, say('wang', '/reply T-1 明天上午上门', LOGISTICS), at('2026-03-04T09:00:00+08:00')]);
    expect(texts(r, 'private:li').at(-1)).toBe('「后勤保障处」在工单 T-1 上回复了你，正在等你的答复。');
    expect(texts(r, 'private:zhang').slice(-2)).toEqual(['已加入 T-1，它的状态有变化时会通知你。发送 /status T-1 查看。', '你加入的工单 T-1（3号楼 502 · 热水器）状态更新：处理中']);
  });

  it('hears a transfer and a withdrawal as facts, in English too', async () => {
    const r = await simulate([
      ...anonymousHeater, say('amy', 'the water heater in Building 3 room 502 is broken'), press('amy', 'Join T-1'),
      say('wang', '/transfer T-1 学工处 宿管负责', LOGISTICS), say('li', '/cancel T-1'),
    ]);
    expect(texts(r, 'private:amy').slice(-2)).toEqual([
      'Ticket T-1 (Building 3, room 502 · water heater), which you joined, was passed to Student Affairs Office.',
      'Ticket T-1 (Building 3, room 502 · water heater), which you joined, is now: Withdrawn',
    ]);
  });

  it('cannot write into the reporter\'s conversation with staff', async () => {
    const r = await simulate([...anonymousHeater, ...zhangJoins, say('wang', '/reply T-1 明天上午上门', LOGISTICS)]);
    expect(to(r, 'private:zhang').some((l) => l.buttons?.flat().includes('回复 T-1'))).toBe(false);
  });
});

describe('staff', () => {
  it('see on the card how many students reported the problem', async () => {
    const r = await simulate([...anonymousHeater, ...zhangJoins]);
    expect(texts(r, LOGISTICS)).toContain('👥 又有一位同学报告了 T-1 的同一问题（共 2 人）。');
    const card = to(r, LOGISTICS).filter((l) => l.edit).at(-1)!.text;
    expect(card).toContain('👥 共 2 位同学报告');
    expect(card).not.toMatch(/张伟/);
  });
});

describe('the repro script R6-metoo-watcher', () => {
  it('shows the student who joined nothing of the first report beyond its facts', async () => {
    const lines = readFileSync('test/fixtures/repro/R6-metoo-watcher.jsonl', 'utf8').split('\n');
    const r = await simulate(lines);
    const zhang = texts(r, 'private:zhang').join('\n');
    expect(zhang).not.toMatch(new RegExp(`${PHONE}|晚上10点|方便上门|热水器坏了`));
    expect(texts(r, 'private:zhang').at(-1)).toMatch(/^T-1 · 报修 · 设施设备\n状态：处理中\n位置：3号楼 502\n物品：热水器/);
  });
});

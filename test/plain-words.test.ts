/**
 * What the NLU now tells apart, as a student meets it: chit-chat is small talk (issue 13 point 4),
 * a privacy request leads to /forgetme or /mydata (never a booking), a worry is not a repair, and a friend at risk or a
 * weapon reaches the counsellors at once, as a counselling case (issue 14; src/features/cases/ tests each answer).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTestDatabase } from './pg/app-store.js';
import { describe, expect, it } from 'vitest';
import { person, say, simulate, to } from './harness.js';

const COUNSELLING = 'group:staff-counselling';
const people = [person('li', '李华'), person('amy', 'Amy', { locale: 'en' }), person('xu', '徐老师', { roles: ['staff'], department: 'counselling' })];
const SHORT_ZH = '嗯嗯，我在 🙂 需要报修、反馈、投诉或者咨询的时候，直接告诉我就行。';
const SHORT_EN = "I'm here 🙂 Just tell me when you need a repair, want to give feedback or have a question for an office.";

function tickets(dbPath: string): { kind: string; priority: string }[] {
  const db = openTestDatabase(dbPath, { readonly: true });
  try {
    return db.prepare('select kind, priority from tickets').all() as { kind: string; priority: string }[];
  } finally {
    db.close();
  }
}

const freshDb = () => join(mkdtempSync(join(tmpdir(), 'yizhan-words-')), 'y.db');

describe('plain words', () => {
  it('answer hyperbole, a stray tag, emoji and keyboard mash with a short friendly line, never a menu of ticket kinds', async () => {
    const dbPath = freshDb();
    const zh = ['累死了', '饿死了', '笑死我了', '<b>x</b>', '😂😂😂', 'asdfghjkl'];
    const r = await simulate([...people, ...zh.map((t) => say('li', t)), say('amy', 'this exam is killing me'), say('amy', 'I could kill for a coffee')], { dbPath });
    expect(to(r, 'private:li').map((l) => [l.text, l.buttons ?? []])).toEqual(zh.map(() => [SHORT_ZH, []]));
    expect(to(r, 'private:amy').map((l) => [l.text, l.buttons ?? []])).toEqual([[SHORT_EN, []], [SHORT_EN, []]]);
    expect(to(r, COUNSELLING)).toEqual([]);
    expect(tickets(dbPath)).toEqual([]);
  });

  it('answer "please delete my data" with /forgetme\'s question and "what do you keep about me" with /mydata\'s file, never a booking', async () => {
    const r = await simulate([...people, say('amy', 'please delete my data'), say('li', '请删除我的所有数据'), say('li', '我想看看你们存了我什么'), say('li', '不要删除我的数据')]);
    const ask = '⚠️ Do you really want me to erase your data? It happens at once and cannot be undone:';
    expect(to(r, 'private:amy').map((l) => [l.text.split('\n')[0], l.buttons])).toEqual([[ask, [['Erase my data', 'Cancel']]]]);
    const li = to(r, 'private:li');
    expect(li.map((l) => l.text.split('\n')[0])).toEqual(['⚠️ 确定要删除你的数据吗？确认后会立即执行，无法撤销：', '📄 这是我保存的关于你的全部数据。里面只有你自己的内容：不含工作人员的内部备注，也不含其他同学的信息。', expect.any(String)]);
    expect(li[0]!.buttons).toEqual([['确认删除', '取消']]);
    expect(JSON.parse(li[1]!.file!.content)).toMatchObject({ member: { name: '李华' } });
    expect(li[2]!.text).not.toMatch(/删除|预约/); // a negated request is not one
    for (const line of r.out) expect(line.text).not.toMatch(/Booking|预约/);
  });

  it('lead plainer requests about one\'s data to /forgetme and /mydata, but not deleting a message, cancelling a ticket or a repair', async () => {
    const forget = ['把我的记录都删了', '注销我的账号', 'I want you to forget everything about me', '帮我delete我的data'];
    const exportIt = ['我的数据你们存了哪些', 'can I get a copy of what you store about me', '根据个人信息保护法，我想查阅我的个人信息'];
    const r = await simulate([...people, ...forget.map((t) => say('li', t)), ...exportIt.map((t) => say('amy', t))]);
    expect(to(r, 'private:li').map((l) => l.text.split('\n')[0])).toEqual(forget.map(() => '⚠️ 确定要删除你的数据吗？确认后会立即执行，无法撤销：'));
    const amy = to(r, 'private:amy');
    expect(amy.map((l) => JSON.parse(l.file!.content).member.name)).toEqual(exportIt.map(() => 'Amy'));
    const others = await simulate([...people, say('li', '删除这条消息'), say('li', '取消报修'), say('amy', 'cancel my ticket')]);
    for (const line of others.out) expect(line.text).not.toMatch(/删除你的数据|erase your data|保存的关于你|everything I keep about you/);
    expect(others.out.filter((l) => l.file)).toEqual([]);
  });

  it('offer the anonymous counsellor for stress and sleeplessness instead of asking for a building and room', async () => {
    const dbPath = freshDb();
    const r = await simulate([...people, say('li', '我最近压力很大，睡不着'), say('amy', 'I failed my midterm and I feel terrible')], { dbPath });
    const li = to(r, 'private:li');
    expect(li).toHaveLength(1);
    expect(li[0]!.text).toMatch(/^听起来你最近压力不小，谢谢你愿意说出来。/);
    expect(li[0]!.buttons).toEqual([['和老师聊聊（匿名）', '先不用了']]);
    expect(to(r, 'private:amy')[0]!.buttons).toEqual([['Talk to a counsellor (anonymous)', 'Not now']]);
    expect(tickets(dbPath)).toEqual([]);
  });

  it('still alert the counsellors at once about a friend at risk', async () => {
    const dbPath = freshDb();
    const r = await simulate([...people, say('amy', 'my friend said she wants to kill herself')], { dbPath });
    expect(to(r, COUNSELLING)).toHaveLength(1);
    expect(to(r, COUNSELLING)[0]!.text).toContain('my friend said she wants to kill herself');
    expect(tickets(dbPath)).toEqual([]); // a counselling case, not a ticket
  });

  it('treat someone with a knife in a corridor as an emergency with 110, not as a repair', async () => {
    const dbPath = freshDb();
    const r = await simulate([...people, say('li', '走廊里有人拿着刀'), say('amy', 'someone is fighting with a knife outside building 3')], { dbPath });
    expect(to(r, 'private:li')[0]!.text).toMatch(/^如果有人正处在危险中，请马上拨打 110 报警。/);
    expect(to(r, 'private:amy')[0]!.text).toContain('110');
    expect(to(r, COUNSELLING)).toHaveLength(2);
    expect(tickets(dbPath).map((t) => t.kind)).not.toContain('repair');
  });
});

/**
 * Class polls through the simulator: a rep runs named and anonymous polls in a class group,
 * students vote, change and take back, the live message is edited at most once per few seconds,
 * reminders, closing, results, CSV, the private dialogue and plain words.
 */
import { describe, expect, it } from 'vitest';
import { at, person, press, say, simulate, to, type OutLine, type SimResult } from './harness.js';
import { query, tempDb } from './survey-fixtures.js';

const G = 'group:class-2301';
const POINTER = '这部分内容不适合在本群显示，我已私信回复你。';
const people = [
  person('zhao', '赵班长', { locale: 'zh-CN', roles: ['rep'], rep_of: ['class-2301'], groups: ['class-2301'] }),
  person('li', '李华', { locale: 'zh-CN', groups: ['class-2301'] }),
  person('amy', 'Amy Chen', { locale: 'en', groups: ['class-2301'] }),
  person('wu', '吴同学', { locale: 'zh-CN', groups: ['class-2301'] }),
];
const inGroup = (from: string, text: string, extra: Record<string, unknown> = {}) => say(from, text, G, extra);
const vote = (from: string, label: string) => press(from, label, G);
const groupMessages = (r: SimResult) => to(r, G).filter((l) => !l.notice);
const edits = (r: SimResult) => groupMessages(r).filter((l) => l.edit);
const notices = (r: SimResult, user: string) => r.out.filter((l) => l.notice && l.for === user).map((l) => l.text);
const last = (lines: OutLine[]) => lines.at(-1)!;

describe('class polls', () => {
  it('a rep starts a named poll; votes, a change and a take-back are confirmed to the voter only and counted', async () => {
    const dbPath = tempDb();
    const r = await simulate([
      ...people,
      inGroup('zhao', '/poll 周五班会时间 | 周五 15:00 | 周五 19:00 | 周六上午 | 实名'),
      vote('li', '周五 15:00'), vote('amy', '周五 19:00'), vote('li', '周五 19:00'), vote('wu', '周六上午'), vote('wu', '周六上午'),
      at('2026-03-02T08:00:10+08:00'),
    ], { dbPath });
    expect(groupMessages(r)[0]!.text).toContain('📊 投票 #1：周五班会时间\n实名 · 单选 · 截止 3月5日 08:00');
    expect(groupMessages(r)[0]!.buttons).toEqual([['周五 15:00', '周五 19:00'], ['周六上午'], ['结束投票']]);
    expect(notices(r, 'li')).toEqual(['已投：周五 15:00', '已改为：周五 19:00']);
    expect(notices(r, 'amy')).toEqual(['Voted: 周五 19:00']);
    expect(notices(r, 'wu')).toEqual(['已投：周六上午', '已收回你的投票。']);
    expect(last(edits(r)).text).toContain('2. 周五 19:00 — 2 票（100%）\n3. 周六上午 — 0 票（0%）\n\n已投 2 / 4 人');
    const ballots = query(dbPath, 'select token, member_id as memberId, choices from poll_ballots order by member_id');
    expect(ballots).toEqual([{ token: 'm2', memberId: 2, choices: 2 }, { token: 'm3', memberId: 3, choices: 2 }]);
  });

  it('coalesces a burst of votes into one edit of the poll message every few seconds', async () => {
    const voters = Array.from({ length: 12 }, (_, i) => person(`s${i}`, `同学${i}`, { groups: ['class-2301'] }));
    const r = await simulate([
      ...people, ...voters,
      inGroup('zhao', '/poll 春游去哪 | 爬山 | 海边'),
      ...voters.map((v, i) => vote(v.user, i % 2 ? '海边' : '爬山')),
      at('2026-03-02T08:00:02+08:00'),
      ...voters.slice(0, 4).map((v) => vote(v.user, '海边')),
      at('2026-03-02T08:00:30+08:00'),
    ]);
    // The first vote edits at once; the other 15 (over 2 s) wait for the next slot, 3 s after it.
    expect(edits(r).map((l) => l.at)).toEqual(['2026-03-02T08:00:00+08:00', '2026-03-02T08:00:03+08:00']);
    expect(last(edits(r)).text).toContain('1. 爬山 — 4 票（40%）\n2. 海边 — 6 票（60%）\n\n已投 10 / 16 人'); // two changed, two took theirs back
  });

  it('refuses a student with an answer saying who may start one, and lets the group\'s own admin start one', async () => {
    const r = await simulate([
      ...people,
      inGroup('li', '/poll 周五聚餐 | 火锅 | 烧烤'),
      inGroup('amy', '/poll Dinner | hotpot | BBQ'),
      inGroup('wu', '/poll 周五聚餐 | 火锅 | 烧烤', { chat_admin: true }),
    ]);
    const texts = groupMessages(r).map((l) => l.text);
    expect(texts[0]).toBe('只有 class-2301 的班委、本群的群管理员或系统管理员可以发起或管理投票。');
    expect(texts[1]).toBe('Only a class representative of class-2301, an admin of this group or a bot admin can start or manage polls.');
    expect(texts[2]).toContain('📊 投票 #1：周五聚餐');
  });

  it('counts a vote from someone outside the roster and adds them to it', async () => {
    const dbPath = tempDb();
    const r = await simulate([...people, inGroup('zhao', '/poll 春游去哪 | 爬山 | 海边'), vote('newbie', '海边')], { dbPath });
    expect(notices(r, 'newbie')).toEqual(['已投：海边']);
    expect(last(edits(r)).text).toContain('已投 1 / 5 人');
    expect(query(dbPath, `select count(*) as n from memberships m join identities i on i.member_id = m.member_id where i.platform_user_id = 'newbie'`)).toEqual([{ n: 1 }]);
  });

  it('multiple choice toggles options', async () => {
    const r = await simulate([...people, inGroup('zhao', '/poll 周末活动 | 爬山 | 海边 | 看电影 | 多选'), vote('li', '爬山'), vote('li', '看电影'), vote('li', '爬山')]);
    expect(notices(r, 'li')).toEqual(['你现在选了：爬山', '你现在选了：爬山、看电影', '你现在选了：看电影']);
  });

  it('reminds the group, and for a named poll each non-voter privately; closes at its time with results and a closed message', async () => {
    const r = await simulate([
      ...people,
      inGroup('zhao', '/poll 班服颜色 | 蓝 | 白 | 实名 截止 03-04 18:00'),
      vote('li', '蓝'), vote('amy', '白'),
      at('2026-03-05T09:00:00+08:00'),
    ]);
    const reminders = r.out.filter((l) => l.text.startsWith('⏰'));
    expect(reminders.map((l) => `${l.at} ${l.to}`)).toEqual([
      '2026-03-03T18:00:00+08:00 group:class-2301', '2026-03-03T18:00:00+08:00 private:wu', '2026-03-03T18:00:00+08:00 private:zhao',
      '2026-03-04T17:00:00+08:00 group:class-2301', '2026-03-04T17:00:00+08:00 private:wu', '2026-03-04T17:00:00+08:00 private:zhao',
    ]);
    expect(reminders[1]!.buttons).toEqual([['蓝', '白']]);
    const closing = groupMessages(r).filter((l) => l.at === '2026-03-04T18:00:00+08:00');
    expect(closing[0]).toMatchObject({ edit: true, text: expect.stringContaining('📊 投票 #1（已结束）：班服颜色') });
    expect(closing[0]!.buttons).toBeUndefined();
    expect(closing[1]!.text).toBe([
      '📊 投票结果 #1：班服颜色', '实名 · 单选 · 已于 3月4日 18:00 结束', '',
      '1. 蓝 — 1 票（50%） █████', '2. 白 — 1 票（50%） █████', '', '参与：2 / 4 人（50%）',
    ].join('\n'));
  });

  it('an anonymous poll reminds only the group; a late vote after closing is refused to the voter', async () => {
    const r = await simulate([
      ...people, inGroup('zhao', '/poll 食堂满意吗 | 满意 | 不满意 | for 2d'), vote('li', '满意'),
      at('2026-03-04T09:00:00+08:00'), vote('wu', '满意'),
    ]);
    expect(r.out.filter((l) => l.text.startsWith('⏰')).map((l) => l.to)).toEqual([G, G]);
    expect(notices(r, 'wu')).toEqual([]); // the closed message has no buttons: nothing to press
    expect(r.err[0]).toMatch(/no message in group:class-2301 has a button "满意"/);
  });

  it('the rep closes early, extends, lists, gets results (with non-voters of a named poll) and CSV files privately', async () => {
    const r = await simulate([
      ...people,
      inGroup('zhao', '/poll 班服颜色 | 蓝 | 白 | 实名'),
      vote('li', '蓝'), vote('amy', '白'), vote('amy', '蓝'),
      inGroup('zhao', '/poll 食堂满意吗 | 满意 | "不满意"'),
      vote('li', '满意'), vote('wu', '不满意'),
      inGroup('zhao', '/poll extend #2 2026-03-10 18:00'),
      inGroup('zhao', '/poll results #1'),
      inGroup('zhao', '/poll export #1'),
      inGroup('zhao', '/poll export #2'),
      inGroup('zhao', '/poll list'),
      inGroup('li', '/poll close #1'),
      press('zhao', '结束投票', G),
    ]);
    const privateTo = to(r, 'private:zhao');
    expect(privateTo[0]!.text).toContain('1. 蓝 — 2 票（100%）');
    expect(privateTo[0]!.text).toContain('未投票（2）：吴同学、赵班长');
    expect(privateTo[1]!.file).toEqual({ name: 'poll-1.csv', content: 'member_id,member_name,choices\n3,Amy Chen,蓝\n2,李华,蓝\n' });
    expect(privateTo[2]!.file).toEqual({ name: 'poll-2.csv', content: 'option,votes,percent\n满意,1,50\n不满意,1,50\n' });
    const texts = groupMessages(r).map((l) => l.text);
    expect(texts).toContain('投票 #2 的截止时间改为 3月10日 18:00。');
    expect(texts.filter((t) => t === POINTER)).toHaveLength(3); // results and files: privately, as every private answer (core/router)
    expect(texts).toContain('投票：\n#2 食堂满意吗 — 进行中，已投 2/4\n#1 班服颜色 — 进行中，已投 2/4');
    expect(texts).toContain('只有 class-2301 的班委、本群的群管理员或系统管理员可以发起或管理投票。');
    expect(notices(r, 'zhao')).toEqual(['投票 #2 已结束，结果已发到群里。']);
  });

  it('a group admin the bot cannot write to privately is told how to start, and no result is shown in the group', async () => {
    const r = await simulate([...people, inGroup('zhao', '/poll 班服颜色 | 蓝 | 白'), vote('li', '蓝'), inGroup('gm', '/poll results #1', { chat_admin: true }), inGroup('gm', '/poll list', { chat_admin: true })]);
    const texts = groupMessages(r).map((l) => l.text);
    expect(texts.at(-2)).toBe('这部分内容不适合在本群显示，我只在私聊里回答。请先私聊我发一条消息（例如 /start），再试一次。');
    expect(texts.at(-1)).toBe('投票：\n#1 班服颜色 — 进行中，已投 1/5'); // the list is the group's to read
    expect(r.out.filter((l) => l.to === 'private:gm')).toEqual([]);
  });

  it('answers bad input clearly, in Chinese and in English', async () => {
    const thirteen = Array.from({ length: 13 }, (_, i) => `o${i}`).join(' | ');
    const r = await simulate([
      ...people, person('eve', 'Eve', { locale: 'en', roles: ['rep'], rep_of: ['class-2301'], groups: ['class-2301'] }),
      inGroup('zhao', '/poll 只有问题'),
      inGroup('zhao', `/poll 太多 | ${thirteen}`),
      inGroup('zhao', '/poll 重复 | 蓝 | 蓝'),
      inGroup('zhao', `/poll 太长 | ${'长'.repeat(101)} | 短`),
      inGroup('zhao', '/poll 过去 | 蓝 | 白 | 截止 2026-01-05 18:00'),
      inGroup('zhao', '/poll 看不懂 | 蓝 | 白 | 截止 下辈子'),
      say('li', '/poll 周五聚餐 | 火锅 | 烧烤'),
      inGroup('eve', '/poll Too many | ' + thirteen),
      inGroup('eve', '/poll Past | a | b | until 2026-01-05 18:00'),
      inGroup('eve', '/poll When | a | b | until someday'),
    ]);
    const texts = r.out.map((l) => l.text);
    expect(texts[0]).toContain('至少需要 2 个选项');
    expect(texts[1]).toContain('选项最多 12 个，你写了 13 个');
    expect(texts[2]).toContain('选项「蓝」重复了');
    expect(texts[3]).toContain('第 1 个选项太长（最多 100 个字）');
    expect(texts[4]).toContain('截止时间「2026-01-05 18:00」已经过去了');
    expect(texts[5]).toContain('看不懂截止时间「下辈子」');
    expect(texts[6]).toBe('私聊里没有班级群：请在班级群里发送 /poll 问题 | 选项…，或私聊发送 /poll 一步步创建。');
    expect(texts[7]).toContain('At most 12 options; you wrote 13');
    expect(texts[8]).toContain('The closing time "2026-01-05 18:00" has already passed');
    expect(texts[9]).toContain('I cannot read the closing time "someday"');
  });

  it('builds a poll step by step in private and posts it to the class group', async () => {
    const r = await simulate([
      ...people,
      say('zhao', '/poll'),
      say('zhao', '期末复习安排'),
      say('zhao', '周六上午\n周六下午\n周日'),
      press('zhao', '改为多选'),
      say('zhao', '实名 截止 03-06 20:00'),
      press('zhao', '发布'),
      vote('li', '周日'),
    ]);
    const priv = to(r, 'private:zhao').map((l) => l.text);
    expect(priv[0]).toBe('给 class-2301 发投票。请发送投票的问题（/cancel 取消）：');
    expect(priv[1]).toBe('请发送选项：每行一个，或用 | 分开（2–12 个）。');
    expect(priv[3]).toContain('匿名 · 多选 · 截止 3月5日 08:00（默认）');
    expect(priv[4]).toContain('实名 · 多选 · 截止 3月6日 20:00');
    expect(priv.at(-1)).toBe('投票 #1 已发到 class-2301（1 个群）。');
    expect(groupMessages(r)[0]!.text).toContain('📊 投票 #1：期末复习安排\n实名 · 多选 · 截止 3月6日 20:00');
    expect(notices(r, 'li')).toEqual(['你现在选了：周日']);
  });

  it('understands plain words: with options it posts the poll, without them it continues privately', async () => {
    const r = await simulate([
      ...people,
      inGroup('zhao', '帮我发个投票：周五聚餐去哪 | 火锅 | 烧烤', { mention: true }),
      inGroup('zhao', '帮我发个投票', { mention: true }),
      say('zhao', '班服选哪个颜色'),
    ]);
    expect(groupMessages(r)[0]!.text).toContain('📊 投票 #1：周五聚餐去哪');
    expect(groupMessages(r)[1]!.text).toBe('我私聊你，一步步把投票建好。');
    expect(to(r, 'private:zhao').map((l) => l.text)).toEqual(['给 class-2301 发投票。请发送投票的问题（/cancel 取消）：', '请发送选项：每行一个，或用 | 分开（2–12 个）。']);
  });

  it('lists a rep\'s polls with turnout on /digest and in the weekly summary', async () => {
    const r = await simulate([
      ...people, inGroup('zhao', '/poll 春游去哪 | 爬山 | 海边'), vote('li', '爬山'),
      say('zhao', '/digest'),
      at('2026-03-09T09:30:00+08:00'),
    ]);
    const priv = to(r, 'private:zhao').map((l) => `${l.at} ${l.text}`);
    expect(priv).toEqual([
      '2026-03-02T08:00:00+08:00 你发起的投票：\n#1 春游去哪 — 进行中，参与 1/4（25%）',
      '2026-03-09T09:00:00+08:00 你发起的投票：\n#1 春游去哪 — 已结束，参与 1/4（25%）',
    ]);
  });
});

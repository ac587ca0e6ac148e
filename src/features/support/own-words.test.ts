/**
 * The crisis check reads what a person says about themselves, in their own words: a student's
 * message or /feedback text, a staff member's own message. Not the arguments of staff work
 * (/note, /reply, /resolve, …) nor the text a staff member types after pressing a card button:
 * those quote or answer a student, and must be saved and sent, not turned into a crisis case.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { person, press, say, simulate, to } from '../../../test/harness.js';

const COUNSELLING = 'group:staff-counselling';
const HOTLINE = /^(你现在的安全最重要|Your safety comes first|听起来你最近真的很辛苦|It sounds like things have been really hard)/;
const people = [
  person('li', '李华'),
  person('zhang', '张三'),
  person('xu', '徐老师', { roles: ['staff'], department: 'counselling' }),
  person('liu', '刘老师', { roles: ['staff'], department: 'student_affairs' }),
  person('ann', 'Ann Lee', { roles: ['staff'], department: 'counselling', locale: 'en' }),
];
const tmpDb = () => join(mkdtempSync(join(tmpdir(), 'yizhan-words-')), 'y.db');
const rows = (dbPath: string, sql: string) => new Database(dbPath, { readonly: true }).prepare(sql).all();

/** What counsellors realistically write about a student at risk, as commands and as button prompts. */
const STAFF_WORK = [
  say('xu', '/note T-1 学生说不想活了，已联系辅导员和家长'),
  say('xu', '/reply T-1 我们听到你说不想活了，老师马上联系你'),
  say('ann', '/note T-1 She said she wants to kill herself tonight; parents and security informed', COUNSELLING),
  say('ann', "/reply T-1 You told us you want to end your life. You are not alone; please call 12356 any time, we'll call you in 10 minutes", COUNSELLING),
  say('xu', '/note@yizhan_bot T-1 手腕有割伤的旧疤，已陪同去校医院', COUNSELLING),
  say('xu', '/reply T-1 如果你又有伤害自己的念头，请立刻拨打120，或者直接来心理中心找我'),
  say('ann', '/priority T-1 urgent'),
  press('xu', '回复', COUNSELLING), // the card's button: the text follows in private
  say('xu', '我们知道你很想结束这一切。先深呼吸，今晚我们一起想办法。'),
  say('ann', '/note T-1'), // the note's text asked for separately
  say('ann', 'mentioned overdosing on sleeping pills last week, kept the rest of the bottle'),
  say('ann', '/resolve T-1 Met in person: no longer wants to die, safety plan agreed, weekly sessions booked'),
];

describe('staff work about a student at risk', () => {
  it('is saved and sent, never answered with the hotline or filed as a crisis case in the staff member’s name', async () => {
    const dbPath = tmpDb();
    const r = await simulate([...people, say('li', '我不想活了'), ...STAFF_WORK], { dbPath });
    expect(r.err).toEqual([]);
    for (const who of ['private:xu', 'private:ann', COUNSELLING]) {
      for (const l of to(r, who)) expect(l.text).not.toMatch(HOTLINE);
    }
    expect(rows(dbPath, 'select id, reporter_id, status, priority from tickets')).toEqual([{ id: 1, reporter_id: 1, status: 'resolved', priority: 'urgent' }]);
    expect(rows(dbPath, "select type, text from ticket_events where type in ('note', 'reply', 'resolved') order by id")).toEqual([
      { type: 'note', text: '学生说不想活了，已联系辅导员和家长' },
      { type: 'reply', text: '我们听到你说不想活了，老师马上联系你' },
      { type: 'note', text: 'She said she wants to kill herself tonight; parents and security informed' },
      { type: 'reply', text: "You told us you want to end your life. You are not alone; please call 12356 any time, we'll call you in 10 minutes" },
      { type: 'note', text: '手腕有割伤的旧疤，已陪同去校医院' },
      { type: 'reply', text: '如果你又有伤害自己的念头，请立刻拨打120，或者直接来心理中心找我' },
      { type: 'reply', text: '我们知道你很想结束这一切。先深呼吸，今晚我们一起想办法。' },
      { type: 'note', text: 'mentioned overdosing on sleeping pills last week, kept the rest of the bottle' },
      { type: 'resolved', text: 'Met in person: no longer wants to die, safety plan agreed, weekly sessions booked' },
    ]);
    const li = to(r, 'private:li').map((l) => l.text);
    expect(li.filter((t) => t.startsWith('【T-1 · 心理健康教育与咨询中心】回复你：'))).toHaveLength(4);
    expect(li.at(-1)).toMatch(/^你的工单 T-1 已处理：\nMet in person/);
    expect(to(r, 'private:xu').map((l) => l.text).filter((t) => t.startsWith('已把回复转达给 T-1 的匿名同学 #'))).toHaveLength(3);
    expect(to(r, 'private:ann').map((l) => l.text)).toContain('Internal note added to T-1; the student cannot see it.');
  });

  it('reaches the student when sent from the bound staff chat, with the command aimed at the bot', async () => {
    const r = await simulate([...people, say('li', '我不想活了'), say('xu', '/reply@yizhan_bot T-1 我们知道你想自杀，老师十分钟后给你打电话', COUNSELLING)]);
    expect(to(r, COUNSELLING).map((l) => l.text).at(-1)).toMatch(/^已把回复转达给 T-1 的匿名同学 #[0-9A-F]{4}。$/);
    expect(to(r, 'private:li').at(-1)!.text).toBe('【T-1 · 心理健康教育与咨询中心】回复你：\n我们知道你想自杀，老师十分钟后给你打电话');
  });

  it('is how an admin writes a wellbeing survey, not a cry for help', async () => {
    const dbPath = tmpDb();
    const r = await simulate([
      person('admin', '管理员', { roles: ['admin'] }),
      say('admin', '/survey create wellbeing | 心理状况 / Wellbeing | rating: 最近两周有没有不想活的念头？ / In the last two weeks, have you wanted to end your life?'),
    ], { dbPath });
    expect(to(r, 'private:admin').map((l) => l.text)).toEqual([expect.stringMatching(/wellbeing/)]);
    expect(to(r, 'private:admin')[0]!.text).not.toMatch(HOTLINE);
    expect(rows(dbPath, 'select count(*) as n from tickets')).toEqual([{ n: 0 }]);
  });
});

describe('a class rep’s poll about wellbeing', () => {
  it('is posted, in one line or step by step, and raises no alarm', async () => {
    const dbPath = tmpDb();
    const zhao = person('zhao', '赵班长', { roles: ['rep'], rep_of: ['class-2301'], groups: ['class-2301'] });
    const r = await simulate([
      zhao, say('zhao', '/poll 最近有没有过不想活的念头？ | 有 | 没有 | 不想说', 'group:class-2301'),
      say('zhao', '/poll'), say('zhao', 'Have you felt like ending your life this term?'),
    ], { dbPath });
    expect(to(r, 'group:class-2301')[0]!.text).toMatch(/^📊 .*最近有没有过不想活的念头？/u);
    expect(to(r, 'private:zhao').at(-1)!.text).not.toMatch(HOTLINE);
    for (const l of r.out) expect(l.text).not.toMatch(HOTLINE);
    expect(rows(dbPath, 'select count(*) as n from tickets')).toEqual([{ n: 0 }]);
  });
});

describe('what a person says about themselves', () => {
  it('still raises the alarm in a student’s own command text', async () => {
    const dbPath = tmpDb();
    const r = await simulate([...people, say('li', '/feedback 我不想活了'), say('zhang', '/complaint 活着没意思，想从宿舍楼上跳下去')], { dbPath });
    expect(to(r, 'private:li')[0]!.text).toMatch(/^你现在的安全最重要/);
    expect(to(r, 'private:zhang')[0]!.text).toMatch(/^你现在的安全最重要/);
    expect(rows(dbPath, 'select reporter_id, anonymous, priority from tickets')).toEqual([
      { reporter_id: 1, anonymous: 1, priority: 'urgent' }, { reporter_id: 2, anonymous: 1, priority: 'urgent' },
    ]);
  });

  it('still raises the alarm when a student types a staff command they may not use', async () => {
    const r = await simulate([...people, say('zhang', '/note T-1 我不想活了')]);
    expect(to(r, 'private:zhang')[0]!.text).toMatch(/^你现在的安全最重要/);
    expect(to(r, COUNSELLING)).toHaveLength(1);
  });

  it('still raises the alarm for a staff member’s own plain message', async () => {
    const r = await simulate([...people, say('xu', '我真的不想活了'), say('liu', '我最近也想过自杀')]);
    expect(to(r, 'private:xu')[0]!.text).toMatch(/^你现在的安全最重要/);
    expect(to(r, 'private:liu')[0]!.text).toMatch(/^你现在的安全最重要/);
  });
});

/**
 * The crisis check reads what a person says about themselves, in their own words: a student's
 * message or /feedback text, a staff member's own message. Not counsellors' work on a case (/reply,
 * /note, /close, /reveal, the text after a card's button, a reply to a relayed message), nor other
 * staff work, an admin's survey or a rep's poll: those quote or answer a student, and must be saved
 * and sent, not turned into a crisis case in the staff member's name.
 */
import { describe, expect, it } from 'vitest';
import { person, press, say, simulate } from '../../../test/harness.js';
import { CENTRE, PEOPLE, rows, texts, tmpDb } from './cases.fixtures.js';

const HOTLINE = /^(你现在的安全最重要|Your safety comes first|听起来你最近真的很辛苦|It sounds like things have been really hard)/;

/** What counsellors realistically write about a student at risk, as commands, button prompts and replies. */
const CASE_WORK = [
  say('xu', '/claim C-1', CENTRE),
  say('xu', '/note C-1 学生说不想活了，已联系辅导员和家长'),
  say('xu', '/reply C-1 我们听到你说不想活了，老师十分钟后给你打电话', CENTRE),
  say('amy', '/note C-1 She said she wants to kill herself tonight; security informed'),
  press('xu', '回复', CENTRE), // the card's button: the text follows in private
  say('xu', '如果你又有伤害自己的念头，请立刻拨打120，或者直接来心理中心找我'),
  say('li', '我在宿舍，已经冷静一点了'),
  say('xu', '谢谢你告诉我，不想活的念头来的时候马上找我', 'private', { reply_to: '已经冷静一点了' }),
  say('xu', '/reveal C-1 她说今晚想从宿舍楼跳下去，需要辅导员上门'),
  say('xu', '/close C-1 面谈后不再想自杀，已制定安全计划，每周一次咨询'),
];

describe('counsellors\' work about a student at risk', () => {
  it('is saved and sent, never answered with the hotline or filed as a crisis of the counsellor', async () => {
    const dbPath = tmpDb();
    const staff = PEOPLE.map((p) => (p.user === 'amy' ? person('amy', 'Amy Chen', { roles: ['staff'], department: 'counselling', locale: 'en' }) : p));
    const r = await simulate([...staff, say('li', '我不想活了'), ...CASE_WORK], { dbPath });
    expect(r.err).toEqual([]);
    for (const who of ['private:xu', 'private:amy', CENTRE]) for (const t of texts(r, who)) expect(t).not.toMatch(HOTLINE);
    expect(rows(dbPath, 'select id, member_id, kind, status from cases')).toEqual([{ id: 1, member_id: 1, kind: 'crisis', status: 'closed' }]);
    expect(rows(dbPath, 'select author, author_id from case_messages order by id')).toEqual([
      { author: 'student', author_id: null }, { author: 'note', author_id: 3 }, { author: 'counsellor', author_id: 3 }, { author: 'note', author_id: 2 },
      { author: 'counsellor', author_id: 3 }, { author: 'student', author_id: null }, { author: 'counsellor', author_id: 3 }, { author: 'note', author_id: 3 },
    ]);
    expect(rows(dbPath, 'select count(*) as n from case_alerts')).toEqual([{ n: 1 }]); // the student's own words only
    expect(texts(r, 'private:li').filter((t) => t.startsWith('💬 一位心理老师：'))).toHaveLength(3);
  });
});

describe('other staff work and class work', () => {
  it('a note on a ticket, an admin\'s wellbeing survey and a rep\'s poll raise no alarm', async () => {
    const dbPath = tmpDb();
    const zhao = person('zhao', '赵班长', { roles: ['rep'], rep_of: ['class-2301'], groups: ['class-2301'] });
    const r = await simulate([
      ...PEOPLE, zhao, say('li', '3号楼502热水器坏了'), press('li', '确认提交'),
      say('wang', '/note T-1 学生说不想活了，已转心理中心', 'group:staff-logistics'),
      say('boss', '/survey create wellbeing | 心理状况 / Wellbeing | rating: 最近两周有没有不想活的念头？ / In the last two weeks, have you wanted to end your life?'),
      say('zhao', '/poll 最近有没有过不想活的念头？ | 有 | 没有 | 不想说', 'group:class-2301'),
    ], { dbPath });
    for (const l of r.out) expect(l.text).not.toMatch(HOTLINE);
    expect(rows(dbPath, 'select count(*) as n from cases')).toEqual([{ n: 0 }]);
  });
});

describe('what a person says about themselves', () => {
  it('still raises the alarm in a student\'s own command text, as a case and not a ticket', async () => {
    const dbPath = tmpDb();
    const r = await simulate([...PEOPLE, say('li', '/feedback 我不想活了'), say('amy', '/complaint I want to kill myself, nothing matters')], { dbPath });
    expect(texts(r, 'private:li')[0]).toMatch(/^你现在的安全最重要/);
    expect(texts(r, 'private:amy')[0]).toMatch(/^Your safety comes first/);
    expect(rows(dbPath, 'select member_id, kind from cases order by id')).toEqual([{ member_id: 1, kind: 'crisis' }, { member_id: 2, kind: 'crisis' }]);
    expect(rows(dbPath, 'select count(*) as n from tickets')).toEqual([{ n: 0 }]);
  });

  it('still raises the alarm when a student types a counsellor\'s command, and for a staff member\'s own message', async () => {
    const r = await simulate([...PEOPLE, say('li', '/note C-1 我不想活了'), say('wang', '我最近也想过自杀')]);
    expect(texts(r, 'private:li')[0]).toMatch(/^你现在的安全最重要/);
    expect(texts(r, 'private:wang')[0]).toMatch(/^你现在的安全最重要/);
    expect(texts(r, CENTRE).filter((t) => t.startsWith('🚨'))).toHaveLength(2);
  });
});

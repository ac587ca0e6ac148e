import { describe, expect, it } from 'vitest';
import { at, person, press, say, simulate, to } from './harness.js';
import { WEEKLY, configWith, query, tempDb } from './survey-fixtures.js';

const N = 200;
const students = Array.from({ length: N }, (_, i) => `s${String(i + 1).padStart(3, '0')}`);
const locale = (i: number) => (i % 4 === 3 ? 'en' : 'zh-CN');
const canteen = (i: number) => (i % 4 === 3 ? (i % 2 ? 'Canteen 2' : 'Canteen 1') : i % 2 ? '二食堂' : '一食堂');
const mood = (i: number) => String((i % 5) + 1);
const nps = (i: number) => String(i % 11);

/** Students 0..59 answer everything at once, 60..79 only the first question, the rest nothing. */
const full = students.slice(0, 60);
const partial = students.slice(60, 80);

describe('a weekly survey for 200 students', () => {
  // 200 students through a whole run (about 19 s on two cores): 30 s timed out under load.
  it('invites everyone reachable, reminds only those who have not finished, and counts the results right', { timeout: 90_000 }, async () => {
    const dbPath = tempDb();
    const lines: Record<string, unknown>[] = [
      ...students.map((u, i) => person(u, `学生${i + 1}`, { locale: locale(i), groups: ['class-2301'] })),
      person('boss', '管理员', { roles: ['admin'] }),
      person('wang', '王老师', { roles: ['staff'], department: 'logistics' }),
      say('ghost1', '在吗', 'group:class-2301', { mention: true }), // never wrote privately: not reachable
      say('ghost2', '在吗', 'group:class-2301', { mention: true }),
      at('2026-03-02T09:00:00+08:00'),
      ...full.flatMap((u, i) => [press(u, canteen(i)), press(u, mood(i)), press(u, nps(i))]),
      ...partial.map((u) => press(u, canteen(students.indexOf(u)))),
      at('2026-03-03T09:00:00+08:00'),
      ...partial.flatMap((u) => [press(u, locale(students.indexOf(u)) === 'en' ? 'Continue' : '继续填写'), press(u, '3'), press(u, '10')]),
      at('2026-03-05T09:00:00+08:00'),
      press('s197', '继续填写'),
      say('boss', '/survey results weekly'),
      say('wang', '/survey results weekly'),
    ];
    const r = await simulate(lines, { config: configWith(WEEKLY), dbPath });
    expect(r.err).toEqual([]);

    // The invitation: the first question with its buttons, at 09:00, in each student's language.
    const invites = r.out.filter((l) => l.at === '2026-03-02T09:00:00+08:00' && l.to.startsWith('private:') && l.text.startsWith('📋'));
    expect(invites.map((l) => l.to)).toEqual(students.map((u) => `private:${u}`));
    expect(invites[0]!.buttons).toEqual([['一食堂'], ['二食堂']]);
    expect(invites[3]!.text).toMatch(/^📋 Weekly check-in\n3 questions, open until Mar 5, 09:00\./);
    expect(to(r, 'group:class-2301').at(-1)!.text).toMatch(/^📋「每周小调查」已经开始了。还没有私聊过我的同学收不到问卷/);
    expect(to(r, 'private:wang')).toHaveLength(1); // staff are not students: only /survey results

    // Reminders: after 24 h and 6 h before closing, to exactly those who had not finished.
    const reminders = (iso: string) => r.out.filter((l) => l.at === iso && l.text.startsWith('⏰')).map((l) => l.to.slice(8));
    expect(reminders('2026-03-03T09:00:00+08:00')).toEqual(students.slice(60));
    // Due 6 h before the close, at 03:00: quiet hours hold it until 07:30.
    expect(reminders('2026-03-05T07:30:00+08:00')).toEqual(students.slice(80));
    expect(to(r, 'private:s021').filter((l) => l.text.startsWith('⏰'))).toEqual([]);

    // After closing, a late press gets a polite answer and records nothing.
    expect(to(r, 'private:s197').at(-1)!.text).toBe('「每周小调查」已经在 3月5日 09:00 截止了，这次的回答没有被记录。谢谢你的参与，下次问卷再见！');

    // Results: 202 invited (2 unreachable), 80 complete, distributions from what was pressed.
    const done = students.slice(0, 80).map((u) => students.indexOf(u));
    const moods = done.map((i) => (i < 60 ? (i % 5) + 1 : 3));
    const npsValues = done.map((i) => (i < 60 ? i % 11 : 10));
    const promoters = npsValues.filter((v) => v >= 9).length;
    const detractors = npsValues.filter((v) => v <= 6).length;
    const dist = [1, 2, 3, 4, 5].map((s) => `${s}★ ${moods.filter((m) => m === s).length}`).join(' · ');
    const text = to(r, 'private:boss').at(-1)!.text;
    expect(text.split('\n').slice(0, 3)).toEqual([
      '📊「每周小调查」第 #1 轮（3月2日 09:00 – 3月5日 09:00，已截止，匿名）',
      '对象 202 人：已送达 200，无法送达 2',
      '完成 80 人，回复率 39.6%',
    ]);
    expect(text).toContain(`一食堂 ${done.filter((i) => i % 2 === 0).length} · 二食堂 ${done.filter((i) => i % 2 === 1).length}（80 人回答）`);
    expect(text).toContain(`平均 ${(moods.reduce((a, b) => a + b, 0) / 80).toFixed(2)}（80 人回答） 分布：${dist}`);
    const score = Math.round(((promoters - detractors) / 80) * 100);
    expect(score).toBe(-12);
    expect(text).toContain(`NPS ${score}：推荐者 ${promoters} · 中立者 ${80 - promoters - detractors} · 贬损者 ${detractors}（80 人回答）`);
    expect(to(r, 'private:wang').at(-1)!.text).toBe('抱歉，/survey results 只对有相应权限的老师或同学开放。发送 /help 查看你可以用的命令。');

    // Rows: one run, one delivery per member, one invitation row each in exactly one final state.
    // Closed and anonymous, the run no longer says who finished or who was reminded (the 260 reminders above).
    expect(query(dbPath, 'select status, token_key from survey_runs')).toEqual([{ status: 'closed', token_key: null }]);
    expect(query(dbPath, 'select count(*) n, count(*) filter (where responded) done from survey_deliveries')).toEqual([{ n: 202, done: 0 }]);
    expect(query(dbPath, "select status, count(*) n from outbox where kind = 'survey.invite' group by status order by status"))
      .toEqual([{ status: 'sent', n: 200 }, { status: 'unreachable', n: 2 }]);
    expect(query(dbPath, "select count(*) n from outbox where kind = 'survey.reminder'")).toEqual([{ n: 0 }]);
    expect(query(dbPath, 'select count(*) n, count(member_id) named, count(completed_at) timed from survey_responses')).toEqual([{ n: 80, named: 0, timed: 0 }]);
    expect(query(dbPath, "select count(*) n from outbox where status in ('pending', 'sending')")).toEqual([{ n: 0 }]);
  });

  it('starts the next run on the next Monday, with new deliveries', async () => {
    const dbPath = tempDb();
    const r = await simulate([
      person('a', '甲'), person('b', '乙'),
      at('2026-03-02T09:00:00+08:00'), press('a', '一食堂'), press('a', '5'), press('a', '9'),
      at('2026-03-09T09:00:00+08:00'),
    ], { config: configWith(WEEKLY), dbPath });
    expect(r.out.filter((l) => l.text.startsWith('📋')).map((l) => [l.at, l.to])).toEqual([
      ['2026-03-02T09:00:00+08:00', 'private:a'], ['2026-03-02T09:00:00+08:00', 'private:b'],
      ['2026-03-09T09:00:00+08:00', 'private:a'], ['2026-03-09T09:00:00+08:00', 'private:b'],
    ]);
    expect(query(dbPath, 'select id, status, started_by from survey_runs order by id')).toEqual([
      { id: 1, status: 'closed', started_by: 'schedule' }, { id: 2, status: 'open', started_by: 'schedule' },
    ]);
  });
});

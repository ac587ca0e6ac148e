/**
 * Anonymity that holds: after an anonymous poll ran and closed, nothing the rep, an admin or the
 * group can see, no log line (debug level) and nothing in the database links a member to a choice.
 */
import { describe, expect, it } from 'vitest';
import { at, person, press, say, simulate } from './harness.js';
import { onPgStore, openTestDatabase, rowsByTable } from './pg/app-store.js';
import { tempDb } from './survey-fixtures.js';

const G = 'group:class-2301';
// Ids no file path holds: the logs name the config's path, and a clone in /home/alice/ holds 'li'.
const students = ['li', 'amy', 'wu', 'zhou', 'qian', 'sun'].map((u, i) => person(`voter${i}q${u}`, `学生${u.toUpperCase()}${i}`, { groups: ['class-2301'] }));
const OPTIONS = ['满意选项', '一般选项', '不满意选项'];

describe('anonymous polls', () => {
  it('leave no link between a member and a choice in outputs, debug logs or the database after closing', async () => {
    const dbPath = tempDb();
    const choice = (i: number) => OPTIONS[i % 3]!;
    const r = await simulate([
      person('zhao', '赵班长', { roles: ['rep'], rep_of: ['class-2301'], groups: ['class-2301'] }),
      person('boss', '管理员', { roles: ['admin'] }),
      ...students,
      say('zhao', `/poll 食堂怎么样 | ${OPTIONS.join(' | ')} | for 1d`, G),
      ...students.map((s, i) => press(s.user, choice(i), G)),
      press(students[0]!.user, OPTIONS[2]!, G), press(students[1]!.user, OPTIONS[1]!, G), // a change, a take-back
      say('zhao', '/poll results', G), say('zhao', '/poll export', G), say('zhao', '/poll list', G), say('zhao', '/digest'),
      say('boss', '/poll results #1'), say('boss', '/poll export #1'),
      at('2026-03-03T09:00:00+08:00'),
      say('zhao', '/poll results #1'), say('zhao', '/poll export #1'), say('boss', '/poll export #1'),
    ], { dbPath, logLevel: 'debug' });

    // What staff, reps, admins and the group see: counts, never a student's name.
    const seenByOthers = r.out.filter((l) => !(l.notice && students.some((s) => s.user === l.for)) && !students.some((s) => l.to === `private:${s.user}`));
    expect(seenByOthers.length).toBeGreaterThan(10);
    for (const l of seenByOthers) for (const s of students) expect(JSON.stringify(l)).not.toContain(s.name);
    expect(seenByOthers.find((l) => l.file?.name === 'poll-1.csv')!.file!.content).toBe('option,votes,percent\n满意选项,1,20\n一般选项,1,20\n不满意选项,3,60\n');

    // Logs at debug level: no member, sender or choice.
    const logs = JSON.stringify(r.logs);
    for (const s of students) expect(logs).not.toContain(s.user);
    for (const o of OPTIONS) expect(logs).not.toContain(o);

    const db = openTestDatabase(dbPath, { readonly: true });
    try {
      expect(db.prepare('select status, token_key from polls').all()).toEqual([{ status: 'closed', token_key: null }]);
      // Ballots: a token each, no member, no time; kept in token order with nothing to follow arrival:
      // on SQLite no rowid, on PostgreSQL the rows written again in token order at the close (README "Privacy on PostgreSQL").
      expect(Object.keys(db.prepare('select * from poll_ballots').get() as object)).toEqual(['poll_id', 'token', 'member_id', 'choices']);
      expect(db.prepare('select count(*) as n from poll_ballots where member_id is not null').get()).toEqual({ n: 0 });
      if (onPgStore) expect(db.prepare('select token from poll_ballots order by ctid').all()).toEqual(db.prepare('select token from poll_ballots order by token').all());
      else expect(() => db.prepare('select rowid from poll_ballots').all()).toThrow(/no such column: rowid/);
      expect(db.prepare('select count(*) as n from poll_voters').get()).toEqual({ n: 0 });
      // No row anywhere names a student's member id next to an option.
      const ids = new Set((db.prepare(`select member_id as id from identities where platform_user_id in (${students.map(() => '?').join(',')})`).all(...students.map((s) => s.user)) as { id: number }[]).map((x) => x.id));
      for (const [table, rows] of rowsByTable(dbPath)) {
        for (const row of rows) {
          const names = Object.entries(row).some(([k, v]) => /member|actor|created_by/.test(k) && ids.has(v as number));
          const text = JSON.stringify(row);
          expect(names && OPTIONS.some((o) => text.includes(o)), `${table}: ${text}`).toBe(false);
        }
      }
    } finally {
      db.close();
    }
  });
});

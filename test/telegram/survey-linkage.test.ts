/**
 * Anonymous survey answers cannot be linked to people from the database once the run closed: 24
 * students answer an anonymous survey over Telegram at distinct times with distinct answers (22
 * finish, one stops at the typed question, one after the first), two never answer, the run
 * closes, and an attacker with the database file (a copy taken while the bot runs, WAL included,
 * and the file left after it stopped) tries every linkage in linkage-attack.ts.
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { onPgStore, openTestDatabase, storedBytes, type TestDatabase } from '../pg/app-store.js';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { seededRng, shuffle } from '../../src/core/rng.js';
import { user } from '../fakes/telegram-api.js';
import { def } from '../survey-fixtures.js';
import { telegramHarness, type TelegramHarness } from './harness.js';
import { attack, type AttackReport, type Response } from './linkage-attack.js';

const both = (zh: string, en: string) => ({ 'zh-CN': zh, en });
const CANTEENS = ['一食堂', '二食堂', '三食堂'];
const SURVEY = def({
  id: 'canteen',
  title: both('食堂满意度', 'Canteens'),
  audience: 'students',
  open_for: '3d',
  reminders: { after: ['24h'], before_close: ['6h'] },
  questions: [
    { id: 'nps', type: 'nps', text: both('你会推荐食堂吗？', 'Recommend?') },
    { id: 'where', type: 'multi', text: both('常去哪些食堂？', 'Which?'), options: CANTEENS.map((c, i) => ({ id: `c${i + 1}`, text: both(c, `Canteen ${i + 1}`) })) },
    { id: 'taste', type: 'rating', text: both('口味', 'Taste') },
    { id: 'more', type: 'text', optional: true, text: both('建议', 'Suggestions') },
  ],
});

interface Plan { nps: number; where?: number[]; taste?: number; more?: string }
/** 22 who finish (distinct answers), one who stops at the typed question, one after the first. */
const PLANS: Plan[] = [
  ...Array.from({ length: 22 }, (_, i) => ({
    nps: (i * 5) % 11, where: [[0], [1], [2], [0, 1], [1, 2], [0, 2]][i % 6]!, taste: (i % 5) + 1, more: `第${i + 1}条建议：窗口${i + 3}的菜再辣一点`,
  })),
  { nps: 4, where: [2], taste: 2 },
  { nps: 9 },
];
const students = Array.from({ length: 26 }, (_, i) => user({ id: 3001 + i, first_name: `学生${i + 1}`, language_code: 'zh-hans' }));
const admin = user({ id: 2001, first_name: '管理员', language_code: 'zh-hans' });
const T0 = new Date('2026-03-02T09:00:00+08:00');
const MIN = 60_000;

let t: TelegramHarness | undefined;
let dir: string;
afterEach(async () => {
  await t?.stop();
  t = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/**
 * What an attacker copying the files gets: the database and its WAL, opened from the copy, and their
 * bytes; on PostgreSQL every table as it is now (test/pg/app-store.ts storedBytes: the server's files
 * and WAL are what README "Privacy on PostgreSQL" says they are).
 */
function snapshot(dbPath: string, name: string): { db: TestDatabase; bytes: Buffer; stored: 'rowid' | 'ctid' } {
  if (onPgStore) return { db: openTestDatabase(dbPath), bytes: storedBytes(dbPath).rows!, stored: 'ctid' };
  const to = join(dir, name);
  copyFileSync(dbPath, to);
  const wal = existsSync(`${dbPath}-wal`) ? readFileSync(`${dbPath}-wal`) : Buffer.alloc(0);
  if (wal.length) copyFileSync(`${dbPath}-wal`, `${to}-wal`);
  const bytes = Buffer.concat([readFileSync(to), wal]);
  return { db: new Database(to), bytes, stored: 'rowid' };
}

describe('an anonymous survey after its run closed', () => {
  it('gives an attacker holding the database file no way to tell whose response is whose', async () => {
    dir = mkdtempSync(join(tmpdir(), 'yizhan-linkage-'));
    const dbPath = join(dir, 'bot.db');
    const clock = new ManualClock(new Date(T0.getTime() - 60 * MIN));
    t = await telegramHarness({ admins: [admin.id], surveys: [SURVEY], clock, dbPath });
    const h = t;
    const at = (ms: number) => h.app.scheduler.advanceTo(new Date(ms), clock);
    const step = async (act: () => unknown) => {
      await at(clock.now().getTime() + 17_000);
      act();
      await h.settle();
    };

    for (const s of [admin, ...students]) h.userSends({ from: s, text: '/start' });
    await h.settle();
    await at(T0.getTime());
    await step(() => h.userSends({ from: admin, text: '/survey send canteen' }));
    await step(() => h.press({ from: admin, label: '确认发送' }));
    await at(T0.getTime() + MIN);
    expect(h.fake.messagesTo(students[0]!.id).at(-1)?.text).toContain('食堂满意度');
    const runKey = h.rows<{ k: string }>('select token_key k from survey_runs')[0]!.k;

    // Each respondent in a shuffled order, at their own time over three days, every answer at its own second.
    const order = shuffle(seededRng(11), PLANS.map((_, i) => i));
    const truth = new Map<number, Plan>(); // by Telegram id
    for (const [k, i] of order.entries()) {
      await at(T0.getTime() + (k + 1) * 170 * MIN); // over three days: last-seen days differ
      const plan = PLANS[i]!;
      const from = students[i]!;
      truth.set(from.id, plan);
      await step(() => h.press({ from, label: String(plan.nps) }));
      if (!plan.where) continue;
      for (const c of plan.where) await step(() => h.press({ from, label: CANTEENS[c]! }));
      await step(() => h.press({ from, label: '完成' }));
      if (plan.taste === undefined) continue;
      await step(() => h.press({ from, label: String(plan.taste) }));
      if (plan.more) await step(() => h.userSends({ from, text: plan.more! }));
    }
    await at(T0.getTime() + 3 * 24 * 60 * MIN + MIN); // reminders, then the close
    expect(h.rows('select status, token_key from survey_runs')).toEqual([{ status: 'closed', token_key: null }]);
    expect(h.textsTo(students[0]!.id).at(-1)).toContain('谢谢');

    // Of what the bot sent students while the run was open, only their invitations are left.
    const openedAt = h.rows<{ t: number }>('select opened_at t from survey_runs')[0]!.t;
    expect(h.rows(`select kind, count(*) n from outbox where created_at >= ? and kind <> 'survey.invite' and coalesce(chat_id, '') <> ?
      group by kind`, new Date(openedAt), String(admin.id))).toEqual([]);

    // Every time kept about a person, their invitation included, is a whole day.
    const times = h.rows<{ t: number }>(`select last_seen_at t from identities union all select created_at from identities
      union all select created_at from members union all select created_at from chats union all select updated_at from conversations
      union all select created_at from outbox where kind = 'survey.invite' union all select updated_at from outbox where kind = 'survey.invite'`);
    expect(times.filter((r) => r.t % 86_400_000 !== 0)).toEqual([]);

    const members = new Map(h.rows<{ u: string; m: number }>(`select platform_user_id u, member_id m from identities`).map((r) => [Number(r.u), r.m]));
    const ownerKey = new Map([...truth].map(([tid, plan]) => [key(planAnswers(plan)), members.get(tid)!]));
    const owner = (r: Response) => ownerKey.get(key(r.answers));
    const oracle = order.map((i) => members.get(students[i]!.id)!);

    // The export lists responses in an order that does not follow arrival either.
    const listed = (await h.app.surveyResults.csv(1)).split('\n').slice(1).map((line) => ownerKey.get(key(csvAnswers(line))));
    expect(listed.filter((m) => m === undefined)).toEqual([]);
    const inArrivalOrder = (ms: (number | undefined)[]) => ms.filter((m, i) => m === oracle[i]).length;
    expect(Math.max(inArrivalOrder(listed), inArrivalOrder([...listed].reverse()))).toBeLessThan(chanceLimit(2));

    const live = snapshot(dbPath, 'live.db');
    const whileRunning = attack({ ...live, runId: 1, oracle }, owner);
    live.db.close();
    await t.stop();
    t = undefined;
    const left = snapshot(dbPath, 'left.db');
    const afterStop = attack({ ...left, runId: 1, oracle }, owner);
    left.db.close();

    // No update as Telegram sent it is left in the files, not even in free space or old WAL frames; nor the erased key.
    for (const bytes of [live.bytes, left.bytes]) expect([occurrences(bytes, '"update_id":'), occurrences(bytes, runKey)]).toEqual([0, 0]);
    for (const report of [whileRunning, afterStop]) {
      expect(report.responses).toBe(24);
      expect(report.narrowed, summary(report)).toEqual([]);
      expect(report.orders[0]!.correct, summary(report)).toBeLessThan(chanceLimit(report.orders.length));
    }
  }, 120_000); // about 30 s on SQLite and 40 s on PostgreSQL alone on two cores; 60 s timed out under load
});

/**
 * The fewest right links that chance alone reaches with probability under 1/1000 in any of
 * `attacks` tries: matching responses to members at random gets k right with probability about
 * e⁻¹/k! (fixed points of a random permutation), whatever the number of responses.
 */
function chanceLimit(attacks: number): number {
  let k = 0;
  let term = Math.exp(-1);
  let tail = 1;
  while (attacks * tail > 0.001) {
    tail -= term;
    k++;
    term /= k;
  }
  return k;
}

function occurrences(bytes: Buffer, text: string): number {
  let n = 0;
  for (let at = bytes.indexOf(text); at >= 0; at = bytes.indexOf(text, at + 1)) n++;
  return n;
}

function planAnswers(p: Plan): Map<string, string | null> {
  const m = new Map<string, string | null>([['nps', String(p.nps)]]);
  if (p.where) m.set('where', JSON.stringify(p.where.map((c) => `c${c + 1}`)));
  if (p.taste !== undefined) m.set('taste', String(p.taste));
  if (p.more) m.set('more', p.more);
  return m;
}

/** The answers of one line of the export (complete,nps,where,taste,more). */
function csvAnswers(line: string): Map<string, string | null> {
  const [, nps, where, taste, more] = line.split(',');
  const m = new Map<string, string | null>([['nps', nps!]]);
  if (where) m.set('where', JSON.stringify(where.split(';')));
  if (taste) m.set('taste', taste);
  if (more) m.set('more', more);
  return m;
}

const key = (answers: Map<string, string | null>) => JSON.stringify([...answers].sort());

function summary(r: AttackReport): string {
  const best = r.orders.slice(0, 8).map((o) => `  ${o.correct}/${r.responses} ${o.attack}`).join('\n');
  const limit = `chance reaches ${chanceLimit(r.orders.length)} in ${r.orders.length} attacks with p < 0.001`;
  const narrowed = r.narrowed.map((n) => `  member ${n.memberId}: ${n.candidates} left (${n.includesTheirs ? 'theirs among them' : 'wrong'}) by ${n.evidence.join('; ')}`).join('\n');
  return `best orders (${limit}):\n${best}\nnarrowed:\n${narrowed || '  none'}`;
}

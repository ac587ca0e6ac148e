/**
 * Crash safety of the outbox (SPEC §7: each (survey run, member) is sent at most once even across
 * crashes, and never silently dropped). A survey run puts one invitation per student in the
 * outbox; the delivery worker runs in a child process (test/crash/outbox-child.ts: the real app
 * and Telegram port) against the fake Bot API, is killed with SIGKILL at seeded random points and
 * started again, until a run ends by itself. Some chats answer 403, drop the connection after
 * recording the message, answer 429 or 500.
 *
 * Right after each kill the test reads which rows were `sending` (claimed, outcome not written):
 * those, and only those, may have been cut off, and they must end `unknown`. Every other row's
 * end is fixed by its chat's fault, wherever the kills landed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { seededRng, type Rng } from '../../src/core/rng.js';
import { onPgStore, openTestStore, pgDatabaseUrl, queryAt } from '../pg/app-store.js';
import { startFakeTelegram, type FakeTelegram, type Fault } from '../fakes/telegram-api.js';
import { enqueueSurveyRun, seedStudents, studentIds } from './campus.js';

const MEMBERS = 300;
const KILLS = 6;
const RATE = 50;
const SEED = 20260302;
const FINAL = ['sent', 'unknown', 'unreachable', 'failed'];

/** What some chats do to a sendMessage; the rest accept it. */
type FaultKind = 'blocked' | 'dropped' | 'rate_limited' | 'server_error';
const FAULTS: [FaultKind, number[], Fault, number][] = [
  ['blocked', [7, 151, 296], { kind: 'blocked' }, 100],
  ['dropped', [33, 222], { kind: 'dropAfterRecord' }, 1],
  ['rate_limited', [60, 61, 62], { kind: 'retryAfter', seconds: 1 }, 1],
  ['server_error', [120], { kind: 'serverError', status: 500 }, 1],
];

/** Where a run is killed: when the n-th sendMessage call of the run arrives (the fake has not answered it), or some ms after its first one. */
type KillPlan = { mode: 'at-call'; n: number } | { mode: 'after-delay'; ms: number };
interface Kill {
  plan: KillPlan;
  /** Outbox ids left `sending` by the kill. */
  sending: number[];
}
interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}
interface Row {
  id: number;
  status: string;
  chatId: string;
  attempts: number;
  platformMessageId: string | null;
  lastError: string | null;
  reachable: number;
}

let fake: FakeTelegram | undefined;
let dir: string | undefined;
const children: ChildProcess[] = [];

afterEach(async () => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
  await fake?.close();
  fake = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Alternates the two kinds of kill, so that the killed runs cannot use up the whole queue. */
function planKill(rng: Rng, k: number): KillPlan {
  return k % 2 === 0 ? { mode: 'at-call', n: 3 + Math.floor(rng.next() * 23) } : { mode: 'after-delay', ms: Math.floor(rng.next() * 40) };
}

/** Calls `fn` synchronously when the n-th sendMessage call after `afterSeq` arrives (before the fake reads or answers it). */
function onNthSend(f: FakeTelegram, afterSeq: number, n: number, fn: () => void): void {
  const seen = new Set<number>();
  let fired = false;
  f.waitForCall((c) => {
    if (fired || c.seq <= afterSeq || c.method !== 'sendMessage') return false;
    seen.add(c.seq);
    if (seen.size < n) return false;
    fired = true;
    fn();
    return true;
  }, 60_000).catch(() => undefined);
}

function runChild(f: FakeTelegram, dbPath: string, plan: KillPlan | undefined): Promise<Run> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/crash/outbox-child.ts'], {
    cwd: process.cwd(),
    env: { ...process.env, YIZHAN_DB: dbPath, ...(onPgStore ? { DATABASE_URL: pgDatabaseUrl(dbPath) } : {}), TELEGRAM_API_ROOT: f.apiRoot, TELEGRAM_BOT_TOKEN: f.token, OUTBOX_RATE: String(RATE) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const kill = () => child.kill('SIGKILL');
  const seq = f.calls.length;
  if (plan?.mode === 'at-call') onNthSend(f, seq, plan.n, kill);
  if (plan?.mode === 'after-delay') onNthSend(f, seq, 1, () => setTimeout(kill, plan.ms));
  const timer = setTimeout(kill, 60_000); // a hung worker fails the test instead of hanging it (a start alone takes 2 s idle, 15 s on a loaded machine)
  return new Promise((resolve) => child.on('close', (code, signal) => {
    clearTimeout(timer);
    resolve({ code, signal, stderr });
  }));
}

function query<T>(dbPath: string, sql: string): T[] {
  if (onPgStore) return queryAt<T>(dbPath, sql); // npm run test:pg: the worker ran on PostgreSQL
  const db = new Database(dbPath);
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

const rowsOf = (dbPath: string) => query<Row>(dbPath, `
  select o.id, o.status, o.chat_id as chatId, o.attempts, o.platform_message_id as platformMessageId, o.last_error as lastError,
         i.reachable from outbox o join identities i on i.id = o.identity_id order by o.id`);

/** Everything that breaks a guarantee, as readable lines (none when all holds). */
function problems(rows: Row[], kills: Kill[], faultOf: Map<string, FaultKind>, f: FakeTelegram): string[] {
  const copies = new Map<string, { count: number; messageId?: number }>();
  for (const r of f.sent.filter((s) => s.method === 'sendMessage')) {
    const c = copies.get(String(r.chatId)) ?? { count: 0 };
    copies.set(String(r.chatId), { count: c.count + 1, ...(r.messageId === undefined ? {} : { messageId: r.messageId }) });
  }
  const cutOff = new Set(kills.flatMap((k) => k.sending));
  const out: string[] = [];
  if (rows.length !== MEMBERS) out.push(`${rows.length} outbox rows for ${MEMBERS} members`);
  for (const row of rows) {
    const got = copies.get(row.chatId)?.count ?? 0;
    const bad = (why: string) => out.push(`row ${row.id} (chat ${row.chatId}, ${faultOf.get(row.chatId) ?? 'no fault'}): ${why}; `
      + `status ${row.status}, ${got} copies, attempts ${row.attempts}, error ${row.lastError ?? '-'}`);
    if (!FINAL.includes(row.status)) bad('not in a final state');
    if (got > 1) bad('the fake received it more than once');
    if (row.attempts > 1) bad('handed to the platform more than once');
    if (row.status === 'sent' && (got !== 1 || row.platformMessageId !== String(copies.get(row.chatId)?.messageId))) bad('sent, but not exactly the one message the fake recorded');
    const want = cutOff.has(row.id) ? 'unknown' : expectedEnd(faultOf.get(row.chatId));
    if (row.status !== want) bad(`expected ${want}${cutOff.has(row.id) ? ' (it was sending when the worker was killed)' : ''}`);
    if (row.status === 'unreachable' && (row.reachable !== 0 || got !== 0)) bad('unreachable, but its identity is still reachable or the fake has a copy');
    if (want === 'unknown' && !cutOff.has(row.id) && got !== 1) bad('the connection dropped after the fake recorded it, yet the fake has no copy');
  }
  kills.forEach((k, i) => {
    if (k.plan.mode === 'at-call' && !k.sending.length) out.push(`kill ${i + 1} (at a call) left no row sending`);
  });
  return out;
}

function expectedEnd(fault: FaultKind | undefined): string {
  if (fault === 'blocked') return 'unreachable';
  if (fault === 'dropped') return 'unknown';
  return 'sent'; // a single 429 or 500 is waited out and repeated by the port: nothing had arrived
}

function summary(rows: Row[], kills: Kill[], runs: Run[], f: FakeTelegram): string {
  const count = (xs: string[]) => JSON.stringify(Object.fromEntries([...new Set(xs)].map((x) => [x, xs.filter((y) => y === x).length])));
  return [
    `kills (${kills.length}):`,
    ...kills.map((k, i) => `  ${i + 1}. ${k.plan.mode === 'at-call' ? `at sendMessage call #${k.plan.n}` : `${k.plan.ms} ms after the first send`}: `
      + `${k.sending.length} row(s) sending [${k.sending.join(', ')}]`),
    `runs: ${runs.map((r) => r.signal ?? `exit ${r.code}`).join(', ')}`,
    `outbox: ${count(rows.map((r) => r.status))}`,
    `fake: ${f.sent.filter((s) => s.method === 'sendMessage').length} messages recorded, ${f.calls.filter((c) => c.method === 'sendMessage').length} sendMessage calls, `
      + `${f.rateViolations} refused by its rate limit`,
    `last run's stderr:\n${runs.at(-1)?.stderr.slice(-3000) ?? ''}`,
  ].join('\n');
}

describe('the outbox worker killed with SIGKILL and restarted', () => {
  it('sends each invitation at most once, ends every row in exactly one final state, and keeps the database intact', async () => {
    fake = await startFakeTelegram();
    fake.enforceRateLimit({ perSecond: RATE, perChatPerSecond: 1 });
    dir = mkdtempSync(join(tmpdir(), 'yizhan-crash-'));
    const dbPath = join(dir, 'bot.db');
    const ids = studentIds(MEMBERS);
    const store = await openTestStore(dbPath); // PostgreSQL under npm run test:pg, the worker too
    await seedStudents(store.units.q, ids, fake);
    await enqueueSurveyRun(store);
    await store.close();
    const faultOf = new Map<string, FaultKind>();
    for (const [kind, at, fault, times] of FAULTS) {
      for (const i of at) {
        faultOf.set(String(ids[i]), kind);
        fake.inject({ method: 'sendMessage', chatId: ids[i]!, fault, times });
      }
    }

    const rng = seededRng(SEED);
    const kills: Kill[] = [];
    const runs: Run[] = [];
    for (let k = 0; runs.length < 20; k++) {
      const plan = k < KILLS ? planKill(rng, k) : undefined;
      const run = await runChild(fake, dbPath, plan);
      runs.push(run);
      if (run.signal !== 'SIGKILL' || !plan) break;
      kills.push({ plan, sending: query<{ id: number }>(dbPath, `select id from outbox where status = 'sending'`).map((r) => r.id) });
    }

    const rows = rowsOf(dbPath);
    const report = summary(rows, kills, runs, fake);
    expect(runs.at(-1), report).toMatchObject({ code: 0, signal: null });
    expect(kills.length, report).toBe(KILLS);
    expect(problems(rows, kills, faultOf, fake), report).toEqual([]);
    if (!onPgStore) { // SQLite's file after kills (PostgreSQL's durability is the server's)
      expect(query(dbPath, 'PRAGMA integrity_check'), report).toEqual([{ integrity_check: 'ok' }]);
      expect(query(dbPath, 'PRAGMA foreign_key_check'), report).toEqual([]);
    }
  }, 240_000); // seven worker processes start and send 300 paced messages: ~57 s alone on two cores, and CI's load doubles it
});

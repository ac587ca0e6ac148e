/**
 * Nothing the bot owes a person is lost, over the real process (`node dist/main.js`, as the
 * Docker image starts it, against the fake Bot API): ten trials, each a burst of 200 updates — half of them "我真的不想活了" from
 * students in crisis, the rest /start then /help from others — and a SIGKILL at a seeded random
 * moment of it (at the n-th sendMessage call, or some milliseconds after the burst arrived). The
 * process started after a kill finishes that trial and takes the next burst.
 *
 * After each trial: no update lost or applied twice (one crisis case per student), every reply
 * sent once — or `unknown` when its call was under way at the kill (read from the database right
 * after it), never sent twice — and every crisis answer delivered (a crisis answer cut off is sent
 * again: at least once, at most twice).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Update } from 'grammy/types';
import { afterEach, describe, expect, it } from 'vitest';
import { seededRng, type Rng } from '../../src/core/rng.js';
import { freePort } from '../fakes/free-port.js';
import { startFakeTelegram, user, type FakeTelegram } from '../fakes/telegram-api.js';

const TRIALS = 10;
const CRISIS = 100;
const OTHERS = 50; // each sends /start then /help: 200 updates a trial
const SEED = 20260412;
const CRISIS_TEXT = '我真的不想活了';

let fake: FakeTelegram | undefined;
let dir: string | undefined;
const children: ChildProcess[] = [];

afterEach(async () => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
  await fake?.close();
  fake = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Bot {
  child: ChildProcess;
  stderr: string[];
  exited: Promise<void>;
}

/** Starts the bot as production does (`node dist/main.js`: test/global-setup.ts builds it) and resolves once it polls. */
async function startBot(f: FakeTelegram, env: { config: string; db: string }): Promise<Bot> {
  const before = f.calls.length;
  const child = spawn(process.execPath, ['dist/main.js'], {
    env: {
      ...process.env, TELEGRAM_BOT_TOKEN: f.token, TELEGRAM_API_ROOT: f.apiRoot, YIZHAN_DB: env.db, YIZHAN_CONFIG: env.config,
      HEALTH_PORT: String(await freePort()), LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.push(child);
  const stderr: string[] = [];
  child.stderr!.on('data', (d: Buffer) => stderr.push(d.toString()));
  const exited = new Promise<void>((r) => child.once('close', () => r()));
  await f.waitForCall((c) => c.seq > before && c.method === 'getUpdates', 30_000);
  return { child, stderr, exited };
}

async function kill(bot: Bot): Promise<void> {
  bot.child.kill('SIGKILL');
  await bot.exited;
}

function query<T>(db: string, sql: string): T[] {
  const conn = new Database(db, { readonly: true });
  try {
    return conn.prepare(sql).all() as T[];
  } finally {
    conn.close();
  }
}

async function until(check: () => boolean, timeoutMs: number, why: () => string): Promise<void> {
  for (const end = Date.now() + timeoutMs; !check(); await new Promise((r) => setTimeout(r, 25))) {
    if (Date.now() > end) throw new Error(`timed out\n${why()}`);
  }
}

/** The demo campus, quiet hours off, paced at 300 messages a second (Telegram's paid broadcasts allow that much). */
function campus(): { config: string; db: string } {
  dir = mkdtempSync(join(tmpdir(), 'yizhan-replies-crash-'));
  const yaml = readFileSync('config/default.yaml', 'utf8')
    .replace(/^quiet_hours: .*$/m, 'quiet_hours: { start: "00:00", end: "00:00" }')
    .replace(/^telegram:\n/m, 'telegram:\n  messages_per_second: 300\n');
  writeFileSync(join(dir, 'campus.yaml'), yaml);
  return { config: join(dir, 'campus.yaml'), db: join(dir, 'bot.db') };
}

interface Trial {
  updates: Update[];
  crisis: number[];
  others: number[];
  /** How the process was killed, and the outbox rows whose call was under way then. */
  kill: string;
  sending: Set<number>;
}

/** Pushes a trial's burst: crisis messages and the others' two commands, interleaved. */
function burst(f: FakeTelegram, k: number): Pick<Trial, 'updates' | 'crisis' | 'others'> {
  const crisis = Array.from({ length: CRISIS }, (_, i) => 100_000 * (k + 1) + i);
  const others = Array.from({ length: OTHERS }, (_, i) => 100_000 * (k + 1) + 50_000 + i);
  const updates: Update[] = [];
  for (let i = 0; i < CRISIS; i++) {
    updates.push(f.userSends({ from: user({ id: crisis[i]!, language_code: 'zh-hans' }), text: CRISIS_TEXT }));
    const other = user({ id: others[i >> 1]!, language_code: i % 4 < 2 ? 'zh-hans' : 'en' });
    updates.push(f.userSends({ from: other, text: i % 2 ? '/help' : '/start' }));
  }
  return { updates, crisis, others };
}

/** Arms the kill: at the n-th sendMessage call from now (before the fake answers it), or `ms` from now. */
function armKill(f: FakeTelegram, rng: Rng, bot: Bot): string {
  const fallback = setTimeout(() => void kill(bot), 20_000); // a burst that never gets that far still ends the trial
  void bot.exited.then(() => clearTimeout(fallback));
  if (rng.next() < 0.5) {
    const ms = Math.floor(rng.next() * 600);
    setTimeout(() => void kill(bot), ms);
    return `${ms} ms after the burst`;
  }
  const n = 1 + Math.floor(rng.next() * 180);
  const after = f.calls.length;
  const seen = new Set<number>();
  let fired = false;
  f.waitForCall((c) => {
    if (fired || c.seq <= after || c.method !== 'sendMessage') return false;
    seen.add(c.seq);
    if (seen.size < n) return false;
    fired = true;
    void kill(bot); // synchronously, while the fake holds the call unanswered
    return true;
  }, 30_000).catch(() => undefined);
  return `at sendMessage call #${n}`;
}

/** Everything that breaks a promise of the trial, as readable lines (none when all holds). */
function problems(f: FakeTelegram, db: string, t: Trial): string[] {
  const out: string[] = [];
  const ids = t.updates.map((u) => u.update_id).join(',');
  const inbox = query<{ n: number }>(db, `select count(*) as n from telegram_inbox where update_id in (${ids}) and status = 'done'`)[0]!.n;
  const claimed = query<{ n: number }>(db, `select count(*) as n from processed_updates where platform = 'telegram' and cast(update_id as integer) in (${ids})`)[0]!.n;
  if (inbox !== t.updates.length || claimed !== t.updates.length) out.push(`${inbox} updates done and ${claimed} claimed of ${t.updates.length}`);
  const cases = query<{ uid: string; n: number }>(db, `select i.platform_user_id as uid, count(*) as n from cases k join identities i on i.member_id = k.member_id
    where i.platform_user_id in (${t.crisis.map((c) => `'${c}'`).join(',')}) group by uid`);
  if (cases.length !== CRISIS || cases.some((c) => c.n !== 1)) out.push(`crisis cases: ${JSON.stringify(cases.filter((c) => c.n !== 1))} (${cases.length} students)`);
  const rows = query<{ id: number; chat: string; status: string; lane: number; mid: string | null }>(db, `select id, chat_id as chat, status, lane, platform_message_id as mid
    from outbox where chat_id in (${[...t.crisis, ...t.others].map((c) => `'${c}'`).join(',')})`);
  if (rows.length !== CRISIS + 2 * OTHERS) out.push(`${rows.length} replies owed for ${t.updates.length} updates`);
  const crisisRows = rows.filter((r) => r.lane === 0).map((r) => Number(r.chat)).sort((a, b) => a - b);
  if (JSON.stringify(crisisRows) !== JSON.stringify(t.crisis)) out.push(`crisis answers owed to ${crisisRows.length} of ${CRISIS} students`);
  for (const r of rows) {
    const got = f.messagesTo(Number(r.chat)).filter((m) => m.method === 'sendMessage');
    const bad = (why: string) => out.push(`row ${r.id} (chat ${r.chat}, lane ${r.lane}): ${why}; status ${r.status}, ${got.length} received`);
    if (r.lane === 0 && r.status !== 'sent') bad('a crisis answer not delivered');
    if (r.lane === 0 && (got.length < 1 || got.length > (t.sending.has(r.id) ? 2 : 1))) bad('a crisis answer received a wrong number of times');
    if (r.lane === 0 && !got.every((m) => m.text?.includes('12356'))) bad('the crisis answer lacks the hotline');
    if (r.lane !== 0 && r.status !== 'sent' && !(r.status === 'unknown' && t.sending.has(r.id))) bad('a reply neither sent nor cut off in flight');
    if (r.status === 'sent' && !got.some((m) => String(m.messageId) === r.mid)) bad('sent, but not the message the fake recorded');
  }
  for (const id of t.others) {
    const got = f.messagesTo(id).map((m) => m.text ?? '');
    const mine = rows.filter((r) => r.chat === String(id));
    if (got.length > mine.length || got.length < mine.filter((r) => r.status === 'sent').length) out.push(`chat ${id}: ${got.length} messages for ${mine.length} replies`);
    if (got.length === 2 && !/^(你好|Hi)/.test(got[0]!)) out.push(`chat ${id}: the /help reply came before the /start one`);
  }
  return out;
}

describe('the bot process killed with SIGKILL during bursts of 200 updates', () => {
  it('loses no update and no reply, applies nothing twice, and delivers every crisis answer', async () => {
    fake = await startFakeTelegram();
    const env = campus();
    const rng = seededRng(SEED);
    let bot = await startBot(fake, env);
    const report: string[] = [];
    for (let k = 0; k < TRIALS; k++) {
      const pushed = burst(fake, k);
      const how = armKill(fake, rng, bot);
      await bot.exited;
      const sending = new Set(query<{ id: number }>(env.db, `select id from outbox where status = 'sending'`).map((r) => r.id));
      const trial: Trial = { ...pushed, kill: how, sending };
      bot = await startBot(fake, env);
      const ids = trial.updates.map((u) => u.update_id).join(',');
      await until(() => query<{ n: number }>(env.db, `select count(*) as n from telegram_inbox where update_id in (${ids}) and status = 'done'`)[0]!.n === trial.updates.length
        && query<{ n: number }>(env.db, `select count(*) as n from outbox where status in ('pending', 'sending')`)[0]!.n === 0, 30_000, () => bot.stderr.join('').slice(-3000));
      report.push(`trial ${k + 1}: killed ${how}, ${sending.size} row(s) in flight`);
      expect(problems(fake, env.db, trial), report.join('\n')).toEqual([]);
    }
    await kill(bot);
    expect(query(env.db, 'PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    expect(report.filter((r) => !r.includes(' 0 row(s)')).length, report.join('\n')).toBeGreaterThan(0); // some kills cut calls off
  }, 240_000);
});

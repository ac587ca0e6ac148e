/**
 * Survey fan-out: a run of a survey for 5,000 students goes out through the outbox, the real
 * Telegram port (grammY over HTTP) and a temporary SQLite file (WAL, synchronous=FULL), to the
 * fake Bot API server on 127.0.0.1 enforcing an overall limit of L messages a second (429 with
 * retry_after beyond it). The port's limiter and the outbox's pacer are given the same limit.
 * Measured from the first to the last send the fake accepted: the achieved rate as a fraction of
 * L (goal ≥ 0.95), with every student getting exactly one invitation (0 lost, 0 duplicated).
 * Baseline in the same run: a plain loop of grammY sendMessage calls (with @grammyjs/auto-retry
 * honouring 429) to the same fake at the same limit. The fake runs in the same process.
 *
 * What bounds it: the Telegram limiter counts a send from the moment its answer came back and
 * keeps windows of 1,010 ms, so that no send can reach Telegram within a second of the one a
 * window before it, however the network delays them. That caps a steady stream at
 * L × 1000 / (1010 + round trip) ≈ 0.99 L; the first window, sent at once, puts the rate
 * measured from first to last send a little above that.
 * Run: npm run bench -- fanout   (BENCH_MEMBERS, BENCH_RATE change 5,000 and 300/s)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { autoRetry } from '@grammyjs/auto-retry';
import { Api } from 'grammy';
import pino from 'pino';
import { createApp } from '../src/app.js';
import { systemClock } from '../src/core/clock.js';
import type { Ports } from '../src/core/message.js';
import { seededRng } from '../src/core/rng.js';
import { closeDb, openDb } from '../src/db/client.js';
import { connectTelegram, createTelegramAdapter } from '../src/adapters/telegram/telegram.js';
import { invitePrefix } from '../src/features/surveys/surveys.service.js';
import { campusConfig, FANOUT_SURVEY, seedStudents, silentNlu, studentIds } from '../test/crash/campus.js';
import { startFakeTelegram, type FakeTelegram, type SentRecord } from '../test/fakes/telegram-api.js';
import { fmt, type BenchResult } from './bench.js';

const N = Number(process.env.BENCH_MEMBERS ?? 5000);
const L = Number(process.env.BENCH_RATE ?? 300);
const GOAL = 0.95;
const BASELINE_SENDS = Math.min(N, 5 * L);

interface Span {
  count: number;
  /** Accepted sends per second from the first to the last. */
  rate: number;
  seconds: number;
}

/** The rate of accepted sends from the first to the last one. */
function span(records: SentRecord[]): Span {
  if (records.length < 2) return { count: records.length, rate: 0, seconds: 0 };
  const ms = records.at(-1)!.at - records[0]!.at;
  return { count: records.length, rate: ((records.length - 1) / ms) * 1000, seconds: ms / 1000 };
}

/** The least time any client could take for `n` sends under a rolling limit of L a second: full windows back to back. */
const idealSeconds = (n: number) => Math.ceil(n / L) - 1;

/** The survey run through the whole app. */
async function runFanout(fake: FakeTelegram) {
  const dir = mkdtempSync(join(tmpdir(), 'yizhan-bench-'));
  const db = openDb(join(dir, 'bench.db'));
  const log = pino({ level: 'silent' });
  const ids = studentIds(N);
  await seedStudents(db, ids, fake);
  const ports: Ports = new Map();
  const limits = { perSecond: L, perChatPerSecond: 1, perGroupPerMinute: 20 };
  const connection = await connectTelegram({ token: fake.token, apiRoot: fake.apiRoot, log, limits });
  const config = campusConfig();
  const app = createApp({ config, db, clock: systemClock, rng: seededRng(1), log, ports, nlu: silentNlu });
  const adapter = createTelegramAdapter({ connection, app, clock: systemClock, log, ports, defaultLocale: 'zh-CN', menus: false });
  const before = fake.sent.length;
  const t0 = performance.now();
  const run = await app.surveys.start(FANOUT_SURVEY, null, systemClock.now());
  const enqueueMs = performance.now() - t0;
  while (await app.outbox.pump.nextDueAt()) {
    await app.outbox.deliver();
    const next = await app.outbox.pump.nextDueAt();
    if (next) await new Promise((r) => setTimeout(r, Math.max(0, next.getTime() - Date.now())));
  }
  const sends = fake.sent.slice(before).filter((r) => r.method === 'sendMessage');
  const perChat = new Map<number, number>();
  for (const r of sends) perChat.set(r.chatId!, (perChat.get(r.chatId!) ?? 0) + 1);
  const statuses = app.outbox.statusCounts(invitePrefix(run.run.id));
  const notSent = db.$client.prepare(`select chat_id, status, last_error from outbox where status <> 'sent' limit 3`).all();
  await adapter.stop();
  closeDb(db);
  rmSync(dir, { recursive: true, force: true });
  return {
    span: span(sends), enqueueMs, statuses, invited: run.invited, notSent,
    lost: ids.filter((id) => !perChat.has(id)).length,
    duplicated: [...perChat.values()].filter((n) => n > 1).length,
  };
}

/** A plain loop of sendMessage calls through grammY, retrying each 429 after its retry_after. */
async function runBaseline(fake: FakeTelegram): Promise<Span> {
  const api = new Api(fake.token, { apiRoot: fake.apiRoot });
  api.config.use(autoRetry({ maxRetryAttempts: 20, maxDelaySeconds: 60 }));
  const before = fake.sent.length;
  for (const id of studentIds(BASELINE_SENDS)) await api.sendMessage(id, '食堂小调查 / Canteen check');
  return span(fake.sent.slice(before).filter((r) => r.method === 'sendMessage'));
}

export async function benchFanout(): Promise<BenchResult> {
  const fake = await startFakeTelegram();
  try {
    fake.enforceRateLimit({ perSecond: L, perChatPerSecond: 1 });
    const ours = await runFanout(fake);
    const violations = fake.rateViolations;
    fake.enforceRateLimit(null);
    await new Promise((r) => setTimeout(r, 1100)); // a fresh window for the baseline
    fake.enforceRateLimit({ perSecond: L, perChatPerSecond: 1 });
    const baseline = await runBaseline(fake);
    const baselineViolations = fake.rateViolations - violations;
    const ratio = ours.span.rate / L;
    const ok = ratio >= GOAL && ours.lost === 0 && ours.duplicated === 0 && violations === 0;
    return {
      name: 'survey fan-out through the outbox',
      ok,
      lines: [
        `members: ${fmt(N)} with a Telegram private chat; limit enforced by the fake Bot API: ${L}/s overall, 1/s per chat (port and outbox paced to the same)`,
        `survey run enqueued (${fmt(ours.invited)} invitations, one transaction) in ${fmt(ours.enqueueMs)} ms; outbox at the end: ${JSON.stringify(ours.statuses)}`,
        `yizhan: ${fmt(ours.span.count)} sends in ${ours.span.seconds.toFixed(2)} s = ${ours.span.rate.toFixed(1)}/s; `
          + `least possible under the limit (full windows back to back): ${idealSeconds(ours.span.count)} s`,
        `ceiling of the Telegram limiter in a steady stream (a send counts from its answer, 1,010 ms windows): `
          + `${((L * 1000) / 1010).toFixed(1)}/s less the round trip`,
        `lost: ${ours.lost}, duplicated: ${ours.duplicated}, sends refused by the fake (429): ${violations}`
          + (ours.notSent.length ? `; not sent: ${JSON.stringify(ours.notSent)}` : ''),
        `baseline, a plain grammY sendMessage loop with auto-retry: ${fmt(baseline.count)} sends in ${baseline.seconds.toFixed(2)} s = `
          + `${baseline.rate.toFixed(1)}/s (${(baseline.rate / L).toFixed(3)} of the limit), ${baselineViolations} refused with 429`,
        `ratio: achieved / limit = ${ratio.toFixed(3)} (goal ≥ ${GOAL}); achieved / baseline = ${(ours.span.rate / baseline.rate).toFixed(2)}`,
      ],
    };
  } finally {
    await fake.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await benchFanout();
  console.log(`${r.name}\n  ${r.lines.join('\n  ')}\n  ${r.ok ? 'goal met' : 'GOAL MISSED'}`);
}

/**
 * Updates per second through the Telegram adapter — the getUpdates loop, the inbox, the mapping,
 * the router with its units of work, the outbox (every reply a row, claimed and marked), the port —
 * until every reply was sent, against the floor (runFloor) measured in the same run: bare grammY
 * plus only what never losing or repeating an update requires (the inbox's durable writes) and the
 * NLU. Goal: SQLite (a temporary database file, WAL, synchronous=FULL) at least 0.8 of the floor.
 * The same path runs on PostgreSQL (a database on BENCH_PG_URL's server, else on an embedded
 * server started for the run), printed beside it. Both talk to an in-process Bot API
 * (telegram.fake.ts); pacing is switched off (Telegram's 30 messages a second would be all we
 * measured). Also printed: bare grammY, the router alone, and the CPU each run used per update,
 * which other processes on the machine move far less than its wall time.
 * Run: npm run bench -- telegram   (BENCH_UPDATES sets how many updates, default 20,000)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Api, Bot } from 'grammy';
import type { Update } from 'grammy/types';
import pino from 'pino';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { systemClock } from '../src/core/clock.js';
import type { Ports } from '../src/core/message.js';
import { seededRng } from '../src/core/rng.js';
import { openDb } from '../src/db/client.js';
import { openStore, sqliteStore, type Store } from '../src/db/store.js';
import { connectTelegram, createTelegramAdapter } from '../src/adapters/telegram/telegram.js';
import { mapUpdate } from '../src/adapters/telegram/telegram.mapping.js';
import { pendingUpdates } from '../src/adapters/telegram/telegram.repo.js';
import { nextOutboxTime } from '../src/core/outbox.queue.repo.js';
import { fmt, type BenchResult } from './bench.js';
import { benchPostgres } from './pg-server.js';
import { BOT, cannedApi, TOKEN, traffic, type Confirmed } from './telegram.fake.js';
import { measure, perSecondOnFreshDb, runFloor, type Measured } from './telegram.floor.js';

const N = Number(process.env.BENCH_UPDATES ?? 20_000);
/**
 * PostgreSQL's run is a tenth as long (at least 1,000 updates): there each unit is a transaction of
 * its own, committed before the next one starts, so it runs at tens of updates a second and 20,000
 * would take minutes; its rate is steady long before.
 */
const N_PG = Math.max(1_000, Math.floor(N / 10));
/** Of the floor. */
const GOAL = 0.8;
const UNLIMITED = { perSecond: Infinity, perChatPerSecond: Infinity, perGroupPerMinute: Infinity };

// ----------------------------------------------------------------------------------- the runs

/** A store for one run, removed afterwards. */
interface RunStore {
  store: Store;
  /** The file the data key file is named after. */
  path: string;
  remove(): Promise<void>;
}

export async function sqliteRunStore(): Promise<RunStore> {
  const dir = mkdtempSync(join(tmpdir(), 'yizhan-bench-'));
  const path = join(dir, 'bench.db');
  const store = sqliteStore(openDb(path));
  return { store, path, remove: async () => void rmSync(dir, { recursive: true, force: true }) };
}

async function pgRunStore(url: string): Promise<RunStore> {
  const dir = mkdtempSync(join(tmpdir(), 'yizhan-bench-'));
  const path = join(dir, 'bench.db');
  const config = loadConfig('config/default.yaml', {});
  const store = await openStore({ ...config.database, url }, path);
  return { store, path, remove: async () => void rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Our adapter: polling → inbox → router → store → outbox → port, until every update is done and
 * every reply sent. Waits on the store through its repos: the poller confirmed the last update
 * (it was stored), none is pending, no reply is pending, and the outbox's pass ended.
 */
export async function runYizhan(open: () => Promise<RunStore>, warmup: Update[], measured: Update[]): Promise<Measured & { sends: number }> {
  const { store, remove } = await open();
  // The first error logged, or the first update that failed, ends the run: a path that fails is not
  // measured (its inbox would try again for minutes).
  let failure: string | undefined;
  const log = pino({ level: 'warn' }, {
    write: (line: string) => {
      const { level, msg, err } = JSON.parse(line) as { level: number; msg?: string; err?: { message?: string } };
      if (level >= 50 || msg === 'telegram update failed') failure ??= [msg, err?.message].filter(Boolean).join(': ');
    },
  });
  const queue: Update[] = [];
  const confirmed: Confirmed = { offset: 0 };
  const api = new Api(TOKEN, { apiRoot: 'http://127.0.0.1:9' });
  let sends = 0;
  const canned = cannedApi(queue, confirmed);
  api.config.use((prev, method, payload, signal) => {
    if (method === 'sendMessage') sends++;
    return canned(prev, method, payload, signal);
  });
  try {
    const connection = await connectTelegram({ token: TOKEN, apiRoot: 'http://127.0.0.1:9', log, limits: UNLIMITED, api });
    const ports: Ports = new Map();
    const config = loadConfig('config/default.yaml', {});
    const app = createApp({ config, db: store.db, store, clock: systemClock, rng: seededRng(1), log, ports, botUsername: () => BOT.username });
    const adapter = createTelegramAdapter({ connection, app, clock: systemClock, log, ports, defaultLocale: 'zh-CN', menus: false });
    const polling = adapter.startPolling({ timeoutSeconds: 0 });
    const busy = async () => (await app.units.read((q) => pendingUpdates(q, 0, 1))).length > 0 || (await app.units.read(nextOutboxTime)) !== undefined;
    const drain = async (updates: Update[]) => {
      queue.push(...updates);
      const last = updates.at(-1)!.update_id;
      while (confirmed.offset <= last || (await busy())) {
        if (failure) throw new Error(failure);
        await new Promise((r) => setTimeout(r, 50));
        await adapter.inbox.idle();
      }
      await app.outbox.deliver(); // the rows still under way
    };
    try {
      await drain(warmup);
      sends = 0;
      const m = await measure(measured.length, () => drain(measured));
      return { ...m, sends };
    } finally {
      await polling.stop();
      await adapter.stop();
    }
  } finally {
    await store.close();
    await remove();
  }
}

/**
 * The core alone, for comparison: the same updates mapped up front and handed to the router, all
 * chats at once, until their replies were sent through the outbox to an in-process port.
 */
async function runRouterOnly(warmup: Update[], measured: Update[]): Promise<Measured> {
  return perSecondOnFreshDb((db) => {
    const port = { platform: 'telegram' as const, send: async (chatId: string) => ({ platform: 'telegram' as const, chatId, messageId: '1' }), edit: async () => {} };
    const app = createApp({
      config: loadConfig('config/default.yaml', {}), db, clock: systemClock, rng: seededRng(1), log: pino({ level: 'silent' }),
      ports: new Map([['telegram', port]]), botUsername: () => BOT.username,
    });
    return async (updates) => {
      await Promise.all(updates.map((u) => {
        const m = mapUpdate(u, { id: BOT.id, username: BOT.username });
        return m.kind === 'incoming' ? app.router.handle(m.incoming) : undefined;
      }));
      while ((await app.units.read(nextOutboxTime)) !== undefined) await app.outbox.deliver();
      await app.outbox.deliver(); // the rows still under way
    };
  }, warmup, measured);
}

/**
 * Bare grammY: handleUpdate, one-line handlers. One pass over the updates takes only ~0.1 s, so a
 * hiccup of the machine moved it by half; the median of five passes is what the ratio divides by.
 */
async function runBare(warmup: Update[], measured: Update[]): Promise<number> {
  const bot = new Bot(TOKEN, { botInfo: BOT });
  bot.api.config.use(cannedApi());
  bot.on('message', (ctx) => ctx.reply('ok'));
  bot.on('callback_query', (ctx) => ctx.answerCallbackQuery());
  for (const u of warmup) await bot.handleUpdate(u);
  const passes: number[] = [];
  for (let pass = 0; pass < 5; pass++) {
    const t0 = performance.now();
    for (const u of measured) await bot.handleUpdate(u);
    passes.push((measured.length / (performance.now() - t0)) * 1000);
  }
  return passes.sort((a, b) => a - b)[2]!;
}

/** PostgreSQL's run of the same path, or why it was not measured. */
async function runOnPostgres(warmup: Update[], measured: Update[]): Promise<{ ours: Measured & { sends: number }; server: string } | { failed: string }> {
  let pg;
  try {
    pg = await benchPostgres();
  } catch (e) {
    return { failed: `no PostgreSQL to run on: ${(e as Error).message.split('\n')[0]}` };
  }
  try {
    return { ours: await runYizhan(() => pgRunStore(pg.url), warmup, measured), server: pg.server };
  } catch (e) {
    return { failed: (e as Error).message.split('\n')[0]! };
  } finally {
    await pg.stop();
  }
}

const cpu = (m: Measured) => `${fmt(m.cpuMicros)} µs of CPU per update`;

export async function benchTelegram(): Promise<BenchResult> {
  const warm = Math.max(500, Math.floor(N / 10));
  const updates = () => [traffic(warm, 1), traffic(N, warm + 1)] as const;
  const bare = await runBare(...updates());
  // The floor before and after ours, so that a change of the machine's load between runs weighs less.
  const floorBefore = await runFloor(...updates());
  const ours = await runYizhan(sqliteRunStore, ...updates());
  const floorAfter = await runFloor(...updates());
  const durable = await runFloor(...updates(), { durableReplies: true });
  const routerOnly = await runRouterOnly(...updates());
  const warmPg = Math.max(200, Math.floor(N_PG / 10));
  const onPg = await runOnPostgres(traffic(warmPg, 1), traffic(N_PG, warmPg + 1));
  const floor: Measured = { perSecond: (floorBefore.perSecond + floorAfter.perSecond) / 2, cpuMicros: (floorBefore.cpuMicros + floorAfter.cpuMicros) / 2 };
  const ofFloor = (m: Measured) => m.perSecond / floor.perSecond;
  const cpuOfFloor = (m: Measured) => floor.cpuMicros / m.cpuMicros;
  const ratio = ofFloor(ours);
  return {
    name: 'telegram adapter throughput',
    ok: ratio >= GOAL,
    lines: [
      `updates: ${fmt(N)} mixed (private commands and text, button presses, group chatter, group commands and mentions; zh and en), after ${fmt(warm)} to warm up`,
      `floor: bare grammY + the inbox's durable writes (2 commits per 100 updates, SQLite, synchronous=FULL) + NLU on addressed plain text: ${fmt(floor.perSecond)} updates/s (${fmt(floorBefore.perSecond)} before ours, ${fmt(floorAfter.perSecond)} after), ${cpu(floor)}`,
      `SQLite: getUpdates loop → inbox → mapping → router → units of work → outbox → port (file DB, WAL, synchronous=FULL): ${fmt(ours.perSecond)} updates/s, ${fmt(ours.sends)} messages sent, ${cpu(ours)}`,
      `floor with durable replies (as ours: each reply an outbox row written with its update, claimed in a commit before the call and marked sent in one after, each chat's in order): ${fmt(durable.perSecond)} updates/s, ${cpu(durable)}; SQLite at ${(ours.perSecond / durable.perSecond).toFixed(3)} of it (CPU: ${(durable.cpuMicros / ours.cpuMicros).toFixed(3)})`,
      'failed' in onPg
        ? `PostgreSQL: not measured (${onPg.failed})`
        : `PostgreSQL (${onPg.server}; the same path, each unit its own transaction; ${fmt(N_PG)} updates): ${fmt(onPg.ours.perSecond)} updates/s, ${fmt(onPg.ours.sends)} messages sent, ${cpu(onPg.ours)}; ${ofFloor(onPg.ours).toFixed(3)} of the floor (CPU: ${cpuOfFloor(onPg.ours).toFixed(3)})`,
      `for comparison, the router and the outbox alone on SQLite (no polling, inbox or Telegram client): ${fmt(routerOnly.perSecond)} updates/s; bare grammY (handleUpdate, one-line reply handler; median of 5 passes): ${fmt(bare)} updates/s, the floor ${(floor.perSecond / bare).toFixed(3)} of it`,
      `goal: SQLite ≥ ${GOAL.toFixed(2)} of the floor's updates/s: ${ratio.toFixed(3)} (in CPU per update: ${cpuOfFloor(ours).toFixed(3)}; ${(ours.perSecond / bare).toFixed(3)} of bare grammY)`,
    ],
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await benchTelegram();
  console.log(`${r.name}\n  ${r.lines.join('\n  ')}\n  ${r.ok ? 'goal met' : 'GOAL MISSED'}`);
}

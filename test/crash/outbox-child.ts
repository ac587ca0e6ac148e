/**
 * The outbox delivery worker as a process of its own, for test/crash/outbox-crash.test.ts: the
 * real app (an NLU that understands nothing: delivering never asks it) with the real Telegram port
 * (grammY over HTTP, limiter, 429 gate), no polling. Sends until nothing is pending, then exits 0.
 * The test kills it with SIGKILL at random points and starts it again.
 *
 *   YIZHAN_DB=/tmp/x/bot.db [DATABASE_URL=postgres://…] TELEGRAM_API_ROOT=http://127.0.0.1:PORT TELEGRAM_BOT_TOKEN=... \
 *   OUTBOX_RATE=100 node --import tsx test/crash/outbox-child.ts
 */
import pino from 'pino';
import { createApp } from '../../src/app.js';
import { systemClock } from '../../src/core/clock.js';
import type { Ports } from '../../src/core/message.js';
import { cryptoRng } from '../../src/core/rng.js';
import { openStore } from '../../src/db/store.js';
import { connectTelegram, createTelegramAdapter } from '../../src/adapters/telegram/telegram.js';
import { campusConfig, silentNlu } from './campus.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const log = pino({ level: process.env.LOG_LEVEL ?? 'warn' }, pino.destination(2));
const url = process.env.DATABASE_URL; // PostgreSQL under npm run test:pg
const store = await openStore({ path: env('YIZHAN_DB'), ...(url ? { url } : {}) });
const rate = Number(process.env.OUTBOX_RATE ?? 30);
const connection = await connectTelegram({
  token: env('TELEGRAM_BOT_TOKEN'), apiRoot: env('TELEGRAM_API_ROOT'), log,
  limits: { perSecond: rate, perChatPerSecond: 1, perGroupPerMinute: 20 },
});
const ports: Ports = new Map();
const config = campusConfig();
const app = createApp({ config, db: store.db, store, clock: systemClock, rng: cryptoRng, log, ports, nlu: silentNlu });
const adapter = createTelegramAdapter({ connection, app, clock: systemClock, log, ports, defaultLocale: config.campus.default_locale, menus: false });

// The Telegram limiter's timers are unref'd: alone in a process (no polling, no HTTP server), a
// send waiting out a 429 pause would let the process exit mid-send. This keeps it alive meanwhile.
const keepAlive = setInterval(() => undefined, 60_000);
// What the scheduler's pump does, without the rest of the scheduler: deliver, wait for the next due row.
for (let next = await app.outbox.pump.nextDueAt(); next; next = await app.outbox.pump.nextDueAt()) {
  const wait = Math.max(0, next.getTime() - Date.now());
  await new Promise((r) => setTimeout(r, wait));
  await app.outbox.deliver();
}
clearInterval(keepAlive);
await adapter.stop();
await store.close();
process.exit(0);

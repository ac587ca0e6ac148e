/**
 * The bot on Telegram (`node dist/main.js` with TELEGRAM_BOT_TOKEN): database → who the bot is → app
 * (the NLU model from its cache beside the database) → adapter → HTTP server (health check,
 * webhook) → long polling or webhook → scheduler, until SIGINT/SIGTERM. A stop stops receiving,
 * lets the updates in progress finish, sends what is owed (the outbox) for at most
 * `shutdown.flush_seconds`, closes the database and exits 0; whatever was not processed or sent
 * by then stays in the database for the next start.
 */
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import type { Logger } from 'pino';
import { createApp, type App } from '../../app.js';
import type { Config } from '../../config.js';
import { systemClock } from '../../core/clock.js';
import type { Ports } from '../../core/message.js';
import { cryptoRng } from '../../core/rng.js';
import { closeDb, openDb, type Db } from '../../db/client.js';
import { createLogger } from '../../log.js';
import { cachedNlu, warmUpNlu } from '../../nlu/index.js';
import { startHttpServer, type HttpServer } from './telegram.http.js';
import { TELEGRAM_LIMITS } from './telegram.limiter.js';
import type { Polling } from './telegram.polling.js';
import { getSetting, setSetting } from './telegram.repo.js';
import { connectTelegram, createTelegramAdapter, type TelegramAdapter } from './telegram.js';

const SECRET_SHAPE = /^[A-Za-z0-9_-]{1,256}$/;

/**
 * Runs the bot on Telegram until SIGINT/SIGTERM (or until polling cannot go on), stops within
 * `shutdown.flush_seconds` and exits the process: 0 after a signal, 1 when polling failed. Resolves
 * with 1 only when it could not start (Telegram unreachable, token refused).
 */
export async function runTelegram(config: Config, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const log = createLogger(config.log_level);
  const signalled = stopSignal(log); // from the start: a stop asked for while starting waits for the start
  const dbPath = resolve(config.database.path);
  const db = openDb(dbPath);
  const ports: Ports = new Map();
  const limits = { ...TELEGRAM_LIMITS, perSecond: config.telegram.messages_per_second };
  const connection = await connectTelegram({ token: config.telegram.token!, apiRoot: config.telegram.api_root, log, limits }).catch((err: unknown) => {
    log.fatal({ err }, 'cannot reach Telegram or the token was refused');
    return undefined;
  });
  if (!connection) return closeDb(db), 1;
  const app = createApp({
    config, db, clock: systemClock, rng: cryptoRng, log, ports, nlu: cachedNlu(`${dbPath}.nlu-model`, log),
    botUsername: (platform) => (platform === 'telegram' ? connection.bot.username : undefined),
  });
  const adapter = createTelegramAdapter({ connection, app, db, clock: systemClock, log, ports, defaultLocale: config.campus.default_locale,
    inboxDays: config.privacy.retention.telegram_inbox_days, adminKeys: config.admins });
  const webhookUrl = config.telegram.webhook_url;
  const secret = webhookUrl ? await webhookSecret(env.TELEGRAM_WEBHOOK_SECRET, db, app.units.run) : undefined;
  let receiving = true;
  const http = await startHttpServer({
    port: Number(env.HEALTH_PORT ?? 8080), log,
    health: () => receiving && db.$client.prepare('select 1 as ok').get() !== undefined,
    ...(webhookUrl && secret ? { webhook: { path: new URL(webhookUrl).pathname, secret, accept: adapter.accept } } : {}),
  });
  let polling: Polling | undefined;
  if (webhookUrl && secret) await adapter.startWebhook(webhookUrl, secret);
  else polling = adapter.startPolling();
  await app.scheduler.start();
  log.info({ bot: connection.bot.username, mode: polling ? 'polling' : 'webhook', healthPort: http.port }, 'telegram adapter running');
  setTimeout(warmUpNlu, 1000).unref(); // after the start, not in its way (the first getUpdates goes out after deleteWebhook)

  const failure = await Promise.race([signalled.then(() => false), pollingFailed(polling, log)]);
  return stopAndExit({ db, app, adapter, http, polling, stopReceiving: () => (receiving = false) }, config.shutdown.flush_seconds, log, failure ? 1 : 0);
}

interface Running {
  db: Db;
  app: App;
  adapter: TelegramAdapter;
  http: HttpServer;
  polling: Polling | undefined;
  /** The health check answers 503 from now on. */
  stopReceiving(): void;
}

/**
 * Stops receiving, lets the updates in progress finish and has the outbox send what it owes, for at
 * most `flushSeconds`; then closes the database, logs "stopped" and exits with `code`.
 */
async function stopAndExit(r: Running, flushSeconds: number, log: Logger, code: number): Promise<never> {
  const stopping = Date.now();
  const finished = await within(flushSeconds * 1000, log, async () => {
    r.stopReceiving();
    r.http.refuseWebhooks();
    await r.polling?.stop(); // receives nothing more; a batch being stored is stored first
    await r.adapter.stop(); // the updates in progress finish (and are marked done); the rest stay pending
    await r.app.router.idle();
    await r.app.scheduler.stop({ flush: true }); // no new due work; what the outbox owes now is sent
    await r.http.close();
  });
  // Past the bound, work still under way would find the database closed: nothing may run after
  // this, so the process exits here (the log is written synchronously).
  closeDb(r.db);
  log.info({ ms: Date.now() - stopping, flushed: finished }, 'stopped');
  process.exit(code);
}

/**
 * Resolves with the first SIGINT or SIGTERM. A second signal exits at once (130), unless it is
 * the same one relayed by a wrapper (npm, tsx) right after the first.
 */
function stopSignal(log: Logger): Promise<string> {
  return new Promise((resolve) => {
    const onSignal = (signal: string) => {
      process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
      log.info({ signal }, 'shutting down');
      const first = Date.now();
      const again = () => Date.now() - first > 1000 && process.exit(130);
      process.on('SIGINT', again).on('SIGTERM', again);
      resolve(signal);
    };
    process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
  });
}

/** Resolves with true when polling ended on its own because it could not go on (never with webhooks). */
function pollingFailed(polling: Polling | undefined, log: Logger): Promise<boolean> {
  return new Promise((resolve) => {
    polling?.done.catch((err: unknown) => {
      log.fatal({ err }, 'polling stopped');
      resolve(true);
    });
  });
}

/** Runs `stop` for at most `ms`: true when it finished in time (a failure is logged and counts as finished). */
async function within(ms: number, log: Logger, stop: () => Promise<void>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  const done = stop().then(() => true, (err: unknown) => (log.error({ err }, 'stopping failed'), true));
  const finished = await Promise.race([done, bound]);
  clearTimeout(timer);
  if (!finished) log.warn({ flushSeconds: ms / 1000 }, 'flush bound reached: what was not sent yet is sent at the next start');
  return finished;
}

/** TELEGRAM_WEBHOOK_SECRET, else the secret generated at the first start and kept in the database. */
async function webhookSecret(fromEnv: string | undefined, db: Db, run: (work: () => void) => Promise<void>): Promise<string> {
  if (fromEnv) {
    if (!SECRET_SHAPE.test(fromEnv)) throw new Error('TELEGRAM_WEBHOOK_SECRET: use 1-256 characters A-Z, a-z, 0-9, "_" and "-"');
    return fromEnv;
  }
  const stored = getSetting(db, 'webhook_secret');
  if (stored) return stored;
  const secret = randomBytes(32).toString('base64url');
  await run(() => setSetting(db, 'webhook_secret', secret));
  return secret;
}

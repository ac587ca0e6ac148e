/**
 * `npm start` with TELEGRAM_BOT_TOKEN: database → who the bot is → app → adapter → HTTP server
 * (health check, webhook) → long polling or webhook → scheduler, until SIGINT/SIGTERM. Shutting
 * down stops receiving, lets the updates in progress finish, and closes the database; whatever
 * was not processed yet stays in the inbox for the next start.
 */
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import type { Logger } from 'pino';
import { createApp } from '../../app.js';
import type { Config } from '../../config.js';
import { systemClock } from '../../core/clock.js';
import type { Ports } from '../../core/message.js';
import { cryptoRng } from '../../core/rng.js';
import { closeDb, openDb, type Db } from '../../db/client.js';
import { createLogger } from '../../log.js';
import { startHttpServer } from './telegram.http.js';
import type { Polling } from './telegram.polling.js';
import { getSetting, setSetting } from './telegram.repo.js';
import { connectTelegram, createTelegramAdapter } from './telegram.js';

const SECRET_SHAPE = /^[A-Za-z0-9_-]{1,256}$/;

/** Runs the bot on Telegram until a signal; resolves with the exit code. */
export async function runTelegram(config: Config, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const log = createLogger(config.log_level);
  const db = openDb(resolve(config.database.path));
  const ports: Ports = new Map();
  const connection = await connectTelegram({ token: config.telegram.token!, apiRoot: config.telegram.api_root, log }).catch((err: unknown) => {
    log.fatal({ err }, 'cannot reach Telegram or the token was refused');
    return undefined;
  });
  if (!connection) return closeDb(db), 1;
  const app = createApp({
    config, db, clock: systemClock, rng: cryptoRng, log, ports,
    botUsername: (platform) => (platform === 'telegram' ? connection.bot.username : undefined),
  });
  const adapter = createTelegramAdapter({ connection, app, db, clock: systemClock, log, ports, defaultLocale: config.campus.default_locale });
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

  const failure = await untilStopped(polling, log);
  receiving = false;
  http.refuseWebhooks();
  await polling?.stop();
  await adapter.stop();
  await app.scheduler.stop();
  await app.router.idle();
  await http.close();
  closeDb(db);
  log.info('stopped');
  return failure ? 1 : 0;
}

/** Resolves on SIGINT/SIGTERM (false) or when polling ended on its own (true: it could not go on). */
function untilStopped(polling: Polling | undefined, log: Logger): Promise<boolean> {
  return new Promise((resolve) => {
    const onSignal = (signal: string) => {
      log.info({ signal }, 'shutting down');
      const first = Date.now();
      // A second signal stops at once, unless it is the same one relayed by a wrapper (npm, tsx) right after.
      process.on(signal, () => Date.now() - first > 1000 && process.exit(130));
      resolve(false);
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    polling?.done.then(() => resolve(false), (err: unknown) => {
      log.fatal({ err }, 'polling stopped');
      resolve(true);
    });
  });
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

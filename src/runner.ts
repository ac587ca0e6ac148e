/**
 * The bot on its platforms (`node dist/main.js` with one token or more): database (SQLite, or
 * PostgreSQL when DATABASE_URL is set; db/open.ts) and data keys → each platform
 * connected (who the bot is there) → app (the NLU model from its cache beside the database) → one
 * adapter per platform → one HTTP server (`/healthz` reporting the store and each platform, and the routes an
 * adapter serves, e.g. Telegram's webhook) → each adapter starts receiving → scheduler, until
 * SIGINT/SIGTERM. Every platform shares the database, the scheduler and the outbox.
 *
 * A stop stops every adapter receiving, lets what is being handled finish, has the outbox send what
 * it owes for at most `shutdown.flush_seconds`, disconnects, closes the database and exits 0.
 */
import { resolve } from 'node:path';
import type { Logger } from 'pino';
import { createApp, type App } from './app.js';
import type { Config } from './config.js';
import { systemClock, type Clock } from './core/clock.js';
import type { Platform, PlatformLimits, Ports } from './core/message.js';
import { cryptoRng } from './core/rng.js';
import type { Store } from './db/store.js';
import { openStoreAndKeys } from './db/open.js';
import { leaderOf, sendWhileLeading, type Lead, type Leadership } from './core/leadership.js';
import { createLogger } from './log.js';
import { cachedNlu, warmUpNlu } from './nlu/index.js';
import { startHttpServer, type HttpRoute, type HttpServer } from './runner.http.js';
import { stopSignal, within } from './runner.stop.js';

/** A running platform, as the runner drives it. */
export interface PlatformAdapter {
  readonly platform: Platform;
  /** The send rates its port declares (what the outbox keeps to there). */
  readonly limits?: PlatformLimits;
  /** Starts receiving: what was pending from before first, then new events. */
  start(): Promise<void>;
  /** Stops receiving; what is being handled finishes, the rest waits for the next start. */
  stop(): Promise<void>;
  /** After the outbox's flush: disconnects from the platform. */
  close(): Promise<void>;
  /** Whether it is connected and receiving (the health check). */
  health(): boolean;
  /** Settles with the reason when it cannot go on by itself (the process then stops with status 1). */
  readonly failed?: Promise<unknown>;
  /** HTTP routes it serves on the runner's server (Telegram's webhook). */
  readonly routes?: readonly HttpRoute[];
}

/** What an adapter is given once the app exists. */
export interface AttachDeps {
  app: App;
  clock: Clock;
  log: Logger;
  /** The adapter registers its port here. */
  ports: Ports;
  env: NodeJS.ProcessEnv;
  /** Leads a role only one instance may hold (core/leadership.ts): the Telegram poller, the Discord gateway. */
  lead: Lead;
  /** Whether other instances may share the database (PostgreSQL): the adapter's inbox then looks for what they left every few seconds. */
  shared: boolean;
}

/** A platform reached and logged in to, before the app exists. */
export interface Connected {
  platform: Platform;
  /** The bot's username there (tells "/cmd@us" from "/cmd@another_bot"). */
  username: string;
  attach(deps: AttachDeps): Promise<PlatformAdapter>;
  /** Gives up the connection when the start does not go on (another platform failed). */
  abandon(): Promise<void>;
}

/** Connects to one platform; throws (after logging why) when it cannot. */
export type Connector = (config: Config, log: Logger) => Promise<Connected>;

/**
 * Runs the bot on every platform of `connectors` until SIGINT/SIGTERM (or until one cannot go on),
 * stops within `shutdown.flush_seconds` and exits the process: 0 after a signal, 1 when a platform
 * failed. Resolves with 1 only when it could not start (a platform unreachable, a token refused).
 */
export async function runPlatforms(config: Config, connectors: Connector[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const log = createLogger(config.log_level);
  const signalled = stopSignal(log); // from the start: a stop asked for while starting waits for the start
  const dbPath = resolve(config.database.path);
  const { store, dataKeys } = await openStoreAndKeys(config.database, dbPath, env, log); // a key that cannot be used stops the start
  const db = store.db;
  const tried = await Promise.allSettled(connectors.map((connect) => connect(config, log)));
  const connected = tried.flatMap((t) => (t.status === 'fulfilled' ? [t.value] : []));
  if (connected.length < connectors.length) {
    for (const t of tried) if (t.status === 'rejected') log.fatal({ err: t.reason }, 'cannot reach a platform or its token was refused');
    await Promise.all(connected.map((c) => c.abandon().catch(() => undefined)));
    return await store.close(), 1;
  }
  const ports: Ports = new Map();
  const app = createApp({
    config, db, store, clock: systemClock, rng: cryptoRng, log, ports, nlu: cachedNlu(`${dbPath}.nlu-model`, log), dataKeys,
    botUsername: (platform) => connected.find((c) => c.platform === platform)?.username,
  });
  // Roles one instance holds at a time (on SQLite, this one from the first ask: core/leases.repo.ts).
  const lead = leaderOf({ clock: systemClock, log, units: app.units });
  const shared = store.kind === 'postgres'; // other instances may run on the database
  const sending = sendWhileLeading(app.outbox, lead, shared ? { pollMs: 500 } : {});
  const adapters: PlatformAdapter[] = [];
  for (const c of connected) adapters.push(await c.attach({ app, clock: systemClock, log, ports, env, lead, shared }));
  let receiving = true;
  const http = await startHttpServer({
    port: Number(env.HEALTH_PORT ?? 8080), log, routes: adapters.flatMap((a) => a.routes ?? []),
    health: () => healthReport(receiving, store, adapters),
  });
  await sending.start();
  for (const a of adapters) await a.start();
  await app.scheduler.start();
  log.info({ platforms: adapters.map((a) => a.platform), store: store.kind, healthPort: http.port }, 'running');
  setTimeout(warmUpNlu, 1000).unref(); // after the start, not in its way

  const failure = await Promise.race([signalled.then(() => false), ...adapters.map((a) => failedOf(a, log))]);
  return stopAndExit({ store, app, adapters, http, sending, stopReceiving: () => (receiving = false) }, config.shutdown.flush_seconds, log, failure ? 1 : 0);
}

/** What `/healthz` answers: the store (which one, whether it answers) and each platform's state by name. */
export type BotHealth = {
  ok: boolean;
  store: { kind: Store['kind']; ok: boolean };
  platforms: Record<string, boolean>;
};

/** `/healthz`: ok while receiving, the database answers and every platform is up. */
async function healthReport(receiving: boolean, store: Store, adapters: PlatformAdapter[]): Promise<BotHealth> {
  const platforms = Object.fromEntries(adapters.map((a) => [a.platform, receiving && a.health()]));
  const dbOk = await store.answers().catch(() => false);
  return { ok: receiving && dbOk && Object.values(platforms).every(Boolean), store: { kind: store.kind, ok: dbOk }, platforms };
}

/** Resolves with true when the adapter says it cannot go on; never otherwise. */
function failedOf(a: PlatformAdapter, log: Logger): Promise<boolean> {
  return new Promise((resolve) => {
    void a.failed?.then((err: unknown) => {
      log.fatal({ err, platform: a.platform }, 'a platform stopped');
      resolve(true);
    });
  });
}

interface Running {
  store: Store;
  app: App;
  adapters: PlatformAdapter[];
  http: HttpServer;
  /** The outbox's `outbox.sender` lease: given up once the flush is over. */
  sending: Leadership;
  /** The health check answers 503 from now on. */
  stopReceiving(): void;
}

/**
 * Stops every adapter receiving, lets what is being handled finish and has the outbox send what it
 * owes, for at most `flushSeconds`; then closes the database, logs "stopped" and exits with `code`.
 */
async function stopAndExit(r: Running, flushSeconds: number, log: Logger, code: number): Promise<never> {
  const stopping = Date.now();
  const finished = await within(flushSeconds * 1000, log, async () => {
    r.stopReceiving();
    r.http.refuseRoutes(); // a platform that pushes to us (Telegram's webhook) keeps what it could not deliver
    await Promise.all(r.adapters.map((a) => a.stop())); // receive nothing more; what is in progress finishes
    await r.app.router.idle();
    await r.app.scheduler.stop({ flush: true }); // no new due work; what the outbox owes now is sent
    await r.sending.stop(); // another instance sends from now on
    await Promise.all(r.adapters.map((a) => a.close()));
    await r.http.close();
  });
  // Past the bound, work still under way would find the database closed: nothing may run after
  // this, so the process exits here (the log is written synchronously).
  await r.store.close().catch((err: unknown) => log.error({ err }, 'closing the database failed'));
  log.info({ ms: Date.now() - stopping, flushed: finished }, 'stopped');
  process.exit(code);
}


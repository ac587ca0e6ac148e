/**
 * Scripted Telegram chats for tests: the fake Bot API server on 127.0.0.1 and the real app with
 * the Telegram adapter (grammY over HTTP, inbox, limiter, long polling) in-process, on a fresh
 * database file. Scenario tests read like "a user sends, the bot answers":
 *
 *   const t = await telegramHarness({ admins: [2001] });
 *   t.userSends({ from: alice, text: '/start' });
 *   await t.waitFor((r) => r.chatId === alice.id);
 *   expect(t.rows('select count(*) as n from join_codes')).toEqual([{ n: 0 }]);
 *   await t.stop();
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Chat, Update, User } from 'grammy/types';
import type { Logger } from 'pino';
import { createApp, type App } from '../../src/app.js';
import type { Config } from '../../src/config.js';
import { systemClock, type Clock } from '../../src/core/clock.js';
import type { Feature } from '../../src/core/feature.js';
import type { Ports } from '../../src/core/message.js';
import { seededRng } from '../../src/core/rng.js';
import type { Db } from '../../src/db/client.js';
import type { Store } from '../../src/db/store.js';
import { execOf, openTestStore, rowsOf } from '../pg/app-store.js';
import { pgQuerySync } from '../pg/query.js';
import { pgStore } from '../../src/db/store.js';
import { openPg } from '../../src/db/pg/client.js';
import { leaderOf, sendWhileLeading } from '../../src/core/leadership.js';
import type { Limits } from '../../src/adapters/telegram/telegram.limiter.js';
import { connectTelegram, createTelegramAdapter, type TelegramAdapter, type TelegramConnection } from '../../src/adapters/telegram/telegram.js';
import type { Polling } from '../../src/adapters/telegram/telegram.polling.js';
import { startFakeTelegram, type FakeTelegram, type FakeTelegramOptions, type SentRecord, type UserSendsArgs } from '../fakes/telegram-api.js';
import { memoryLogger, testConfig } from '../harness.js';
import type { SurveyDef } from '../../src/features/surveys/surveys.schema.js';

/** Limits loose enough that scripted chats do not wait a second between two replies. */
export const TEST_LIMITS: Limits = { perSecond: 30, perChatPerSecond: 20, perGroupPerMinute: 600 };

export interface TelegramHarnessOptions {
  /** Telegram user ids that are admins in the config. */
  admins?: number[];
  limits?: Limits;
  fake?: FakeTelegramOptions;
  /** Reuse a fake (e.g. across a restart); it is then not closed by stop(). */
  reuseFake?: FakeTelegram;
  dbPath?: string;
  menus?: boolean;
  extraFeatures?: Feature[];
  maxAttempts?: number;
  retryDelaysMs?: number[];
  pickUp?: number;
  /** Start long polling (default true); false for webhook tests. */
  polling?: boolean;
  /** The app's clock (default: real time); a ManualClock lets a test move through days with `app.scheduler.advanceTo`. */
  clock?: Clock;
  /** Surveys in the config instead of the demo campus's files. */
  surveys?: SurveyDef[];
  /** The counselling duty (rota, escalation) instead of the demo campus's, whose people are console users. */
  duty?: Config['crisis']['duty'];
  /** The outbox's waits before a reply is tried again (default 2 s, 10 s, 1 min, 5 min). */
  replyBackoffMs?: number[];
  /** Waits of the Telegram port before it repeats a call refused with a 5xx, divided by this (default 1). */
  retrySpeedup?: number;
  /** Runs what is due (tasks, then the outbox: retries) every this many ms, as the scheduler's 5-second tick does. */
  tickMs?: number;
  /**
   * One of several instances on one PostgreSQL database (test/pg/instances.*): the app runs on
   * `pgUrl`, polls (when it does) and sends only while it holds the leases of TTL `ttlMs`, as the
   * runner wires them, and its inbox (and sending outbox) looks for what other instances left every `sweepMs` (default 200).
   */
  instance?: { pgUrl: string; ttlMs: number; sweepMs?: number };
}

export interface TelegramHarness {
  fake: FakeTelegram;
  app: App;
  db: Db;
  /** What the app runs on (SQLite, or PostgreSQL under npm run test:pg). */
  store: Store;
  adapter: TelegramAdapter;
  connection: TelegramConnection;
  config: Config;
  logs: Record<string, unknown>[];
  dbPath: string;
  userSends(args: UserSendsArgs): Update;
  /** Presses the button with this label on the bot's latest message offering it. */
  press(args: { from: User | number; chat?: Chat; label: string }): Update;
  waitFor(predicate: (r: SentRecord) => boolean, timeoutMs?: number): Promise<SentRecord>;
  /** Texts of the messages the bot sent to a chat, in order. */
  textsTo(chatId: number): string[];
  /** Resolves once every update the fake holds was fetched, stored and processed, and what it owes was sent. */
  settle(timeoutMs?: number): Promise<void>;
  rows<T = Record<string, unknown>>(sql: string, ...params: unknown[]): T[];
  /** Runs a statement that returns nothing (a test changing rows behind the app's back), on either store. */
  exec(sql: string, ...params: unknown[]): void;
  /** Stops; `crash` leaves its leases to run out instead of giving them up (another instance takes over after the TTL). */
  stop(opts?: { crash?: boolean }): Promise<void>;
}

export async function telegramHarness(opts: TelegramHarnessOptions = {}): Promise<TelegramHarness> {
  const fake = opts.reuseFake ?? (await startFakeTelegram(opts.fake));
  const dir = opts.dbPath ? undefined : mkdtempSync(join(tmpdir(), 'yizhan-tg-'));
  const dbPath = opts.dbPath ?? join(dir!, 'bot.db');
  const base = testConfig();
  const config: Config = {
    ...base,
    admins: [...base.admins, ...(opts.admins ?? []).map((id) => `telegram:${id}`)],
    telegram: { ...base.telegram, token: fake.token, api_root: fake.apiRoot },
    ...(opts.surveys ? { surveys: opts.surveys } : {}),
    ...(opts.duty ? { crisis: { ...base.crisis, duty: opts.duty } } : {}),
  };
  const clock = opts.clock ?? systemClock;
  const logs: Record<string, unknown>[] = [];
  const log: Logger = memoryLogger(logs, 'debug');
  const shared = opts.instance;
  const store = shared ? pgStore(await openPg(shared.pgUrl, { max: 4 }), dbPath) : await openTestStore(dbPath); // PostgreSQL under npm run test:pg
  const db = store.db;
  const rows = shared ? <T>(sql: string, ...params: unknown[]) => pgQuerySync<T>(shared.pgUrl, sql, params) : rowsOf(store, dbPath);
  const ports: Ports = new Map();
  const connection = await connectTelegram({ token: fake.token, apiRoot: fake.apiRoot, log, limits: opts.limits ?? TEST_LIMITS });
  const app = createApp({
    config, db, store, clock, rng: seededRng(7), log, ports,
    botUsername: (p) => (p === 'telegram' ? connection.bot.username : undefined),
    ...(opts.extraFeatures ? { extraFeatures: opts.extraFeatures } : {}),
    ...(opts.replyBackoffMs ? { replyBackoffMs: opts.replyBackoffMs } : {}),
  });
  const speedup = opts.retrySpeedup ?? 1;
  const adapter = createTelegramAdapter({
    connection, app, clock, log, ports, defaultLocale: config.campus.default_locale, menus: opts.menus ?? false, adminKeys: config.admins,
    ...(opts.maxAttempts ? { maxAttempts: opts.maxAttempts } : {}),
    ...(opts.pickUp ? { pickUp: opts.pickUp } : {}),
    retryDelaysMs: opts.retryDelaysMs ?? [20, 50, 100],
    retrySleep: (ms) => new Promise((r) => setTimeout(r, ms / speedup)),
    ...(shared ? { sweepMs: shared.sweepMs ?? 200 } : {}),
  });
  // As the runner does: the outbox sends, and the poller polls, only while this instance holds their leases.
  const lead = shared ? leaderOf({ clock, log, units: app.units, ttlMs: shared.ttlMs }) : undefined;
  const sending = lead ? sendWhileLeading(app.outbox, lead, { pollMs: shared!.sweepMs ?? 200 }) : undefined;
  await sending?.start();
  const polling: Polling | undefined = opts.polling === false ? undefined : adapter.startPolling({ timeoutSeconds: 1, ...(lead ? { lead } : {}) });
  await (polling as { started?: Promise<void> } | undefined)?.started;
  const ticker = opts.tickMs ? setInterval(() => void app.scheduler.runDue(), opts.tickMs) : undefined;

  async function settle(timeoutMs = 5000): Promise<void> {
    const until = Date.now() + timeoutMs;
    for (let quiet = 0; quiet < 3; ) {
      if (Date.now() > until) throw new Error(`not settled within ${timeoutMs} ms\n${fake.dump()}`);
      await new Promise((r) => setTimeout(r, 15));
      await adapter.inbox.idle();
      const [pending] = rows<{ n: number }>(`select count(*) as n from telegram_inbox where status = 'pending'`);
      // Replies are outbox rows sent after their commit: settled once none is under way or due (a retry later is not).
      const [owed] = rows<{ n: number }>(`select count(*) as n from outbox where status = 'sending' or (status = 'pending' and next_attempt_at <= ?)`, clock.now());
      quiet = fake.pendingUpdates.length === 0 && pending!.n === 0 && owed!.n === 0 ? quiet + 1 : 0;
    }
    await app.router.idle();
  }

  return {
    fake, app, db, store, adapter, connection, config, logs, dbPath,
    userSends: (args) => fake.userSends(args),
    press: (args) => fake.userPressesButton(args),
    waitFor: (predicate, timeoutMs = 5000) => fake.waitFor(predicate, timeoutMs),
    textsTo: (chatId) => fake.messagesTo(chatId).map((r) => r.text ?? ''),
    settle,
    rows,
    exec: execOf(store, dbPath),
    async stop({ crash = false } = {}) {
      clearInterval(ticker);
      await polling?.stop({ release: !crash });
      await adapter.stop();
      await app.scheduler.stop();
      await app.router.idle();
      await sending?.stop({ release: !crash });
      await store.close();
      if (!opts.reuseFake) await fake.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

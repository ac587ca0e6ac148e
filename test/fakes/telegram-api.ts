/**
 * A fake Telegram Bot API server for tests: `startFakeTelegram()` listens on 127.0.0.1 (a free
 * port) and answers `POST|GET /bot<token>/<method>` like api.telegram.org, so the real grammY client
 * can be pointed at it with `client: { apiRoot: fake.apiRoot }`. Tests script users
 * (`userSends`, `userPresses`), read what the bot did (`sent`, `messagesTo`, `waitFor`), confirm
 * offsets (`confirmedUpTo`), inject faults (`inject`) and enforce rate limits (`enforceRateLimit`).
 * Nothing leaves the machine; `close()` ends long polls and connections so the test run can exit.
 *
 *   const fake = await startFakeTelegram();
 *   const bot = new Bot(fake.token, { client: { apiRoot: fake.apiRoot }, botInfo: fake.botInfo });
 *   fake.userSends({ from: user({ id: 1001 }), text: '/start' });
 *   await fake.waitFor((r) => r.chatId === 1001);
 *   await fake.close();
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Chat, ChatMember, Message, Update, UserFromGetMe } from 'grammy/types';
import { FaultQueue, RateLimiter, type ActiveFault } from './telegram-faults.js';
import { postWebhook } from './telegram-http.js';
import { RequestPipeline, type FakeState } from './telegram-pipeline.js';
import { TelegramStore } from './telegram-store.js';
import { ScriptedUsers, type UserPressesArgs, type UserRef, type UserSendsArgs } from './telegram-users.js';
import { UpdateQueue } from './telegram-updates.js';
import { WebhookDelivery, type RoundRobinOptions } from './telegram-webhook-delivery.js';
import { ChangeWaiters, dumpCalls, dumpSent } from './telegram-waits.js';
import type {
  ApiCall,
  FakeTelegramOptions,
  FaultRule,
  GetUpdatesCall,
  RateLimits,
  RateViolation,
  SentRecord,
  WebhookState,
} from './telegram-types.js';

export { postWebhook } from './telegram-http.js';
export { detectEntities, groupChat, photoSizes, privateChat, user } from './telegram-payloads.js';
export { TelegramError } from './telegram-types.js';
export type * from './telegram-types.js';
export type { ActiveFault } from './telegram-faults.js';
export type { DeliveryAttempt, RoundRobinOptions, WebhookDelivery } from './telegram-webhook-delivery.js';
export type { UserPressesArgs, UserRef, UserSendsArgs } from './telegram-users.js';

/** A token of the right shape for tests that do not care. */
export const FAKE_TOKEN = '7000000001:AAFakeTokenForYizhanTests_0123456789';

/** Starts a fake Bot API server on 127.0.0.1 (port 0) and resolves once it listens. */
export async function startFakeTelegram(opts: FakeTelegramOptions = {}): Promise<FakeTelegram> {
  const fake = new FakeTelegram(opts);
  await fake.listen();
  return fake;
}

export class FakeTelegram {
  /** Pass as grammY's `client.apiRoot`; set once listening. */
  apiRoot = '';
  /** The configured token, or FAKE_TOKEN (any well-formed token is accepted then). */
  readonly token: string;
  /** What getMe answers; pass as grammY's `botInfo` to skip the getMe call. */
  readonly botInfo: UserFromGetMe;
  /** Every accepted send/edit/delete/answer, in order. */
  readonly sent: SentRecord[] = [];
  /** Every API call received, in order. */
  readonly calls: ApiCall[] = [];
  /** Webhook settings as the last setWebhook/deleteWebhook left them. */
  readonly webhook: WebhookState = {};
  private readonly state: FakeState;
  private readonly server: Server;
  private readonly users: ScriptedUsers;
  private closing: Promise<void> | undefined;
  private readonly deliveries: WebhookDelivery[] = [];

  constructor(opts: FakeTelegramOptions) {
    const now = opts.now ?? Date.now;
    this.token = opts.token ?? FAKE_TOKEN;
    this.botInfo = defaultBotInfo(opts);
    const waits = new ChangeWaiters();
    const store = new TelegramStore(opts.allowUnknownChats ?? false);
    for (const chat of opts.chats ?? []) store.addChat(chat);
    const updates = new UpdateQueue(opts.firstUpdateId ?? 1, now, () => waits.notify());
    const callbackQueries = new Map<string, boolean>();
    this.state = {
      opts, bot: this.botInfo, store, updates, faults: new FaultQueue(), limiter: new RateLimiter(), waits, hung: [],
      webhook: this.webhook, callbackQueries, sent: this.sent, calls: this.calls, now,
    };
    const pipeline = new RequestPipeline(this.state);
    this.server = createServer((req, res) => void pipeline.handle(req, res));
    this.users = new ScriptedUsers({ store, bot: this.botInfo, callbackQueries, now, push: (u) => this.pushUpdate(u) });
  }

  /** Internal: binds the server. Use startFakeTelegram(). */
  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.apiRoot = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  // ------------------------------------------------------------------------------ updates in

  /** Queues an update for getUpdates (assigning the next update_id unless given); learns its chats. */
  pushUpdate(update: Omit<Update, 'update_id'> & { update_id?: number }): Update {
    const full = this.state.updates.push(update);
    this.state.store.learn(full);
    return full;
  }

  /** A user sends a message (see UserSendsArgs); returns the queued update. */
  userSends(args: UserSendsArgs): Update {
    return this.users.sends(args);
  }

  /** A user presses an inline button by callback_data; returns the queued callback_query update. */
  userPresses(args: UserPressesArgs): Update {
    return this.users.presses(args);
  }

  /** A user presses the button with this label on the bot's latest message offering it. */
  userPressesButton(args: { from: UserRef; chat?: Chat; label: string }): Update {
    return this.users.pressesButton(args);
  }

  /** Highest update_id confirmed by a getUpdates offset (0 when none). */
  get confirmedUpTo(): number {
    return this.state.updates.confirmedUpTo;
  }

  /** Queued, unconfirmed updates. */
  get pendingUpdates(): readonly Update[] {
    return this.state.updates.pending;
  }

  /** Every getUpdates call with its offset, limit, timeout and the update_ids it returned. */
  get getUpdatesCalls(): readonly GetUpdatesCall[] {
    return this.state.updates.calls;
  }

  /** Updates dropped because the bot's allowed_updates excluded their type. */
  get filteredUpdates(): readonly Update[] {
    return this.state.updates.filtered;
  }

  /** POSTs an update to the webhook set with setWebhook, with its secret token. */
  deliverToWebhook(update: Update): Promise<{ status: number; body: unknown }> {
    if (!this.webhook.url) throw new Error('fake Telegram: no webhook is set');
    return postWebhook(this.webhook.url, update, this.webhook.secretToken);
  }

  /**
   * Several bot instances behind a load balancer: from now on every update (those queued already
   * first) is POSTed to `backends` in turn, a chat's one at a time and in order, failed ones again
   * to the next backend (telegram-webhook-delivery.ts). getUpdates then sees none of them.
   */
  deliverRoundRobin(opts: RoundRobinOptions): WebhookDelivery {
    const delivery = new WebhookDelivery({
      ...opts, secret: () => this.webhook.secretToken, changed: () => this.state.waits.notify(), now: this.state.now,
    });
    this.deliveries.push(delivery);
    this.state.updates.handTo((updates) => delivery.add(updates));
    return delivery;
  }

  // ---------------------------------------------------------------------------- world setup

  /** Makes a chat known, so the bot may write to it before any update came from it. */
  addChat(chat: Chat): void {
    this.state.store.addChat(chat);
  }

  /** Sets what getChatMember (and getChatAdministrators: `creator`, `administrator`) reports for a user in a chat. */
  setChatMember(chatId: number, userId: number, status: ChatMember['status']): void {
    this.state.store.setMember(chatId, userId, status);
  }

  /** The current state of a message (after edits), or undefined when unknown or deleted. */
  message(chatId: number, messageId: number): Message | undefined {
    return this.state.store.getMessage(chatId, messageId);
  }

  // --------------------------------------------------------------------------- what the bot did

  /** New messages (sendMessage, sendPhoto, sendDocument) sent to a chat, in order. */
  messagesTo(chatId: number): SentRecord[] {
    return this.sent.filter((r) => r.chatId === chatId && (r.method === 'sendMessage' || r.method === 'sendPhoto' || r.method === 'sendDocument'));
  }

  /** Calls of one method (case-insensitive), in order. */
  callsTo(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method.toLowerCase() === method.toLowerCase());
  }

  /** Resolves with the first recorded message matching; rejects after timeoutMs with a dump. */
  waitFor(predicate: (r: SentRecord) => boolean, timeoutMs = 2000): Promise<SentRecord> {
    return this.state.waits.until(() => this.sent.find(predicate), timeoutMs, () => this.dump());
  }

  /** Resolves with the first API call matching (answered or not); rejects after timeoutMs. */
  waitForCall(predicate: (c: ApiCall) => boolean, timeoutMs = 2000): Promise<ApiCall> {
    return this.state.waits.until(() => this.calls.find(predicate), timeoutMs, () => this.dump());
  }

  /** Resolves once updates up to `updateId` are confirmed by an offset. */
  waitForConfirmed(updateId: number, timeoutMs = 2000): Promise<number> {
    const probe = (): number | undefined => (this.confirmedUpTo >= updateId ? this.confirmedUpTo : undefined);
    return this.state.waits.until(probe, timeoutMs, () => `confirmedUpTo=${this.confirmedUpTo}\n${this.dump()}`);
  }

  /** A readable account of calls and sent messages. */
  dump(): string {
    return `${dumpCalls(this.calls)}\n${dumpSent(this.sent)}`;
  }

  // -------------------------------------------------------------------- faults and rate limits

  /** Queues a fault for the next `times` (default 1) calls of a method, optionally for one chat. */
  inject(rule: FaultRule): ActiveFault {
    return this.state.faults.add(rule);
  }

  /** Drops the connections of the calls a `hangAfterRecord` fault holds (the client sees a network error). */
  releaseHung(): void {
    for (const res of this.state.hung.splice(0)) res.socket?.destroy();
  }

  /** Fault rules not used up yet. */
  get pendingFaults(): readonly ActiveFault[] {
    return this.state.faults.pending;
  }

  /** Enforces Telegram-like send limits with 429 + retry_after (null turns it off). */
  enforceRateLimit(limits: RateLimits | null): void {
    this.state.limiter.configure(limits ?? undefined);
  }

  /** How many sends the rate limit enforcer refused. */
  get rateViolations(): number {
    return this.state.limiter.violations.length;
  }

  /** Details of every refused send. */
  get rateLimitLog(): readonly RateViolation[] {
    return this.state.limiter.violations;
  }

  // ------------------------------------------------------------------------------ lifecycle

  /** Ends pending long polls, rejects pending waits, closes every connection. Idempotent. */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    for (const d of this.deliveries) d.stop();
    this.state.updates.close();
    this.state.waits.rejectAll('fake Telegram closed');
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeIdleConnections();
    const force = setTimeout(() => this.server.closeAllConnections(), 100);
    await closed;
    clearTimeout(force);
  }
}

function defaultBotInfo(opts: FakeTelegramOptions): UserFromGetMe {
  const idFromToken = Number(opts.token?.split(':')[0]);
  return {
    id: Number.isSafeInteger(idFromToken) && idFromToken > 0 ? idFromToken : 7000000001,
    is_bot: true,
    first_name: 'Yizhan Test',
    username: 'yizhan_test_bot',
    can_join_groups: true,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
    can_connect_to_business: false,
    has_main_web_app: false,
    has_topics_enabled: false,
    allows_users_to_create_topics: false,
    can_manage_bots: false,
    supports_join_request_queries: false,
    ...opts.bot,
  };
}

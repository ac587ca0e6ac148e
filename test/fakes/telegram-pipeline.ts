/**
 * The request pipeline of the fake Telegram server: route `/bot<token>/<method>`, check the
 * token, decode parameters, apply injected faults and the rate limiter, run the method and answer
 * `{ ok, result }` or Telegram's error JSON with the matching HTTP status.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Chat, UserFromGetMe } from 'grammy/types';
import { botMethods } from './telegram-bot-methods.js';
import { faultError, type FaultQueue, type RateLimiter } from './telegram-faults.js';
import { describeUploads, readParams, sendJson, sendNginxBadGateway } from './telegram-http.js';
import { messagingMethods } from './telegram-messaging.js';
import type { TelegramStore } from './telegram-store.js';
import type { UpdateQueue } from './telegram-updates.js';
import type { ChangeWaiters } from './telegram-waits.js';
import {
  TelegramError,
  type ApiCall,
  type FakeTelegramOptions,
  type Fault,
  type MethodContext,
  type MethodHandler,
  type Params,
  type SentRecord,
  type WebhookState,
} from './telegram-types.js';

const TOKEN_SHAPE = /^\d+:[\w-]+$/;
const METHODS = new Map<string, [string, MethodHandler]>(
  Object.entries({ ...botMethods, ...messagingMethods }).map(([name, h]) => [name.toLowerCase(), [name, h]]),
);

/** Everything the pipeline reads and writes; owned by FakeTelegram. */
export interface FakeState {
  opts: FakeTelegramOptions;
  bot: UserFromGetMe;
  store: TelegramStore;
  updates: UpdateQueue;
  faults: FaultQueue;
  limiter: RateLimiter;
  waits: ChangeWaiters;
  webhook: WebhookState;
  callbackQueries: Map<string, boolean>;
  sent: SentRecord[];
  calls: ApiCall[];
  /** Answers held back by `hangAfterRecord` faults, dropped by `releaseHung`. */
  hung: ServerResponse[];
  now: () => number;
}

export class RequestPipeline {
  constructor(private readonly s: FakeState) {}

  /** Answers one HTTP request like api.telegram.org. */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const match = /^\/bot([^/]*)\/([A-Za-z]+)$/.exec(url.pathname);
    const token = match?.[1] ?? '';
    if (!match || !TOKEN_SHAPE.test(token)) return sendJson(res, 404, new TelegramError(404, 'Not Found'));
    if (this.s.opts.token !== undefined && token !== this.s.opts.token) {
      return sendJson(res, 401, new TelegramError(401, 'Unauthorized'));
    }
    const entry = METHODS.get((match[2] as string).toLowerCase());
    const call = this.logCall(entry?.[0] ?? (match[2] as string));
    try {
      const params = await readParams(req, url);
      call.params = describeUploads(params);
      if (!entry) throw new TelegramError(404, 'Not Found');
      await this.run(entry, params, call, res);
    } catch (error) {
      this.answerError(res, call, error);
    }
  }

  private async run(
    [method, handler]: [string, MethodHandler],
    params: Params,
    call: ApiCall,
    res: ServerResponse,
  ): Promise<void> {
    const fault = this.s.faults.take(method, params.chat_id);
    if (fault && fault.kind !== 'dropAfterRecord' && fault.kind !== 'hangAfterRecord') return this.applyFault(fault, call, res);
    const chat = this.peekChat(params.chat_id);
    const limited = this.s.limiter.check(method, chat, this.s.now());
    if (limited) throw limited;
    const before = this.s.sent.length;
    const result = await handler(params, this.context(res));
    this.s.limiter.accept(method, chat, this.s.now());
    if (fault?.kind === 'dropAfterRecord' || fault?.kind === 'hangAfterRecord') {
      for (const r of this.s.sent.slice(before)) r.responseDropped = true;
      if (fault.kind === 'hangAfterRecord') return void this.s.hung.push(res);
      return this.drop(res);
    }
    this.answer(res, call, 200, { ok: true, result });
  }

  private context(res: ServerResponse): MethodContext {
    const s = this.s;
    return {
      store: s.store,
      updates: s.updates,
      bot: s.bot,
      webhook: s.webhook,
      defaultMemberStatus: s.opts.defaultMemberStatus ?? 'member',
      callbackQueries: s.callbackQueries,
      now: s.now,
      record: (r) => {
        s.sent.push({ ...r, seq: s.sent.length + 1, at: s.now(), responseDropped: false });
        s.waits.notify();
      },
      onAbandon: (cancel) => res.on('close', () => !res.writableEnded && cancel()),
    };
  }

  private peekChat(chatId: unknown): Chat | undefined {
    try {
      return chatId === undefined ? undefined : this.s.store.resolveChat(chatId);
    } catch {
      return undefined;
    }
  }

  private applyFault(fault: Fault, call: ApiCall, res: ServerResponse): void {
    if (fault.kind === 'dropBeforeRecord') return this.drop(res);
    const error = faultError(fault);
    if (error) return this.answer(res, call, error.code, error.toJSON());
    call.status = 502;
    sendNginxBadGateway(res);
    this.s.waits.notify();
  }

  /** Destroys the socket without an answer: the client sees a network error. */
  private drop(res: ServerResponse): void {
    res.socket?.destroy();
    this.s.waits.notify();
  }

  private answerError(res: ServerResponse, call: ApiCall, error: unknown): void {
    if (error instanceof TelegramError) return this.answer(res, call, error.code, error.toJSON());
    console.error('fake Telegram: handler crashed', error);
    this.answer(res, call, 500, new TelegramError(500, 'Internal Server Error').toJSON());
  }

  /** Answers unless the client already went away (then the call keeps status 0). */
  private answer(res: ServerResponse, call: ApiCall, status: number, body: Record<string, unknown>): void {
    if (typeof body.description === 'string') call.description = body.description;
    if (!res.destroyed && !res.writableEnded) {
      call.status = status;
      sendJson(res, status, body);
    }
    this.s.waits.notify();
  }

  private logCall(method: string): ApiCall {
    const call: ApiCall = { seq: this.s.calls.length + 1, method, params: {}, at: this.s.now(), status: 0 };
    this.s.calls.push(call);
    this.s.waits.notify();
    return call;
  }
}

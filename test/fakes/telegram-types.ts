/**
 * Shared types of the fake Telegram Bot API server (test/fakes/telegram-api.ts).
 * Telegram's own object types come from grammY's type package; these are the fake's records.
 */
import type { Chat, ChatMember, ResponseParameters, UserFromGetMe } from 'grammy/types';
import type { TelegramStore } from './telegram-store.js';
import type { UpdateQueue } from './telegram-updates.js';

/** Request parameters after decoding JSON, urlencoded or multipart bodies. */
export type Params = Record<string, unknown>;

/** A file that arrived in a multipart upload. */
export interface UploadedFile {
  filename: string;
  contentType: string;
  size: number;
  data: Buffer;
}

/** An API error exactly as Telegram reports it: `{ ok: false, error_code, description, parameters? }`. */
export class TelegramError extends Error {
  constructor(
    readonly code: number,
    readonly description: string,
    readonly parameters?: ResponseParameters,
  ) {
    super(description);
  }

  /** The JSON body Telegram sends for this error. */
  toJSON(): Record<string, unknown> {
    const body: Record<string, unknown> = { ok: false, error_code: this.code, description: this.description };
    if (this.parameters) body.parameters = this.parameters;
    return body;
  }
}

/** Shorthand for the most common error, 400 "Bad Request: ...". */
export const badRequest = (what: string): TelegramError => new TelegramError(400, `Bad Request: ${what}`);

export interface FakeTelegramOptions {
  /** When set, only this token is accepted (others get 401 Unauthorized). Default: any well-formed token. */
  token?: string;
  /** Overrides for getMe. Default id 7000000001, username `yizhan_test_bot`. */
  bot?: Partial<UserFromGetMe>;
  /** Chats the bot may write to before any update mentioned them. */
  chats?: Chat[];
  /** Accept any numeric chat_id (a private chat is invented for unknown ids). Default false: 400 "chat not found". */
  allowUnknownChats?: boolean;
  /** Status getChatMember reports when none was set with `setChatMember`. Default `member`. */
  defaultMemberStatus?: ChatMember['status'];
  /** Millisecond clock used for message dates and rate limiting. Default `Date.now`. */
  now?: () => number;
  /** update_id given to the first pushed update. Default 1. */
  firstUpdateId?: number;
}

/** Methods whose calls land in `fake.sent`. */
export type RecordedMethod =
  | 'sendMessage'
  | 'sendPhoto'
  | 'sendDocument'
  | 'editMessageText'
  | 'editMessageCaption'
  | 'editMessageReplyMarkup'
  | 'deleteMessage'
  | 'answerCallbackQuery';

/** One outgoing action of the bot, recorded when the fake accepted it. */
export interface SentRecord {
  /** Position in `fake.sent`, starting at 1. */
  seq: number;
  method: RecordedMethod;
  chatId?: number;
  messageId?: number;
  /** Message text (or photo caption) after parse_mode was applied. */
  text?: string;
  parseMode?: string;
  replyMarkup?: unknown;
  photo?: { fileId: string; uploaded: boolean; filename?: string; size?: number };
  /** sendDocument: the uploaded file, with its text (the bot's files are CSV exports). */
  document?: { fileId: string; filename: string; size: number; content: string };
  callbackQueryId?: string;
  /** The decoded request parameters, uploads replaced by a short description. */
  params: Params;
  /** Clock time (ms) when the fake accepted the call. */
  at: number;
  /** True when a `dropAfterRecord` or `hangAfterRecord` fault destroyed the socket instead of answering. */
  responseDropped: boolean;
}

/** Every HTTP call the fake received, answered or not. */
export interface ApiCall {
  seq: number;
  method: string;
  params: Params;
  at: number;
  /** HTTP status sent, or 0 when the connection was dropped or is still pending. */
  status: number;
  /** Telegram's description for failed calls. */
  description?: string;
}

/** One getUpdates call, to assert what the client confirmed. */
export interface GetUpdatesCall {
  offset?: number;
  limit: number;
  timeoutSeconds: number;
  allowedUpdates?: string[];
  at: number;
  /** update_ids returned (empty until the call is answered). */
  returned: number[];
}

/** What a fault rule does to a matching call. */
export type Fault =
  | { kind: 'retryAfter'; seconds: number }
  | { kind: 'blocked' }
  | { kind: 'cantInitiate' }
  | { kind: 'serverError'; status?: 500 | 502; html?: boolean }
  | { kind: 'dropAfterRecord' }
  /** Records the message, then answers nothing until `releaseHung()` drops the connection (a crash test's moment). */
  | { kind: 'hangAfterRecord' }
  | { kind: 'dropBeforeRecord' }
  | { kind: 'error'; code: number; description: string; parameters?: ResponseParameters };

/** A queued fault: applies to the next `times` calls of `method` (optionally only for one chat). */
export interface FaultRule {
  method: string | string[];
  chatId?: number | string;
  /** How many matching calls it affects. Default 1. */
  times?: number;
  fault: Fault;
}

export interface RateLimits {
  /** Max accepted sends per rolling second, all chats together (Telegram: about 30). */
  perSecond?: number;
  /** Max accepted sends per rolling second to one chat (Telegram: about 1). */
  perChatPerSecond?: number;
  /** Max accepted sends per rolling minute to one group chat (Telegram: about 20). */
  perGroupPerMinute?: number;
}

/** A send refused by the rate limit enforcer. */
export interface RateViolation {
  method: string;
  chatId?: number;
  at: number;
  retryAfter: number;
  limit: keyof RateLimits;
}

/** Webhook settings stored by setWebhook. */
export interface WebhookState {
  url?: string;
  secretToken?: string;
  allowedUpdates?: string[];
  maxConnections?: number;
}

/** What a method handler may use; one per request (onAbandon is the request's). */
export interface MethodContext {
  store: TelegramStore;
  updates: UpdateQueue;
  bot: UserFromGetMe;
  webhook: WebhookState;
  defaultMemberStatus: ChatMember['status'];
  /** callback_query ids issued by userPresses → whether they were answered. */
  callbackQueries: Map<string, boolean>;
  now(): number;
  record(r: Omit<SentRecord, 'seq' | 'at' | 'responseDropped'>): void;
  /** Registers what to do when the client goes away before the answer (long polls). */
  onAbandon(cancel: () => void): void;
}

export type MethodHandler = (p: Params, ctx: MethodContext) => unknown;

/** Reads an integer parameter given as number or numeric string. */
export function intParam(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isSafeInteger(n) ? n : undefined;
}

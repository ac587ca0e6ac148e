/**
 * Shared types of the fake Discord (test/fakes/discord-api.ts): options, what the fake records,
 * fault rules and rate limit settings. Discord's own payload types come from discord.js, which
 * re-exports discord-api-types/v10.
 */
import type { APIMessage, APIUser } from 'discord.js';

/** A JSON error exactly as Discord sends it: HTTP status plus `{ message, code, errors? }` (or a 429 body). */
export class DiscordError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(String(body.message ?? status));
  }

  get code(): number | undefined {
    return typeof this.body.code === 'number' ? this.body.code : undefined;
  }
}

/** A 400 Invalid Form Body (50035) naming the field (`content`, `components.0.components.1.custom_id`). */
export function invalidFormBody(path: string, code: string, message: string): DiscordError {
  const errors: Record<string, unknown> = {};
  let node = errors;
  const keys = path.split('.');
  keys.forEach((key, i) => {
    const next: Record<string, unknown> = i === keys.length - 1 ? { _errors: [{ code, message }] } : {};
    node[key] = next;
    node = next;
  });
  return new DiscordError(400, { message: 'Invalid Form Body', code: 50035, errors });
}

export interface FakeDiscordOptions {
  /** The bot token; requests with another `Authorization: Bot …` get 401. Default FAKE_DISCORD_TOKEN. */
  token?: string;
  /** Millisecond clock for snowflakes, timestamps, rate limits and the 3-second interaction rule. */
  now?: () => number;
  /** Privileged intents enabled for the app in the developer portal (bits); others close the gateway with 4014. */
  privilegedIntents?: number;
  /** Heartbeat interval sent in HELLO (Discord: 41250 ms). */
  heartbeatIntervalMs?: number;
  /** How long a nonce with `enforce_nonce` is remembered (Discord: "a few minutes"; default 2 minutes). */
  nonceWindowMs?: number;
  /** Rate limits; default: Discord's (50 requests/s overall, 5 messages per 5 s per channel). */
  rateLimits?: Partial<RateLimitSettings>;
}

/** One rate limit: `limit` requests per `windowMs`. */
export interface Bucket {
  limit: number;
  windowMs: number;
}

export interface RateLimitSettings {
  /** Requests per second of one bot over every route except interaction callbacks (Discord: 50). */
  globalPerSecond: number;
  /** Messages created in one channel (Discord: 5 per 5 s). */
  messageCreate: Bucket;
  /** Messages edited in one channel. */
  messageEdit: Bucket;
  /** DM channels opened. */
  dmCreate: Bucket;
  /** Every other route, per top-level resource. */
  other: Bucket;
}

/** Every HTTP request the fake received, answered or not. */
export interface RequestRecord {
  seq: number;
  method: string;
  /** The path after `/api/v10`, with ids (`/channels/123/messages`). */
  path: string;
  /** The route template (`POST /channels/:channel/messages`), or '' when no route matched. */
  route: string;
  body: unknown;
  at: number;
  /** HTTP status sent; 0 while pending or when the connection was dropped. */
  status: number;
  /** Discord's JSON error code for failed requests. */
  code?: number;
  /** 401, 403 and 429 (except 429 with scope `shared`): what Discord counts towards its 10,000 per 10 minutes. */
  invalid: boolean;
}

/** What the bot did that users see: a message created, edited or deleted, or an interaction answered. */
export type RecordKind = 'create' | 'edit' | 'delete' | 'callback' | 'followup' | 'editOriginal' | 'deleteOriginal';

export interface SentRecord {
  seq: number;
  kind: RecordKind;
  channelId: string;
  /** The message created or edited (absent for callbacks that only acknowledge). */
  message?: APIMessage;
  /** Interaction callback type (4, 5, 6, 7, 9) for `callback` records. */
  callbackType?: number;
  interactionId?: string;
  /** True when the create was answered with an earlier message of the same nonce (nothing new was posted). */
  deduplicated?: boolean;
  at: number;
  /** True when a drop fault destroyed the connection instead of answering. */
  responseDropped: boolean;
}

/** What a fault rule does to a matching request. */
export type Fault =
  /** 429 with `retry_after` seconds; `global` adds X-RateLimit-Global and scope `global`. */
  | { kind: 'rateLimited'; retryAfter: number; global?: boolean; scope?: 'user' | 'global' | 'shared' }
  /** 403 50007: the user has DMs from server members closed, or blocked the bot. */
  | { kind: 'cannotSendToUser' }
  /** 403 50278: the bot shares no server with the user any more. */
  | { kind: 'noMutualGuilds' }
  /** 5xx: JSON `{ message: '500: Internal Server Error' }`, or Cloudflare's HTML page for 502. */
  | { kind: 'serverError'; status?: 500 | 502 | 503; html?: boolean }
  /** Any other Discord error. */
  | { kind: 'error'; status: number; code: number; message: string }
  /**
   * The connection dies without an answer: before the request has any effect, or after it was
   * applied (the message exists). `reset` sends a TCP RST (ECONNRESET, which discord.js retries);
   * default closes the socket (undici: "other side closed", which discord.js does not retry).
   */
  | { kind: 'drop'; when: 'before' | 'after'; reset?: boolean };

/** A queued fault: applies to the next `times` (default 1) requests matching `route` (and `channelId`). */
export interface FaultRule {
  /** A route template (`POST /channels/:channel/messages`), a list of them, or '*'. */
  route: string | string[];
  channelId?: string;
  times?: number;
  fault: Fault;
}

/** A user the fake knows, with what decides whether the bot may write to them. */
export interface FakeUser {
  user: APIUser;
  /** Interaction locale (`zh-CN`, `en-US`); messages carry none. */
  locale: string;
  /** DMs from server members closed (or the bot blocked): creates in their DM answer 50007. */
  dmsClosed: boolean;
}

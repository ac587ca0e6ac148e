/**
 * Discord's rate limits as the fake enforces them: a global limit per second (interaction
 * endpoints are exempt) and per-route buckets per top-level resource (the channel of a message
 * route), each a fixed window. Every answer carries the `X-RateLimit-*` headers discord.js's REST
 * queue reads; a request over a limit gets 429 with `Retry-After`, the scope, and for the global
 * limit `X-RateLimit-Global`, exactly as Discord answers.
 */
import { createHash } from 'node:crypto';
import { DiscordError, type Bucket, type RateLimitSettings } from './discord-types.js';

export type BucketName = 'messageCreate' | 'messageEdit' | 'dmCreate' | 'other';

/** Discord's limits: 50 requests a second; 5 messages per 5 s in a channel. */
export const DISCORD_RATE_LIMITS: RateLimitSettings = {
  globalPerSecond: 50,
  messageCreate: { limit: 5, windowMs: 5000 },
  messageEdit: { limit: 5, windowMs: 5000 },
  dmCreate: { limit: 10, windowMs: 10_000 },
  other: { limit: 50, windowMs: 1000 },
};

/** A request refused with 429 by the enforcer (faults are not in here). */
export interface RateViolation {
  route: string;
  major: string;
  global: boolean;
  retryAfterMs: number;
  at: number;
}

interface Window {
  start: number;
  count: number;
}

const seconds = (ms: number): string => (Math.max(0, ms) / 1000).toFixed(3);

/** What Discord names a bucket in `X-RateLimit-Bucket` (an opaque hash, the same for every resource). */
const bucketHash = (name: string): string => createHash('sha256').update(`fake-discord:${name}`).digest('hex').slice(0, 32);

export class RateLimiter {
  private settings: RateLimitSettings;
  private readonly windows = new Map<string, Window>();
  private global: Window = { start: 0, count: 0 };
  readonly violations: RateViolation[] = [];

  constructor(settings: Partial<RateLimitSettings> | undefined, private readonly now: () => number) {
    this.settings = { ...DISCORD_RATE_LIMITS, ...settings };
  }

  configure(settings: Partial<RateLimitSettings>): void {
    this.settings = { ...this.settings, ...settings };
  }

  /**
   * Counts one request of `route` on the resource `major`; returns the headers to send, or throws
   * the 429 Discord would answer.
   */
  take(name: BucketName, route: string, major: string, countsGlobally: boolean): Record<string, string> {
    const t = this.now();
    if (countsGlobally) this.takeGlobal(route, major, t);
    const bucket: Bucket = this.settings[name];
    const key = `${name}:${major}`;
    let w = this.windows.get(key);
    if (!w || t >= w.start + bucket.windowMs) this.windows.set(key, (w = { start: t, count: 0 }));
    const resetAt = w.start + bucket.windowMs;
    const headers = (remaining: number): Record<string, string> => ({
      'x-ratelimit-limit': String(bucket.limit),
      'x-ratelimit-remaining': String(remaining),
      'x-ratelimit-reset': seconds(resetAt),
      'x-ratelimit-reset-after': seconds(resetAt - t),
      'x-ratelimit-bucket': bucketHash(name),
    });
    if (w.count >= bucket.limit) {
      const retryAfterMs = resetAt - t;
      this.violations.push({ route, major, global: false, retryAfterMs, at: t });
      throw tooManyRequests(retryAfterMs, false, 'user', headers(0));
    }
    w.count += 1;
    return headers(bucket.limit - w.count);
  }

  private takeGlobal(route: string, major: string, t: number): void {
    if (t >= this.global.start + 1000) this.global = { start: t, count: 0 };
    if (this.global.count < this.settings.globalPerSecond) {
      this.global.count += 1;
      return;
    }
    const retryAfterMs = this.global.start + 1000 - t;
    this.violations.push({ route, major, global: true, retryAfterMs, at: t });
    throw tooManyRequests(retryAfterMs, true, 'global');
  }
}

/** Discord's 429: `Retry-After` in whole seconds, `retry_after` in the body with decimals. */
export function tooManyRequests(
  retryAfterMs: number,
  global: boolean,
  scope: 'user' | 'global' | 'shared',
  extra: Record<string, string> = {},
): DiscordError {
  const headers: Record<string, string> = {
    ...extra,
    'retry-after': String(Math.max(1, Math.ceil(retryAfterMs / 1000))),
    'x-ratelimit-scope': scope,
  };
  if (global) headers['x-ratelimit-global'] = 'true';
  const body = { message: 'You are being rate limited.', retry_after: Number((retryAfterMs / 1000).toFixed(3)), global };
  return new DiscordError(429, body, headers);
}

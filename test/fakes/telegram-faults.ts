/**
 * Fault injection and rate limiting for the fake Telegram server. Fault rules are a queue of
 * one-shot or counted rules matched by method (and optionally chat_id); the rate limiter answers
 * 429 with a truthful `retry_after` when a client sends faster than the configured limits.
 */
import type { Chat } from 'grammy/types';
import { TelegramError, type Fault, type FaultRule, type RateLimits, type RateViolation } from './telegram-types.js';

/** A queued fault rule and how many more calls it will hit. */
export interface ActiveFault extends FaultRule {
  remaining: number;
}

export class FaultQueue {
  private rules: ActiveFault[] = [];

  /** Queues a rule; it applies to the next `times` (default 1) matching calls. */
  add(rule: FaultRule): ActiveFault {
    const active: ActiveFault = { ...rule, remaining: rule.times ?? 1 };
    this.rules.push(active);
    return active;
  }

  /** Takes the fault for a call, consuming one use of the first matching rule. */
  take(method: string, chatId: unknown): Fault | undefined {
    const rule = this.rules.find((r) => matches(r, method, chatId));
    if (!rule) return undefined;
    rule.remaining -= 1;
    if (rule.remaining <= 0) this.rules = this.rules.filter((r) => r !== rule);
    return rule.fault;
  }

  /** Rules that have not been used up yet. */
  get pending(): readonly ActiveFault[] {
    return this.rules;
  }
}

function matches(rule: FaultRule, method: string, chatId: unknown): boolean {
  const methods = (Array.isArray(rule.method) ? rule.method : [rule.method]).map((m) => m.toLowerCase());
  if (!methods.includes('*') && !methods.includes(method.toLowerCase())) return false;
  return rule.chatId === undefined || String(rule.chatId) === String(chatId);
}

/** The Telegram error a fault answers with; undefined for connection drops and HTML 502s. */
export function faultError(fault: Fault): TelegramError | undefined {
  switch (fault.kind) {
    case 'retryAfter':
      return tooManyRequests(fault.seconds);
    case 'blocked':
      return new TelegramError(403, 'Forbidden: bot was blocked by the user');
    case 'cantInitiate':
      return new TelegramError(403, "Forbidden: bot can't initiate conversation with a user");
    case 'serverError':
      if (fault.html) return undefined;
      return fault.status === 502
        ? new TelegramError(502, 'Bad Gateway')
        : new TelegramError(500, 'Internal Server Error');
    case 'error':
      return new TelegramError(fault.code, fault.description, fault.parameters);
    default:
      return undefined;
  }
}

export function tooManyRequests(seconds: number): TelegramError {
  return new TelegramError(429, `Too Many Requests: retry after ${seconds}`, { retry_after: seconds });
}

/** Methods that count against Telegram's message limits. */
export function isRateCounted(method: string): boolean {
  const m = method.toLowerCase();
  if (m === 'sendchataction') return false;
  return m.startsWith('send') || m.startsWith('edit') || m === 'copymessage' || m === 'forwardmessage';
}

/** Rolling-window limits on accepted sends: overall, per chat, per group per minute. */
export class RateLimiter {
  private limits: RateLimits | undefined;
  private all: number[] = [];
  private readonly perChat = new Map<number, number[]>();
  readonly violations: RateViolation[] = [];

  configure(limits: RateLimits | undefined): void {
    this.limits = limits;
  }

  /** Refuses a send that would exceed a limit (recording a violation), or returns undefined. */
  check(method: string, chat: Chat | undefined, now: number): TelegramError | undefined {
    const l = this.limits;
    if (!l || !isRateCounted(method)) return undefined;
    const chatTimes = chat ? (this.perChat.get(chat.id) ?? []) : [];
    const isGroup = chat?.type === 'group' || chat?.type === 'supergroup';
    const waits: Array<[keyof RateLimits, number | undefined]> = [
      ['perSecond', waitMs(this.all, l.perSecond, 1000, now)],
      ['perChatPerSecond', chat ? waitMs(chatTimes, l.perChatPerSecond, 1000, now) : undefined],
      ['perGroupPerMinute', isGroup ? waitMs(chatTimes, l.perGroupPerMinute, 60_000, now) : undefined],
    ];
    const worst = waits
      .filter((w): w is [keyof RateLimits, number] => w[1] !== undefined)
      .sort((a, b) => b[1] - a[1])[0];
    if (!worst) return undefined;
    const retryAfter = Math.max(1, Math.ceil(worst[1] / 1000));
    const violation: RateViolation = { method, at: now, retryAfter, limit: worst[0] };
    if (chat) violation.chatId = chat.id;
    this.violations.push(violation);
    return tooManyRequests(retryAfter);
  }

  /** Counts an accepted send. */
  accept(method: string, chat: Chat | undefined, now: number): void {
    if (!this.limits || !isRateCounted(method)) return;
    this.all = trim(this.all, now, 1000);
    this.all.push(now);
    if (!chat) return;
    const times = trim(this.perChat.get(chat.id) ?? [], now, 60_000);
    times.push(now);
    this.perChat.set(chat.id, times);
  }
}

/** Ms until a slot frees in a rolling window, or undefined when there is room now. */
function waitMs(times: number[], limit: number | undefined, windowMs: number, now: number): number | undefined {
  if (limit === undefined) return undefined;
  const inWindow = times.filter((t) => t > now - windowMs);
  if (inWindow.length < limit) return undefined;
  const freesAt = (inWindow[inWindow.length - limit] as number) + windowMs;
  return freesAt - now;
}

function trim(times: number[], now: number, windowMs: number): number[] {
  return times.filter((t) => t > now - windowMs);
}

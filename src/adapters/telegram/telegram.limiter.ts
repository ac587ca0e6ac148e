/**
 * Our own pacing of Telegram sends: about 30 messages a second overall, one a second per chat and
 * 20 a minute per group, counted over rolling windows; and after a 429, no call at all until
 * retry_after has passed (`pause`, applied to every API call by `gateTransformer`).
 *
 * Senders queue in arrival order; one chat's senders leave in order, and a chat that must wait
 * does not hold up the others. A send counts from the moment its answer came back (until then it
 * holds its place in every window): Telegram saw it at some time before that, so the next send,
 * let go a window later, cannot reach Telegram less than a window after it, however late the
 * first one travelled. The windows are 10 ms longer than Telegram's (`marginMs`) for timer jitter.
 */
import type { Transformer } from 'grammy';
import type { PlatformLimits } from '../../core/message.js';

export type Limits = PlatformLimits;

export const TELEGRAM_LIMITS: Limits = { perSecond: 30, perChatPerSecond: 1, perGroupPerMinute: 20 };

interface Waiter {
  chat: string;
  group: boolean;
  go: (release: () => void) => void;
}

/** One send in the windows: `at` is when its answer came back, Infinity while it is in flight. */
interface Slot {
  at: number;
}

/** Call when the send's answer (or failure) came back. */
export type Release = () => void;

export class SendLimiter {
  private readonly waiting: Waiter[] = [];
  private all: Slot[] = [];
  private readonly perChat = new Map<string, Slot[]>();
  private pausedUntil = 0;
  private openWaiters: (() => void)[] = [];
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Infinity;

  constructor(readonly limits: Limits = TELEGRAM_LIMITS, private readonly now: () => number = Date.now, private readonly marginMs = 10) {}

  /**
   * Resolves when a message to `chat` may be sent now, and counts it; call the release it resolves
   * with once the answer came back. `first` jumps the queue (a retry).
   */
  acquire(chat: string, group: boolean, first = false): Promise<Release> {
    return new Promise((go) => {
      const w = { chat, group, go };
      if (first) this.waiting.unshift(w);
      else this.waiting.push(w);
      this.pump();
    });
  }

  /** After a 429: nothing goes out (and no call is made) for `ms`. */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
    this.pump();
  }

  /** Milliseconds left of the current pause (0 when none). */
  get pausedFor(): number {
    return Math.max(0, this.pausedUntil - this.now());
  }

  /** Resolves once no pause is in force (at once when none is). */
  whenOpen(): Promise<void> {
    if (this.pausedFor === 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.openWaiters.push(resolve);
      this.wakeAt(this.pausedUntil);
    });
  }

  /** Lets every sender that may go now go, and sets a timer for the next one. */
  private pump(): void {
    const t = this.now();
    if (t < this.pausedUntil) return this.wakeAt(this.pausedUntil);
    for (const open of this.openWaiters.splice(0)) open();
    let next = Infinity;
    const blocked = new Set<string>();
    for (let i = 0; i < this.waiting.length; ) {
      const w = this.waiting[i]!;
      const globalWait = this.waitFor(this.all, this.limits.perSecond, 1000, t);
      if (globalWait > 0) {
        next = Math.min(next, t + globalWait); // Infinity: a release will pump again
        break;
      }
      const wait = blocked.has(w.chat) ? Infinity : this.chatWait(w, t);
      if (wait > 0) {
        blocked.add(w.chat);
        if (wait < Infinity) next = Math.min(next, t + wait);
        i++;
        continue;
      }
      const slot = this.record(w.chat, t);
      this.waiting.splice(i, 1);
      w.go(() => {
        slot.at = this.now();
        this.pump();
      });
    }
    if (next < Infinity) this.wakeAt(next);
  }

  private chatWait(w: Waiter, t: number): number {
    const times = this.perChat.get(w.chat) ?? [];
    const perSecond = this.waitFor(times, this.limits.perChatPerSecond, 1000, t);
    return w.group ? Math.max(perSecond, this.waitFor(times, this.limits.perGroupPerMinute, 60_000, t)) : perSecond;
  }

  /** Ms until one more send fits `limit` sends per `windowMs` (0 when it fits now, Infinity until an answer comes back). */
  private waitFor(slots: Slot[], limit: number, windowMs: number, t: number): number {
    if (!Number.isFinite(limit)) return 0;
    const span = windowMs + this.marginMs;
    const inWindow = slots.filter((s) => s.at > t - span).map((s) => s.at).sort((a, b) => a - b);
    if (inWindow.length < limit) return 0;
    return inWindow[inWindow.length - limit]! + span - t;
  }

  private record(chat: string, t: number): Slot {
    const slot: Slot = { at: Infinity };
    if (Number.isFinite(this.limits.perSecond)) {
      this.all.push(slot);
      if (this.all.length > 4 * this.limits.perSecond) this.all = this.all.filter((s) => s.at > t - 1000 - this.marginMs);
    }
    if (!Number.isFinite(this.limits.perChatPerSecond) && !Number.isFinite(this.limits.perGroupPerMinute)) return slot;
    const slots = (this.perChat.get(chat) ?? []).filter((s) => s.at > t - 60_000 - this.marginMs);
    slots.push(slot);
    this.perChat.set(chat, slots);
    if (this.perChat.size > 10_000) this.forgetQuietChats(t);
    return slot;
  }

  private forgetQuietChats(t: number): void {
    for (const [chat, slots] of this.perChat) if (!slots.some((s) => s.at > t - 60_000 - this.marginMs)) this.perChat.delete(chat);
  }

  private wakeAt(at: number): void {
    if (this.timer && this.timerAt <= at) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerAt = Infinity;
      this.pump();
    }, Math.max(0, at - this.now()));
    this.timer.unref?.();
  }
}

/**
 * A grammY API transformer: every call waits while a 429 pause is in force, and a 429 answer to
 * any call starts one. Nothing is retried here (the port decides what may be repeated).
 */
export function gateTransformer(limiter: SendLimiter): Transformer {
  return async (prev, method, payload, signal) => {
    // An aborted call (shutdown) stops waiting; prev() then fails at once on the aborted signal.
    if (limiter.pausedFor > 0) await Promise.race([limiter.whenOpen(), aborted(signal)]);
    const res = await prev(method, payload, signal);
    if (!res.ok && res.error_code === 429) limiter.pause((res.parameters?.retry_after ?? 1) * 1000);
    return res;
  };
}

/** The part of an abort signal we use (grammY passes its own AbortSignal polyfill). */
interface SignalLike {
  aborted: boolean;
  addEventListener(type: 'abort', listener: () => void): void;
}

function aborted(signal: SignalLike | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (!signal) return;
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve());
  });
}

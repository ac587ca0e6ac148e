/**
 * Keeps the outbox inside a platform's send rates (overall per second, per chat per second, per
 * group per minute). Time comes from the clock. It only answers how long a message must wait and
 * counts the ones sent: the worker decides what to send meanwhile, so a chat that must wait does
 * not hold up the others. Like the Telegram port's limiter, a message counts from when its answer
 * came back (holding its place while under way), so rows wait here, still `pending`, rather than
 * claimed in the port's own queue, where a crash would leave them `unknown` though never sent.
 */
import type { Clock } from './clock.js';
import type { ChatKind, Platform, PlatformLimits } from './message.js';

export type Sleep = (ms: number) => Promise<void>;

/** Real time; the timer does not keep the process alive (a stopped worker no longer waits for it). */
export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms).unref());

export interface Pacer {
  /** Ms until one more message on `platform` keeps within its overall limit (0: now). */
  platformWait(platform: Platform, limits: PlatformLimits | undefined): number;
  /** Ms until one more message to `chatId` keeps within the limits of that chat (0: now). */
  chatWait(platform: Platform, chatId: string, kind: ChatKind, limits: PlatformLimits | undefined): number;
  /** Counts a message sent now; call the returned function when its answer came back. */
  count(platform: Platform, chatId: string): () => void;
}

const SECOND = 1000;
const MINUTE = 60_000;

/** One message in the windows: `at` is when its answer came back, Infinity while it is under way. */
interface Slot {
  at: number;
}

export function createPacer(clock: Clock): Pacer {
  const overall = new Map<Platform, Slot[]>();
  const perChat = new Map<string, Slot[]>();
  let sweptAt = 0;
  const now = () => clock.now().getTime();

  /** Forgets chats not written to for a minute, at most once a minute. */
  function sweep(t: number): void {
    if (t - sweptAt < MINUTE) return;
    sweptAt = t;
    for (const [k, v] of perChat) if (v.every((x) => x.at <= t - MINUTE)) perChat.delete(k);
  }

  return {
    platformWait(platform, limits) {
      return limits ? windowWait(overall.get(platform), limits.perSecond, SECOND, now()) : 0;
    },
    chatWait(platform, chatId, kind, limits) {
      if (!limits) return 0;
      const times = perChat.get(`${platform}:${chatId}`);
      const t = now();
      const perSecond = windowWait(times, limits.perChatPerSecond, SECOND, t);
      return kind === 'group' ? Math.max(perSecond, windowWait(times, limits.perGroupPerMinute, MINUTE, t)) : perSecond;
    },
    count(platform, chatId) {
      const t = now();
      const slot: Slot = { at: Infinity };
      push(overall, platform, slot, t, SECOND);
      push(perChat, `${platform}:${chatId}`, slot, t, MINUTE);
      sweep(t);
      return () => void (slot.at = now());
    },
  };
}

/** Time until fewer than `max` of `slots` fall within the last `span` ms (Infinity: until an answer comes back). */
function windowWait(slots: Slot[] | undefined, max: number, span: number, now: number): number {
  if (!slots || max <= 0 || slots.length < max) return 0;
  const recent = slots.filter((s) => s.at > now - span).map((s) => s.at).sort((a, b) => a - b);
  if (recent.length < max) return 0;
  return recent[recent.length - max]! + span - now;
}

function push<K>(map: Map<K, Slot[]>, key: K, slot: Slot, now: number, keep: number): void {
  const kept = (map.get(key) ?? []).filter((s) => s.at > now - keep);
  kept.push(slot);
  map.set(key, kept);
}

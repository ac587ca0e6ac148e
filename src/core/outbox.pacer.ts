/**
 * Keeps the outbox inside a platform's send rates (overall per second, per chat per second, per
 * group per minute). Time comes from the clock; waiting uses the injected sleep.
 */
import type { Clock } from './clock';
import type { ChatKind, Platform, PlatformLimits } from './message';

export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export interface Pacer {
  /** Waits until one more message to `chatId` keeps within `limits`, then counts it. */
  take(platform: Platform, chatId: string, kind: ChatKind, limits: PlatformLimits | undefined): Promise<void>;
}

const SECOND = 1000;
const MINUTE = 60_000;

export function createPacer(clock: Clock, sleep: Sleep): Pacer {
  const overall = new Map<Platform, number[]>();
  const perChat = new Map<string, number[]>();
  let sweptAt = 0;

  /** Forgets chats not written to for a minute, at most once a minute. */
  function sweep(now: number): void {
    if (now - sweptAt < MINUTE) return;
    sweptAt = now;
    for (const [k, v] of perChat) if (v.every((t) => t <= now - MINUTE)) perChat.delete(k);
  }

  /** How long to wait before a message fits: 0 when it fits now. */
  function waitFor(platform: Platform, chat: string, kind: ChatKind, l: PlatformLimits, now: number): number {
    const waits = [
      windowWait(overall.get(platform), l.perSecond, SECOND, now),
      windowWait(perChat.get(chat), l.perChatPerSecond, SECOND, now),
      kind === 'group' ? windowWait(perChat.get(chat), l.perGroupPerMinute, MINUTE, now) : 0,
    ];
    return Math.max(...waits);
  }

  return {
    async take(platform, chatId, kind, limits) {
      if (!limits) return;
      const chat = `${platform}:${chatId}`;
      for (;;) {
        const wait = waitFor(platform, chat, kind, limits, clock.now().getTime());
        if (wait <= 0) break;
        await sleep(wait);
      }
      const now = clock.now().getTime();
      push(overall, platform, now, SECOND);
      push(perChat, chat, now, MINUTE);
      sweep(now);
    },
  };
}

/** Time until fewer than `max` of `times` fall within the last `span` ms. */
function windowWait(times: number[] | undefined, max: number, span: number, now: number): number {
  if (!times || max <= 0) return 0;
  const recent = times.filter((t) => t > now - span);
  if (recent.length < max) return 0;
  return recent[recent.length - max]! + span - now;
}

function push<K>(map: Map<K, number[]>, key: K, now: number, keep: number): void {
  const kept = (map.get(key) ?? []).filter((t) => t > now - keep);
  kept.push(now);
  map.set(key, kept);
}

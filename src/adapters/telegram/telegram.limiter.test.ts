import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SendLimiter, TELEGRAM_LIMITS } from './telegram.limiter.js';

beforeEach(() => {
  vi.useFakeTimers({ now: 1_800_000_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

/** Acquires for each chat in order and records when each was let through (ms from start). */
function track(limiter: SendLimiter, sends: { chat: string; group?: boolean; first?: boolean }[]) {
  const start = Date.now();
  const log: { chat: string; at: number; i: number }[] = [];
  sends.forEach((s, i) => void limiter.acquire(s.chat, s.group ?? false, s.first).then((release) => {
    log.push({ chat: s.chat, at: Date.now() - start, i });
    release(); // answered at once
  }));
  return log;
}

describe('the send limiter', () => {
  it('lets one message a second into a chat, in order, while other chats go at once', async () => {
    const limiter = new SendLimiter(TELEGRAM_LIMITS);
    const log = track(limiter, [{ chat: 'a' }, { chat: 'a' }, { chat: 'b' }, { chat: 'a' }]);
    await vi.advanceTimersByTimeAsync(5000);
    expect(log.map((l) => [l.chat, l.at])).toEqual([['a', 0], ['b', 0], ['a', 1010], ['a', 2020]]);
  });

  it('counts a send from when its answer came back, holding its place while it travels', async () => {
    const limiter = new SendLimiter(TELEGRAM_LIMITS);
    const release = await limiter.acquire('a', false);
    const log = track(limiter, [{ chat: 'a' }]);
    await vi.advanceTimersByTimeAsync(3000);
    expect(log).toEqual([]);
    release();
    await vi.advanceTimersByTimeAsync(1009);
    expect(log).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(log.map((l) => l.at)).toEqual([4010]);
  });

  it('keeps to about 30 a second overall', async () => {
    const limiter = new SendLimiter(TELEGRAM_LIMITS);
    const log = track(limiter, Array.from({ length: 70 }, (_, i) => ({ chat: `c${i}` })));
    await vi.advanceTimersByTimeAsync(5000);
    expect(log.filter((l) => l.at === 0)).toHaveLength(30);
    expect(log.filter((l) => l.at === 1010)).toHaveLength(30);
    expect(log.filter((l) => l.at === 2020)).toHaveLength(10);
    expect(log.map((l) => l.i)).toEqual([...Array(70).keys()]);
  });

  it('keeps to 20 a minute in a group', async () => {
    const limiter = new SendLimiter(TELEGRAM_LIMITS);
    const log = track(limiter, Array.from({ length: 22 }, () => ({ chat: '-100', group: true })));
    await vi.advanceTimersByTimeAsync(120_000);
    expect(log[19]!.at).toBe(19 * 1010);
    expect(log[20]!.at).toBe(60_010);
    expect(log[21]!.at).toBe(61_020);
  });

  it('sends nothing during a 429 pause, then lets a retry go first', async () => {
    const limiter = new SendLimiter(TELEGRAM_LIMITS);
    limiter.pause(3000);
    const opened: number[] = [];
    void limiter.whenOpen().then(() => opened.push(Date.now()));
    const log = track(limiter, [{ chat: 'a' }, { chat: 'b' }, { chat: 'b', first: true }]);
    await vi.advanceTimersByTimeAsync(2999);
    expect(log).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(log.map((l) => [l.i, l.at])).toEqual([[2, 3000], [0, 3000]]);
    expect(opened).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(2000);
    expect(log.map((l) => l.i)).toEqual([2, 0, 1]);
  });

  it('does not pace at all with infinite limits (benchmarks), but still honours pauses', async () => {
    const limiter = new SendLimiter({ perSecond: Infinity, perChatPerSecond: Infinity, perGroupPerMinute: Infinity });
    const log = track(limiter, Array.from({ length: 100 }, () => ({ chat: 'a' })));
    await vi.advanceTimersByTimeAsync(0);
    expect(log).toHaveLength(100);
  });
});

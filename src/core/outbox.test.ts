import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { openDb, type Db } from '../db/client';
import { members, outbox as outboxTable } from '../db/schema';
import { ManualClock } from './clock';
import { DeliveryError, type Outgoing, type PlatformLimits, type PlatformPort } from './message';
import type { PrivateTarget } from './messenger';
import { createUnitRunner } from './unit-of-work';
import { createOutbox } from './outbox';
import { MAX_ATTEMPTS, MAX_IN_FLIGHT } from './outbox.worker';
import { createScheduler } from './scheduler';

const log = pino({ level: 'silent' });
const T0 = new Date('2026-03-02T08:00:00+08:00');
const sec = (n: number) => new Date(T0.getTime() + n * 1000);

/** Polls real time until `check` holds (the worker runs on its own). */
async function until(check: () => boolean, timeoutMs = 2000): Promise<void> {
  for (const end = Date.now() + timeoutMs; !check(); await new Promise((r) => setTimeout(r, 2))) {
    if (Date.now() > end) throw new Error('timed out');
  }
}

/**
 * A platform whose answers a test scripts per call; records when each call happened, how many
 * calls were under way at once (overall and to one chat), and can hold every answer back.
 */
function fakePort(clock: ManualClock, limits?: PlatformLimits) {
  const calls: { chatId: string; text: string; at: number }[] = [];
  const script: (() => never | void)[] = [];
  const byChat = new Map<string, (() => never)[]>();
  const active = new Map<string, number>();
  const peak = { all: 0, oneChat: 0 };
  let underWay = 0;
  let hang = false;
  let gate: { wait: Promise<void>; open: () => void } | undefined;
  const hooks: { onCall?: (chatId: string) => void } = {};
  const port: PlatformPort = {
    platform: 'telegram',
    ...(limits ? { limits } : {}),
    async send(chatId: string, out: Outgoing) {
      const n = calls.push({ chatId, text: out.text, at: (clock.now().getTime() - T0.getTime()) / 1000 });
      hooks.onCall?.(chatId);
      if (hang) return new Promise(() => undefined);
      active.set(chatId, (active.get(chatId) ?? 0) + 1);
      peak.all = Math.max(peak.all, ++underWay);
      peak.oneChat = Math.max(peak.oneChat, active.get(chatId)!);
      try {
        if (gate) await gate.wait;
        (byChat.get(chatId)?.shift() ?? script.shift())?.();
        return { platform: 'telegram', chatId, messageId: `m${n}` };
      } finally {
        underWay--;
        active.set(chatId, active.get(chatId)! - 1);
      }
    },
    async edit() {},
  };
  /** Holds every answer back until the returned function is called. */
  const hold = () => {
    let open = () => undefined as void;
    gate = { wait: new Promise<void>((r) => (open = r)), open: () => open() };
    return () => { gate?.open(); gate = undefined; };
  };
  return {
    port, calls, peak, hooks, hold, hangForever: () => { hang = true; },
    fail: (...fs: (() => never)[]) => script.push(...fs),
    failIn: (chatId: string, ...fs: (() => never)[]) => byChat.set(chatId, fs),
  };
}

const err = (reason: DeliveryError['reason'], retryAfterMs?: number) => () => {
  throw new DeliveryError(reason, `fake ${reason}`, retryAfterMs);
};

function setup(opts: { limits?: PlatformLimits; db?: Db; targets?: Record<number, PrivateTarget[]>; onSleep?: () => void } = {}) {
  const db = opts.db ?? openDb(join(mkdtempSync(join(tmpdir(), 'yizhan-outbox-')), 'y.db'));
  const clock = new ManualClock(T0);
  const fake = fakePort(clock, opts.limits);
  const unreachable: number[] = [];
  const targets = opts.targets ?? {};
  const units = createUnitRunner({ db, ports: new Map(), log });
  const outbox = createOutbox({
    db, units, clock, log, defaultLocale: 'zh-CN', ports: new Map([['telegram', fake.port]]),
    sleep: async (ms) => {
      opts.onSleep?.();
      clock.set(new Date(clock.now().getTime() + ms));
    },
    privateTargets: (id) => (targets[id] ?? [{ identityId: id, platform: 'telegram', chatId: `chat${id}`, locale: 'zh-CN' }])
      .filter((t) => !unreachable.includes(t.identityId)),
    boundChats: (b) => (b === 'management' ? [{ platform: 'telegram', platformChatId: '-100' }] : []),
    markUnreachable: (i) => void unreachable.push(i),
  });
  const scheduler = createScheduler({ db, units, clock, log, timezone: 'Asia/Shanghai', jobs: [], tasks: {}, pumps: [outbox.pump] });
  const people = (n: number) => {
    for (let i = 1; i <= n; i++) db.insert(members).values({ id: i, name: `p${i}`, createdAt: T0 }).onConflictDoNothing().run();
  };
  const send = (memberId: number, key = `test:${memberId}`) =>
    outbox.toMember(db, { kind: 'test.note', key, memberId, render: (l) => ({ text: `${l}:${key}` }) }, clock.now());
  const rows = () => db.select().from(outboxTable).all();
  const advance = (s: number) => scheduler.advanceTo(sec(s), clock);
  return { db, clock, outbox, scheduler, people, send, rows, advance, unreachable, ...fake };
}

describe('outbox', () => {
  it('creates one row per dedupe key and sends it once, rendered in the recipient language', async () => {
    const t = setup();
    t.people(1);
    expect(t.send(1).created).toBe(true);
    expect(t.send(1).created).toBe(false);
    await t.outbox.deliver();
    await t.outbox.deliver();
    expect(t.calls).toEqual([{ chatId: 'chat1', text: 'zh-CN:test:1', at: 0 }]);
    expect(t.rows()).toMatchObject([{ status: 'sent', attempts: 1, platformMessageId: 'm1', platform: 'telegram', chatId: 'chat1' }]);
  });

  it('marks a member without a reachable private chat unreachable at once, without a call', async () => {
    const t = setup({ targets: { 1: [] } });
    t.people(1);
    expect(t.send(1).row.status).toBe('unreachable');
    await t.outbox.deliver();
    expect(t.calls).toEqual([]);
  });

  it('honours 429 retry_after: once a call is refused, no other starts on that platform until it has passed', async () => {
    const t = setup();
    const n = MAX_IN_FLIGHT + 3;
    t.people(n);
    t.fail(err('rate_limited', 5000));
    for (let i = 1; i <= n; i++) t.send(i);
    await t.outbox.deliver();
    // The first wave was under way when the 429 came back; nothing started after it.
    expect(t.calls.map((c) => c.at)).toEqual(Array(MAX_IN_FLIGHT).fill(0));
    await t.advance(4.9);
    expect(t.calls).toHaveLength(MAX_IN_FLIGHT);
    await t.advance(30);
    const later = [1, MAX_IN_FLIGHT + 1, MAX_IN_FLIGHT + 2, MAX_IN_FLIGHT + 3].map((i) => [`chat${i}`, 5]);
    expect(t.calls.slice(MAX_IN_FLIGHT).map((c) => [c.chatId, c.at])).toEqual(later);
    expect(t.rows().every((r) => r.status === 'sent' && r.attempts === (r.id === 1 ? 2 : 1))).toBe(true);
  });

  it('keeps the pause across a restart', async () => {
    const t = setup();
    t.people(2);
    t.fail(err('rate_limited', 60_000));
    t.send(1);
    await t.outbox.deliver();
    const again = setup({ db: t.db });
    again.send(2);
    await again.outbox.deliver();
    expect(again.calls).toEqual([]);
    await again.advance(61);
    expect(again.calls.map((c) => [c.chatId, c.at])).toEqual([['chat1', 60], ['chat2', 60]]);
  });

  it('marks a blocked identity unreachable, and tries the member\'s other private chat first', async () => {
    const two = { 1: [{ identityId: 11, platform: 'telegram' as const, chatId: 'tg1', locale: 'en' as const }, { identityId: 12, platform: 'telegram' as const, chatId: 'tg1b', locale: 'en' as const }] };
    const t = setup({ targets: { ...two, 2: [{ identityId: 21, platform: 'telegram', chatId: 'tg2', locale: 'zh-CN' }] } });
    t.people(2);
    t.failIn('tg1', err('blocked'));
    t.failIn('tg2', err('blocked'));
    t.send(1);
    t.send(2);
    await t.outbox.deliver();
    expect(t.unreachable).toEqual([11, 21]);
    expect(t.calls.map((c) => c.chatId)).toEqual(['tg1', 'tg2', 'tg1b']); // the other chat goes in the next wave
    expect(t.rows().map((r) => [r.memberId, r.status, r.chatId])).toEqual([[1, 'sent', 'tg1b'], [2, 'unreachable', 'tg2']]);
  });

  it('retries a 5xx with exponential backoff, then gives up as failed', async () => {
    const t = setup();
    t.people(1);
    t.fail(err('transient'), err('transient'));
    t.send(1);
    await t.advance(3600);
    expect(t.calls.map((c) => c.at)).toEqual([0, 10, 70]);
    expect(t.rows()[0]).toMatchObject({ status: 'sent', attempts: 3 });

    const u = setup();
    u.people(1);
    u.fail(...Array.from({ length: 10 }, () => err('transient')));
    u.send(1);
    await u.advance(24 * 3600);
    expect(u.calls).toHaveLength(MAX_ATTEMPTS);
    expect(u.rows()[0]).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS, lastError: 'fake transient' });
  });

  it('never resends a message whose response was lost, nor one the platform rejected', async () => {
    const t = setup();
    t.people(3);
    t.fail(err('unknown'), err('invalid'), () => { throw new Error('socket hang up'); });
    [1, 2, 3].forEach((i) => t.send(i));
    await t.advance(24 * 3600);
    expect(t.calls).toHaveLength(3);
    expect(t.rows().map((r) => r.status)).toEqual(['unknown', 'failed', 'unknown']);
    t.outbox.confirmDelivered('test:1', t.clock.now());
    expect(t.outbox.byKey('test:1')!.status).toBe('sent');
  });

  it('marks a row sending before the call, and a crash mid-call leaves it unknown at the next start', async () => {
    const t = setup();
    t.people(1);
    t.hangForever();
    t.send(1);
    void t.outbox.deliver();
    await new Promise((r) => setTimeout(r, 20));
    expect(t.rows()[0]).toMatchObject({ status: 'sending', attempts: 1 });
    const restarted = setup({ db: t.db }); // a new process on the same database
    await restarted.outbox.deliver();
    expect(restarted.calls).toEqual([]);
    expect(restarted.rows()[0]).toMatchObject({ status: 'unknown' });
  });

  it('at shutdown lets the calls under way finish, starts no other, and leaves the rest pending for the next start', async () => {
    const t = setup();
    t.people(MAX_IN_FLIGHT + 2);
    for (let i = 1; i <= MAX_IN_FLIGHT + 2; i++) t.send(i);
    const release = t.hold();
    const delivering = t.outbox.deliver();
    await until(() => t.calls.length === MAX_IN_FLIGHT);
    const stopping = t.outbox.pump.stop!();
    release();
    await Promise.all([stopping, delivering]);
    expect(t.calls).toHaveLength(MAX_IN_FLIGHT);
    expect(t.rows().map((r) => r.status)).toEqual([...Array(MAX_IN_FLIGHT).fill('sent'), 'pending', 'pending']);
  });

  it('at shutdown while waiting for the pace sends nothing more', async () => {
    let stopping: Promise<void> | undefined;
    const t = setup({ limits: { perSecond: 1, perChatPerSecond: 1, perGroupPerMinute: 20 }, onSleep: () => { stopping ??= t.outbox.pump.stop!(); } });
    t.people(3);
    [1, 2, 3].forEach((i) => t.send(i));
    await t.outbox.deliver();
    await stopping;
    expect(t.calls.map((c) => [c.chatId, c.at])).toEqual([['chat1', 0]]);
    expect(t.rows().map((r) => r.status)).toEqual(['sent', 'pending', 'pending']);
  });

  it('sends rows side by side, each marked sending in a committed write before its call', async () => {
    const t = setup();
    const n = 3 * MAX_IN_FLIGHT;
    t.people(n);
    for (let i = 1; i <= n; i++) t.send(i);
    const reader = new Database(t.db.$client.name, { readonly: true });
    const statusOf = reader.prepare('select status from outbox where chat_id = ?').pluck();
    const seen: unknown[] = [];
    t.hooks.onCall = (chatId) => void seen.push(statusOf.get(chatId));
    const release = t.hold();
    const delivering = t.outbox.deliver();
    await until(() => t.calls.length === MAX_IN_FLIGHT);
    await new Promise((r) => setTimeout(r, 20));
    expect(t.calls).toHaveLength(MAX_IN_FLIGHT); // no more than that under way
    release();
    await delivering;
    reader.close();
    expect(seen).toEqual(Array(n).fill('sending')); // another connection saw the claim before each call
    expect(t.peak.all).toBe(MAX_IN_FLIGHT);
    expect(t.rows().every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
  });

  it('keeps one chat\'s messages in order and one at a time, while other chats go side by side', async () => {
    const t = setup();
    t.people(6);
    for (const k of ['a', 'b', 'c']) t.send(1, `one:${k}`);
    for (let i = 2; i <= 6; i++) t.send(i);
    t.send(1, 'one:d');
    await t.outbox.deliver();
    expect(t.calls.filter((c) => c.chatId === 'chat1').map((c) => c.text)).toEqual(['a', 'b', 'c', 'd'].map((k) => `zh-CN:one:${k}`));
    expect(t.calls.slice(0, 6).map((c) => c.chatId)).toEqual(['chat1', 'chat2', 'chat3', 'chat4', 'chat5', 'chat6']);
    expect(t.peak.oneChat).toBe(1);
  });

  it('does not let a chat that must wait hold up the others', async () => {
    const t = setup({ limits: { perSecond: 30, perChatPerSecond: 1, perGroupPerMinute: 20 } });
    t.people(6);
    for (const k of ['a', 'b', 'c']) t.send(1, `one:${k}`);
    for (let i = 2; i <= 6; i++) t.send(i);
    await t.outbox.deliver();
    expect(t.calls.map((c) => [c.chatId, c.at])).toEqual([
      ['chat1', 0], ['chat2', 0], ['chat3', 0], ['chat4', 0], ['chat5', 0], ['chat6', 0], ['chat1', 1], ['chat1', 2],
    ]);
  });

  it('counts a send from its answer: a slow answer delays the next send of a full window', async () => {
    const t = setup({ limits: { perSecond: 1, perChatPerSecond: 1, perGroupPerMinute: 20 } });
    t.people(3);
    [1, 2, 3].forEach((i) => t.send(i));
    t.hooks.onCall = () => t.clock.set(new Date(t.clock.now().getTime() + 500)); // each answer takes 0.5 s
    await t.outbox.deliver();
    expect(t.calls.map((c) => c.at)).toEqual([0, 1.5, 3]);
  });

  it('keeps to the platform limits: per second, per chat and per group per minute', async () => {
    const t = setup({ limits: { perSecond: 30, perChatPerSecond: 1, perGroupPerMinute: 20 } });
    t.people(70);
    for (let i = 1; i <= 70; i++) t.send(i);
    for (let i = 0; i < 3; i++) t.send(1, `again:${i}`);
    for (let i = 0; i < 25; i++) t.outbox.toBound(t.db, { kind: 'test.digest', key: `digest:${i}`, binding: 'management', scope: null, render: () => ({ text: `d${i}` }) }, t.clock.now());
    await t.outbox.deliver();
    const times = t.calls.map((c) => c.at);
    for (const s of times) expect(times.filter((x) => x >= s && x < s + 1).length).toBeLessThanOrEqual(30);
    const chat1 = t.calls.filter((c) => c.chatId === 'chat1').map((c) => c.at);
    expect(chat1).toHaveLength(4);
    chat1.slice(1).forEach((x, i) => expect(x - chat1[i]!).toBeGreaterThanOrEqual(1));
    const group = t.calls.filter((c) => c.chatId === '-100').map((c) => c.at);
    expect(group).toHaveLength(25);
    expect(group.filter((x) => x < group[0]! + 60)).toHaveLength(20);
    expect(t.rows().every((r) => r.status === 'sent')).toBe(true);
  });
});

/** Shared by the outbox tests: a scripted platform, a manual clock and an outbox on a fresh database. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { openDb, type Db } from '../db/client.js';
import { members, outbox as outboxTable } from '../db/schema.js';
import { ManualClock } from './clock.js';
import { DeliveryError, type Outgoing, type PlatformLimits, type PlatformPort } from './message.js';
import type { PrivateTarget } from './messenger.js';
import { createUnitRunner } from './unit-of-work.js';
import { createOutbox } from './outbox.js';
import { createScheduler } from './scheduler.js';
import type { FailedHook, SentHook } from './feature.js';

export const log = pino({ level: 'silent' });
export const T0 = new Date('2026-03-02T08:00:00+08:00');
export const sec = (n: number) => new Date(T0.getTime() + n * 1000);

/** Polls real time until `check` holds (the worker runs on its own). */
export async function until(check: () => boolean, timeoutMs = 2000): Promise<void> {
  for (const end = Date.now() + timeoutMs; !check(); await new Promise((r) => setTimeout(r, 2))) {
    if (Date.now() > end) throw new Error('timed out');
  }
}

/**
 * A platform whose answers a test scripts per call; records when each call happened, how many
 * calls were under way at once (overall and to one chat), and can hold every answer back.
 */
export function fakePort(clock: ManualClock, limits?: PlatformLimits) {
  const calls: { chatId: string; text: string; at: number }[] = [];
  const edits: { chatId: string; messageId: string; text: string }[] = [];
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
    async edit(ref, out) {
      edits.push({ chatId: ref.chatId, messageId: ref.messageId, text: out.text });
    },
  };
  /** Holds every answer back until the returned function is called. */
  const hold = () => {
    let open = () => undefined as void;
    gate = { wait: new Promise<void>((r) => (open = r)), open: () => open() };
    return () => { gate?.open(); gate = undefined; };
  };
  return {
    port, calls, edits, peak, hooks, hold, hangForever: () => { hang = true; },
    fail: (...fs: (() => never)[]) => script.push(...fs),
    failIn: (chatId: string, ...fs: (() => never)[]) => byChat.set(chatId, fs),
  };
}

export const err = (reason: DeliveryError['reason'], retryAfterMs?: number) => () => {
  throw new DeliveryError(reason, `fake ${reason}`, retryAfterMs);
};

export function setup(opts: {
  limits?: PlatformLimits; db?: Db; targets?: Record<number, PrivateTarget[]>; onSleep?: () => void; hooks?: Record<string, SentHook>; failedHooks?: Record<string, FailedHook>;
} = {}) {
  const db = opts.db ?? openDb(join(mkdtempSync(join(tmpdir(), 'yizhan-outbox-')), 'y.db'));
  const clock = new ManualClock(T0);
  const fake = fakePort(clock, opts.limits);
  const unreachable: number[] = [];
  const targets = opts.targets ?? {};
  const units = createUnitRunner({ db, log, owe: (q, m) => outbox.owe(q, m), committed: () => outbox.kick() });
  const outbox = createOutbox({
    units, clock, log, defaultLocale: 'zh-CN', timezone: 'Asia/Shanghai', ports: new Map([['telegram', fake.port]]),
    sleep: async (ms) => {
      opts.onSleep?.();
      clock.set(new Date(clock.now().getTime() + ms));
    },
    privateTargets: async (id) => (targets[id] ?? [{ identityId: id, platform: 'telegram', chatId: `chat${id}`, locale: 'zh-CN' }])
      .filter((t) => !unreachable.includes(t.identityId)),
    boundChats: async (b) => (b === 'management' ? [{ platform: 'telegram', platformChatId: '-100' }] : []),
    markUnreachable: async (i) => void unreachable.push(i),
    hooks: () => ({ sent: new Map(Object.entries(opts.hooks ?? {})), failed: new Map(Object.entries(opts.failedHooks ?? {})) }),
  });
  const scheduler = createScheduler({ units, clock, log, timezone: 'Asia/Shanghai', jobs: [], tasks: {}, pumps: [outbox.pump] });
  const people = (n: number) => {
    for (let i = 1; i <= n; i++) db.insert(members).values({ id: i, name: `p${i}`, createdAt: T0 }).onConflictDoNothing().run();
  };
  const send = (memberId: number, key = `test:${memberId}`) =>
    outbox.toMember(db, { kind: 'test.note', key, memberId, render: (l) => ({ text: `${l}:${key}` }) }, clock.now());
  const rows = () => db.select().from(outboxTable).all();
  const advance = (s: number) => scheduler.advanceTo(sec(s), clock);
  return { db, clock, units, outbox, scheduler, people, send, rows, advance, unreachable, ...fake };
}

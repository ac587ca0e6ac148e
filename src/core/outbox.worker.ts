/**
 * The delivery worker of the outbox. Due rows are sent side by side — at most MAX_IN_FLIGHT at a
 * time, one at a time per chat and in order, within the platform's pace — because a platform
 * answers in tens or hundreds of milliseconds and one call at a time would stay far below its
 * limits. Each row is marked `sending` in a committed write before the platform is called, and
 * its outcome is written after the answer. A row is never sent again once a call for it may have
 * reached the platform.
 */
import type { Logger } from 'pino';
import type { Db } from '../db/client.js';
import type { Clock } from './clock.js';
import { DeliveryError, toOutgoing, type Platform, type Ports, type SentRef } from './message.js';
import type { PrivateTarget } from './messenger.js';
import type { UnitRunner } from './unit-of-work.js';
import { createPacer, type Sleep } from './outbox.pacer.js';
import { gatheredWrites } from './outbox.writes.js';
import {
  claimOutbox, dueOutbox, finishOutbox, pausePlatform, recoverSending, retargetOutbox, retryOutbox, type OutboxRow,
} from './outbox.repo.js';

export interface OutboxWorkerDeps {
  db: Db;
  /** Every write of the worker is a unit of work, never interleaved with a handler's transaction. */
  units: UnitRunner;
  ports: Ports;
  clock: Clock;
  log: Logger;
  sleep: Sleep;
  /** Reachable private chats of a member, best first (to try another after a 403). */
  privateTargets(memberId: number): PrivateTarget[];
  markUnreachable(identityId: number): void;
}

const SECOND = 1000;
/** Waits after a transient failure; after the last one the row is `failed`. */
export const TRANSIENT_BACKOFF_MS = [10 * SECOND, 60 * SECOND, 5 * 60 * SECOND, 30 * 60 * SECOND];
export const MAX_ATTEMPTS = TRANSIENT_BACKOFF_MS.length + 1;
/** Rows whose call may be under way at once (each claimed in a committed write first). */
export const MAX_IN_FLIGHT = 16;
/** Due rows read from the database at a time. */
const BATCH = 64;

export interface OutboxWorker {
  /** Sends every due row (one pass at a time); on its first run, `sending` leftovers become `unknown`. */
  run(): Promise<void>;
  /** Lets the rows in flight finish and starts no other in this process (the rest stays pending). */
  stop(): Promise<void>;
}

const chatOf = (row: OutboxRow) => `${row.platform}:${row.chatId}`;

/** A row let go by the pacer, with what to call when its answer came back. */
interface Picked {
  row: OutboxRow;
  answered: () => void;
}

export function createOutboxWorker(deps: OutboxWorkerDeps): OutboxWorker {
  const { db, clock, log } = deps;
  const write = <T>(fn: () => T): Promise<T> => deps.units.run(fn);
  const writeOutcome = gatheredWrites(deps.units);
  const pacer = createPacer(clock);
  /** Platforms that answered 429, known here at once (the database learns it with the row's outcome). */
  const pausedUntil = new Map<Platform, number>();
  let recovered = false;
  let stopped = false;
  let running: Promise<void> | null = null;

  /** Calls the platform for a claimed row, tells the pacer when the answer came, and writes the outcome. */
  async function send(row: OutboxRow, answered: () => void): Promise<void> {
    const claimed = { ...row, attempts: row.attempts + 1 };
    try {
      const ref = await call(row).finally(answered);
      await writeOutcome(() => finishOutbox(db, row.id, 'sent', clock.now(), { platformMessageId: ref.messageId }));
    } catch (err) {
      const now = clock.now();
      if (err instanceof DeliveryError && err.reason === 'rate_limited') pausedUntil.set(row.platform!, pauseEnd(err.retryAfterMs, now).getTime());
      await writeOutcome(() => settleFailure(claimed, err, now));
    }
  }

  /** The platform call (made before the first await: a wave's calls start together). */
  async function call(row: OutboxRow): Promise<SentRef> {
    const port = deps.ports.get(row.platform!);
    if (!port) throw new DeliveryError('transient', `no adapter is running for ${row.platform}`);
    return port.send(row.chatId!, toOutgoing(row.payload));
  }

  function settleFailure(row: OutboxRow, err: unknown, now: Date): void {
    const message = String((err as Error)?.message ?? err);
    if (!(err instanceof DeliveryError)) {
      log.error({ err, outboxId: row.id, kind: row.kind }, 'outbox send threw an unclassified error; not resending');
      return finishOutbox(db, row.id, 'unknown', now, { lastError: message });
    }
    switch (err.reason) {
      case 'blocked': return blocked(row, message, now);
      case 'rate_limited': return rateLimited(row, pauseEnd(err.retryAfterMs, now), message, now);
      case 'transient': return transient(row, message, now);
      case 'unknown': return finishOutbox(db, row.id, 'unknown', now, { lastError: message });
      case 'invalid': return finishOutbox(db, row.id, 'failed', now, { lastError: message });
    }
  }

  /** 403: that identity is unreachable; another private chat of the member may still work. */
  function blocked(row: OutboxRow, message: string, now: Date): void {
    if (row.identityId !== null) deps.markUnreachable(row.identityId);
    const next = row.memberId === null ? undefined
      : deps.privateTargets(row.memberId).find((t) => t.identityId !== row.identityId && deps.ports.has(t.platform));
    if (next) retargetOutbox(db, row.id, next, now);
    else finishOutbox(db, row.id, 'unreachable', now, { lastError: message });
  }

  /** 429: nothing goes to that platform until `retry_after` has passed. */
  function rateLimited(row: OutboxRow, until: Date, message: string, now: Date): void {
    pausePlatform(db, row.platform!, until);
    retryOutbox(db, row.id, until, message, now);
    log.warn({ platform: row.platform, until }, 'platform rate limit: pausing the outbox for it');
  }

  function transient(row: OutboxRow, message: string, now: Date): void {
    const delay = TRANSIENT_BACKOFF_MS[row.attempts - 1];
    if (delay === undefined || row.attempts >= MAX_ATTEMPTS) return finishOutbox(db, row.id, 'failed', now, { lastError: message });
    retryOutbox(db, row.id, new Date(now.getTime() + delay), message, now);
  }

  const isPaused = (row: OutboxRow) => (pausedUntil.get(row.platform!) ?? 0) > clock.now().getTime();

  /**
   * One pass: rows are read in batches (oldest first) and sent in waves of those that may go now;
   * when none may, it waits for a call to finish or, with none under way, for the pace.
   */
  async function drain(): Promise<void> {
    if (!recovered) {
      recovered = true;
      const n = await write(() => recoverSending(db, clock.now()));
      if (n) log.warn({ rows: n }, 'outbox rows interrupted while sending are now "unknown"');
    }
    const inFlight = new Map<number, Promise<void>>();
    const busy = new Set<string>();
    let queue: OutboxRow[] = [];
    while (!stopped) {
      if (!queue.length) queue = dueOutbox(db, clock.now(), BATCH).filter((r) => !inFlight.has(r.id) && !isPaused(r));
      if (!queue.length && !inFlight.size) break;
      const { wave, wait } = pickWave(queue, busy, MAX_IN_FLIGHT - inFlight.size);
      queue = queue.filter((r) => !wave.some((p) => p.row === r) && !isPaused(r));
      if (wave.length) await launch(wave, inFlight, busy);
      else if (inFlight.size) await Promise.race(inFlight.values());
      else if (wait < Infinity) await deps.sleep(wait);
      else break; // nothing may go and nothing will change: never spin
    }
    await Promise.all(inFlight.values());
  }

  /**
   * The rows of `queue` that may go now, at most `room`, counted by the pacer; else how long until
   * one may. A chat with a row in flight or waiting keeps its later rows back, so its order holds.
   */
  function pickWave(queue: OutboxRow[], busy: Set<string>, room: number): { wave: Picked[]; wait: number } {
    const wave: Picked[] = [];
    const held = new Set(busy);
    let wait = Infinity;
    for (const row of queue) {
      if (wave.length >= room) break;
      const chat = chatOf(row);
      if (held.has(chat) || isPaused(row)) continue;
      held.add(chat);
      const limits = deps.ports.get(row.platform!)?.limits;
      const w = Math.max(pacer.platformWait(row.platform!, limits), pacer.chatWait(row.platform!, row.chatId!, row.chatKind ?? 'private', limits));
      if (w > 0) {
        wait = Math.min(wait, w);
        continue;
      }
      wave.push({ row, answered: pacer.count(row.platform!, row.chatId!) });
    }
    return { wave, wait };
  }

  /** Claims the wave in one committed write, then calls the platform for each claimed row. */
  async function launch(wave: Picked[], inFlight: Map<number, Promise<void>>, busy: Set<string>): Promise<void> {
    const now = clock.now();
    const claimed = await write(() => wave.filter((p) => claimOutbox(db, p.row.id, now))).catch((err: unknown) => {
      for (const p of wave) p.answered();
      throw err;
    });
    for (const p of wave) if (!claimed.includes(p)) p.answered();
    for (const { row, answered } of claimed) {
      busy.add(chatOf(row));
      inFlight.set(row.id, send(row, answered).catch((err: unknown) => {
        log.error({ err, outboxId: row.id }, 'outbox: writing the outcome of a send failed; the row is left "sending"');
      }).finally(() => {
        inFlight.delete(row.id);
        busy.delete(chatOf(row));
      }));
    }
  }

  return {
    run() {
      running ??= drain().finally(() => { running = null; });
      return running;
    },
    async stop() {
      stopped = true;
      await running;
    },
  };
}

function pauseEnd(retryAfterMs: number | undefined, now: Date): Date {
  return new Date(now.getTime() + Math.max(retryAfterMs ?? SECOND, SECOND));
}

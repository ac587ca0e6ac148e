/**
 * The delivery worker of the outbox. For each due row: wait for the platform's pace, mark it
 * `sending` in its own committed write, call the platform, record the outcome. A row is never
 * sent again once a call for it may have reached the platform.
 */
import type { Logger } from 'pino';
import type { Db } from '../db/client';
import type { Clock } from './clock';
import { DeliveryError, toOutgoing, type Ports } from './message';
import type { PrivateTarget } from './messenger';
import type { UnitRunner } from './unit-of-work';
import { createPacer, type Sleep } from './outbox.pacer';
import {
  claimOutbox, finishOutbox, nextDueOutbox, pausePlatform, recoverSending, retargetOutbox, retryOutbox, type OutboxRow,
} from './outbox.repo';

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

export interface OutboxWorker {
  /** Sends every due row (one pass at a time); on its first run, `sending` leftovers become `unknown`. */
  run(): Promise<void>;
  /** Finishes the row in hand and sends no more in this process (the rest stays pending). */
  stop(): Promise<void>;
}

export function createOutboxWorker(deps: OutboxWorkerDeps): OutboxWorker {
  const { db, clock, log } = deps;
  const write = <T>(fn: () => T): Promise<T> => deps.units.run(fn);
  const pacer = createPacer(clock, deps.sleep);
  let recovered = false;
  let stopped = false;
  let running: Promise<void> | null = null;

  async function sendOne(row: OutboxRow): Promise<void> {
    const port = deps.ports.get(row.platform!);
    if (port) await pacer.take(row.platform!, row.chatId!, row.chatKind ?? 'private', port.limits);
    if (!(await write(() => claimOutbox(db, row.id, clock.now())))) return;
    const claimed = { ...row, attempts: row.attempts + 1 };
    try {
      if (!port) throw new DeliveryError('transient', `no adapter is running for ${row.platform}`);
      const ref = await port.send(row.chatId!, toOutgoing(row.payload));
      await write(() => finishOutbox(db, row.id, 'sent', clock.now(), { platformMessageId: ref.messageId }));
    } catch (err) {
      await write(() => settleFailure(claimed, err));
    }
  }

  function settleFailure(row: OutboxRow, err: unknown): void {
    const now = clock.now();
    const message = String((err as Error)?.message ?? err);
    if (!(err instanceof DeliveryError)) {
      log.error({ err, outboxId: row.id, kind: row.kind }, 'outbox send threw an unclassified error; not resending');
      return finishOutbox(db, row.id, 'unknown', now, { lastError: message });
    }
    switch (err.reason) {
      case 'blocked': return blocked(row, message, now);
      case 'rate_limited': return rateLimited(row, err.retryAfterMs, message, now);
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
  function rateLimited(row: OutboxRow, retryAfterMs: number | undefined, message: string, now: Date): void {
    const until = new Date(now.getTime() + Math.max(retryAfterMs ?? SECOND, SECOND));
    pausePlatform(db, row.platform!, until);
    retryOutbox(db, row.id, until, message, now);
    log.warn({ platform: row.platform, until }, 'platform rate limit: pausing the outbox for it');
  }

  function transient(row: OutboxRow, message: string, now: Date): void {
    const delay = TRANSIENT_BACKOFF_MS[row.attempts - 1];
    if (delay === undefined || row.attempts >= MAX_ATTEMPTS) return finishOutbox(db, row.id, 'failed', now, { lastError: message });
    retryOutbox(db, row.id, new Date(now.getTime() + delay), message, now);
  }

  async function drain(): Promise<void> {
    if (!recovered) {
      recovered = true;
      const n = await write(() => recoverSending(db, clock.now()));
      if (n) log.warn({ rows: n }, 'outbox rows interrupted while sending are now "unknown"');
    }
    for (let row = next(); row; row = next()) await sendOne(row);
  }

  const next = () => (stopped ? undefined : nextDueOutbox(db, clock.now()));

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

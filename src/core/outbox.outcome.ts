/**
 * What becomes of a row once the platform answered: `sent` (and the feature's `onSent` hook runs),
 * tried again later (5xx, refused connection, 429), another private chat of the member (403), or a
 * final failure (and the feature's `onFailed` hook runs). Each is written in the worker's gathered outcome writes. A row of anonymous content
 * keeps neither its text nor its recipient once it is final.
 */
import type { Logger } from 'pino';
import { LANE } from '../db/schema.js';
import type { FailedHook, SentHook, Undelivered } from './feature.js';
import { DeliveryError, type Platform, type Ports, type SentRef } from './message.js';
import type { PrivateTarget } from './messenger.js';
import { FINAL, type OutboxRow } from './outbox.repo.js';
import { finishOutbox, forgetOutbox, pausePlatform, retargetOutbox, retryOutbox, type HookedRow } from './outbox.queue.repo.js';
import type { OutboxStatus } from '../db/schema.js';
import type { UnitRunner } from './unit-of-work.js';

const SECOND = 1000;
/** Waits after a transient failure; after the last one the row is `failed`. Replies are tried again sooner. */
export const TRANSIENT_BACKOFF_MS = [10 * SECOND, 60 * SECOND, 5 * 60 * SECOND, 30 * 60 * SECOND];
export const REPLY_BACKOFF_MS = [2 * SECOND, 10 * SECOND, 60 * SECOND, 5 * 60 * SECOND];
export const MAX_ATTEMPTS = TRANSIENT_BACKOFF_MS.length + 1;

export interface OutcomeDeps {
  /** Outcomes are written in the unit of the worker's gathered writes; a hook runs in an attempt of it. */
  units: UnitRunner;
  log: Logger;
  ports: Ports;
  /** Reachable private chats of a member, best first (to try another after a 403). */
  privateTargets(memberId: number): Promise<PrivateTarget[]>;
  markUnreachable(identityId: number): Promise<void>;
  /** The hooks features registered for `onSent` and `onFailed`, by name. */
  hooks(): OutboxHooks;
  /** Waits after a transient failure of a reply or crisis answer (tests shorten them). */
  replyBackoffMs?: number[];
}

export interface OutboxHooks {
  sent: ReadonlyMap<string, SentHook>;
  failed: ReadonlyMap<string, FailedHook>;
}

export interface Outcomes {
  sent(row: OutboxRow, ref: SentRef, now: Date): Promise<void>;
  /** `row` as claimed (its attempts counted). */
  failed(row: OutboxRow, err: unknown, now: Date): Promise<void>;
  /** Rows that ended `how` outside a send (a crash left them `sending`): their `onFailed` hooks run. */
  undelivered(rows: HookedRow[], how: Undelivered): Promise<void>;
}

export function pauseEnd(retryAfterMs: number | undefined, now: Date): Date {
  return new Date(now.getTime() + Math.max(retryAfterMs ?? SECOND, SECOND));
}

export function createOutcomes(deps: OutcomeDeps): Outcomes {
  const { log } = deps;
  const q = () => deps.units.q();

  async function sent(row: OutboxRow, ref: SentRef, now: Date): Promise<void> {
    await finishOutbox(q(), row.id, 'sent', now, row.editOf ? {} : { platformMessageId: ref.messageId });
    if (row.onSent) await runHook(row.id, row.onSent, deps.hooks().sent, (hook) => hook(ref, row.meta ?? {}));
    await ended(row, 'sent');
  }

  /**
   * A feature's hook, in a savepoint of its own: a hook that throws is logged and undone, the row's
   * outcome stands. Hooks run in the write that marks the row, so each runs once (a crash before
   * that commit leaves the row `sending`: `unknown` at the next start, and its `onFailed` hook runs).
   */
  async function runHook<H>(outboxId: number, name: string, hooks: ReadonlyMap<string, H>, call: (hook: H) => unknown): Promise<void> {
    const hook = hooks.get(name);
    if (!hook) return log.warn({ outboxId, hook: name }, 'outbox: no feature registers this hook');
    try {
      await deps.units.atomic(async () => void (await call(hook)));
    } catch (err) {
      log.error({ err, outboxId, hook: name }, 'outbox: a hook failed');
    }
  }

  async function undelivered(rows: HookedRow[], how: Undelivered): Promise<void> {
    for (const r of rows) if (r.onFailed) await runHook(r.id, r.onFailed, deps.hooks().failed, (hook) => hook(how, r.meta ?? {}));
  }

  async function failed(row: OutboxRow, err: unknown, now: Date): Promise<void> {
    await ended(row, await settle(row, err, now));
  }

  async function settle(row: OutboxRow, err: unknown, now: Date): Promise<OutboxStatus> {
    const message = String((err as Error)?.message ?? err);
    if (!(err instanceof DeliveryError)) {
      log.error({ err, outboxId: row.id, kind: row.kind }, 'outbox send threw an unclassified error');
      return maybeArrived(row, message, now);
    }
    switch (err.reason) {
      case 'blocked': return blocked(row, message, now);
      case 'rate_limited': return rateLimited(row, pauseEnd(err.retryAfterMs, now), message, now);
      case 'transient': return transient(row, message, now);
      case 'unknown': return maybeArrived(row, message, now);
      case 'invalid': return finish(row, 'failed', message, now);
    }
  }

  async function finish(row: OutboxRow, status: Undelivered, message: string, now: Date): Promise<OutboxStatus> {
    await finishOutbox(q(), row.id, status, now, { lastError: message });
    await undelivered([row], status);
    return status;
  }

  /** The call may have arrived: never resent blindly, except a crisis answer (a second copy beats none). */
  function maybeArrived(row: OutboxRow, message: string, now: Date): Promise<OutboxStatus> {
    return row.lane === LANE.crisis ? transient(row, message, now) : finish(row, 'unknown', message, now);
  }

  /** 403: that identity is unreachable; another private chat of the member may still work. */
  async function blocked(row: OutboxRow, message: string, now: Date): Promise<OutboxStatus> {
    if (row.identityId !== null) await deps.markUnreachable(row.identityId);
    const next = row.memberId === null || row.editOf ? undefined
      : (await deps.privateTargets(row.memberId)).find((t) => t.identityId !== row.identityId && deps.ports.has(t.platform));
    if (!next) return finish(row, 'unreachable', message, now);
    await retargetOutbox(q(), row.id, next, now);
    return 'pending';
  }

  /** 429: nothing goes to that platform until `retry_after` has passed. */
  async function rateLimited(row: OutboxRow, until: Date, message: string, now: Date): Promise<OutboxStatus> {
    await pausePlatform(q(), row.platform as Platform, until);
    await retryOutbox(q(), row.id, until, message, now);
    log.warn({ platform: row.platform, until }, 'platform rate limit: pausing the outbox for it');
    return 'pending';
  }

  async function transient(row: OutboxRow, message: string, now: Date): Promise<OutboxStatus> {
    const waits = row.lane === LANE.bulk ? TRANSIENT_BACKOFF_MS : deps.replyBackoffMs ?? REPLY_BACKOFF_MS;
    const delay = waits[row.attempts - 1];
    if (delay === undefined || row.attempts >= MAX_ATTEMPTS) return finish(row, 'failed', message, now);
    await retryOutbox(q(), row.id, new Date(now.getTime() + delay), message, now);
    return 'pending';
  }

  async function ended(row: OutboxRow, status: OutboxStatus): Promise<void> {
    if (row.forget && FINAL.includes(status)) await forgetOutbox(q(), row.id);
  }

  return { sent, failed, undelivered };
}

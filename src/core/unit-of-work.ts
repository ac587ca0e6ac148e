/**
 * Units of work: each incoming message and each scheduled task runs as one unit — its database
 * writes commit together, and the messages it sends are held back until that commit, then sent in
 * order. A crash therefore never leaves half of a message's effects behind, and a redelivered
 * update (claimed inside the same transaction) is never applied twice.
 *
 * Units run one at a time against the single SQLite connection; units that queue up while one
 * runs are committed together (each in its own savepoint), so a busy bot pays one fsync per batch.
 * A unit queued while none runs starts at once; its batch stays open for one more turn of the
 * event loop, so the units that the previous commit set off (each chat's next message) join it
 * instead of trickling in one small batch after another.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger } from 'pino';
import type { Db } from '../db/client.js';
import { DeliveryError, portFor, type Outgoing, type Platform, type Ports, type SentRef } from './message.js';

export interface SendHooks {
  /** Runs in a later unit once the platform accepted the message. */
  onSent?: (ref: SentRef) => void;
  /** Runs in a later unit when the platform says the recipient blocked the bot or never started it. */
  onBlocked?: () => void;
}

type Effect =
  | { kind: 'send'; platform: Platform; chatId: string; out: Outgoing; hooks: SendHooks }
  | { kind: 'edit'; ref: SentRef; out: Outgoing };

export interface Unit {
  send(platform: Platform, chatId: string, out: Outgoing, hooks?: SendHooks): void;
  edit(ref: SentRef, out: Outgoing): void;
  /**
   * Runs `fn` once the unit committed, before another transaction begins: work that cannot run
   * inside one (a WAL checkpoint). Not run when the unit failed; a throw is logged.
   */
  afterCommit(fn: () => void): void;
  /** Runs `work` so that, if it throws, its writes and its messages are undone; rethrows. */
  attempt<T>(work: () => Promise<T>): Promise<T>;
}

export interface UnitRunner {
  /** Runs `work` as a unit; resolves after it committed and its messages were handed to the platforms. */
  run<T>(work: (unit: Unit) => Promise<T> | T): Promise<T>;
  /** The unit the caller runs in, if any. */
  current(): Unit | undefined;
}

interface Job {
  work: (unit: Unit) => Promise<unknown> | unknown;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

/**
 * Units per transaction at most. A busy bot fills batches (a unit costs ~50–100 µs, so a full batch
 * holds its replies back ~15–25 ms); 256 rather than 64 halves the commits, each an fsync.
 */
const MAX_BATCH = 256;

export function createUnitRunner(deps: { db: Db; ports: Ports; log: Logger }): UnitRunner {
  const sqlite = deps.db.$client;
  const als = new AsyncLocalStorage<UnitImpl>();
  const waiting: Job[] = [];
  let draining = false;
  // Attempts nest strictly, so one savepoint name serves them all: RELEASE and ROLLBACK TO act on
  // the innermost savepoint of that name. Prepared once, they cost less than parsing each time.
  const savepoint = sqlite.prepare('SAVEPOINT attempt');
  const release = sqlite.prepare('RELEASE attempt');
  const rollbackTo = sqlite.prepare('ROLLBACK TO attempt');
  const begin = sqlite.prepare('BEGIN IMMEDIATE');
  const commit = sqlite.prepare('COMMIT');

  class UnitImpl implements Unit {
    effects: Effect[] = [];
    committed: (() => void)[] = [];
    send(platform: Platform, chatId: string, out: Outgoing, hooks: SendHooks = {}) {
      this.effects.push({ kind: 'send', platform, chatId, out, hooks });
    }
    edit(ref: SentRef, out: Outgoing) {
      this.effects.push({ kind: 'edit', ref, out });
    }
    afterCommit(fn: () => void) {
      this.committed.push(fn);
    }
    async attempt<T>(work: () => Promise<T>): Promise<T> {
      const mark = this.effects.length;
      const after = this.committed.length;
      savepoint.run();
      try {
        const value = await work();
        release.run();
        return value;
      } catch (err) {
        rollbackTo.run();
        release.run();
        this.effects.length = mark;
        this.committed.length = after;
        throw err;
      }
    }
  }

  async function deliver(effects: Effect[]): Promise<void> {
    for (const e of effects) {
      try {
        if (e.kind === 'edit') {
          await portFor(deps.ports, e.ref.platform).edit(e.ref, e.out);
          continue;
        }
        const ref = await portFor(deps.ports, e.platform).send(e.chatId, e.out);
        if (e.hooks.onSent) await run(() => e.hooks.onSent!(ref));
      } catch (err) {
        const blocked = err instanceof DeliveryError && err.reason === 'blocked';
        if (blocked && e.kind === 'send' && e.hooks.onBlocked) await run(() => e.hooks.onBlocked!());
        deps.log.warn({ err, kind: e.kind, platform: e.kind === 'send' ? e.platform : e.ref.platform }, 'message not delivered');
      }
    }
  }

  /**
   * Runs waiting jobs in one transaction, each in its own savepoint, until MAX_BATCH ran or a turn
   * of the event loop brought no new one.
   */
  async function runBatch(): Promise<void> {
    const done: { job: Job; unit: UnitImpl; ok: boolean; value: unknown }[] = [];
    begin.run();
    while (done.length < MAX_BATCH) {
      const job = waiting.shift();
      if (!job) {
        await new Promise((r) => setImmediate(r));
        if (waiting.length) continue;
        break;
      }
      const unit = new UnitImpl();
      try {
        const value = await als.run(unit, () => unit.attempt(async () => job.work(unit)));
        done.push({ job, unit, ok: true, value });
      } catch (err) {
        done.push({ job, unit, ok: false, value: err });
      }
    }
    try {
      commit.run();
    } catch (err) {
      if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
      for (const d of done) d.job.reject(err);
      return;
    }
    for (const d of done) {
      for (const fn of d.ok ? d.unit.committed : []) {
        try {
          fn();
        } catch (err) {
          deps.log.error({ err }, 'after-commit work failed');
        }
      }
    }
    for (const d of done) {
      void deliver(d.unit.effects).then(() => (d.ok ? d.job.resolve(d.value) : d.job.reject(d.value)));
    }
  }

  async function drain(): Promise<void> {
    if (draining) return;
    draining = true;
    try {
      while (waiting.length) await runBatch();
    } finally {
      draining = false;
    }
  }

  function run<T>(work: (unit: Unit) => Promise<T> | T): Promise<T> {
    const inside = als.getStore();
    if (inside) return Promise.resolve(work(inside)); // joins the caller's unit
    return new Promise<T>((resolve, reject) => {
      waiting.push({ work, resolve: resolve as (v: unknown) => void, reject });
      void drain();
    });
  }

  return { run, current: () => als.getStore() };
}

/**
 * Units of work: each incoming message and each scheduled task runs as one unit — its database
 * writes, and every message it owes someone (as a row of the outbox), commit together; the outbox
 * worker sends the messages once they are committed. A crash therefore never leaves half of a
 * message's effects behind nor loses a message whose cause was committed, and a redelivered
 * update (claimed inside the same transaction) is never applied twice.
 *
 * Units run one at a time in a process, in the order they were asked for (each chat's messages
 * therefore in their order), on either store (db/units.ts):
 * - SQLite: units that queue up while one runs are committed together (each in its own savepoint),
 *   so a busy bot pays one fsync per batch. A unit queued while none runs starts at once; its batch
 *   stays open for one more turn of the event loop, so the units that the previous commit set off
 *   (each chat's next message) join it instead of trickling in one small batch after another.
 * - PostgreSQL: each unit is its own transaction on a pooled connection (attempts are savepoints on
 *   it). Not several at once: the features were written for one writer (read, then write), and a
 *   server's commit costs no fsync wait worth batching for. Several instances on one database run
 *   their units side by side; what they share is coordinated in the database (issue 18).
 *
 * The unit's handle: repos run their queries on `Q` (db/client.ts), the handle of the unit they
 * run in, never on a database captured at construction. Services hold the runner (`units`) and
 * take the handle where they need it: `units.q()` (the running unit's `unit.q`; it throws outside
 * a unit), `units.atomic(q => …)` for writes that belong together (a savepoint in the running
 * unit, else a unit of their own: what `db.transaction` was), `units.read(q => …)` for reads
 * outside any unit (health checks, startup, tools, an adapter's lookups). On SQLite every unit's
 * handle is the one connection inside the batch's transaction; on PostgreSQL it is the unit's own
 * connection, so a query on another handle runs outside the unit's transaction (and does not see
 * what it wrote). On both, a message the unit owes is an outbox row written at once, in the unit.
 * Transaction control lives in db/units.ts: nothing here knows the dialect. The types a unit
 * offers are in unit-of-work.types.ts.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger } from 'pino';
import type { Db, Q } from '../db/client.js';
import { sqliteUnitStore, type Done, type UnitStore, type UnitTransaction } from '../db/units.js';
import { LANE, type Lane } from '../db/schema.js';
import type { Locale } from './i18n.js';
import type { Outgoing, Platform, SentRef } from './message.js';
import type { Origin, Owed, Recipient, SendOptions, Unit, UnitRunner } from './unit-of-work.types.js';

export type { SendOptions, Recipient, Owed, Origin, Unit, UnitRunner } from './unit-of-work.types.js';

interface UnitRunnerOptions {
  log: Logger;
  /** The language of an edit nobody's language is known for (default zh-CN). */
  defaultLocale?: Locale;
  /**
   * Writes an owed message as an outbox row, in the transaction of the unit (none: units owe no
   * messages), at once on either store: the row is written where the unit owes it, before what the
   * unit does next (a member it names may be merged away later in the unit, setting its member to
   * null as on SQLite). An attempt awaits its own writes (a failed one drops them with its other
   * writes); a unit awaits the rest before it commits.
   */
  owe?(q: Q, m: Owed): void | Promise<void>;
  /** Called after a commit that wrote owed messages (the outbox worker starts sending them). */
  committed?(): void;
}

/** The store the units run on: SQLite's database (`db`), or a unit store (db/units.ts: `pgUnitStore`). */
export type UnitRunnerDeps = UnitRunnerOptions & ({ db: Db } | { store: UnitStore });

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

/**
 * The unit each runner is in, for the code it calls (units.q(), joining the caller's unit): one
 * AsyncLocalStorage for every runner of the process. On Node 20 each AsyncLocalStorage ever made is
 * copied into every promise the process makes until it is disabled, so one per app made the tests,
 * which make thousands of apps, slower with every app (a fifth of the permission matrix's CPU). A
 * frame names its runner and the frame it was started in: a runner finds its own unit even inside
 * another runner's (two apps in one process), as with one storage each.
 */
interface Frame {
  runner: object;
  unit: unknown;
  outer: Frame | undefined;
}
const frames = new AsyncLocalStorage<Frame>();

/** Waits for a statement of the store only when there is something to wait for (SQLite's are done at once). */
const settled = (d: Done): Promise<void> | undefined => d || undefined;

export function createUnitRunner(deps: UnitRunnerDeps): UnitRunner {
  const store = 'store' in deps ? deps.store : sqliteUnitStore(deps.db);
  const me = {};
  /** The unit this runner is in here, if any. */
  const mine = (): UnitImpl | undefined => {
    for (let f = frames.getStore(); f; f = f.outer) if (f.runner === me) return f.unit as UnitImpl;
    return undefined;
  };
  const within = <T>(unit: UnitImpl, work: () => T): T => frames.run({ runner: me, unit, outer: frames.getStore() }, work);
  const waiting: Job[] = [];
  let draining = false;
  /** Whether the open transaction wrote (or, on PostgreSQL, will write) an owed message. */
  let owes = false;

  class UnitImpl implements Unit {
    readonly q: Q;
    origin: Origin | undefined;
    committed: (() => void)[] = [];
    /** Owed rows whose write is still running (an asynchronous `owe`), awaited by their attempt or before COMMIT. */
    private writes: Promise<void>[] = [];
    constructor(readonly tx: UnitTransaction) {
      this.q = tx.q;
    }
    private lane(crisis: boolean, reply: boolean): Lane {
      return crisis ? LANE.crisis : reply || this.origin ? LANE.reply : LANE.bulk;
    }
    private owe(m: Owed): void {
      if (!deps.owe) throw new Error('this unit runner has no outbox to write messages to');
      owes = true;
      const writing = deps.owe(this.q, m);
      if (!writing) return;
      writing.catch(() => undefined); // its failure is its attempt's (or its unit's), awaited there
      this.writes.push(writing);
    }
    send(platform: Platform, chatId: string, out: Outgoing, to: Recipient = {}) {
      const kind = to.kind ?? 'message';
      this.owe({ ...to, platform, chatId, out, kind, lane: this.lane(to.lane === 'crisis', kind === 'reply' || to.lane === 'reply') });
    }
    edit(ref: SentRef, out: Outgoing, opts: SendOptions & { locale?: Locale } = {}) {
      const locale = opts.locale ?? this.origin?.locale ?? deps.defaultLocale ?? 'zh-CN';
      this.owe({ ...opts, locale, platform: ref.platform, chatId: ref.chatId, out, kind: 'edit', editOf: ref.messageId, lane: this.lane(opts.lane === 'crisis', opts.lane === 'reply') });
    }
    answering(origin: Origin) {
      this.origin = origin;
    }
    afterCommit(fn: () => void) {
      this.committed.push(fn);
    }
    async attempt<T>(work: () => Promise<T>): Promise<T> {
      const after = this.committed.length;
      const writesBefore = this.writes.length;
      const tx = this.tx;
      const saved = settled(tx.savepoint());
      if (saved) await saved;
      try {
        const value = await work();
        if (this.writes.length > writesBefore) await Promise.all(this.writes.splice(writesBefore));
        const released = settled(tx.release());
        if (released) await released;
        return value;
      } catch (err) {
        if (this.writes.length > writesBefore) await Promise.allSettled(this.writes.splice(writesBefore));
        // The rows of the messages it owed go with its other writes.
        const undone = settled(tx.rollbackTo());
        if (undone) await undone;
        const released = settled(tx.release());
        if (released) await released;
        this.committed.length = after;
        throw err;
      }
    }
    /** PostgreSQL: waits for the owed rows still being written (outside any attempt), before COMMIT; rethrows a failed one. */
    async written(): Promise<void> {
      await Promise.all(this.writes.splice(0));
    }
    /** PostgreSQL: waits for every write still running (a unit that failed), so none is left behind its ROLLBACK. */
    async settled(): Promise<void> {
      await Promise.allSettled(this.writes.splice(0));
    }
  }

  /**
   * SQLite: runs waiting jobs in one transaction, each in its own savepoint, until MAX_BATCH ran or
   * a turn of the event loop brought no new one.
   */
  async function runBatch(): Promise<void> {
    const done: { job: Job; unit: UnitImpl; ok: boolean; value: unknown }[] = [];
    const began = store.begin();
    const tx = began instanceof Promise ? await began : began;
    owes = false;
    while (done.length < MAX_BATCH) {
      const job = waiting.shift();
      if (!job) {
        await new Promise((r) => setImmediate(r));
        if (waiting.length) continue;
        break;
      }
      const unit = new UnitImpl(tx);
      try {
        const value = await within(unit, () => unit.attempt(async () => job.work(unit)));
        done.push({ job, unit, ok: true, value });
      } catch (err) {
        done.push({ job, unit, ok: false, value: err });
      }
    }
    try {
      const committing = settled(tx.commit());
      if (committing) await committing;
    } catch (err) {
      await tx.abandon();
      for (const d of done) d.job.reject(err);
      return;
    }
    for (const d of done) for (const fn of d.ok ? d.unit.committed : []) afterwards(fn);
    if (owes) afterwards(() => deps.committed?.());
    for (const d of done) (d.ok ? d.job.resolve : d.job.reject)(d.value);
  }

  /**
   * PostgreSQL: runs one job as a transaction of its own (on a pooled connection), every owed row
   * written before COMMIT; a job that throws leaves nothing.
   */
  async function runAlone(job: Job): Promise<void> {
    let tx: UnitTransaction;
    try {
      tx = await store.begin();
    } catch (err) {
      return job.reject(err);
    }
    owes = false;
    const unit = new UnitImpl(tx);
    let value: unknown;
    try {
      value = await within(unit, async () => job.work(unit));
      await unit.written();
      await tx.commit();
    } catch (err) {
      await unit.settled();
      await Promise.resolve(tx.abandon()).catch((e: unknown) => deps.log.error({ err: e }, 'rolling back a unit failed'));
      return job.reject(err);
    }
    for (const fn of unit.committed) afterwards(fn);
    if (owes) afterwards(() => deps.committed?.());
    job.resolve(value);
  }

  function afterwards(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      deps.log.error({ err }, 'after-commit work failed');
    }
  }

  /** Units run one at a time in a process, in the order they were asked for (so each chat's in its order). */
  async function drain(): Promise<void> {
    if (draining) return;
    draining = true;
    try {
      while (waiting.length) await (store.batches ? runBatch() : runAlone(waiting.shift()!));
    } finally {
      draining = false;
    }
  }

  function run<T>(work: (unit: Unit) => Promise<T> | T): Promise<T> {
    const inside = mine();
    if (inside) return Promise.resolve(work(inside)); // joins the caller's unit
    return new Promise<T>((resolve, reject) => {
      waiting.push({ work, resolve: resolve as (v: unknown) => void, reject });
      void drain();
    });
  }

  function q(): Q {
    const unit = mine();
    if (!unit) throw new Error('a query on the unit\'s handle outside any unit of work (use units.read or units.atomic)');
    return unit.q;
  }

  function atomic<T>(work: (q: Q) => Promise<T>): Promise<T> {
    const inside = mine();
    if (inside) return inside.attempt(() => work(inside.q));
    return run((unit) => work(unit.q));
  }

  async function read<T>(work: (q: Q) => Promise<T> | T): Promise<T> {
    return work(mine()?.q ?? store.q);
  }

  return { run, current: () => mine(), q, atomic, read };
}

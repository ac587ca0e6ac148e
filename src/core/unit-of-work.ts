/**
 * Units of work: each incoming message and each scheduled task runs as one unit — its database
 * writes, and every message it owes someone (as a row of the outbox), commit together; the outbox
 * worker sends the messages once they are committed. A crash therefore never leaves half of a
 * message's effects behind nor loses a message whose cause was committed, and a redelivered
 * update (claimed inside the same transaction) is never applied twice.
 *
 * Units run one at a time against the single SQLite connection; units that queue up while one
 * runs are committed together (each in its own savepoint), so a busy bot pays one fsync per batch.
 * A unit queued while none runs starts at once; its batch stays open for one more turn of the
 * event loop, so the units that the previous commit set off (each chat's next message) join it
 * instead of trickling in one small batch after another.
 *
 * The unit's handle: repos run their queries on `Q` (db/client.ts), the handle of the unit they
 * run in, never on a database captured at construction. Services hold the runner (`units`) and
 * take the handle where they need it: `units.q()` (the running unit's `unit.q`; it throws outside
 * a unit), `units.atomic(q => …)` for writes that belong together (a savepoint in the running
 * unit, else a unit of their own: what `db.transaction` was), `units.read(q => …)` for reads
 * outside any unit (health checks, startup, tools, an adapter's lookups). On SQLite every unit's
 * handle is the one connection inside the batch's transaction (db/units.ts); on PostgreSQL each
 * unit would be its own transaction on a pooled connection, so a query on another handle would
 * run outside it. Transaction control lives in db/units.ts: nothing here knows the dialect.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger } from 'pino';
import type { Db, Q } from '../db/client.js';
import { sqliteUnitStore } from '../db/units.js';
import { LANE, type Lane } from '../db/schema.js';
import type { Locale } from './i18n.js';
import type { ChatKind, Outgoing, Platform, SentRef } from './message.js';

/** How a message is kept and followed up; all of it is stored with its row, so it survives a restart. */
export interface SendOptions {
  /**
   * `crisis`: a crisis answer, sent before anything else and sent again after a restart cut it off.
   * `reply`: owed to a person now even outside the handling of their message (a relay's receipt, a
   * crisis alert to the person on duty from a scheduled task), ahead of proactive messages.
   */
  lane?: 'crisis' | 'reply';
  /**
   * A hook a feature registered (`<feature>.<name>`, see `Feature.sent`), run with the sent
   * message's reference and `meta` once the platform accepted it (e.g. to remember a card to edit).
   */
  onSent?: string;
  /**
   * A hook a feature registered (`Feature.failed`), run with `meta` once the row ended without the
   * platform accepting it, or not knowing whether it did (e.g. to tell the sender of a relay).
   */
  onFailed?: string;
  meta?: Record<string, unknown>;
  /** Anonymous content: its row leaves the outbox as soon as it is final (text, recipient and time). */
  forget?: boolean;
  /**
   * Sensitive words (a counselling case's): the row keeps the message sealed with the data key
   * (core/sealing.ts) and it is opened only to be sent, so no text of it is in the database file.
   */
  seal?: boolean;
}

/** Who receives a message, as far as the outbox needs to know it. */
export interface Recipient extends SendOptions {
  /** `reply`: an answer to the person whose message is being handled (said to be late when it is). */
  kind?: 'reply' | 'message';
  locale?: Locale;
  chatKind?: ChatKind;
  /** The member and the identity whose private chat this is: a 403 marks it unreachable and tries another. */
  memberId?: number;
  identityId?: number;
}

/** A message (or an edit) a unit owes, as handed to the outbox. */
export interface Owed extends Omit<Recipient, 'kind' | 'lane'> {
  platform: Platform;
  chatId: string;
  out: Outgoing;
  kind: 'reply' | 'message' | 'edit';
  lane: Lane;
  /** For an edit: the platform's id of the message to edit. */
  editOf?: string;
}

/** The chat and language of the person a unit answers. */
export interface Origin {
  platform: Platform;
  chatId: string;
  locale: Locale;
}

export interface Unit {
  /** The handle this unit's repos run their queries on (its transaction). */
  readonly q: Q;
  /** Owes a message to a chat: written to the outbox now, sent once the unit committed. */
  send(platform: Platform, chatId: string, out: Outgoing, to?: Recipient): void;
  /** Owes an edit of an earlier message. */
  edit(ref: SentRef, out: Outgoing, opts?: SendOptions & { locale?: Locale }): void;
  /**
   * Runs `fn` once the unit committed, before another transaction begins: work that cannot run
   * inside one (a WAL checkpoint). Not run when the unit failed; a throw is logged.
   */
  afterCommit(fn: () => void): void;
  /** Runs `work` so that, if it throws, its writes and its messages are undone; rethrows. */
  attempt<T>(work: () => Promise<T>): Promise<T>;
  /** This unit answers a person: what it owes goes in the replies' lane, ahead of proactive messages. */
  answering(origin: Origin): void;
  /** The person this unit answers, if it does. */
  readonly origin: Origin | undefined;
}

export interface UnitRunner {
  /** Runs `work` as a unit; resolves after it committed (its messages are then rows the outbox sends). */
  run<T>(work: (unit: Unit) => Promise<T> | T): Promise<T>;
  /** The unit the caller runs in, if any. */
  current(): Unit | undefined;
  /** The handle of the unit the caller runs in; throws outside a unit (use `read` or `atomic` there). */
  q(): Q;
  /**
   * Writes that belong together: in the running unit, an attempt (undone if `work` throws, which
   * rethrows); outside any unit, a unit of its own. What `db.transaction(tx => …)` was.
   */
  atomic<T>(work: (q: Q) => Promise<T>): Promise<T>;
  /** Reads outside any unit (health checks, startup, tools, an adapter's lookups); inside one, its handle. */
  read<T>(work: (q: Q) => Promise<T> | T): Promise<T>;
}

export interface UnitRunnerDeps {
  db: Db;
  log: Logger;
  /** The language of an edit nobody's language is known for (default zh-CN). */
  defaultLocale?: Locale;
  /** Writes an owed message as an outbox row, in the transaction of the unit (none: units owe no messages). */
  owe?(q: Q, m: Owed): void;
  /** Called after a commit that wrote owed messages (the outbox worker starts sending them). */
  committed?(): void;
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

export function createUnitRunner(deps: UnitRunnerDeps): UnitRunner {
  const store = sqliteUnitStore(deps.db);
  const als = new AsyncLocalStorage<UnitImpl>();
  const waiting: Job[] = [];
  let draining = false;
  /** Whether the open batch wrote an owed message. */
  let owes = false;
  const owe = (q: Q, m: Owed) => {
    if (!deps.owe) throw new Error('this unit runner has no outbox to write messages to');
    deps.owe(q, m);
    owes = true;
  };

  class UnitImpl implements Unit {
    readonly q = store.q;
    origin: Origin | undefined;
    committed: (() => void)[] = [];
    private lane(crisis: boolean, reply: boolean): Lane {
      return crisis ? LANE.crisis : reply || this.origin ? LANE.reply : LANE.bulk;
    }
    send(platform: Platform, chatId: string, out: Outgoing, to: Recipient = {}) {
      const kind = to.kind ?? 'message';
      owe(this.q, { ...to, platform, chatId, out, kind, lane: this.lane(to.lane === 'crisis', kind === 'reply' || to.lane === 'reply') });
    }
    edit(ref: SentRef, out: Outgoing, opts: SendOptions & { locale?: Locale } = {}) {
      const locale = opts.locale ?? this.origin?.locale ?? deps.defaultLocale ?? 'zh-CN';
      owe(this.q, { ...opts, locale, platform: ref.platform, chatId: ref.chatId, out, kind: 'edit', editOf: ref.messageId, lane: this.lane(opts.lane === 'crisis', opts.lane === 'reply') });
    }
    answering(origin: Origin) {
      this.origin = origin;
    }
    afterCommit(fn: () => void) {
      this.committed.push(fn);
    }
    async attempt<T>(work: () => Promise<T>): Promise<T> {
      const after = this.committed.length;
      store.savepoint();
      try {
        const value = await work();
        store.release();
        return value;
      } catch (err) {
        store.rollbackTo(); // the rows of the messages it owed go with its other writes
        store.release();
        this.committed.length = after;
        throw err;
      }
    }
  }

  /**
   * Runs waiting jobs in one transaction, each in its own savepoint, until MAX_BATCH ran or a turn
   * of the event loop brought no new one.
   */
  async function runBatch(): Promise<void> {
    const done: { job: Job; unit: UnitImpl; ok: boolean; value: unknown }[] = [];
    store.begin();
    owes = false;
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
      store.commit();
    } catch (err) {
      store.abandon();
      for (const d of done) d.job.reject(err);
      return;
    }
    for (const d of done) for (const fn of d.ok ? d.unit.committed : []) afterwards(fn);
    if (owes) afterwards(() => deps.committed?.());
    for (const d of done) (d.ok ? d.job.resolve : d.job.reject)(d.value);
  }

  function afterwards(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      deps.log.error({ err }, 'after-commit work failed');
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

  function q(): Q {
    const unit = als.getStore();
    if (!unit) throw new Error('a query on the unit\'s handle outside any unit of work (use units.read or units.atomic)');
    return unit.q;
  }

  function atomic<T>(work: (q: Q) => Promise<T>): Promise<T> {
    const inside = als.getStore();
    if (inside) return inside.attempt(() => work(inside.q));
    return run((unit) => work(unit.q));
  }

  async function read<T>(work: (q: Q) => Promise<T> | T): Promise<T> {
    return work(als.getStore()?.q ?? store.q);
  }

  return { run, current: () => als.getStore(), q, atomic, read };
}

/**
 * What the unit runner (core/unit-of-work.ts) needs of the store to make units transactions.
 *
 * SQLite (`batches`): the one connection runs one unit at a time; a batch of units is one
 * transaction (BEGIN IMMEDIATE … COMMIT, one fsync), each unit and each attempt inside it a
 * savepoint, and every unit's handle is the connection's drizzle instance, which is inside that
 * transaction. Its calls are synchronous (they return nothing to await), so the batch pays no
 * turn of the event loop for them.
 *
 * PostgreSQL: each unit is its own transaction (BEGIN … COMMIT) on a connection taken from the
 * pool for it, each attempt a savepoint on that connection; the unit's handle is a drizzle
 * instance on that connection, so its queries run inside the transaction and nobody else's do.
 */
import { drizzle } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import type { Db, Q } from './client.js';
import type { PgDb } from './pg/client.js';
import * as pgSchema from './pg/schema.js';
import { handleOf } from './tables.js';

/** Nothing to wait for (SQLite), or a promise that settles once the statement ran (PostgreSQL). */
export type Done = void | Promise<void>;

/** One transaction: the batch's on SQLite, one unit's on PostgreSQL. */
export interface UnitTransaction {
  /** The handle the repos of the units in this transaction run their queries on. */
  readonly q: Q;
  commit(): Done;
  /** Undoes the transaction if it is still open (a failed unit or commit) and gives its connection back. */
  abandon(): Done;
  /** Attempts nest strictly, so one savepoint name serves them all (the innermost one is meant). */
  savepoint(): Done;
  release(): Done;
  rollbackTo(): Done;
}

export interface UnitStore {
  /** The handle of reads outside any unit (`units.read`). */
  readonly q: Q;
  /** Whether units share one transaction, each in a savepoint (SQLite), rather than each having its own. */
  readonly batches: boolean;
  /** Opens a transaction: on SQLite the batch's, on PostgreSQL one unit's (on a connection of its own). */
  begin(): UnitTransaction | Promise<UnitTransaction>;
}

/** The SQLite unit store on `db`'s connection; statements prepared once (cheaper than parsing each time). */
export function sqliteUnitStore(db: Db): UnitStore {
  // sqlite: transaction control on the connection itself (BEGIN IMMEDIATE, SAVEPOINT, RELEASE, ROLLBACK TO).
  const sqlite = db.$client;
  const statement = (text: string) => {
    const s = sqlite.prepare(text);
    return () => void s.run();
  };
  const begin = statement('BEGIN IMMEDIATE');
  const batch: UnitTransaction = {
    q: db,
    commit: statement('COMMIT'),
    abandon: () => void (sqlite.inTransaction && sqlite.exec('ROLLBACK')),
    savepoint: statement('SAVEPOINT attempt'),
    release: statement('RELEASE attempt'),
    rollbackTo: statement('ROLLBACK TO attempt'),
  };
  return {
    q: db,
    batches: true,
    begin: () => (begin(), batch),
  };
}

/** A drizzle instance per pooled connection (the pool reuses them, so each is made once). */
const handles = new WeakMap<pg.PoolClient, Q>();

/** The PostgreSQL unit store on `db`'s pool: each unit a transaction on a connection of its own. */
export function pgUnitStore(db: PgDb): UnitStore {
  return {
    q: handleOf(db),
    batches: false,
    async begin() {
      const client = await db.$client.connect();
      try {
        await client.query('BEGIN');
      } catch (e) {
        client.release(e as Error);
        throw e;
      }
      return pgTransaction(client);
    },
  };
}

function pgTransaction(client: pg.PoolClient): UnitTransaction {
  let q = handles.get(client);
  if (!q) handles.set(client, (q = handleOf(drizzle(client, { schema: pgSchema, casing: 'snake_case' }))));
  let open = true;
  const run = async (text: string) => void (await client.query(text));
  return {
    q,
    async commit() {
      await run('COMMIT');
      open = false;
      client.release();
    },
    async abandon() {
      if (!open) return;
      open = false;
      try {
        await run('ROLLBACK');
        client.release();
      } catch (e) {
        client.release(e as Error); // a connection that cannot roll back is closed, not reused
      }
    },
    savepoint: () => run('SAVEPOINT attempt'),
    release: () => run('RELEASE attempt'),
    rollbackTo: () => run('ROLLBACK TO attempt'),
  };
}

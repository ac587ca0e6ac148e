/**
 * What the unit runner (core/unit-of-work.ts) needs of the store to make units transactions.
 * SQLite: the one connection runs one unit at a time; a batch of units is one transaction
 * (BEGIN IMMEDIATE … COMMIT, one fsync), each unit and each attempt inside it a savepoint, and
 * every unit's handle is the connection's drizzle instance, which is inside that transaction.
 * A PostgreSQL store would instead give each unit its own transaction on a pooled connection.
 */
import type { Db, Q } from './client.js';

export interface UnitStore {
  /** The handle the running unit's repos use (and the read path outside units). */
  readonly q: Q;
  /** Opens the batch's transaction. */
  begin(): void;
  commit(): void;
  /** Undoes the batch, when a transaction is still open (a failed commit). */
  abandon(): void;
  /** Attempts nest strictly, so one savepoint name serves them all (the innermost one is meant). */
  savepoint(): void;
  release(): void;
  rollbackTo(): void;
}

/** The SQLite unit store on `db`'s connection; statements prepared once (cheaper than parsing each time). */
export function sqliteUnitStore(db: Db): UnitStore {
  // sqlite: transaction control on the connection itself (BEGIN IMMEDIATE, SAVEPOINT, RELEASE, ROLLBACK TO).
  const sqlite = db.$client;
  const statement = (text: string) => {
    const s = sqlite.prepare(text);
    return () => void s.run();
  };
  return {
    q: db,
    begin: statement('BEGIN IMMEDIATE'),
    commit: statement('COMMIT'),
    abandon: () => void (sqlite.inTransaction && sqlite.exec('ROLLBACK')),
    savepoint: statement('SAVEPOINT attempt'),
    release: statement('RELEASE attempt'),
    rollbackTo: statement('ROLLBACK TO attempt'),
  };
}

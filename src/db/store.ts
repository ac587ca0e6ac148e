/**
 * The store the bot runs on: SQLite at `YIZHAN_DB` (the embedded default), or PostgreSQL when
 * `DATABASE_URL` names one (migrated as it opens). The app takes its unit runner's store from here
 * (db/units.ts), the health check asks it whether it answers, and the files a bot keeps beside its
 * data (the data key file `<path>.key`, the NLU model cache) are named after `path`.
 *
 * While features still use SQLite's `db` directly (issue 18: not yet moved to units), a PostgreSQL
 * store's `db` is a stand-in that throws on use, naming what was asked of it: nothing silently
 * writes to a SQLite file beside a PostgreSQL database.
 */
import type { Config } from '../config.js';
import { closeDb, databaseAnswers, databaseFile, openDb, type Db } from './client.js';
import { closePg, openPgForStart, type PgDb } from './pg/client.js';
import { vacuumPg } from './pg/vacuum.js';
import { pgUnitStore, sqliteUnitStore, type UnitStore } from './units.js';

export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  /** SQLite's database, for what is not yet on units; on PostgreSQL a stand-in that throws on use. */
  readonly db: Db;
  /** What units run on. */
  readonly units: UnitStore;
  /** The local file the data key file and the NLU model cache are named after (SQLite: the database file). */
  readonly path: string;
  /** Whether the database answers a trivial query (the health check). */
  answers(): Promise<boolean>;
  /**
   * Drops the earlier versions of rows that were erased or rewritten (the `store.vacuum` task,
   * core/vacuum.repo.ts): PostgreSQL's VACUUM on those tables (SQL names; 'all': every one), outside
   * any transaction. SQLite: nothing (secure_delete zeroes them at once).
   */
  vacuum(tables: readonly string[] | 'all'): Promise<void>;
  close(): Promise<void>;
}

/** The SQLite store on an open database. */
export function sqliteStore(db: Db): Store {
  return {
    kind: 'sqlite', db, units: sqliteUnitStore(db), path: databaseFile(db),
    answers: async () => databaseAnswers(db),
    vacuum: async () => {},
    close: async () => closeDb(db),
  };
}

/** The PostgreSQL store on an open pool; `path` names the local files kept beside it. */
export function pgStore(pg: PgDb, path: string): Store {
  return {
    kind: 'postgres', db: notOnPostgres(), units: pgUnitStore(pg), path,
    answers: async () => (await pg.$client.query('select 1 as ok')).rowCount === 1,
    vacuum: (tables) => vacuumPg(pg.$client, tables),
    close: () => closePg(pg),
  };
}

/**
 * Opens the configured store: PostgreSQL when `database.url` is set (PgOpenError when it cannot be
 * reached or migrated), else SQLite at `database.path` (DatabaseOpenError).
 */
export async function openStore(database: Config['database'], path = database.path): Promise<Store> {
  if (database.url) return pgStore(await openPgForStart(database.url), path);
  return sqliteStore(openDb(path));
}

/** SQLite's `db` on a PostgreSQL store: every use throws, saying that this part still needs SQLite. */
function notOnPostgres(): Db {
  const refuse = (what: string | symbol): never => {
    throw new Error(`${String(what)} on SQLite's db: this part of Yizhan does not run on PostgreSQL yet (it still uses db instead of units)`);
  };
  return new Proxy({} as Db, {
    get: (_t, key) => (key === 'then' ? undefined : refuse(key)),
    has: (_t, key) => refuse(key),
  });
}

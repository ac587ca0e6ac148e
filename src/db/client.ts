/**
 * Opens the SQLite database with the pragmas this project relies on and applies migrations.
 * synchronous=FULL is set on every open: a reopened WAL database silently falls back to NORMAL.
 * secure_delete=ON overwrites what a delete or update removes (cells and freed pages) with zeros,
 * so a handled update's sender or an anonymous survey's old rows do not stay readable in free space.
 */
import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { fileURLToPath } from 'node:url';
import * as schema from './schema.js';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

const MIGRATIONS = fileURLToPath(new URL('../../migrations/sqlite', import.meta.url));

/** The database file or its folder cannot be created or opened; `reason` is the system's code (ENOENT, EACCES, …). */
export class DatabaseOpenError extends Error {
  constructor(readonly path: string, readonly reason: string) {
    super(`cannot create or open the database at ${path} (${reason})`);
    this.name = 'DatabaseOpenError';
  }
}

/** Opens (creating the folder if needed), sets pragmas, migrates. `:memory:` is allowed. */
export function openDb(path: string): Db {
  let sqlite: Database.Database;
  try {
    if (path !== ':memory:') ensureDir(dirname(path));
    sqlite = new Database(path);
    sqlite.pragma('journal_mode = WAL');
  } catch (e) {
    throw new DatabaseOpenError(path, (e as NodeJS.ErrnoException).code ?? (e as Error).message);
  }
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('secure_delete = ON');
  const db = drizzle(sqlite, { schema, casing: 'snake_case' }) as Db;
  migrate(db, { migrationsFolder: MIGRATIONS });
  return db;
}

/**
 * `mkdir -p`, one level at a time. Not `mkdirSync(dir, { recursive: true })`: Node's native walk
 * steps back to the parent on ENOENT and forward again when the parent exists, so a folder that
 * exists but cannot hold new entries (anything under /proc) makes it loop forever at 100 % CPU.
 * Here every failure is final.
 */
function ensureDir(dir: string): void {
  const found = statSync(dir, { throwIfNoEntry: false });
  if (found?.isDirectory()) return;
  if (found) throw Object.assign(new Error(`${dir} is not a folder`), { code: 'ENOTDIR' });
  const parent = dirname(dir);
  if (parent !== dir) ensureDir(parent);
  try {
    mkdirSync(dir);
  } catch (e) {
    // Created meanwhile by someone else is fine; anything else is the answer.
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || !statSync(dir).isDirectory()) throw e;
  }
}

export function closeDb(db: Db): void {
  if (db.$client.open) db.$client.close();
}

/**
 * The handle a repo function runs its queries on: the one of the unit of work it runs in
 * (`unit.q`, `units.q()` in core/unit-of-work.ts), or the read path outside any unit
 * (`units.read`). Features and core never name the dialect: they pass this along. On SQLite it is
 * the drizzle instance of the one connection, inside the open batch's transaction; on PostgreSQL
 * a drizzle instance on the unit's pooled connection, typed as SQLite's (db/tables.ts says so).
 */
export type Q = Db;

/** The first row of a query's rows (use with `.limit(1)`): what `.get()` is on SQLite alone. */
export function first<T>(rows: readonly T[]): T | undefined {
  return rows[0];
}

/** The database file (for the data keys beside it); ':memory:' for an in-memory database. */
export function databaseFile(db: Db): string {
  return db.$client.name;
}

/** Whether the database answers a trivial query (the health check). */
export function databaseAnswers(db: Db): boolean {
  // sqlite: the statement on the connection itself; PostgreSQL would ask its pool.
  return db.$client.prepare('select 1 as ok').get() !== undefined;
}

const statements = new WeakMap<Db, Map<string, unknown>>();

/**
 * A query built and prepared once per database, then run with placeholders: drizzle's query
 * building and SQLite's statement preparation cost more than running it, so the paths every
 * message takes (who sent it, which chat, what dialogue) use these. Runs on the same connection,
 * so it takes part in whatever transaction is open.
 */
export function prepared<T>(q: Q, key: string, build: (db: Db) => T): T {
  let byKey = statements.get(q);
  if (!byKey) statements.set(q, (byKey = new Map()));
  let statement = byKey.get(key) as T | undefined;
  if (statement === undefined) byKey.set(key, (statement = build(q)));
  return statement;
}

/**
 * Copies the WAL into the database file and empties it; outside any transaction. The WAL keeps
 * earlier versions of pages until they are overwritten, so this is what makes rows deleted or
 * rewritten just now unreadable from the files. False when a reader held the checkpoint back.
 */
export function truncateWal(db: Db): boolean {
  if (db.$client.memory) return true;
  const [r] = db.$client.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
  return r?.busy === 0;
}

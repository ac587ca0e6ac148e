/**
 * The store a test's app runs on: SQLite at the test's database path, or, when the suite runs with
 * YIZHAN_TEST_STORE=pg (`npm run test:pg`), a PostgreSQL database of its own on the tests' server,
 * copied from the run's migrated template (test/pg/global-setup.ts). The path still names it: the
 * same path opens the same database again (a restart test), and `query(path, sql)` reads it
 * (test/pg/query.ts). The databases a test file made are recycled after it (test/each-file.ts).
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { openDb } from '../../src/db/client.js';
import { pgStore, sqliteStore, type Store } from '../../src/db/store.js';
import { appPool, pgDatabaseFor, pgDatabaseUrl, putBack } from './app-databases.js';
import { withClient } from './db.js';
import { pgQueriesSync, pgQuerySync } from './query.js';

/** Whether the tests' apps run on PostgreSQL. */
export const onPgStore = process.env.YIZHAN_TEST_STORE === 'pg';

export { dropTestDatabase, pgDatabaseFor, pgDatabaseUrl } from './app-databases.js';

/** Opens the store of a test's app at `path` (see the top of this file). */
export async function openTestStore(path: string): Promise<Store> {
  if (!onPgStore) return sqliteStore(openDb(path));
  const pool = await appPool(path);
  let closed = false;
  return {
    ...pgStore(pool, path),
    close: async () => {
      if (closed) return;
      closed = true;
      await putBack(path, pool);
    },
  };
}

/**
 * Runs one of the tests' SQLite SQL queries on the store of a test's app at `path`, whichever it is.
 * A time is passed as a Date (SQLite is given its epoch ms).
 */
export function rowsOf(store: Store, path: string) {
  return <T = Record<string, unknown>>(sql: string, ...params: unknown[]): T[] => store.kind === 'postgres'
    ? pgQuerySync<T>(pgDatabaseUrl(path), sql, params)
    : store.db.$client.prepare(sql).all(...params.map((p) => (p instanceof Date ? p.getTime() : p))) as T[];
}

/** Runs one of the tests' SQLite SQL statements that return nothing (insert, update, delete) on the store of a test's app at `path`. */
export function execOf(store: Store, path: string) {
  return (sql: string, ...params: unknown[]): void => {
    if (store.kind === 'postgres') pgQuerySync(pgDatabaseUrl(path), sql, params);
    else store.db.$client.prepare(sql).run(...params.map((p) => (p instanceof Date ? p.getTime() : p)));
  };
}

/** Runs one of the tests' SQLite SQL queries on the database of a test's app at `path` (closed or running), whichever store it is on. */
export function queryAt<T = Record<string, unknown>>(path: string, sql: string, ...params: unknown[]): T[] {
  if (onPgStore) return pgQuerySync<T>(pgDatabaseUrl(path), sql, params);
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

/**
 * `rows` with their JSON columns `columns` read as values, to compare on both stores: SQLite keeps
 * the text as the app wrote it, PostgreSQL's jsonb its own order of keys. (A field inside the SQL:
 * `detail ->> 'reason'`, which both read; `->>` gives PostgreSQL's text, SQLite's value.)
 */
export function withJson(rows: unknown[], ...columns: string[]): Record<string, unknown>[] {
  return (rows as Record<string, unknown>[]).map((row) => ({
    ...row, ...Object.fromEntries(columns.map((c) => [c, typeof row[c] === 'string' ? JSON.parse(row[c]) : row[c]])),
  }));
}

/** The few better-sqlite3 calls the tests make on the database a test's app left behind. */
export interface TestStatement {
  all(...params: unknown[]): unknown[];
  get(...params: unknown[]): unknown;
  run(...params: unknown[]): unknown;
  pluck(): TestStatement;
}
export interface TestDatabase {
  prepare(sql: string): TestStatement;
  close(): void;
}

/**
 * The database of a test's app at `path` for the test's own SQLite SQL: the file itself (as
 * `new Database(path, options)`), or under npm run test:pg the same calls on its PostgreSQL database
 * (test/pg/query.ts turns the SQL and the values).
 */
export function openTestDatabase(path: string, options: { readonly?: boolean } = {}): TestDatabase {
  if (!onPgStore) return new Database(path, options);
  const statement = (sql: string, pluck: boolean): TestStatement => {
    const all = (...params: unknown[]) => queryAt(path, sql, ...params).map((row) => (pluck ? Object.values(row)[0] : row));
    return { all, get: (...params) => all(...params)[0], run: (...params) => void all(...params), pluck: () => statement(sql, true) };
  };
  return { prepare: (sql) => statement(sql, false), close: () => undefined };
}

/** Every row of every table of the database at `path`, by table name, but the tables in `except` (values as SQLite gives them). */
export function rowsByTable(path: string, except: ReadonlySet<string> = new Set()): Map<string, Record<string, unknown>[]> {
  const listing = onPgStore
    ? "select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'"
    : "select name from sqlite_master where type = 'table' and name not like 'sqlite_%'";
  const tables = queryAt<{ name: string }>(path, listing).map((t) => t.name).filter((t) => !except.has(t));
  const selects = tables.map((t) => ({ sql: `select * from "${t}"` }));
  if (onPgStore) {
    const rows = pgQueriesSync<Record<string, unknown>>(pgDatabaseUrl(path), selects); // one connection for all
    return new Map(tables.map((t, i) => [t, rows[i]!]));
  }
  const db = new Database(path, { readonly: true });
  try {
    return new Map(tables.map((t, i) => [t, db.prepare(selects[i]!.sql).all() as Record<string, unknown>[]]));
  } finally {
    db.close();
  }
}

/**
 * What someone holding the stored data of a test's app at `path` reads, by where it is: SQLite's
 * database file and its WAL (free space and old frames included); on PostgreSQL every value of every
 * row of every table, one a line (the server's data files and WAL are not the test's to read: README
 * "Privacy on PostgreSQL" says what they keep).
 */
export function storedBytes(path: string): Record<string, Buffer> {
  if (onPgStore) {
    const values = [...rowsByTable(path).values()].flat().flatMap((row) => Object.values(row).map((v) => (v === null ? '' : String(v))));
    return { rows: Buffer.from(values.join('\n'), 'utf8') };
  }
  const bytesOf = (file: string) => (existsSync(file) ? readFileSync(file) : Buffer.alloc(0));
  return { db: bytesOf(path), wal: bytesOf(`${path}-wal`) };
}

/**
 * Keeps the database of a test's app at `path` (its app closed) as it is now, for keptCopy: on
 * PostgreSQL a copy of every table's rows and of the sequences in a schema `kept` of the same database.
 */
export async function keepTestDatabase(path: string): Promise<void> {
  if (!onPgStore) return copyFileSync(path, `${path}.kept`);
  await onDatabase(path, `create schema kept;
    do $$ declare t text; begin
      for t in select tablename from pg_tables where schemaname = 'public' loop
        execute format('create table kept.%I as table public.%I', t, t);
      end loop;
    end $$;
    create table kept.sequences as select sequencename, last_value from pg_sequences where schemaname = 'public';`);
}

/**
 * A database as the one at `path` was when kept (keepTestDatabase), for one more run: SQLite's file
 * copied to a new path; on PostgreSQL the same database, its rows and sequences put back (a few ms,
 * where a copy of the database takes a second under load), of the tables `only` names if given
 * (those a run may have changed; the others still hold the kept rows). Returns its path.
 */
export async function keptCopy(path: string, only?: ReadonlySet<string>): Promise<string> {
  if (!onPgStore) {
    const copy = join(mkdtempSync(join(tmpdir(), 'yizhan-copy-')), basename(path));
    copyFileSync(`${path}.kept`, copy);
    return copy;
  }
  const some = only ? `and tablename = any(array[${[...only].map((t) => `'${t.replaceAll("'", "''")}'`).join(', ')}]::text[])` : '';
  // Foreign keys are not checked while the rows go back (replica role): they held when kept.
  await onDatabase(path, `set session_replication_role = replica;
    do $$ declare t text; s record; begin
      for t in select tablename from pg_tables where schemaname = 'public' ${some} loop
        execute format('delete from public.%I', t); -- not truncate: that makes every table's files anew, slower for a few rows
        execute format('insert into public.%I overriding system value select * from kept.%I', t, t);
      end loop;
      for s in select * from kept.sequences loop
        perform setval(format('public.%I', s.sequencename), coalesce(s.last_value, 1), s.last_value is not null);
      end loop;
    end $$;`);
  return path;
}

/**
 * Copies what the running app at `from` has committed right now (a crash at this moment) to a new
 * database at `to`: SQLite's VACUUM INTO; on PostgreSQL every table's rows, read in one snapshot,
 * written into a database made from the run's template, and the sequences.
 */
export async function copyCommitted(store: Store, from: string, to: string): Promise<void> {
  if (store.kind === 'sqlite') return void store.db.$client.exec(`VACUUM INTO '${to.replaceAll("'", "''")}'`);
  const asText = { getTypeParser: () => (value: string) => value }; // values go back as PostgreSQL wrote them
  const source = new pg.Client({ connectionString: pgDatabaseUrl(from), types: asText });
  const target = new pg.Client({ connectionString: await pgDatabaseFor(to) });
  await source.connect();
  await target.connect();
  try {
    await source.query('begin isolation level repeatable read read only');
    await target.query('set session_replication_role = replica'); // foreign keys held in the source
    const names = (await source.query<{ name: string }>("select tablename as name from pg_tables where schemaname = 'public'")).rows.map((t) => t.name);
    for (const name of names) {
      for (const row of (await source.query<Record<string, string | null>>(`select * from "${name}"`)).rows) {
        const columns = Object.keys(row);
        await target.query(`insert into "${name}" (${columns.map((c) => `"${c}"`).join(', ')}) overriding system value values (${columns.map((_, i) => `$${i + 1}`).join(', ')})`, Object.values(row));
      }
    }
    for (const s of (await source.query<{ name: string; last: string | null }>("select sequencename as name, last_value as last from pg_sequences where schemaname = 'public'")).rows) {
      if (s.last !== null) await target.query('select setval($1, $2)', [`public."${s.name}"`, s.last]);
    }
    await source.query('commit');
  } finally {
    await source.end();
    await target.end();
  }
}

async function onDatabase(path: string, statements: string): Promise<void> {
  await withClient(await pgDatabaseFor(path), (c) => c.query(statements));
}

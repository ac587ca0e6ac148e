/**
 * The store a test's app runs on: SQLite at the test's database path, or, when the suite runs with
 * YIZHAN_TEST_STORE=pg (`npm run test:pg`), a PostgreSQL database of its own on the tests' server,
 * copied from the run's migrated template (test/pg/global-setup.ts). The path still names it: the
 * same path opens the same database again (a restart test), and `query(path, sql)` reads it
 * (test/pg/query.ts). The databases a test file made are dropped after it.
 */
import { createHash } from 'node:crypto';
import { afterAll, inject } from 'vitest';
import { openDb } from '../../src/db/client.js';
import { openPg } from '../../src/db/pg/client.js';
import { pgStore, sqliteStore, type Store } from '../../src/db/store.js';
import { asSuperuser, databaseUrl } from './db.js';
import { pgQuerySync } from './query.js';

/** Whether the tests' apps run on PostgreSQL. */
export const onPgStore = process.env.YIZHAN_TEST_STORE === 'pg';

const made = new Map<string, Promise<string>>();
if (onPgStore && process.env.VITEST) afterAll(() => dropAll());

/** The PostgreSQL database that stands for the SQLite file `path` (made from the template at its first use). */
export function pgDatabaseName(path: string): string {
  return `yizhan_app_${createHash('sha256').update(path).digest('hex').slice(0, 20)}`;
}

/** The URL of the database standing for `path` (`query(path, sql)` reads it). */
export const pgDatabaseUrl = (path: string) => databaseUrl(inject('pgUrl'), pgDatabaseName(path));

/** The URL of the database standing for `path`, made from the template if it does not exist yet. */
export function pgDatabaseFor(path: string): Promise<string> {
  const name = pgDatabaseName(path);
  let url = made.get(name);
  if (!url) {
    const server = inject('pgUrl');
    url = asSuperuser(server, `create database ${name} template ${inject('pgTemplate')}`)
      .catch((e: { code?: string }) => { if (e.code !== '42P04') throw e; }) // made by an earlier module of this file: the same database
      .then(() => pgDatabaseUrl(path));
    made.set(name, url);
  }
  return url;
}

/** Opens the store of a test's app at `path` (see the top of this file). */
export async function openTestStore(path: string): Promise<Store> {
  if (!onPgStore) return sqliteStore(openDb(path));
  return pgStore(await openPg(await pgDatabaseFor(path), { max: 4 }), path);
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

/** Drops the database standing for `path` now (a test that is done with it); the store must be closed. */
export async function dropTestDatabase(path: string): Promise<void> {
  const name = pgDatabaseName(path);
  if (!made.delete(name)) return;
  await asSuperuser(inject('pgUrl'), `drop database if exists ${name} with (force)`);
}

async function dropAll(): Promise<void> {
  const names = [...made.keys()];
  made.clear();
  for (const name of names) await asSuperuser(inject('pgUrl'), `drop database if exists ${name} with (force)`);
}

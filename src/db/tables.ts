/**
 * The tables a handle's queries name, in the handle's dialect. Repos are written once against the
 * SQLite table types (src/db/schema.ts) and take their tables from the handle they run on:
 *
 *   const { polls, pollMessages } = tables(q);
 *   return q.select().from(polls).where(eq(polls.id, id));
 *
 * On a PostgreSQL handle this gives src/db/pg/schema's tables, which have the same TypeScript keys,
 * column names and row types (test/pg/parity.test.ts); only builder calls both dialects have run
 * on both (select/insert/update/delete, returning, onConflictDoNothing/DoUpdate; never SQLite's
 * `.get()/.all()/.run()` or `$client`, which stay in `// sqlite:` branches). Types stay SQLite's: the
 * PostgreSQL set is cast to them here, the one place that says so.
 */
import { is } from 'drizzle-orm';
import { PgDatabase, type PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import type { Q } from './client.js';
import * as sqliteTables from './schema.js';
import * as pgTables from './pg/schema.js';

export type Tables = typeof sqliteTables;
export type PgTables = typeof pgTables;
/** A PostgreSQL handle in PostgreSQL's own types: a pool's drizzle instance, a pooled connection's, or a transaction on one. */
export type PgQ = PgDatabase<PgQueryResultHKT, PgTables>;

/**
 * Whether a handle runs on PostgreSQL (a pooled connection or a transaction on one). Every repo call
 * asks: a SQLite handle is told by `instanceof` first, as drizzle's `is` walks its class chain.
 */
export function onPostgres(q: Q): boolean {
  return !(q instanceof BaseSQLiteDatabase) && is(q, PgDatabase);
}

/** The tables of the handle's dialect, typed as SQLite's. */
export function tables(q: Q): Tables {
  return onPostgres(q) ? (pgTables as unknown as Tables) : sqliteTables;
}

/**
 * The handle as PostgreSQL's, with PostgreSQL's tables, for what only PostgreSQL has (`FOR UPDATE
 * SKIP LOCKED`, …) in a repo's PostgreSQL branch; undefined on SQLite.
 */
export function postgresOf(q: Q): { pg: PgQ; t: PgTables } | undefined {
  return onPostgres(q) ? { pg: q as unknown as PgQ, t: pgTables } : undefined;
}

/** A PostgreSQL handle (a unit's connection, a pool, a transaction) as the repos take it. */
export function handleOf(pg: PgQ): Q {
  return pg as unknown as Q;
}

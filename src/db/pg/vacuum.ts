/**
 * VACUUM on PostgreSQL, for privacy: a deleted or updated row's earlier version (an erased key, an
 * anonymous run's old tokens, a closed poll's ballots in the order they came, an erased member's
 * name) stays in the table's pages, readable with the server's own tools (pageinspect), until
 * VACUUM makes its space free. What asks for it is a task row (core/vacuum.repo.ts), so a crash does
 * not lose it. Runs outside any transaction (VACUUM cannot run in one), on a connection of the pool.
 *
 * Not VACUUM FULL: it would lock the tables against every instance while it rewrites them. So the
 * bytes of the old versions may still sit in the pages' free space until PostgreSQL reuses it, and
 * they are in the server's WAL, its archives and backups (README: "Privacy on PostgreSQL").
 */
import { getTableName, is } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import type pg from 'pg';
import * as pgTables from './schema.js';

/** Every table of Yizhan's PostgreSQL schema, by its SQL name. */
export const PG_TABLE_NAMES: readonly string[] = Object.values(pgTables).filter((t) => is(t, PgTable)).map((t) => getTableName(t)).sort();

/**
 * VACUUMs `names` (SQL table names of Yizhan's schema; 'all': every one). Throws when one is not
 * Yizhan's or when PostgreSQL skipped one (it only warns when the role may not vacuum a table).
 */
export async function vacuumPg(pool: pg.Pool, names: readonly string[] | 'all'): Promise<void> {
  const list = names === 'all' ? PG_TABLE_NAMES : names;
  const unknown = list.filter((n) => !PG_TABLE_NAMES.includes(n));
  if (unknown.length) throw new Error(`VACUUM of tables that are not Yizhan's: ${unknown.join(', ')}`);
  if (!list.length) return;
  const client = await pool.connect();
  const warnings: string[] = [];
  const onNotice = (n: { severity?: string; message?: string }) => void (n.severity === 'WARNING' && warnings.push(n.message ?? ''));
  client.on('notice', onNotice);
  try {
    await client.query(`VACUUM ${list.map((n) => `"${n}"`).join(', ')}`);
  } finally {
    client.off('notice', onNotice);
    client.release();
  }
  if (warnings.length) throw new Error(`VACUUM did not run on every table: ${warnings.join('; ')}`);
}

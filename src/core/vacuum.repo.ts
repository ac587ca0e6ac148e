/**
 * Asking the store to drop the earlier versions of rows a unit erased or rewrote for privacy (a
 * survey run sealed, a poll closed, a member erased): on PostgreSQL a `store.vacuum` task row,
 * written in that unit, so the VACUUM runs after its commit (db/pg/vacuum.ts) and a crash does not
 * lose it; the scheduler runs it like any due task. On SQLite nothing: secure_delete zeroes what a
 * delete or update removes at once, and the features empty the WAL after their commit.
 */
import { getTableName, type Table } from 'drizzle-orm';
import type { Q } from '../db/client.js';
import { onPostgres, tables, type Tables } from '../db/tables.js';
import { scheduleTask } from './tasks.repo.js';

export const VACUUM_TASK = 'store.vacuum';

/** The tables to vacuum (their keys in src/db/schema.ts), or 'all' of them. */
export type VacuumOf = { [K in keyof Tables]: Tables[K] extends Table ? K : never }[keyof Tables][] | 'all';

/**
 * The platforms' inboxes, vacuumed with any table: a handled update's payload (who pressed which
 * button: a vote, an answer) is emptied by an update, which leaves the old version behind.
 */
const INBOXES = ['telegramInbox', 'discordInbox'] as const;

/**
 * Writes the task row (PostgreSQL); due at once. The inboxes are vacuumed too. Requests for the
 * same tables are one task.
 */
export async function vacuumLater(q: Q, which: VacuumOf, now: Date): Promise<void> {
  if (!onPostgres(q)) return; // sqlite: nothing to do (secure_delete; the WAL is emptied after the commit)
  const all = tables(q);
  const names = which === 'all' ? 'all' : [...new Set([...which, ...INBOXES].map((k) => getTableName(all[k])))].sort();
  const key = `vacuum:${names === 'all' ? 'all' : names.join(',')}`;
  await scheduleTask(q, VACUUM_TASK, now, { tables: names }, now, key);
}

/** The tables a `store.vacuum` task's payload names ('all', or SQL table names). */
export function vacuumTablesOf(payload: Record<string, unknown>): string[] | 'all' {
  const t = payload.tables;
  if (t === 'all') return 'all';
  if (Array.isArray(t) && t.every((n) => typeof n === 'string')) return t as string[];
  throw new Error(`a ${VACUUM_TASK} task without its tables`);
}

/**
 * `npm run store:copy`: a campus's SQLite database copied into an empty PostgreSQL database, so a
 * campus can move without losing history. SQLite is read in one read transaction (one snapshot,
 * even while the bot keeps writing); PostgreSQL is written in one transaction that first locks and
 * checks every table empty, inserts in foreign-key order in multi-row batches (drizzle maps each
 * value: epoch milliseconds to timestamptz, 0/1 to boolean, JSON text to jsonb; other text,
 * sealed texts included, as it is), sets each identity sequence past the largest id, and compares
 * every table's count with SQLite's: any difference rolls everything back.
 */
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { sql, type SQL } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { closePg, openPg, type PgDb } from './pg/client.js';
import { appRow, tablesInCopyOrder, type TablePair } from './store-tables.js';

/** SQLite's migrations, as db/client.ts applies them: the copy needs a database at the last one. */
const MIGRATIONS = fileURLToPath(new URL('../../migrations/sqlite', import.meta.url));

export class StoreCopyError extends Error {
  override name = 'StoreCopyError';
}

export interface CopiedTable {
  table: string;
  rows: number;
}

type PgTx = Parameters<Parameters<PgDb['transaction']>[0]>[0];

/** Rows per INSERT: PostgreSQL takes at most 65,535 parameters in one statement. */
const batchSize = (t: TablePair) => Math.max(1, Math.min(1000, Math.floor(30_000 / t.columns.length)));
const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;
const rowsOf = async <T>(tx: PgTx, query: SQL) => (await tx.execute(query)).rows as T[];
const countOf = async (tx: PgTx, table: string) => (await rowsOf<{ n: number }>(tx, sql`select count(*)::int as n from ${sql.identifier(table)}`))[0]!.n;

/** Copies every table of the SQLite database at `from` into the PostgreSQL database at `to` (migrated first if needed). */
export async function copyStore(from: string, to: string): Promise<CopiedTable[]> {
  const sqlite = openSource(from);
  try {
    sqlite.exec('BEGIN'); // the snapshot starts at the first read below and holds until COMMIT
    checkSchemaVersion(sqlite);
    const tables = tablesInCopyOrder();
    const counts = new Map(tables.map((t) => [t.name, sqlite.prepare(`select count(*) from ${quoted(t.name)}`).pluck().get() as number]));
    const pg = await openPg(to, { max: 1 });
    try {
      await pg.transaction(async (tx) => {
        await lockEmpty(tx, tables);
        for (const t of tables) await copyTable(sqlite, tx, t);
        await resetIdentities(tx, tables);
        await verifyCounts(tx, tables, counts);
      });
    } finally {
      await closePg(pg);
    }
    return tables.map((t) => ({ table: t.name, rows: counts.get(t.name)! }));
  } finally {
    if (sqlite.inTransaction) sqlite.exec('COMMIT');
    sqlite.close();
  }
}

function openSource(path: string): Database.Database {
  let sqlite: Database.Database;
  try {
    sqlite = new Database(path, { fileMustExist: true, timeout: 5000 });
  } catch (e) {
    throw new StoreCopyError(`cannot open the SQLite database at ${path} (${(e as Error).message})`);
  }
  sqlite.pragma('query_only = ON'); // this connection only reads
  return sqlite;
}

/** The database must be at this version's last migration: its columns are the ones copied. */
function checkSchemaVersion(sqlite: Database.Database): void {
  const last = Math.max(...readMigrationFiles({ migrationsFolder: MIGRATIONS }).map((m) => m.folderMillis));
  const hasTable = sqlite.prepare("select 1 from sqlite_master where type = 'table' and name = '__drizzle_migrations'").get();
  const applied = hasTable ? Number(sqlite.prepare('select max(created_at) from __drizzle_migrations').pluck().get()) : 0;
  if (applied !== last) {
    throw new StoreCopyError(`the SQLite database is not at this version's schema (its last migration ${applied || 'none'}, this version's ${last}): `
      + 'start this version of the bot on it once (it migrates at start), then copy');
  }
}

/** Locks every table against writers until the copy commits, then refuses any that has rows. */
async function lockEmpty(tx: PgTx, tables: TablePair[]): Promise<void> {
  await tx.execute(sql`lock table ${sql.join(tables.map((t) => sql.identifier(t.name)), sql`, `)} in exclusive mode`);
  const filled: string[] = [];
  for (const t of tables) {
    const n = await countOf(tx, t.name);
    if (n > 0) filled.push(`${t.name} (${n} rows)`);
  }
  if (filled.length) throw new StoreCopyError(`the PostgreSQL database is not empty: ${filled.join(', ')}; copy only into a new, empty database`);
}

/** The table's rows in primary-key order, in batches. */
async function copyTable(sqlite: Database.Database, tx: PgTx, t: TablePair): Promise<void> {
  const select = sqlite.prepare(`select ${t.columns.map((c) => quoted(c.name)).join(', ')} from ${quoted(t.name)} order by ${t.primaryKey.map(quoted).join(', ')}`).raw();
  let batch: Record<string, unknown>[] = [];
  for (const raw of select.iterate() as Iterable<unknown[]>) {
    batch.push(appRow(t, raw));
    if (batch.length === batchSize(t)) {
      await insert(tx, t, batch);
      batch = [];
    }
  }
  if (batch.length) await insert(tx, t, batch);
}

/** One multi-row INSERT; a refusal names the table and PostgreSQL's reason, not the whole statement. */
async function insert(tx: PgTx, t: TablePair, batch: Record<string, unknown>[]): Promise<void> {
  try {
    await tx.insert(t.pg).values(batch);
  } catch (e) {
    const cause = ((e as Error).cause ?? e) as Error & { detail?: string };
    throw new StoreCopyError(`copying ${t.name} failed, nothing was kept: ${cause.message}${cause.detail ? ` (${cause.detail})` : ''}`);
  }
}

/** Identity columns go on after the largest id copied, so the next row the app adds gets a new one. */
async function resetIdentities(tx: PgTx, tables: TablePair[]): Promise<void> {
  const identities = await rowsOf<{ table_name: string; column_name: string }>(tx,
    sql`select table_name, column_name from information_schema.columns where table_schema = current_schema() and is_identity = 'YES'`);
  const names = new Set(tables.map((t) => t.name));
  for (const { table_name: table, column_name: column } of identities.filter((r) => names.has(r.table_name))) {
    const id = sql.identifier(column);
    await tx.execute(sql`select setval(pg_get_serial_sequence(${quoted(table)}, ${column}), coalesce(max(${id}), 1), max(${id}) is not null) from ${sql.identifier(table)}`);
  }
}

async function verifyCounts(tx: PgTx, tables: TablePair[], counts: Map<string, number>): Promise<void> {
  const wrong: string[] = [];
  for (const t of tables) {
    const n = await countOf(tx, t.name);
    if (n !== counts.get(t.name)) wrong.push(`${t.name}: ${counts.get(t.name)} in SQLite, ${n} in PostgreSQL`);
  }
  if (wrong.length) throw new StoreCopyError(`the copy does not hold what SQLite holds, nothing was kept: ${wrong.join('; ')}`);
}

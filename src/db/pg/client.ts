/**
 * Opens PostgreSQL (DATABASE_URL) as a pool of connections and applies migrations/pg before
 * anything else runs. Migrating holds an advisory lock on its connection, so several instances
 * starting at once migrate one after another: the later ones find nothing left to apply.
 */
import { fileURLToPath } from 'node:url';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import * as schema from './schema.js';

export type PgDb = NodePgDatabase<typeof schema> & { $client: pg.Pool };

const MIGRATIONS = fileURLToPath(new URL('../../../migrations/pg', import.meta.url));
/** The advisory lock key held while migrating ("yizh"). */
const MIGRATION_LOCK = 0x79697a68;

/** A pool on `url`, migrated. */
export async function openPg(url: string, options: { max?: number } = {}): Promise<PgDb> {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10 });
  // An idle connection the server ended (a restart, a failover, a dropped database) is taken out of
  // the pool, and the next query connects again; without a listener its error would end the process.
  pool.on('error', () => undefined);
  try {
    await migratePg(pool);
  } catch (e) {
    await pool.end();
    throw e;
  }
  return drizzle(pool, { schema, casing: 'snake_case' });
}

/** Applies what migrations/pg holds and the database has not had yet (drizzle.__drizzle_migrations). */
export async function migratePg(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await migrate(drizzle(client, { casing: 'snake_case' }), { migrationsFolder: MIGRATIONS });
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]);
  } catch (e) {
    broken = e as Error;
    throw e;
  } finally {
    // A connection that failed midway may still hold the lock: it is closed, not reused.
    client.release(broken);
  }
}

export async function closePg(db: PgDb): Promise<void> {
  await db.$client.end();
}

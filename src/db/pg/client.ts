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

/** How long a start waits for the server to answer before it says it cannot reach it. */
const CONNECT_TIMEOUT_MS = 15_000;

/**
 * PostgreSQL cannot be reached, refuses the connection or the migration; `where` names the
 * server and database without the password, `reason` is the driver's code or message.
 */
export class PgOpenError extends Error {
  constructor(readonly where: string, readonly reason: string) {
    super(`cannot open the PostgreSQL database ${where} (${reason})`);
    this.name = 'PgOpenError';
  }
}

/** `user@host:port/database` of a postgres:// URL: what a message may show of it (never the password). */
export function describePgUrl(url: string): string {
  try {
    const u = new URL(url);
    const host = u.hostname || u.searchParams.get('host') || 'localhost';
    return `${u.username ? `${decodeURIComponent(u.username)}@` : ''}${host}:${u.port || '5432'}${u.pathname || '/'}`;
  } catch {
    return '(a DATABASE_URL that is not a URL)';
  }
}

/**
 * The pool of a starting bot: `openPg`, after one connection of its own that gives up after
 * CONNECT_TIMEOUT_MS (the pool's would wait for the system's TCP timeout, minutes); anything that
 * fails is a PgOpenError naming the server, never the password.
 */
export async function openPgForStart(url: string): Promise<PgDb> {
  const where = describePgUrl(url);
  const password = (() => { try { return decodeURIComponent(new URL(url).password); } catch { return ''; } })();
  const explain = (e: unknown) => {
    const err = e as { code?: string; message?: string; errors?: { code?: string }[] };
    const reason = [err.code ?? err.errors?.[0]?.code, err.message].filter(Boolean).join(': ') || String(e);
    return new PgOpenError(where, password ? reason.replaceAll(password, '***') : reason);
  };
  const probe = new pg.Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
  } catch (e) {
    throw explain(e);
  } finally {
    await probe.end().catch(() => undefined);
  }
  return openPg(url).catch((e: unknown) => { throw explain(e); });
}

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

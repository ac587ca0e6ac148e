/**
 * Leases: a role only one instance may hold at a time (the Telegram long poller, the Discord
 * gateway, the outbox's sender), as a row `leases(name, holder, expires_at)`. The holder renews it
 * before it expires; whoever asks once it expired takes it over. src/core/leadership.ts renews it
 * on a timer and starts/stops the role's work.
 *
 * Why a lease row rather than PostgreSQL's advisory lock (issue 18 suggested one): a session-level
 * advisory lock lives on one connection, so the leader must pin a connection for as long as it
 * leads — behind PgBouncer in transaction mode there is no such connection (the lock lands on
 * whatever server connection the statement got, is held for a stranger or released under the
 * leader), and with a direct connection fail-over waits for TCP to notice a dead peer (minutes,
 * unbounded), while a leader whose connection broke keeps working without knowing it lost the lock.
 * A transaction-scoped advisory lock cannot be held between transactions at all. The lease is one
 * ordinary statement per renewal in any transaction on any pooled connection, its fail-over time is
 * its TTL (chosen, bounded), the leader knows it leads only until the expiry it last wrote, and the
 * row shows operators who leads and since when. Its costs: one write per renewal, and instances'
 * clocks must agree to well within the TTL (the expiry is written from the renewing instance's
 * clock; NTP keeps them within milliseconds). A leader stalled past its expiry (a long GC pause)
 * may overlap its successor briefly; the roles tolerate that: updates and events are stored once by
 * their ids, and Telegram answers a second poller with 409.
 *
 * On SQLite one process owns the database file, so it is always the leader: asking takes the lease
 * over whoever held it (a previous run of this process), without waiting for that one's expiry.
 */
import { and, eq, lt, or, sql } from 'drizzle-orm';
import { first, type Q } from '../db/client.js';
import { onPostgres, tables } from '../db/tables.js';

export interface Lease {
  name: string;
  holder: string;
  expiresAt: Date;
  acquiredAt: Date;
}

/**
 * Takes or renews the lease `name` for `holder` until `now + ttlMs`: the lease when this holder
 * has it now, undefined when another holder's lease has not expired yet. One statement, so two
 * instances asking at once never both get it.
 */
export async function acquireLease(q: Q, name: string, holder: string, now: Date, ttlMs: number): Promise<Lease | undefined> {
  const { leases } = tables(q);
  const expiresAt = new Date(now.getTime() + ttlMs);
  const set = {
    holder, expiresAt,
    // A renewal keeps when the holder took it; a takeover starts anew.
    acquiredAt: sql`case when ${leases.holder} = excluded.holder then ${leases.acquiredAt} else excluded.acquired_at end`,
  };
  // sqlite: one process, always the leader: it takes the lease over whoever had it.
  const setWhere = onPostgres(q) ? or(lt(leases.expiresAt, now), eq(leases.holder, holder)) : undefined;
  return first(await q.insert(leases).values({ name, holder, expiresAt, acquiredAt: now })
    .onConflictDoUpdate({ target: leases.name, set, ...(setWhere ? { setWhere } : {}) })
    .returning());
}

/** Gives the lease up at once (a clean stop), so another instance need not wait for it to expire. */
export async function releaseLease(q: Q, name: string, holder: string): Promise<boolean> {
  const { leases } = tables(q);
  const gone = await q.delete(leases).where(and(eq(leases.name, name), eq(leases.holder, holder))).returning({ name: leases.name });
  return gone.length > 0;
}

/** Who holds `name` and until when (an expired lease is returned too: compare `expiresAt`). */
export async function leaseOf(q: Q, name: string): Promise<Lease | undefined> {
  const { leases } = tables(q);
  return first(await q.select().from(leases).where(eq(leases.name, name)).limit(1));
}

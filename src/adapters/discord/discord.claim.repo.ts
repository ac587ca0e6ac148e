/**
 * The Discord inbox's claim across instances (issue 18, point 5), the twin of
 * telegram.claim.repo.ts (which says why a row lock rather than an advisory lock): the gateway's
 * holder stores the events, and whichever instance claims a channel's oldest pending event
 * (`FOR UPDATE SKIP LOCKED`, in the unit that handles it and marks it done) handles it, so each
 * event is handled once and a channel's in `seq` order. On SQLite one process handles the inbox:
 * every claim is its own without a query.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import { first, type Q } from '../../db/client.js';
import type { PgDb } from '../../db/pg/client.js';
import { onPostgres, tables } from '../../db/tables.js';
import type { Claim, InboxRow } from '../shared/inbox.js';

/**
 * The oldest pending event of `chatKey` (or of any channel), locked for the caller's unit;
 * undefined when there is none, or when that channel's oldest is held by another unit.
 */
export async function claimOldestEvent(q: Q, chatKey?: string): Promise<InboxRow | undefined> {
  const { discordInbox: t } = tables(q);
  const oldest = sql`not exists (select 1 from ${t} older where older.chat_key = ${t.chatKey} and older.status = 'pending' and older.seq < ${t.seq})`;
  const where = and(eq(t.status, 'pending'), chatKey === undefined ? undefined : eq(t.chatKey, chatKey), oldest);
  const columns = { seq: t.seq, chatKey: t.chatKey, payload: t.payload, attempts: t.attempts };
  if (!onPostgres(q)) {
    // sqlite: one process and the only writer's lock: nobody else can take it meanwhile.
    return first(await q.select(columns).from(t).where(where).orderBy(asc(t.seq)).limit(1));
  }
  const rows: InboxRow[] = await (q as unknown as PgDb).select(columns as never).from(t as never).where(where).orderBy(asc(t.seq)).limit(1)
    .for('update', { skipLocked: true });
  return rows[0];
}

/** The inbox's claim of event `seq` of `chatKey` for the caller's unit (shared/inbox.ts `Claim`). */
export async function claimEventRow(q: Q, seq: number, chatKey: string): Promise<Claim> {
  if (!onPostgres(q)) return { kind: 'mine' }; // sqlite: one process
  const oldest = await claimOldestEvent(q, chatKey);
  if (oldest?.seq === seq) return { kind: 'mine' };
  if (oldest && oldest.seq < seq) return { kind: 'older', seq: oldest.seq };
  // Nothing free, or a later one: this event is held by another unit, or no longer pending.
  const { discordInbox: t } = tables(q);
  const row = first(await q.select({ status: t.status }).from(t).where(eq(t.seq, seq)).limit(1));
  return row?.status === 'pending' ? { kind: 'busy' } : { kind: 'done' };
}

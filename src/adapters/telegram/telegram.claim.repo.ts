/**
 * The inbox's claim across instances (issue 18, point 4): several instances sharing one
 * PostgreSQL each store the updates their webhook receives; a chat's updates must still be handled
 * once each and in update_id order, whichever instance handles them.
 *
 * A claim takes a chat's oldest pending update and locks its row (`FOR UPDATE SKIP LOCKED`) in the
 * caller's unit, which handles it and marks it done: while that unit runs, another instance's claim
 * skips the row, and since only a chat's oldest pending update can be claimed, it cannot take that
 * chat's next one either: it takes another chat's, or nothing. The lock goes with the unit's commit
 * (the update is done: the chat's next is now the oldest) or rollback (a crash: the update is
 * pending again for anyone). Chosen over a transaction-scoped advisory lock per chat
 * (`pg_try_advisory_xact_lock(hashtext(chat))`): the row lock needs no second key space, and two
 * chats whose hashes collide would hold each other up. Both work behind PgBouncer in transaction
 * mode; a session-level lock would not.
 *
 * Counting attempts (so an update that crashes the process is given up on) needs a committed write
 * before the handling: claim and count in a unit of their own first, then claim again in the
 * handling unit (the row must still be the chat's oldest pending, which a second instance that
 * handled it meanwhile would have changed). Two instances may then both count one attempt.
 *
 * On SQLite one process handles the inbox (adapters/shared/inbox.ts keeps each chat's line): the
 * claim is the plain query.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import { first, type Q } from '../../db/client.js';
import type { PgDb } from '../../db/pg/client.js';
import { onPostgres, tables } from '../../db/tables.js';
import type { Claim } from '../shared/inbox.js';
import type { InboxRow } from './telegram.repo.js';

/**
 * The oldest pending update of `chatKey` (or of any chat), locked for the caller's unit; undefined
 * when there is none, or when that chat's oldest is held by another unit.
 */
export async function claimOldestUpdate(q: Q, chatKey?: string): Promise<InboxRow | undefined> {
  const { telegramInbox: t } = tables(q);
  // Only a chat's oldest pending update: an older one held by another unit makes the chat wait.
  const oldest = sql`not exists (select 1 from ${t} older where older.chat_key = ${t.chatKey} and older.status = 'pending' and older.update_id < ${t.updateId})`;
  const where = and(eq(t.status, 'pending'), chatKey === undefined ? undefined : eq(t.chatKey, chatKey), oldest);
  const columns = { updateId: t.updateId, chatKey: t.chatKey, payload: t.payload, attempts: t.attempts };
  if (!onPostgres(q)) {
    // sqlite: one process and the only writer's lock: nobody else can take it meanwhile.
    return first(await q.select(columns).from(t).where(where).orderBy(asc(t.updateId)).limit(1));
  }
  const rows: InboxRow[] = await (q as unknown as PgDb).select(columns as never).from(t as never).where(where).orderBy(asc(t.updateId)).limit(1)
    .for('update', { skipLocked: true });
  return rows[0];
}

/**
 * The inbox's claim of update `updateId` of `chatKey` for the caller's unit (shared/inbox.ts `Claim`):
 * `mine` when it is the chat's oldest pending update and now locked for this unit. On SQLite (one
 * process: nobody else takes rows) it is `mine` without a query.
 */
export async function claimInboxRow(q: Q, updateId: number, chatKey: string): Promise<Claim> {
  if (!onPostgres(q)) return { kind: 'mine' }; // sqlite: one process
  const oldest = await claimOldestUpdate(q, chatKey);
  if (oldest?.updateId === updateId) return { kind: 'mine' };
  if (oldest && oldest.updateId < updateId) return { kind: 'older', seq: oldest.updateId };
  // Nothing free, or a later one: this update is held by another unit, or no longer pending.
  const { telegramInbox: t } = tables(q);
  const row = first(await q.select({ status: t.status }).from(t).where(eq(t.updateId, updateId)).limit(1));
  return row?.status === 'pending' ? { kind: 'busy' } : { kind: 'done' };
}

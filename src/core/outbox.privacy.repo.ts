/** The outbox rows of one person, for /mydata and /forgetme (features/privacy, tickets.privacy). */
import { and, asc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import type { Q } from '../db/client.js';
import { onPostgres, tables } from '../db/tables.js';
import { CLEARED, FINAL, type OutboxRow } from './outbox.repo.js';

/** What the outbox holds for a member: the messages written to them (/mydata). */
export async function outboxOfMember(q: Q, memberId: number): Promise<OutboxRow[]> {
  const { outbox } = tables(q);
  return await q.select().from(outbox).where(eq(outbox.memberId, memberId)).orderBy(asc(outbox.id));
}

/**
 * Rows for the member, or addressed to one of their private chats (a reply names only the chat; an
 * edit, such as taking a finished step's buttons off, names not even the chat's kind).
 */
const forMember = (outbox: ReturnType<typeof tables>['outbox'], memberId: number) => sql`(${outbox.memberId} = ${memberId} OR (coalesce(${outbox.chatKind}, 'private') = 'private' AND EXISTS (
  SELECT 1 FROM identities i WHERE i.member_id = ${memberId} AND i.platform = ${outbox.platform} AND i.private_chat_id = ${outbox.chatId})))`;

/**
 * /forgetme, while the member's accounts still exist: every row for them keeps its key (so nothing
 * is sent twice) but loses its text and where it went; what was not delivered yet is dropped as
 * `unreachable`.
 */
export async function forgetMemberOutbox(q: Q, memberId: number, now: Date): Promise<void> {
  const { outbox } = tables(q);
  await q.update(outbox).set({
    payload: { text: '' }, platform: null, chatId: null, chatKind: null, identityId: null, platformMessageId: null, updatedAt: now,
    status: sql`CASE WHEN ${outbox.status} IN ('pending', 'sending') THEN 'unreachable' ELSE ${outbox.status} END`,
    lastError: sql`CASE WHEN ${outbox.status} IN ('pending', 'sending') THEN 'recipient erased their data' ELSE ${outbox.lastError} END`,
  }).where(forMember(outbox, memberId));
}

/**
 * /forgetme, while the member's accounts still exist: final rows whose text names them (a name,
 * username or platform id of any of their accounts, as the JSON holds it) keep no text, wherever
 * they went (a staff chat's card, a queue listing). Rows still to go are left.
 */
export async function forgetOutboxNaming(q: Q, memberId: number): Promise<number> {
  const { outbox } = tables(q);
  // sqlite: instr() on the payload's JSON text; PostgreSQL: strpos() on the jsonb's text.
  const text = onPostgres(q) ? sql`${outbox.payload}::text` : sql`${outbox.payload}`;
  const has = (what: string) => (onPostgres(q) ? sql`strpos(${text}, ${sql.raw(what)}) > 0` : sql`instr(${text}, ${sql.raw(what)}) > 0`);
  return (await q.update(outbox).set({ payload: CLEARED }).where(and(inArray(outbox.status, FINAL), sql`EXISTS (
      SELECT 1 FROM identities i JOIN members m ON m.id = i.member_id WHERE i.member_id = ${memberId} AND (
        ${has('m.name')} OR ${has('i.display_name')} OR ${has('i.platform_user_id')} OR (i.username IS NOT NULL AND ${has('i.username')})))`))
    .returning({ id: outbox.id })).length;
}

/**
 * Final rows whose `meta` says they were about one of `ids` (`meta.<key>`, e.g. the tickets a person
 * erased) keep no text: what they said named or quoted that person. Rows still to go are left.
 */
export async function forgetOutboxAbout(q: Q, key: 'ticketId', ids: number[]): Promise<number> {
  if (!ids.length) return 0;
  const { outbox } = tables(q);
  // PostgreSQL: ->> on the jsonb gives text, compared with the ids as text.
  if (!onPostgres(q)) {
    // sqlite: at once (a caller still synchronous, not awaiting it, writes in its transaction).
    return q.update(outbox).set({ payload: CLEARED })
      .where(and(inArray(outbox.status, FINAL), inArray(sql`json_extract(${outbox.meta}, ${`$.${key}`})`, ids))).run().changes;
  }
  const about = inArray(sql`${outbox.meta} ->> ${key}`, ids.map(String));
  return (await q.update(outbox).set({ payload: CLEARED }).where(and(inArray(outbox.status, FINAL), about)).returning({ id: outbox.id })).length;
}

/**
 * Writes the rows whose key starts with `prefix` (a closed anonymous run's invitations) again in the
 * order of their ids (the order they were written at the fan-out), after `coarsen`. On PostgreSQL an
 * updated row is written anew at the table's end: an invitation confirmed by its member's press,
 * then coarsened, would stay where the press put it, in the order of the presses. SQLite updates a
 * row in place (its rowid stays): nothing to do. Ids, keys and contents stay as they are.
 */
export async function rewriteOutboxInIdOrder(q: Q, prefix: string): Promise<number> {
  if (!onPostgres(q)) return 0; // sqlite: rows stay where they were written
  const { outbox } = tables(q);
  const rows = await q.delete(outbox).where(and(gte(outbox.dedupeKey, prefix), lt(outbox.dedupeKey, `${prefix}\uffff`))).returning();
  rows.sort((a, b) => a.id - b.id);
  for (let i = 0; i < rows.length; i += 1000) await q.insert(outbox).values(rows.slice(i, i + 1000));
  return rows.length;
}

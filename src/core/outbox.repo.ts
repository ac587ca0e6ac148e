/** Queries of the outbox; every write that changes a row's state is its own committed statement. */
import { and, asc, eq, gte, lt, lte, sql } from 'drizzle-orm';
import { prepared, type Db, type Q } from '../db/client.js';
import { outbox, outboxPauses, type OutboxStatus } from '../db/schema.js';
import type { Platform } from './message.js';

export type OutboxRow = typeof outbox.$inferSelect;
export type NewOutboxRow = typeof outbox.$inferInsert;

const ph = sql.placeholder;

// Enqueueing a survey run writes a row per member in one transaction: its statements are
// prepared once (building and preparing them cost more than running them). They run on the
// connection, so inside the caller's transaction.

/**
 * Every column a caller may set, as placeholders; absent ones are null (or their default). `meta`
 * is bound as JSON text by hand: drizzle would encode a null placeholder as the text "null".
 */
const INSERTED = ['kind', 'dedupeKey', 'memberId', 'identityId', 'binding', 'scope', 'platform', 'chatId', 'chatKind', 'locale',
  'payload', 'status', 'attempts', 'nextAttemptAt', 'lastError', 'platformMessageId', 'createdAt', 'updatedAt'] as const;
const ABSENT = { ...Object.fromEntries(INSERTED.map((c) => [c, null])), status: 'pending', attempts: 0 };

/** Inserts the row unless its dedupe key exists; returns the stored row and whether it is new. */
export function insertOutbox(db: Db, row: NewOutboxRow): { row: OutboxRow; created: boolean } {
  const inserted = prepared(db, 'outbox.insert', (d) => d.insert(outbox)
    .values({ ...Object.fromEntries(INSERTED.map((c) => [c, ph(c)])), meta: sql`${ph('meta')}` } as unknown as NewOutboxRow)
    .onConflictDoNothing({ target: outbox.dedupeKey }).returning().prepare())
    .get({ ...ABSENT, ...row, meta: row.meta == null ? null : JSON.stringify(row.meta) });
  if (inserted) return { row: inserted, created: true };
  return { row: outboxByKey(db, row.dedupeKey)!, created: false };
}

export function outboxByKey(db: Db, key: string): OutboxRow | undefined {
  return prepared(db, 'outbox.byKey', (d) => d.select().from(outbox).where(eq(outbox.dedupeKey, ph('key'))).prepare()).get({ key });
}

/** How many rows whose key starts with `prefix` are in each status (e.g. all invites of a survey run). */
export function outboxStatusCounts(q: Q, prefix: string): Partial<Record<OutboxStatus, number>> {
  const rows = q.select({ status: outbox.status, n: sql<number>`count(*)` }).from(outbox)
    .where(and(gte(outbox.dedupeKey, prefix), lt(outbox.dedupeKey, `${prefix}\uffff`)))
    .groupBy(outbox.status).all();
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}


/**
 * The oldest pending rows due by `now` on platforms that are not paused (first in, first out),
 * at most `limit`: the worker reads a batch at a time (the ordering sorts every due row).
 */
export function dueOutbox(q: Q, now: Date, limit: number): OutboxRow[] {
  const t = now.getTime();
  return q.select().from(outbox)
    .where(and(
      eq(outbox.status, 'pending'), lte(outbox.nextAttemptAt, now),
      sql`not exists (select 1 from ${outboxPauses} p where p.platform = ${outbox.platform} and p.until > ${t})`,
    ))
    .orderBy(asc(outbox.id)).limit(limit).all();
}

/** When the next pending row may be sent, pauses included; undefined when nothing is pending. */
export function nextOutboxTime(q: Q): Date | undefined {
  const r = q.get<{ t: number | null }>(sql`
    select min(max(o.next_attempt_at, coalesce(p.until, 0))) as t
    from ${outbox} o left join ${outboxPauses} p on p.platform = o.platform
    where o.status = 'pending'`);
  return r?.t == null ? undefined : new Date(r.t);
}

// The worker's two writes per message are prepared once (building and preparing cost more than running).

/** pending → sending, as a committed write before the platform is called; false if someone else took it. */
export function claimOutbox(db: Db, id: number, now: Date): boolean {
  return prepared(db, 'outbox.claim', (d) => d.update(outbox)
    .set({ status: 'sending', attempts: sql`${outbox.attempts} + 1`, updatedAt: sql`${ph('now')}` })
    .where(and(eq(outbox.id, ph('id')), eq(outbox.status, 'pending'))).prepare())
    .run({ id, now: now.getTime() }).changes === 1;
}

/** A final state; `platformMessageId` and `lastError` are kept as they were unless given. */
export function finishOutbox(
  db: Db, id: number, status: Exclude<OutboxStatus, 'pending' | 'sending'>, now: Date,
  extra: { platformMessageId?: string; lastError?: string } = {},
): void {
  prepared(db, 'outbox.finish', (d) => d.update(outbox).set({
    status: sql`${ph('status')}`, updatedAt: sql`${ph('now')}`,
    platformMessageId: sql`coalesce(${ph('messageId')}, ${outbox.platformMessageId})`,
    lastError: sql`coalesce(${ph('lastError')}, ${outbox.lastError})`,
  }).where(eq(outbox.id, ph('id'))).prepare())
    .run({ id, status, now: now.getTime(), messageId: extra.platformMessageId ?? null, lastError: extra.lastError?.slice(0, 500) ?? null });
}

/** Back to pending, to be tried again at `at`. */
export function retryOutbox(q: Q, id: number, at: Date, lastError: string, now: Date): void {
  q.update(outbox).set({ status: 'pending', nextAttemptAt: at, updatedAt: now, lastError: lastError.slice(0, 500) })
    .where(eq(outbox.id, id)).run();
}

/** Points a pending or sending row at another private chat of the same member. */
export function retargetOutbox(q: Q, id: number, t: { identityId: number; platform: Platform; chatId: string }, now: Date): void {
  q.update(outbox).set({ ...t, status: 'pending', nextAttemptAt: now, updatedAt: now }).where(eq(outbox.id, id)).run();
}

/** Rows a crash left in `sending`: they may or may not have arrived, so they become `unknown`. */
export function recoverSending(q: Q, now: Date): number {
  return q.update(outbox)
    .set({ status: 'unknown', updatedAt: now, lastError: 'the bot stopped while sending; it may have arrived' })
    .where(eq(outbox.status, 'sending')).run().changes;
}

/** Deletes the rows whose key starts with `prefix`, whatever their state. */
export function deleteOutboxByPrefix(q: Q, prefix: string): number {
  return q.delete(outbox).where(and(gte(outbox.dedupeKey, prefix), lt(outbox.dedupeKey, `${prefix}\uffff`))).run().changes;
}

/**
 * Deletes the finished rows written since `since` that have neither a key nor a recipient: what is
 * kept of anonymous content once it was sent (a reply whose text and chat were forgotten).
 */
export function deleteForgottenOutbox(q: Q, since: Date): number {
  return q.delete(outbox).where(and(
    sql`${outbox.dedupeKey} is null and ${outbox.memberId} is null and ${outbox.chatId} is null`,
    sql`${outbox.status} not in ('pending', 'sending')`, gte(outbox.createdAt, since),
  )).run().changes;
}

/** Keeps only the day of the times of the rows whose key starts with `prefix`, and drops their last error. */
export function coarsenOutboxByPrefix(q: Q, prefix: string): number {
  const day = (c: typeof outbox.createdAt) => sql`${c} - ${c} % 86400000`;
  return q.update(outbox)
    .set({ createdAt: day(outbox.createdAt), updatedAt: day(outbox.updatedAt), nextAttemptAt: day(outbox.nextAttemptAt), lastError: null })
    .where(and(gte(outbox.dedupeKey, prefix), lt(outbox.dedupeKey, `${prefix}\uffff`))).run().changes;
}

/** A delivery we were unsure about was confirmed by the recipient (they pressed one of its buttons). */
export function confirmOutbox(q: Q, key: string, now: Date): void {
  q.update(outbox).set({ status: 'sent', updatedAt: now })
    .where(and(eq(outbox.dedupeKey, key), eq(outbox.status, 'unknown'))).run();
}

export function pausePlatform(q: Q, platform: Platform, until: Date): void {
  q.insert(outboxPauses).values({ platform, until })
    .onConflictDoUpdate({ target: outboxPauses.platform, set: { until: sql`max(${outboxPauses.until}, ${until.getTime()})` } }).run();
}

/** What the outbox holds for a member: the messages written to them (/mydata). */
export function outboxOfMember(q: Q, memberId: number): OutboxRow[] {
  return q.select().from(outbox).where(eq(outbox.memberId, memberId)).orderBy(asc(outbox.id)).all();
}

/** Rows for the member, or addressed to one of their private chats (a reply names only the chat). */
const forMember = (memberId: number) => sql`(${outbox.memberId} = ${memberId} OR (${outbox.chatKind} = 'private' AND EXISTS (
  SELECT 1 FROM identities i WHERE i.member_id = ${memberId} AND i.platform = ${outbox.platform} AND i.private_chat_id = ${outbox.chatId})))`;

/**
 * /forgetme, while the member's accounts still exist: every row for them keeps its key (so nothing
 * is sent twice) but loses its text and where it went; what was not delivered yet is dropped as
 * `unreachable`.
 */
export function forgetMemberOutbox(q: Q, memberId: number, now: Date): void {
  q.update(outbox).set({
    payload: { text: '' }, platform: null, chatId: null, chatKind: null, identityId: null, platformMessageId: null, updatedAt: now,
    status: sql`CASE WHEN ${outbox.status} IN ('pending', 'sending') THEN 'unreachable' ELSE ${outbox.status} END`,
    lastError: sql`CASE WHEN ${outbox.status} IN ('pending', 'sending') THEN 'recipient erased their data' ELSE ${outbox.lastError} END`,
  }).where(forMember(memberId)).run();
}

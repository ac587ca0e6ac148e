/** Queries of the outbox; every write that changes a row's state is its own committed statement. */
import { and, eq, gte, inArray, isNull, lt, ne, sql } from 'drizzle-orm';
import { prepared, type Db, type Q } from '../db/client.js';
import { LANE, outbox, outboxPauses, type Lane, type OutboxStatus, type StoredPayload } from '../db/schema.js';
import type { Locale } from './i18n.js';
import type { ChatKind, Platform } from './message.js';

export type OutboxRow = typeof outbox.$inferSelect;
export type NewOutboxRow = typeof outbox.$inferInsert;

/** The states a row ends in. */
export const FINAL: OutboxStatus[] = ['sent', 'unknown', 'unreachable', 'failed'];
/** The payload of a row whose text is no longer kept. */
export const CLEARED = { text: '' };

const ph = sql.placeholder;

// Every reply is a row, and a survey run writes a row per member in one transaction: the
// statements are prepared once (building and preparing them cost more than running them). They
// run on the connection, so inside the caller's transaction.

/**
 * Every column a caller may set, as placeholders; absent ones are null (or their default). `meta`
 * is bound as JSON text by hand: drizzle would encode a null placeholder as the text "null".
 */
const INSERTED = ['kind', 'dedupeKey', 'lane', 'memberId', 'identityId', 'binding', 'scope', 'platform', 'chatId', 'chatKind', 'locale',
  'payload', 'editOf', 'onSent', 'onFailed', 'forget', 'status', 'attempts', 'nextAttemptAt', 'lastError', 'platformMessageId', 'createdAt', 'updatedAt'] as const;
const ABSENT = { ...Object.fromEntries(INSERTED.map((c) => [c, null])), lane: LANE.bulk, forget: false, status: 'pending', attempts: 0 };

const values = (row: NewOutboxRow) => ({ ...ABSENT, ...row, meta: row.meta == null ? null : JSON.stringify(row.meta) });
const placeholders = () => ({ ...Object.fromEntries(INSERTED.map((c) => [c, ph(c)])), meta: sql`${ph('meta')}` } as unknown as NewOutboxRow);

/**
 * Inserts the row unless its dedupe key exists; returns the stored row and whether it is new.
 * Synchronous still, as are `insertOwed` and `outboxByKey`: features enqueue inside db.transaction.
 */
export function insertOutbox(q: Q, row: NewOutboxRow): { row: OutboxRow; created: boolean } {
  // sqlite: drizzle's prepared statement run with .get.
  const inserted = prepared(q, 'outbox.insert', (d) => d.insert(outbox).values(placeholders())
    .onConflictDoNothing().returning().prepare()).get(values(row)); // the key is the one unique column a caller sets
  if (inserted) return { row: inserted, created: true };
  return { row: outboxByKey(q, row.dedupeKey!)!, created: false };
}

/**
 * Inserts a row without a dedupe key (a reply, or what a handled message causes). Every reply
 * passes here, so it is a plain statement: drizzle's mapping of placeholders costs more than the insert.
 */
export function insertOwed(q: Q, r: Owed): void {
  // sqlite: a plain statement on the connection.
  prepared(q, 'outbox.insertOwed', (d) => d.$client.prepare(`INSERT INTO outbox (kind, lane, member_id, identity_id, platform, chat_id, chat_kind,
    locale, payload, edit_of, meta, on_sent, on_failed, forget, status, attempts, next_attempt_at, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?)`)).run(
    r.kind, r.lane, r.memberId, r.identityId, r.platform, r.chatId, r.chatKind, r.locale, JSON.stringify(r.payload), r.editOf,
    r.meta == null ? null : JSON.stringify(r.meta), r.onSent, r.onFailed, r.forget ? 1 : 0, r.at, r.at, r.at,
  );
}

/** What `insertOwed` writes. */
export interface Owed {
  kind: string;
  lane: Lane;
  memberId: number | null;
  identityId: number | null;
  platform: Platform;
  chatId: string;
  chatKind: ChatKind | null;
  locale: Locale;
  payload: StoredPayload;
  editOf: string | null;
  meta: Record<string, unknown> | null;
  onSent: string | null;
  onFailed: string | null;
  forget: boolean;
  /** Epoch ms: created, and due. */
  at: number;
}

export function outboxByKey(q: Q, key: string): OutboxRow | undefined {
  // sqlite: drizzle's prepared statement run with .get.
  return prepared(q, 'outbox.byKey', (d) => d.select().from(outbox).where(eq(outbox.dedupeKey, ph('key'))).prepare()).get({ key });
}

/** How many rows whose key starts with `prefix` are in each status (e.g. all invites of a survey run). */
export function outboxStatusCounts(q: Q, prefix: string): Partial<Record<OutboxStatus, number>> {
  const rows = q.select({ status: outbox.status, n: sql<number>`count(*)` }).from(outbox)
    .where(and(gte(outbox.dedupeKey, prefix), lt(outbox.dedupeKey, `${prefix}\uffff`)))
    .groupBy(outbox.status).all();
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

/** A pending row as the worker picks it: where it goes and in which lane (the rest is read when it is claimed). */
export type DueRow = Pick<OutboxRow, 'id' | 'lane' | 'platform' | 'chatId' | 'chatKind'>;

/**
 * The next row of each chat that may go now, first lane first and oldest first, at most `limit`
 * (rows on a paused platform left out). A chat's rows go in order (lane, then id): a row waiting
 * to be tried again holds the chat's later ones back; a row waiting for its time (quiet hours, a
 * scheduled announcement) steps aside. One row per chat, so a long queue of one chat (a staff
 * group at 20 a minute) never hides the other chats' rows.
 */
export function dueOutbox(db: Db, now: Date, limit: number): DueRow[] {
  // sqlite: a plain statement on the connection (every pass of the worker).
  return prepared(db, 'outbox.due', (d) => d.$client.prepare(`SELECT o.id, o.lane, o.platform, o.chat_id AS chatId, o.chat_kind AS chatKind
    FROM outbox o WHERE o.status = 'pending' AND o.next_attempt_at <= :now
      AND NOT EXISTS (SELECT 1 FROM outbox_pauses p WHERE p.platform = o.platform AND p.until > :now)
      AND NOT EXISTS (SELECT 1 FROM outbox b WHERE b.status = 'pending' AND b.platform = o.platform AND b.chat_id = o.chat_id
        AND (b.lane, b.id) < (o.lane, o.id) AND (b.next_attempt_at <= :now OR b.attempts > 0))
    ORDER BY o.lane, o.id LIMIT :limit`)).all({ now: now.getTime(), limit }) as DueRow[];
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

/**
 * pending → sending for a wave of rows, as a committed write before the platform is called; the
 * rows claimed, as they are now (a row someone else took is missing). One statement for the wave.
 */
export function claimOutbox(db: Db, ids: number[], now: Date): OutboxRow[] {
  // sqlite: a plain statement; json_each (PostgreSQL: = ANY($1), and FOR UPDATE SKIP LOCKED for several instances).
  const rows = prepared(db, 'outbox.claim', (d) => d.$client.prepare(`UPDATE outbox SET status = 'sending', attempts = attempts + 1, updated_at = ?
    WHERE id IN (SELECT value FROM json_each(?)) AND status = 'pending' RETURNING *`)).all(now.getTime(), JSON.stringify(ids)) as RawRow[];
  return rows.map(fromRaw);
}

/** A row as SQLite returns it (snake_case, JSON as text, times as epoch ms). */
type RawRow = Record<string, unknown>;

const date = (v: unknown) => new Date(v as number);
const json = <T>(v: unknown) => (v == null ? null : (JSON.parse(v as string) as T));

function fromRaw(r: RawRow): OutboxRow {
  return {
    id: r.id as number, kind: r.kind as string, dedupeKey: r.dedupe_key as string | null, lane: r.lane as Lane,
    memberId: r.member_id as number | null, identityId: r.identity_id as number | null,
    binding: r.binding as OutboxRow['binding'], scope: r.scope as string | null, platform: r.platform as Platform | null,
    chatId: r.chat_id as string | null, chatKind: r.chat_kind as ChatKind | null, locale: r.locale as Locale,
    payload: json<StoredPayload>(r.payload)!, editOf: r.edit_of as string | null, meta: json<Record<string, unknown>>(r.meta),
    onSent: r.on_sent as string | null, onFailed: r.on_failed as string | null, forget: r.forget === 1, status: r.status as OutboxStatus, attempts: r.attempts as number,
    nextAttemptAt: date(r.next_attempt_at), lastError: r.last_error as string | null, platformMessageId: r.platform_message_id as string | null,
    createdAt: date(r.created_at), updatedAt: date(r.updated_at),
  };
}

/** A final state; `platformMessageId` and `lastError` are kept as they were unless given. */
export function finishOutbox(
  db: Db, id: number, status: Exclude<OutboxStatus, 'pending' | 'sending'>, now: Date,
  extra: { platformMessageId?: string; lastError?: string } = {},
): void {
  // sqlite: drizzle's prepared statement run with .run.
  prepared(db, 'outbox.finish', (d) => d.update(outbox).set({
    status: sql`${ph('status')}`, updatedAt: sql`${ph('now')}`,
    platformMessageId: sql`coalesce(${ph('messageId')}, ${outbox.platformMessageId})`,
    lastError: sql`coalesce(${ph('lastError')}, ${outbox.lastError})`,
  }).where(eq(outbox.id, ph('id'))).prepare())
    .run({ id, status, now: now.getTime(), messageId: extra.platformMessageId ?? null, lastError: extra.lastError?.slice(0, 500) ?? null });
}

/** A final row of anonymous content is not kept at all: not its text, whom it went to, nor when. */
export function forgetOutbox(q: Q, id: number): void {
  q.delete(outbox).where(eq(outbox.id, id)).run();
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

/** A row whose `onFailed` hook is to run, with what the hook is given. */
export type HookedRow = Pick<OutboxRow, 'id' | 'onFailed' | 'meta'>;

/**
 * Rows a crash left in `sending` may or may not have arrived: they become `unknown`, except crisis
 * answers, which go again (a second copy of the crisis resources is better than none), and rows of
 * a platform that recognises a repeated send by its key (`repeatable`: Discord's nonce) claimed
 * since its `since`, which go again without being posted twice. Returns the rows now `unknown`
 * that carry an `onFailed` hook.
 */
export function recoverSending(
  q: Q, now: Date, repeatable: { platform: Platform; since: Date }[] = [],
): { unknown: number; again: number; hooked: HookedRow[] } {
  const sendAgain = (lastError: string) => q.update(outbox).set({ status: 'pending', nextAttemptAt: now, updatedAt: now, lastError });
  let again = sendAgain('the bot stopped while sending; sent again')
    .where(and(eq(outbox.status, 'sending'), eq(outbox.lane, LANE.crisis))).run().changes;
  for (const r of repeatable) {
    again += sendAgain('the bot stopped while sending; sent again with the same key')
      .where(and(eq(outbox.status, 'sending'), eq(outbox.platform, r.platform), gte(outbox.updatedAt, r.since))).run().changes;
  }
  const rows = q.update(outbox)
    .set({ status: 'unknown', updatedAt: now, lastError: 'the bot stopped while sending; it may have arrived' })
    .where(eq(outbox.status, 'sending')).returning({ id: outbox.id, onFailed: outbox.onFailed, meta: outbox.meta }).all();
  return { unknown: rows.length, again, hooked: rows.filter((r) => r.onFailed !== null) };
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

/**
 * Retention: final rows last changed before `before` keep no text; those without a dedupe key
 * (replies and what handled messages caused: nothing refers to them) are deleted. Rows with a key
 * stay, without text, so that key is still never sent twice.
 */
export async function pruneOutbox(q: Q, before: Date): Promise<{ cleared: number; deleted: number }> {
  const old = and(inArray(outbox.status, FINAL), lt(outbox.updatedAt, before));
  const deleted = (await q.delete(outbox).where(and(old, isNull(outbox.dedupeKey))).returning({ id: outbox.id })).length;
  const cleared = (await q.update(outbox).set({ payload: CLEARED }).where(and(old, ne(outbox.payload, CLEARED))).returning({ id: outbox.id })).length;
  return { cleared, deleted };
}

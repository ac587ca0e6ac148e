/**
 * Queries of the outbox that features and the unit of work run: writing rows (owed messages, and
 * proactive ones under a dedupe key), reading them by key, and what privacy and retention change.
 * The worker's queries are outbox.queue.repo.ts.
 */
import { and, count, eq, gte, inArray, isNull, lt, ne, notInArray, sql, type SQL } from 'drizzle-orm';
import { first, prepared, type Q } from '../db/client.js';
import { onPostgres, tables } from '../db/tables.js';
import { LANE, outbox, type Lane, type OutboxStatus, type StoredPayload } from '../db/schema.js';
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
 * Inserts the row unless its dedupe key exists; returns the stored row and whether it is new. A
 * survey run writes a row per member in one unit: on SQLite a prepared statement.
 */
export async function insertOutbox(q: Q, row: NewOutboxRow): Promise<{ row: OutboxRow; created: boolean }> {
  // The key is the one unique column a caller sets.
  const inserted = !onPostgres(q)
    // sqlite: drizzle's prepared statement run with .get.
    ? prepared(q, 'outbox.insert', (d) => d.insert(outbox).values(placeholders()).onConflictDoNothing().returning().prepare()).get(values(row))
    : first(await q.insert(tables(q).outbox).values(row).onConflictDoNothing().returning());
  if (inserted) return { row: inserted, created: true };
  return { row: (await outboxByKey(q, row.dedupeKey!))!, created: false };
}

/**
 * Inserts a row without a dedupe key (a reply, or what a handled message causes). Every reply
 * passes here: on SQLite a plain statement, written before this returns (drizzle's mapping of
 * placeholders costs more than the insert).
 */
export async function insertOwed(q: Q, r: Owed): Promise<void> {
  if (!onPostgres(q)) {
    // sqlite: a plain statement on the connection.
    prepared(q, 'outbox.insertOwed', (d) => d.$client.prepare(`INSERT INTO outbox (kind, lane, member_id, identity_id, platform, chat_id, chat_kind,
      locale, payload, edit_of, meta, on_sent, on_failed, forget, status, attempts, next_attempt_at, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?)`)).run(
      r.kind, r.lane, r.memberId, r.identityId, r.platform, r.chatId, r.chatKind, r.locale, JSON.stringify(r.payload), r.editOf,
      r.meta == null ? null : JSON.stringify(r.meta), r.onSent, r.onFailed, r.forget ? 1 : 0, r.at, r.at, r.at,
    );
    return;
  }
  const { outbox } = tables(q);
  const { at, ...row } = r;
  const when = new Date(at);
  await q.insert(outbox).values({ ...row, status: 'pending', attempts: 0, nextAttemptAt: when, createdAt: when, updatedAt: when });
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

export async function outboxByKey(q: Q, key: string): Promise<OutboxRow | undefined> {
  // sqlite: drizzle's prepared statement run with .get.
  if (!onPostgres(q)) return prepared(q, 'outbox.byKey', (d) => d.select().from(outbox).where(eq(outbox.dedupeKey, ph('key'))).prepare()).get({ key });
  const { outbox: t } = tables(q);
  return first(await q.select().from(t).where(eq(t.dedupeKey, key)).limit(1));
}

/**
 * The rows whose key starts with `prefix`. SQLite: a range of the key's index (its text compares
 * byte by byte). PostgreSQL: starts_with, as its text compares in the database's collation, where
 * `survey:12:` may sort inside `survey:1:`…`survey:1:\uffff` (punctuation counts last).
 */
function keyStartsWith(q: Q, prefix: string): SQL {
  const { outbox } = tables(q);
  if (onPostgres(q)) return sql`starts_with(${outbox.dedupeKey}, ${prefix})`;
  return and(gte(outbox.dedupeKey, prefix), lt(outbox.dedupeKey, `${prefix}\uffff`))!;
}

/** How many rows whose key starts with `prefix` are in each status (e.g. all invites of a survey run). */
export async function outboxStatusCounts(q: Q, prefix: string): Promise<Partial<Record<OutboxStatus, number>>> {
  const { outbox } = tables(q);
  const rows = await q.select({ status: outbox.status, n: count() }).from(outbox).where(keyStartsWith(q, prefix)).groupBy(outbox.status);
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

/** Deletes the rows whose key starts with `prefix`, whatever their state. */
export async function deleteOutboxByPrefix(q: Q, prefix: string): Promise<number> {
  const { outbox } = tables(q);
  return (await q.delete(outbox).where(keyStartsWith(q, prefix)).returning({ id: outbox.id })).length;
}

/**
 * Deletes the finished rows written since `since` that have neither a key nor a recipient: what is
 * kept of anonymous content once it was sent (a reply whose text and chat were forgotten).
 */
export async function deleteForgottenOutbox(q: Q, since: Date): Promise<number> {
  const { outbox } = tables(q);
  return (await q.delete(outbox).where(and(
    isNull(outbox.dedupeKey), isNull(outbox.memberId), isNull(outbox.chatId),
    notInArray(outbox.status, ['pending', 'sending']), gte(outbox.createdAt, since),
  )).returning({ id: outbox.id })).length;
}

/** Keeps only the (UTC) day of the times of the rows whose key starts with `prefix`, and drops their last error. */
export async function coarsenOutboxByPrefix(q: Q, prefix: string): Promise<number> {
  const { outbox } = tables(q);
  // sqlite: times are epoch ms; PostgreSQL: timestamptz, cut to the day in UTC whatever the session's zone.
  const day = (c: typeof outbox.createdAt) => (onPostgres(q) ? sql`date_trunc('day', ${c}, 'UTC')` : sql`${c} - ${c} % 86400000`);
  return (await q.update(outbox)
    .set({ createdAt: day(outbox.createdAt), updatedAt: day(outbox.updatedAt), nextAttemptAt: day(outbox.nextAttemptAt), lastError: null })
    .where(keyStartsWith(q, prefix)).returning({ id: outbox.id })).length;
}

/** A delivery we were unsure about was confirmed by the recipient (they pressed one of its buttons). */
export async function confirmOutbox(q: Q, key: string, now: Date): Promise<void> {
  const { outbox } = tables(q);
  await q.update(outbox).set({ status: 'sent', updatedAt: now }).where(and(eq(outbox.dedupeKey, key), eq(outbox.status, 'unknown')));
}

/**
 * Retention: final rows last changed before `before` keep no text; those without a dedupe key
 * (replies and what handled messages caused: nothing refers to them) are deleted. Rows with a key
 * stay, without text, so that key is still never sent twice.
 */
export async function pruneOutbox(q: Q, before: Date): Promise<{ cleared: number; deleted: number }> {
  const { outbox } = tables(q);
  const old = and(inArray(outbox.status, FINAL), lt(outbox.updatedAt, before));
  const deleted = (await q.delete(outbox).where(and(old, isNull(outbox.dedupeKey))).returning({ id: outbox.id })).length;
  const cleared = (await q.update(outbox).set({ payload: CLEARED }).where(and(old, ne(outbox.payload, CLEARED))).returning({ id: outbox.id })).length;
  return { cleared, deleted };
}

/**
 * The outbox worker's queries (core/outbox.worker.ts, outbox.outcome.ts): which rows may go now,
 * claiming them, and what became of each. Every write that changes a row's state is its own
 * committed statement. On SQLite the statements every message takes are prepared once (building
 * and preparing them cost more than running them); PostgreSQL runs the builder's forms, and claims
 * with FOR UPDATE SKIP LOCKED so that instances sharing the database never take the same row.
 */
import { and, asc, eq, gt, gte, inArray, lte, notExists, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { first, prepared, type Q } from '../db/client.js';
import { onPostgres, postgresOf, tables } from '../db/tables.js';
import { LANE, type Lane, type OutboxStatus, type StoredPayload } from '../db/schema.js';
import type { Locale } from './i18n.js';
import type { ChatKind, Platform } from './message.js';
import type { OutboxRow } from './outbox.repo.js';

/** A pending row as the worker picks it: where it goes and in which lane (the rest is read when it is claimed). */
export type DueRow = Pick<OutboxRow, 'id' | 'lane' | 'platform' | 'chatId' | 'chatKind'>;

/**
 * The next row of each chat that may go now, first lane first and oldest first, at most `limit`
 * (rows on a paused platform left out). A chat's rows go in order (lane, then id): a row waiting
 * to be tried again holds the chat's later ones back; a row waiting for its time (quiet hours, a
 * scheduled announcement) steps aside. One row per chat, so a long queue of one chat (a staff
 * group at 20 a minute) never hides the other chats' rows.
 */
export async function dueOutbox(q: Q, now: Date, limit: number): Promise<DueRow[]> {
  const postgres = postgresOf(q);
  if (!postgres) {
    // sqlite: a plain statement on the connection (every pass of the worker).
    return prepared(q, 'outbox.due', (d) => d.$client.prepare(`SELECT o.id, o.lane, o.platform, o.chat_id AS chatId, o.chat_kind AS chatKind
      FROM outbox o WHERE o.status = 'pending' AND o.next_attempt_at <= :now
        AND NOT EXISTS (SELECT 1 FROM outbox_pauses p WHERE p.platform = o.platform AND p.until > :now)
        AND NOT EXISTS (SELECT 1 FROM outbox b WHERE b.status = 'pending' AND b.platform = o.platform AND b.chat_id = o.chat_id
          AND (b.lane, b.id) < (o.lane, o.id) AND (b.next_attempt_at <= :now OR b.attempts > 0))
      ORDER BY o.lane, o.id LIMIT :limit`)).all({ now: now.getTime(), limit }) as DueRow[];
  }
  const { pg: db, t: { outbox, outboxPauses } } = postgres;
  const b = alias(outbox, 'b');
  const paused = db.select({ one: sql`1` }).from(outboxPauses).where(and(eq(outboxPauses.platform, outbox.platform), gt(outboxPauses.until, now)));
  const before = db.select({ one: sql`1` }).from(b).where(and(
    eq(b.status, 'pending'), eq(b.platform, outbox.platform), eq(b.chatId, outbox.chatId),
    sql`(${b.lane}, ${b.id}) < (${outbox.lane}, ${outbox.id})`, or(lte(b.nextAttemptAt, now), gt(b.attempts, 0)),
  ));
  return await db.select({ id: outbox.id, lane: outbox.lane, platform: outbox.platform, chatId: outbox.chatId, chatKind: outbox.chatKind }).from(outbox)
    .where(and(eq(outbox.status, 'pending'), lte(outbox.nextAttemptAt, now), notExists(paused), notExists(before)))
    .orderBy(asc(outbox.lane), asc(outbox.id)).limit(limit);
}

/** When the next pending row may be sent, pauses included; undefined when nothing is pending. */
export async function nextOutboxTime(q: Q): Promise<Date | undefined> {
  const postgres = postgresOf(q);
  if (!postgres) {
    // sqlite: its two-argument max(); q.get.
    const { outbox, outboxPauses } = tables(q);
    const r = q.get<{ t: number | null }>(sql`
      select min(max(o.next_attempt_at, coalesce(p.until, 0))) as t
      from ${outbox} o left join ${outboxPauses} p on p.platform = o.platform
      where o.status = 'pending'`);
    return r?.t == null ? undefined : new Date(r.t);
  }
  const { pg: db, t: { outbox, outboxPauses } } = postgres;
  const [r] = await db.select({ t: sql`min(greatest(${outbox.nextAttemptAt}, ${outboxPauses.until}))`.mapWith(outbox.nextAttemptAt) })
    .from(outbox).leftJoin(outboxPauses, eq(outboxPauses.platform, outbox.platform)).where(eq(outbox.status, 'pending'));
  return r?.t ?? undefined;
}

/**
 * pending → sending for a wave of rows, as a committed write before the platform is called; the
 * rows claimed, as they are now (a row someone else took is missing). One statement for the wave.
 */
export async function claimOutbox(q: Q, ids: number[], now: Date): Promise<OutboxRow[]> {
  const postgres = postgresOf(q);
  if (!postgres) {
    // sqlite: a plain statement; json_each for the ids; rows as arrays (better-sqlite3 makes an object of 25 keys more slowly).
    const rows = prepared(q, 'outbox.claim', (d) => d.$client.prepare(`UPDATE outbox SET status = 'sending', attempts = attempts + 1, updated_at = ?
      WHERE id IN (SELECT value FROM json_each(?)) AND status = 'pending' RETURNING ${RAW_COLUMNS}`).raw(true)).all(now.getTime(), JSON.stringify(ids)) as unknown[][];
    return rows.map(fromRaw);
  }
  // Rows another instance is claiming right now are skipped, not waited for.
  const { pg: db, t: { outbox } } = postgres;
  const free = db.select({ id: outbox.id }).from(outbox).where(and(inArray(outbox.id, ids), eq(outbox.status, 'pending')))
    .for('update', { skipLocked: true });
  const rows = await db.update(outbox).set({ status: 'sending', attempts: sql`${outbox.attempts} + 1`, updatedAt: now })
    .where(and(inArray(outbox.id, free), eq(outbox.status, 'pending'))).returning();
  return (rows as OutboxRow[]).sort((a, b) => a.id - b.id); // in id order, as SQLite returns them
}

/** The columns of a row as SQLite returns them (RETURNING, raw): snake_case, JSON as text, times as epoch ms; fromRaw reads them in this order. */
const RAW_COLUMNS = `id, kind, dedupe_key, lane, member_id, identity_id, binding, scope, platform, chat_id, chat_kind, locale, payload, edit_of,
  meta, on_sent, on_failed, forget, status, attempts, next_attempt_at, last_error, platform_message_id, created_at, updated_at`;

const date = (v: unknown) => new Date(v as number);
const json = <T>(v: unknown) => (v == null ? null : (JSON.parse(v as string) as T));

function fromRaw(r: unknown[]): OutboxRow {
  const [id, kind, dedupeKey, lane, memberId, identityId, binding, scope, platform, chatId, chatKind, locale, payload, editOf,
    meta, onSent, onFailed, forget, status, attempts, nextAttemptAt, lastError, platformMessageId, createdAt, updatedAt] = r;
  return {
    id: id as number, kind: kind as string, dedupeKey: dedupeKey as string | null, lane: lane as Lane,
    memberId: memberId as number | null, identityId: identityId as number | null,
    binding: binding as OutboxRow['binding'], scope: scope as string | null, platform: platform as Platform | null,
    chatId: chatId as string | null, chatKind: chatKind as ChatKind | null, locale: locale as Locale,
    payload: json<StoredPayload>(payload)!, editOf: editOf as string | null, meta: json<Record<string, unknown>>(meta),
    onSent: onSent as string | null, onFailed: onFailed as string | null, forget: forget === 1, status: status as OutboxStatus, attempts: attempts as number,
    nextAttemptAt: date(nextAttemptAt), lastError: lastError as string | null, platformMessageId: platformMessageId as string | null,
    createdAt: date(createdAt), updatedAt: date(updatedAt),
  };
}

/** A final state; `platformMessageId` and `lastError` are kept as they were unless given. */
export async function finishOutbox(
  q: Q, id: number, status: Exclude<OutboxStatus, 'pending' | 'sending'>, now: Date,
  extra: { platformMessageId?: string; lastError?: string } = {},
): Promise<void> {
  const lastError = extra.lastError?.slice(0, 500);
  if (!onPostgres(q)) {
    // sqlite: a plain statement on the connection (every sent row; drizzle's filling of placeholders cost more than the update).
    prepared(q, 'outbox.finish', (d) => d.$client.prepare(`UPDATE outbox SET status = ?, updated_at = ?,
      platform_message_id = coalesce(?, platform_message_id), last_error = coalesce(?, last_error) WHERE id = ?`))
      .run(status, now.getTime(), extra.platformMessageId ?? null, lastError ?? null, id);
    return;
  }
  const { outbox } = tables(q);
  await q.update(outbox).set({
    status, updatedAt: now,
    ...(extra.platformMessageId !== undefined ? { platformMessageId: extra.platformMessageId } : {}),
    ...(lastError !== undefined ? { lastError } : {}),
  }).where(eq(outbox.id, id));
}

/** A final row of anonymous content is not kept at all: not its text, whom it went to, nor when. */
export async function forgetOutbox(q: Q, id: number): Promise<void> {
  const { outbox } = tables(q);
  await q.delete(outbox).where(eq(outbox.id, id));
}

/** Back to pending, to be tried again at `at`. */
export async function retryOutbox(q: Q, id: number, at: Date, lastError: string, now: Date): Promise<void> {
  const { outbox } = tables(q);
  await q.update(outbox).set({ status: 'pending', nextAttemptAt: at, updatedAt: now, lastError: lastError.slice(0, 500) })
    .where(eq(outbox.id, id));
}

/** Points a pending or sending row at another private chat of the same member. */
export async function retargetOutbox(q: Q, id: number, t: { identityId: number; platform: Platform; chatId: string }, now: Date): Promise<void> {
  const { outbox } = tables(q);
  await q.update(outbox).set({ ...t, status: 'pending', nextAttemptAt: now, updatedAt: now }).where(eq(outbox.id, id));
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
export async function recoverSending(
  q: Q, now: Date, repeatable: { platform: Platform; since: Date }[] = [],
): Promise<{ unknown: number; again: number; hooked: HookedRow[] }> {
  const { outbox } = tables(q);
  const sendAgain = (lastError: string) => q.update(outbox).set({ status: 'pending', nextAttemptAt: now, updatedAt: now, lastError });
  let again = (await sendAgain('the bot stopped while sending; sent again')
    .where(and(eq(outbox.status, 'sending'), eq(outbox.lane, LANE.crisis))).returning({ id: outbox.id })).length;
  for (const r of repeatable) {
    again += (await sendAgain('the bot stopped while sending; sent again with the same key')
      .where(and(eq(outbox.status, 'sending'), eq(outbox.platform, r.platform), gte(outbox.updatedAt, r.since))).returning({ id: outbox.id })).length;
  }
  const rows = await q.update(outbox)
    .set({ status: 'unknown', updatedAt: now, lastError: 'the bot stopped while sending; it may have arrived' })
    .where(eq(outbox.status, 'sending')).returning({ id: outbox.id, onFailed: outbox.onFailed, meta: outbox.meta });
  return { unknown: rows.length, again, hooked: rows.filter((r) => r.onFailed !== null) };
}

/** Nothing goes to `platform` before `until` (a later pause already recorded stands). */
export async function pausePlatform(q: Q, platform: Platform, until: Date): Promise<void> {
  const { outboxPauses } = tables(q);
  // sqlite: its two-argument max() of epoch ms; PostgreSQL: greatest() of timestamps.
  const later = onPostgres(q) ? sql`greatest(${outboxPauses.until}, excluded.until)` : sql`max(${outboxPauses.until}, excluded.until)`;
  await q.insert(outboxPauses).values({ platform, until }).onConflictDoUpdate({ target: outboxPauses.platform, set: { until: later } });
}

/** The row of an id, as it is now (tests, tools). */
export async function outboxById(q: Q, id: number): Promise<OutboxRow | undefined> {
  const { outbox } = tables(q);
  return first(await q.select().from(outbox).where(eq(outbox.id, id)).limit(1));
}

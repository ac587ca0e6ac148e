/**
 * The Telegram adapter's queries: the update inbox, the groups the bot is in, settings (stored
 * button payloads are in adapters/shared/buttons.repo.ts). Writes are called inside units of work
 * (the single SQLite connection is shared).
 */
import type Database from 'better-sqlite3';
import { and, eq, inArray, isNotNull, lt, or } from 'drizzle-orm';
import type { Db, Q } from '../../db/client.js';
import { dayOf } from '../../core/time.js';
import { chats, identities, roleGrants, telegramChats, telegramInbox, telegramSettings } from '../../db/schema.js';

export type InboxRow = Pick<typeof telegramInbox.$inferSelect, 'updateId' | 'chatKey' | 'payload' | 'attempts'>;

// ---- inbox --------------------------------------------------------------------------------------
// Every update passes these statements, so they are prepared once per connection rather than
// built by drizzle each time (which costs more than the query itself).

type Statement = Database.Statement<unknown[]>;
const prepared = new WeakMap<Db['$client'], Map<string, Statement>>();

function statement(db: Db, sqlText: string): Statement {
  let cache = prepared.get(db.$client);
  if (!cache) prepared.set(db.$client, (cache = new Map()));
  let stmt = cache.get(sqlText);
  if (!stmt) cache.set(sqlText, (stmt = db.$client.prepare<unknown[]>(sqlText)));
  return stmt;
}

/**
 * Stores updates not seen before (a redelivered update_id is ignored); returns the rows that were
 * new. Their first attempt is counted here: the process storing them takes them up at once. A
 * `settled` update (one the bot has nothing to do with) is stored as a bare done row.
 */
export function insertUpdates<R extends { updateId: number; chatKey: string; payload: string; settled?: boolean }>(db: Db, rows: R[], now: Date): R[] {
  const insert = statement(db, `INSERT OR IGNORE INTO telegram_inbox (update_id, chat_key, payload, status, attempts, received_at, done_at)
    VALUES (?, ?, ?, ?, ?, ?, ?)`);
  const at = now.getTime();
  const day = dayOf(now).getTime();
  return rows.filter((r) => (r.settled
    ? insert.run(r.updateId, '', '', 'done', 0, day, day)
    : insert.run(r.updateId, r.chatKey, r.payload, 'pending', 1, at, null)).changes);
}

/** Pending updates after `afterId`, in update_id order. */
export function pendingUpdates(db: Db, afterId: number, limit: number): InboxRow[] {
  return statement(db, `SELECT update_id AS updateId, chat_key AS chatKey, payload, attempts FROM telegram_inbox
    WHERE status = 'pending' AND update_id > ? ORDER BY update_id LIMIT ?`).all(afterId, limit) as InboxRow[];
}

/** Counts one more attempt before processing; returns the attempts so far including this one. */
export function leaseUpdate(db: Db, updateId: number): number {
  const row = statement(db, 'UPDATE telegram_inbox SET attempts = attempts + 1 WHERE update_id = ? RETURNING attempts').get(updateId) as { attempts: number } | undefined;
  return row?.attempts ?? 0;
}

/**
 * Marks an update handled and keeps only what recognises a redelivery: its update_id, the mark,
 * the attempts and the day. Who sent it, from which chat, what it said and when exactly are gone
 * (and, with secure_delete, their bytes too), so a handled update cannot be matched to a person.
 */
export function markDone(db: Db, updateId: number, now: Date): void {
  const day = dayOf(now).getTime();
  statement(db, `UPDATE telegram_inbox SET status = 'done', chat_key = '', payload = '', last_error = NULL, received_at = ?, done_at = ?
    WHERE update_id = ?`).run(day, day, updateId);
}

/** Counts a failed attempt; the update is kept as it is to be tried again. */
export function recordFailure(q: Q, updateId: number, error: string): void {
  q.update(telegramInbox).set({ lastError: error }).where(eq(telegramInbox.updateId, updateId)).run();
}

/**
 * Gives up on an update: kept for inspection with its error and `payload` (the update without who
 * sent it: see `withoutSender`), the day, and no chat.
 */
export function markDead(q: Q, updateId: number, error: string, payload: string, now: Date): void {
  const day = dayOf(now);
  q.update(telegramInbox).set({ status: 'dead', lastError: error, payload, chatKey: '', receivedAt: day, doneAt: day })
    .where(eq(telegramInbox.updateId, updateId)).run();
}

/** Forgets handled updates received before `before` (dead letters stay for inspection). */
export function pruneInbox(q: Q, before: Date): number {
  return q.delete(telegramInbox).where(and(eq(telegramInbox.status, 'done'), lt(telegramInbox.receivedAt, before))).run().changes;
}

// ---- chats --------------------------------------------------------------------------------------

export function setChatStatus(q: Q, chatId: string, status: 'member' | 'left', now: Date): void {
  q.insert(telegramChats).values({ chatId, status, changedAt: now })
    .onConflictDoUpdate({ target: telegramChats.chatId, set: { status, changedAt: now } }).run();
}

/** Telegram chats bound to a department, class or the management. */
export function boundTelegramChats(q: Q): { chatId: string; binding: 'staff' | 'class' | 'management'; scope: string | null }[] {
  return q.select({ chatId: chats.platformChatId, binding: chats.binding, scope: chats.scope }).from(chats)
    .where(and(eq(chats.platform, 'telegram'), isNotNull(chats.binding))).all()
    .map((r) => ({ chatId: r.chatId, binding: r.binding!, scope: r.scope }));
}

/** Telegram accounts whose member holds a role, or that the config lists as admins (`telegram:<id>` keys). */
export function privilegedTelegramAccounts(q: Q, adminKeys: readonly string[]): { memberId: number; userId: string; privateChatId: string | null }[] {
  const admins = adminKeys.filter((k) => k.startsWith('telegram:')).map((k) => k.slice('telegram:'.length));
  const granted = inArray(identities.memberId, q.selectDistinct({ m: roleGrants.memberId }).from(roleGrants));
  return q.select({ memberId: identities.memberId, userId: identities.platformUserId, privateChatId: identities.privateChatId }).from(identities)
    .where(and(eq(identities.platform, 'telegram'), admins.length ? or(granted, inArray(identities.platformUserId, admins)) : granted)).all();
}

/** The binding of one Telegram chat, if it has one. */
export function bindingOf(q: Q, chatId: string): 'staff' | 'class' | 'management' | null {
  return q.select({ binding: chats.binding }).from(chats)
    .where(and(eq(chats.platform, 'telegram'), eq(chats.platformChatId, chatId))).get()?.binding ?? null;
}

export function leftChats(q: Q): string[] {
  return q.select({ id: telegramChats.chatId }).from(telegramChats).where(eq(telegramChats.status, 'left')).all().map((r) => r.id);
}

/**
 * A group became a supergroup: its `chats` row (and so its binding) moves to the new chat id,
 * unless the new id already has a row of its own.
 */
export function migrateChat(q: Q, fromChatId: string, toChatId: string): boolean {
  const taken = q.select({ id: chats.id }).from(chats).where(and(eq(chats.platform, 'telegram'), eq(chats.platformChatId, toChatId))).get();
  if (taken) return false;
  const r = q.update(chats).set({ platformChatId: toChatId })
    .where(and(eq(chats.platform, 'telegram'), eq(chats.platformChatId, fromChatId))).run();
  q.delete(telegramChats).where(inArray(telegramChats.chatId, [fromChatId])).run();
  return r.changes > 0;
}

// ---- settings -----------------------------------------------------------------------------------

export function getSetting(q: Q, key: string): string | undefined {
  return q.select({ value: telegramSettings.value }).from(telegramSettings).where(eq(telegramSettings.key, key)).get()?.value;
}

export function setSetting(q: Q, key: string, value: string): void {
  q.insert(telegramSettings).values({ key, value }).onConflictDoUpdate({ target: telegramSettings.key, set: { value } }).run();
}

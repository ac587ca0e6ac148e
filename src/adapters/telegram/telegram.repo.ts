/**
 * The Telegram adapter's queries: the update inbox, the groups the bot is in, settings (stored
 * button payloads are in adapters/shared/buttons.repo.ts). Writes are called inside units of work;
 * every function runs on the handle it is given (either store).
 */
import { and, eq, gt, inArray, isNotNull, lt, or, sql } from 'drizzle-orm';
import { first, prepared, type Q } from '../../db/client.js';
import { onPostgres, tables } from '../../db/tables.js';
import { dayOf } from '../../core/time.js';

export type InboxRow = { updateId: number; chatKey: string; payload: string; attempts: number };
export type NewUpdate = { updateId: number; chatKey: string; payload: string; settled?: boolean };

// ---- inbox --------------------------------------------------------------------------------------
// Every update passes these statements: on SQLite they are prepared once per connection rather than
// built by drizzle each time (which costs more than the query itself).

/** A stored update's values: a `settled` one as a bare done row of the day, others pending with their first attempt. */
function inboxValues(r: NewUpdate, now: Date) {
  const day = dayOf(now);
  return r.settled
    ? { updateId: r.updateId, chatKey: '', payload: '', status: 'done' as const, attempts: 0, receivedAt: day, doneAt: day }
    : { updateId: r.updateId, chatKey: r.chatKey, payload: r.payload, status: 'pending' as const, attempts: 1, receivedAt: now, doneAt: null };
}

/**
 * Stores updates not seen before (a redelivered update_id is ignored); returns the rows that were
 * new. Their first attempt is counted here: the process storing them takes them up at once. A
 * `settled` update (one the bot has nothing to do with) is stored as a bare done row.
 */
export async function insertUpdates<R extends NewUpdate>(q: Q, rows: R[], now: Date): Promise<R[]> {
  if (!onPostgres(q)) {
    // sqlite: a prepared statement on the connection, and its `changes` per row.
    const insert = prepared(q, 'telegram.insertUpdate', (d) => d.$client.prepare(`INSERT INTO telegram_inbox
      (update_id, chat_key, payload, status, attempts, received_at, done_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (update_id) DO NOTHING`));
    return rows.filter((r) => {
      const v = inboxValues(r, now);
      return insert.run(v.updateId, v.chatKey, v.payload, v.status, v.attempts, v.receivedAt.getTime(), v.doneAt?.getTime() ?? null).changes;
    });
  }
  if (!rows.length) return [];
  const { telegramInbox } = tables(q);
  const added = await q.insert(telegramInbox).values(rows.map((r) => inboxValues(r, now))).onConflictDoNothing()
    .returning({ updateId: telegramInbox.updateId });
  const ids = new Set(added.map((r) => r.updateId));
  return rows.filter((r) => ids.delete(r.updateId)); // once each, as SQLite's per-row insert gives them
}

/** Pending updates after `afterId`, in update_id order. */
export async function pendingUpdates(q: Q, afterId: number, limit: number): Promise<InboxRow[]> {
  if (!onPostgres(q)) {
    // sqlite: a prepared statement on the connection.
    return prepared(q, 'telegram.pending', (d) => d.$client.prepare(`SELECT update_id AS updateId, chat_key AS chatKey, payload, attempts
      FROM telegram_inbox WHERE status = 'pending' AND update_id > ? ORDER BY update_id LIMIT ?`)).all(afterId, limit) as InboxRow[];
  }
  const { telegramInbox: t } = tables(q);
  return q.select({ updateId: t.updateId, chatKey: t.chatKey, payload: t.payload, attempts: t.attempts }).from(t)
    .where(and(eq(t.status, 'pending'), gt(t.updateId, afterId))).orderBy(t.updateId).limit(limit);
}

/** Counts one more attempt before processing; returns the attempts so far including this one. */
export async function leaseUpdate(q: Q, updateId: number): Promise<number> {
  if (!onPostgres(q)) {
    // sqlite: a prepared statement on the connection.
    const row = prepared(q, 'telegram.lease', (d) => d.$client.prepare('UPDATE telegram_inbox SET attempts = attempts + 1 WHERE update_id = ? RETURNING attempts'))
      .get(updateId) as { attempts: number } | undefined;
    return row?.attempts ?? 0;
  }
  const { telegramInbox: t } = tables(q);
  return first(await q.update(t).set({ attempts: sql`${t.attempts} + 1` }).where(eq(t.updateId, updateId)).returning({ attempts: t.attempts }))?.attempts ?? 0;
}

/**
 * Marks an update handled and keeps only what recognises a redelivery: its update_id, the mark,
 * the attempts and the day. Who sent it, from which chat, what it said and when exactly are gone
 * (and, with secure_delete, their bytes too), so a handled update cannot be matched to a person.
 */
export async function markDone(q: Q, updateId: number, now: Date): Promise<void> {
  const day = dayOf(now);
  if (!onPostgres(q)) {
    // sqlite: a prepared statement on the connection.
    prepared(q, 'telegram.markDone', (d) => d.$client.prepare(`UPDATE telegram_inbox SET status = 'done', chat_key = '', payload = '',
      last_error = NULL, received_at = ?, done_at = ? WHERE update_id = ?`)).run(day.getTime(), day.getTime(), updateId);
    return;
  }
  const { telegramInbox: t } = tables(q);
  await q.update(t).set({ status: 'done', chatKey: '', payload: '', lastError: null, receivedAt: day, doneAt: day }).where(eq(t.updateId, updateId));
}

/** Counts a failed attempt; the update is kept as it is to be tried again. */
export async function recordFailure(q: Q, updateId: number, error: string): Promise<void> {
  const { telegramInbox } = tables(q);
  await q.update(telegramInbox).set({ lastError: error }).where(eq(telegramInbox.updateId, updateId));
}

/**
 * Gives up on an update: kept for inspection with its error and `payload` (the update without who
 * sent it: see `withoutSender`), the day, and no chat.
 */
export async function markDead(q: Q, updateId: number, error: string, payload: string, now: Date): Promise<void> {
  const { telegramInbox } = tables(q);
  const day = dayOf(now);
  await q.update(telegramInbox).set({ status: 'dead', lastError: error, payload, chatKey: '', receivedAt: day, doneAt: day })
    .where(eq(telegramInbox.updateId, updateId));
}

/** Forgets handled updates received before `before` (dead letters stay for inspection). */
export async function pruneInbox(q: Q, before: Date): Promise<number> {
  const { telegramInbox: t } = tables(q);
  return (await q.delete(t).where(and(eq(t.status, 'done'), lt(t.receivedAt, before))).returning({ id: t.updateId })).length;
}

// ---- chats --------------------------------------------------------------------------------------

export async function setChatStatus(q: Q, chatId: string, status: 'member' | 'left', now: Date): Promise<void> {
  const { telegramChats } = tables(q);
  await q.insert(telegramChats).values({ chatId, status, changedAt: now })
    .onConflictDoUpdate({ target: telegramChats.chatId, set: { status, changedAt: now } });
}

/** Telegram chats bound to a department, class or the management. */
export async function boundTelegramChats(q: Q): Promise<{ chatId: string; binding: 'staff' | 'class' | 'management'; scope: string | null }[]> {
  const { chats } = tables(q);
  return (await q.select({ chatId: chats.platformChatId, binding: chats.binding, scope: chats.scope }).from(chats)
    .where(and(eq(chats.platform, 'telegram'), isNotNull(chats.binding))))
    .map((r) => ({ chatId: r.chatId, binding: r.binding!, scope: r.scope }));
}

/** Telegram accounts whose member holds a role, or that the config lists as admins (`telegram:<id>` keys). */
export async function privilegedTelegramAccounts(q: Q, adminKeys: readonly string[]): Promise<{ memberId: number; userId: string; privateChatId: string | null }[]> {
  const { identities, roleGrants } = tables(q);
  const admins = adminKeys.filter((k) => k.startsWith('telegram:')).map((k) => k.slice('telegram:'.length));
  const granted = inArray(identities.memberId, q.selectDistinct({ m: roleGrants.memberId }).from(roleGrants));
  return q.select({ memberId: identities.memberId, userId: identities.platformUserId, privateChatId: identities.privateChatId }).from(identities)
    .where(and(eq(identities.platform, 'telegram'), admins.length ? or(granted, inArray(identities.platformUserId, admins)) : granted));
}

/** The binding of one Telegram chat, if it has one. */
export async function bindingOf(q: Q, chatId: string): Promise<'staff' | 'class' | 'management' | null> {
  const { chats } = tables(q);
  return first(await q.select({ binding: chats.binding }).from(chats)
    .where(and(eq(chats.platform, 'telegram'), eq(chats.platformChatId, chatId))).limit(1))?.binding ?? null;
}

export async function leftChats(q: Q): Promise<string[]> {
  const { telegramChats } = tables(q);
  return (await q.select({ id: telegramChats.chatId }).from(telegramChats).where(eq(telegramChats.status, 'left'))).map((r) => r.id);
}

/**
 * A group became a supergroup: its `chats` row (and so its binding) moves to the new chat id,
 * unless the new id already has a row of its own.
 */
export async function migrateChat(q: Q, fromChatId: string, toChatId: string): Promise<boolean> {
  const { chats, telegramChats } = tables(q);
  const taken = first(await q.select({ id: chats.id }).from(chats).where(and(eq(chats.platform, 'telegram'), eq(chats.platformChatId, toChatId))).limit(1));
  if (taken) return false;
  const moved = await q.update(chats).set({ platformChatId: toChatId })
    .where(and(eq(chats.platform, 'telegram'), eq(chats.platformChatId, fromChatId))).returning({ id: chats.id });
  await q.delete(telegramChats).where(inArray(telegramChats.chatId, [fromChatId]));
  return moved.length > 0;
}

// ---- settings -----------------------------------------------------------------------------------

export async function getSetting(q: Q, key: string): Promise<string | undefined> {
  const { telegramSettings } = tables(q);
  return first(await q.select({ value: telegramSettings.value }).from(telegramSettings).where(eq(telegramSettings.key, key)).limit(1))?.value;
}

/** Stores `value` unless the key has one already (another instance stored it first); returns the value kept. */
export async function keepSetting(q: Q, key: string, value: string): Promise<string> {
  const { telegramSettings } = tables(q);
  await q.insert(telegramSettings).values({ key, value }).onConflictDoNothing();
  return (await getSetting(q, key)) ?? value;
}

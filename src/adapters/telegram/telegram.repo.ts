/**
 * The Telegram adapter's queries: the update inbox, stored button payloads, the groups the bot is
 * in, settings. Writes are called inside units of work (the single SQLite connection is shared).
 */
import { and, asc, eq, inArray, isNotNull, lt, sql } from 'drizzle-orm';
import type { Q } from '../../db/client';
import { chats, processedUpdates, telegramButtons, telegramChats, telegramInbox, telegramSettings } from '../../db/schema';

export type InboxRow = Pick<typeof telegramInbox.$inferSelect, 'updateId' | 'chatKey' | 'payload' | 'attempts'>;

// ---- inbox --------------------------------------------------------------------------------------

/** Stores updates not seen before (a redelivered update_id is ignored); returns how many were new. */
export function insertUpdates(q: Q, rows: { updateId: number; chatKey: string; payload: string }[], now: Date): number {
  if (!rows.length) return 0;
  const r = q.insert(telegramInbox).values(rows.map((x) => ({ ...x, receivedAt: now }))).onConflictDoNothing().run();
  return r.changes;
}

/** Pending updates in update_id order. */
export function pendingUpdates(q: Q, limit = 1000): InboxRow[] {
  return q.select({ updateId: telegramInbox.updateId, chatKey: telegramInbox.chatKey, payload: telegramInbox.payload, attempts: telegramInbox.attempts })
    .from(telegramInbox).where(eq(telegramInbox.status, 'pending')).orderBy(asc(telegramInbox.updateId)).limit(limit).all();
}

/** Counts one more attempt before processing; returns the attempts so far including this one. */
export function leaseUpdate(q: Q, updateId: number): number {
  const row = q.update(telegramInbox).set({ attempts: sql`${telegramInbox.attempts} + 1` })
    .where(eq(telegramInbox.updateId, updateId)).returning({ attempts: telegramInbox.attempts }).get();
  return row?.attempts ?? 0;
}

export function markDone(q: Q, updateId: number, now: Date): void {
  q.update(telegramInbox).set({ status: 'done', doneAt: now }).where(eq(telegramInbox.updateId, updateId)).run();
}

export function recordFailure(q: Q, updateId: number, error: string, dead: boolean, now: Date): void {
  const set = dead ? { lastError: error, status: 'dead' as const, doneAt: now } : { lastError: error };
  q.update(telegramInbox).set(set).where(eq(telegramInbox.updateId, updateId)).run();
}

/** Forgets handled updates received before `before` (dead letters stay for inspection). */
export function pruneInbox(q: Q, before: Date): number {
  return q.delete(telegramInbox).where(and(eq(telegramInbox.status, 'done'), lt(telegramInbox.receivedAt, before))).run().changes;
}

export function inboxCounts(q: Q): Record<'pending' | 'done' | 'dead', number> {
  const rows = q.select({ status: telegramInbox.status, n: sql<number>`count(*)` }).from(telegramInbox).groupBy(telegramInbox.status).all();
  const out = { pending: 0, done: 0, dead: 0 };
  for (const r of rows) out[r.status] = r.n;
  return out;
}

/** Whether the router recorded this update as handled (it does so in the unit of its effects). */
export function isClaimed(q: Q, updateId: string): boolean {
  return !!q.select({ id: processedUpdates.updateId }).from(processedUpdates)
    .where(and(eq(processedUpdates.platform, 'telegram'), eq(processedUpdates.updateId, updateId))).get();
}

// ---- buttons ------------------------------------------------------------------------------------

export function saveButtons(q: Q, rows: { id: string; data: string }[], now: Date): void {
  if (!rows.length) return;
  q.insert(telegramButtons).values(rows.map((r) => ({ ...r, usedAt: now })))
    .onConflictDoUpdate({ target: telegramButtons.id, set: { usedAt: now } }).run();
}

export function findButton(q: Q, id: string): string | undefined {
  return q.select({ data: telegramButtons.data }).from(telegramButtons).where(eq(telegramButtons.id, id)).get()?.data;
}

export function pruneButtons(q: Q, before: Date): number {
  return q.delete(telegramButtons).where(lt(telegramButtons.usedAt, before)).run().changes;
}

// ---- chats --------------------------------------------------------------------------------------

export function setChatStatus(q: Q, chatId: string, status: 'member' | 'left', now: Date): void {
  q.insert(telegramChats).values({ chatId, status, changedAt: now })
    .onConflictDoUpdate({ target: telegramChats.chatId, set: { status, changedAt: now } }).run();
}

/** Telegram chats bound to a department, class or the management. */
export function boundTelegramChats(q: Q): { chatId: string; binding: 'staff' | 'class' | 'management' }[] {
  return q.select({ chatId: chats.platformChatId, binding: chats.binding }).from(chats)
    .where(and(eq(chats.platform, 'telegram'), isNotNull(chats.binding))).all()
    .map((r) => ({ chatId: r.chatId, binding: r.binding! }));
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

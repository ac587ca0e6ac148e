/** The outbox of proactive messages. */
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type { Platform, ChatKind } from '../../core/message.js';
import type { Locale } from '../../core/i18n.js';
import { members, ts } from './core.js';

export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'unknown' | 'unreachable' | 'failed';

/**
 * Every proactive message is a row first, then sent by the outbox worker. `dedupe_key` is unique
 * forever: enqueuing the same thing twice keeps the first row. The target (platform, chat) is
 * resolved at enqueue time, and the text is rendered then, in the recipient's language.
 */
export const outbox = sqliteTable('outbox', {
  id: integer().primaryKey({ autoIncrement: true }),
  /** What it is, prefixed with the feature: "survey.invite", "survey.reminder", "ticket.followup". */
  kind: text().notNull(),
  dedupeKey: text().notNull().unique(),
  /** The member it is for (private messages); null for a bound chat. */
  memberId: integer().references(() => members.id, { onDelete: 'set null' }),
  /** The identity whose private chat was chosen, so a 403 can mark it unreachable. */
  identityId: integer(),
  /** For bound chats: what the chat is bound to. */
  binding: text().$type<'staff' | 'class' | 'management'>(),
  scope: text(),
  /** Null when no reachable chat existed (status `unreachable` from the start). */
  platform: text().$type<Platform>(),
  chatId: text(),
  chatKind: text().$type<ChatKind>(),
  locale: text().$type<Locale>().notNull(),
  /** The rendered `Outgoing` (text, buttons, photos). */
  payload: text({ mode: 'json' }).$type<{ text: string; buttons?: { label: string; data: string }[][]; photos?: string[] }>().notNull(),
  /** The owning feature's data (e.g. run id), for it to find its rows and decide about `unknown`. */
  meta: text({ mode: 'json' }).$type<Record<string, unknown>>(),
  status: text().$type<OutboxStatus>().notNull().default('pending'),
  /** Calls made to the platform for this row. */
  attempts: integer().notNull().default(0),
  nextAttemptAt: ts().notNull(),
  lastError: text(),
  platformMessageId: text(),
  createdAt: ts().notNull(),
  updatedAt: ts().notNull(),
}, (t) => [
  index('outbox_due').on(t.status, t.nextAttemptAt),
  index('outbox_member').on(t.memberId),
]);

/** A platform that answered 429: no call to it before `until` (kept across restarts). */
export const outboxPauses = sqliteTable('outbox_pauses', {
  platform: text().$type<Platform>().primaryKey(),
  until: ts().notNull(),
});

/** The outbox: every message the bot owes a person, as a row before it is sent. */
import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import type { Platform, ChatKind } from '../../../core/message.js';
import type { Locale } from '../../../core/i18n.js';
import { LANE, type Lane, type OutboxStatus, type StoredPayload } from '../../values.js';
import { members, ts } from './core.js';

export { LANE, type Lane, type OutboxStatus, type StoredPayload } from '../../values.js';

/**
 * Every message the bot owes is a row first, written in the transaction of what caused it, then
 * sent by the outbox worker. A proactive message has a `dedupe_key`, unique forever (enqueuing the
 * same thing twice keeps the first row); a reply or what a handled message causes has none. The
 * target (platform, chat) is resolved and the text rendered when the row is written, in the
 * recipient's language.
 */
export const outbox = pgTable('outbox', {
  id: integer().primaryKey().generatedByDefaultAsIdentity(),
  /** What it is: "reply", "message", "edit", or a feature-prefixed kind ("survey.invite", "ticket.reminder"). */
  kind: text().notNull(),
  dedupeKey: text(),
  lane: integer().$type<Lane>().notNull().default(LANE.bulk),
  /** The member it is for (private messages); null for a bound chat. */
  memberId: integer().references(() => members.id, { onDelete: 'set null' }),
  /** The identity whose private chat was chosen, so a 403 can mark it unreachable. */
  identityId: integer(),
  /** For bound chats: what the chat is bound to. */
  binding: text().$type<'staff' | 'class' | 'management'>(),
  scope: text(),
  /** Null when no reachable chat existed (status `unreachable` from the start), or once forgotten. */
  platform: text().$type<Platform>(),
  chatId: text(),
  chatKind: text().$type<ChatKind>(),
  locale: text().$type<Locale>().notNull(),
  /** Emptied when the row is final and its text is no longer kept (see `forget` and the retention job). */
  payload: jsonb().$type<StoredPayload>().notNull(),
  /** Set for an edit: the platform's id of the message to edit. */
  editOf: text(),
  /** The owning feature's data (e.g. run id), for it to find its rows, decide about `unknown`, and for its hook. */
  meta: jsonb().$type<Record<string, unknown>>(),
  /** A feature's hook ("tickets.card") run with the sent message's reference and `meta` once the platform accepted it. */
  onSent: text(),
  /**
   * A feature's hook run once the row ended without the platform accepting it (`failed`,
   * `unreachable`) or not knowing whether it did (`unknown`): e.g. to tell the sender of a relay.
   */
  onFailed: text(),
  /** Anonymous content: the row is deleted as soon as it is final. */
  forget: boolean().notNull().default(false),
  status: text().$type<OutboxStatus>().notNull().default('pending'),
  /** Calls made to the platform for this row. */
  attempts: integer().notNull().default(0),
  nextAttemptAt: ts().notNull(),
  lastError: text(),
  platformMessageId: text(),
  createdAt: ts().notNull(),
  updatedAt: ts().notNull(),
}, (t) => [
  // Every reply is written, claimed and marked here, so only what must be looked up is indexed:
  // pending rows (a row leaves these when it is claimed), keys and members where there are some.
  uniqueIndex('outbox_key').on(t.dedupeKey).where(sql`dedupe_key is not null`),
  index('outbox_next').on(t.lane, t.id).where(sql`status = 'pending'`),
  index('outbox_chat').on(t.platform, t.chatId, t.lane, t.id).where(sql`status = 'pending'`),
  index('outbox_member').on(t.memberId).where(sql`member_id is not null`),
  // The rows of one relay (a student's message to each staff chat of a department) are looked up among those with a hook.
  index('outbox_hooked').on(t.onFailed).where(sql`on_failed is not null`),
]);

/** A platform that answered 429: no call to it before `until` (kept across restarts). */
export const outboxPauses = pgTable('outbox_pauses', {
  platform: text().$type<Platform>().primaryKey(),
  until: ts().notNull(),
});

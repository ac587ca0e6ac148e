/** Tables of the Telegram adapter (src/adapters/telegram). */
import { bigint, index, pgTable, text, integer } from 'drizzle-orm/pg-core';
import { ts } from './core.js';

// ---- telegram adapter (src/adapters/telegram) ------------------------------------------------

/**
 * Every Telegram update as received, stored before getUpdates confirms it (or before the webhook
 * answers 200), then processed one chat at a time. `done` is set in the same transaction as the
 * update's effects; `dead` after too many failed attempts.
 */
export const telegramInbox = pgTable('telegram_inbox', {
  /** bigint: nothing bounds Telegram's update ids to 32 bits (SQLite's integer is 64-bit). */
  updateId: bigint({ mode: 'number' }).primaryKey(),
  /** The chat the update belongs to: updates of one chat are processed in update_id order. */
  chatKey: text().notNull(),
  /** The update as Telegram sent it (JSON); emptied once it is done. */
  payload: text().notNull(),
  status: text().$type<'pending' | 'done' | 'dead'>().notNull().default('pending'),
  attempts: integer().notNull().default(0),
  lastError: text(),
  receivedAt: ts().notNull(),
  doneAt: ts(),
}, (t) => [index('telegram_inbox_status').on(t.status, t.updateId)]);

/** Button payloads too long for the platform's button (Telegram, Discord), kept behind short ids ("~…"); see adapters/shared/buttons.ts. */
export const telegramButtons = pgTable('telegram_buttons', {
  id: text().primaryKey(),
  data: text().notNull(),
  /** Last time a message offered it; rows unused for a while are pruned (the press then expires). */
  usedAt: ts().notNull(),
});

/** Groups the bot was added to or removed from (my_chat_member); bindings stay in `chats`. */
export const telegramChats = pgTable('telegram_chats', {
  chatId: text().primaryKey(),
  status: text().$type<'member' | 'left'>().notNull(),
  changedAt: ts().notNull(),
});

/** Adapter settings that must survive a restart, such as the generated webhook secret. */
export const telegramSettings = pgTable('telegram_settings', {
  key: text().primaryKey(),
  value: text().notNull(),
});

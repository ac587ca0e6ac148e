/** FAQ: entries changed in the chat (over config/faq.yaml) and the questions asked, for the digest. */
import { boolean, index, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { ts } from './core.js';

/**
 * An entry added, edited or removed with /faq: it replaces the file's entry of the same id (or
 * adds one); `removed` hides the file's entry. `entry` is the whole entry as JSON (faq.schema.ts),
 * validated when written and when read. Who changed it is in `audit_log`, not here.
 */
export const faqEntries = pgTable('faq_entries', {
  id: text().primaryKey(),
  department: text().notNull(),
  entry: jsonb().$type<Record<string, unknown>>(),
  removed: boolean().notNull().default(false),
  updatedAt: ts().notNull(),
});

/**
 * One question put to the FAQ, without who asked: the best entry (null when nothing matched),
 * how it was answered, and whether the asker pressed "this helped" or "ask a person". The text
 * is kept for the digest's gaps and erased after a while (faq.privacy.ts).
 */
export const faqAsks = pgTable('faq_asks', {
  id: integer().primaryKey().generatedByDefaultAsIdentity(),
  at: ts().notNull(),
  text: text(),
  entryId: text(),
  /** `answered` (confident), `choices` (top 3 offered) or `none` (nothing good). */
  outcome: text().$type<'answered' | 'choices' | 'none'>().notNull(),
  /** The entry the asker opened from the choices, when they did. */
  chosenId: text(),
  /** true: "this helped"; false: "ask a person"; null: no press. */
  helped: boolean(),
}, (t) => [index('faq_asks_at').on(t.at)]);

/**
 * The stamp of the entries changed in the chat: one row, given a new random value with every
 * change. Each bot instance keeps the entries in use in memory and reads this row once per message;
 * a stamp it has not built them from (another instance's change, or a change undone) makes it read
 * the entries again. Random, not a count: a change undone and another made never repeat a stamp.
 */
export const faqStamp = pgTable('faq_stamp', {
  id: integer().primaryKey(),
  stamp: text().notNull(),
});

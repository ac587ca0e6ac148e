/** Announcements (/announce): what was said, to whom, when; the messages themselves are outbox rows. */
import { boolean, index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { members, ts } from './core.js';

/**
 * One announcement: drafted (previewed with its count of recipients), then confirmed (its
 * outbox rows written, each not before `sendAt`) or cancelled. An urgent one is sent in quiet
 * hours too; only an admin may make one, with a reason (audited).
 */
export const announcements = pgTable('announcements', {
  id: integer().primaryKey().generatedByDefaultAsIdentity(),
  /** Null once the author erased their data (/forgetme); the announcement stays. */
  authorId: integer().references(() => members.id, { onDelete: 'set null' }),
  /** The department it is sent in the name of (staff), else null. */
  department: text(),
  /** The audience as written: students, all, building:<b>, group:<class>, role:<r>, dept:<department>. */
  audience: text().notNull(),
  text: text().notNull(),
  photo: text(),
  /** Also to each member privately (always, for audiences without a group). */
  private: boolean().notNull().default(false),
  urgent: boolean().notNull().default(false),
  reason: text(),
  sendAt: ts().notNull(),
  status: text().$type<'draft' | 'confirmed' | 'cancelled'>().notNull(),
  /** Counted at the preview, and again when confirmed. */
  groups: integer().notNull().default(0),
  people: integer().notNull().default(0),
  createdAt: ts().notNull(),
}, (t) => [index('announcements_author').on(t.authorId)]);

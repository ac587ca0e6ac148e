/** Class polls (src/features/polls): the polls, where they were posted, ballots and who voted. */
import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import type { Platform } from '../../../core/message.js';
import { members, ts } from './core.js';

// ---- polls (issue 15) ---------------------------------------------------------------------------

/**
 * One poll in a class group. `token_key` derives anonymous ballots' tokens while the poll is open
 * and is erased when it closes. `edit_due_at` is the pending live edit of the poll message (set by
 * a vote, cleared by the edit), so a burst of votes is one edit.
 */
export const polls = pgTable('polls', {
  id: integer().primaryKey().generatedByDefaultAsIdentity(),
  /** The class group (class key) it belongs to: its roster and its bound chats. */
  groupKey: text().notNull(),
  question: text().notNull(),
  options: jsonb().$type<string[]>().notNull(),
  anonymous: boolean().notNull(),
  multi: boolean().notNull(),
  /** Counts are shown only once it closed (the starter and admins see them with /poll results). */
  hideResults: boolean().notNull(),
  status: text().$type<'open' | 'closed'>().notNull().default('open'),
  createdBy: integer().notNull().references(() => members.id),
  createdAt: ts().notNull(),
  closesAt: ts().notNull(),
  closedAt: ts(),
  tokenKey: text(),
  editDueAt: ts(),
  editedAt: ts(),
  /** Frozen at closing: how many voted, the roster's size, and the counts per option. */
  finalVoters: integer(),
  finalRoster: integer(),
  finalCounts: jsonb().$type<number[]>(),
}, (t) => [
  index('polls_group').on(t.groupKey, t.status),
  index('polls_open_edit').on(t.editDueAt).where(sql`edit_due_at is not null`),
]);

/** Where a poll's message was posted (one per bound chat), to edit it with live counts and at closing. */
export const pollMessages = pgTable('poll_messages', {
  pollId: integer().notNull().references(() => polls.id, { onDelete: 'cascade' }),
  platform: text().$type<Platform>().notNull(),
  chatId: text().notNull(),
  messageId: text().notNull(),
}, (t) => [primaryKey({ columns: [t.pollId, t.platform, t.chatId] })]);

/**
 * One voter's choices (a bit per option). Anonymous polls: `token` is derived from the poll's key
 * and the member, `member_id` is null. Named polls: `token` is "m<member id>" and `member_id` is set.
 * No time is kept. SQLite keeps these rows in token order (WITHOUT ROWID); a PostgreSQL table keeps
 * them in the order they arrived (a plain select and `ctid` show it), beside "who voted" rows in the
 * same order. So while a poll is open, which its key links anyway, they are in arrival order; when
 * an anonymous poll closes, the voters go and its ballots are written again in token order
 * (polls.repo.ts `sealBallots`), then VACUUMed (core/vacuum.repo.ts).
 */
export const pollBallots = pgTable('poll_ballots', {
  pollId: integer().notNull().references(() => polls.id, { onDelete: 'cascade' }),
  token: text().notNull(),
  memberId: integer().references(() => members.id, { onDelete: 'set null' }),
  choices: integer().notNull(),
}, (t) => [primaryKey({ columns: [t.pollId, t.token] })]);

/**
 * Who has voted (for reminders and turnout), never what: kept apart from the ballots. Arrival
 * order: as for the ballots above; an anonymous poll's rows go when it closes.
 */
export const pollVoters = pgTable('poll_voters', {
  pollId: integer().notNull().references(() => polls.id, { onDelete: 'cascade' }),
  memberId: integer().notNull().references(() => members.id, { onDelete: 'cascade' }),
}, (t) => [primaryKey({ columns: [t.pollId, t.memberId] })]);

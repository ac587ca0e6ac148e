/** The outbox of proactive messages, and surveys with their runs, deliveries and answers. */
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { Platform, ChatKind } from '../../core/message.js';
import type { Locale } from '../../core/i18n.js';
import { members, ts } from './core.js';

// ---- outbox and surveys (issue 6) --------------------------------------------------------------

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

/** Surveys defined by admins with /survey create (config/surveys/*.yaml ones live in the config). */
export const surveys = sqliteTable('surveys', {
  id: text().primaryKey(),
  definition: text({ mode: 'json' }).$type<Record<string, unknown>>().notNull(),
  createdBy: integer(),
  createdAt: ts().notNull(),
});

/** One firing of a survey. At most one open run per survey. */
export const surveyRuns = sqliteTable('survey_runs', {
  id: integer().primaryKey({ autoIncrement: true }),
  surveyId: text().notNull(),
  /** The definition as it was when the run started, so results keep their meaning. */
  definition: text({ mode: 'json' }).$type<Record<string, unknown>>().notNull(),
  status: text().$type<'open' | 'closed'>().notNull().default('open'),
  /** "schedule" or "member:<id>". */
  startedBy: text().notNull(),
  openedAt: ts().notNull(),
  closesAt: ts().notNull(),
  closedAt: ts(),
  /** Derives response tokens while the run is open; erased at close, after which nothing links answers to people. */
  tokenKey: text(),
}, (t) => [
  index('survey_runs_survey').on(t.surveyId),
  uniqueIndex('survey_runs_one_open').on(t.surveyId).where(sql`status = 'open'`),
]);

/** Who a run was for; one row per (run, member), so starting a run twice invites nobody twice. */
export const surveyDeliveries = sqliteTable('survey_deliveries', {
  runId: integer().notNull().references(() => surveyRuns.id, { onDelete: 'cascade' }),
  memberId: integer().notNull().references(() => members.id, { onDelete: 'cascade' }),
  /** Finished the survey; the only thing kept per member for anonymous surveys (for reminders). */
  responded: integer({ mode: 'boolean' }).notNull().default(false),
}, (t) => [primaryKey({ columns: [t.runId, t.memberId] })]);

/** One person's answers to one run, under a token; `member_id` only for named surveys. */
export const surveyResponses = sqliteTable('survey_responses', {
  token: text().primaryKey(),
  runId: integer().notNull().references(() => surveyRuns.id, { onDelete: 'cascade' }),
  memberId: integer().references(() => members.id, { onDelete: 'set null' }),
  complete: integer({ mode: 'boolean' }).notNull().default(false),
  /** Named surveys only: anonymous responses keep no time that could be matched to a person. */
  completedAt: ts(),
}, (t) => [index('survey_responses_run').on(t.runId)]);

export const surveyAnswers = sqliteTable('survey_answers', {
  token: text().notNull().references(() => surveyResponses.token, { onDelete: 'cascade' }),
  runId: integer().notNull(),
  questionId: text().notNull(),
  /** rating/nps: the number; choice: option id; multi: JSON array of option ids; text: the text; null: skipped. */
  value: text(),
  /** False while a multiple-choice question is being ticked (before "done"). */
  final: integer({ mode: 'boolean' }).notNull().default(true),
}, (t) => [primaryKey({ columns: [t.token, t.questionId] }), index('survey_answers_run').on(t.runId, t.questionId)]);

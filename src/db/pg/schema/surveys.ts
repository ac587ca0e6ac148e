/** Surveys: definitions made in the chat, runs, who each run was for, and the answers. */
import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { members, ts } from './core.js';

/** Surveys defined by admins with /survey create (config/surveys/*.yaml ones live in the config). */
export const surveys = pgTable('surveys', {
  id: text().primaryKey(),
  definition: jsonb().$type<Record<string, unknown>>().notNull(),
  createdBy: integer(),
  createdAt: ts().notNull(),
});

/** One firing of a survey. At most one open run per survey. */
export const surveyRuns = pgTable('survey_runs', {
  id: integer().primaryKey().generatedByDefaultAsIdentity(),
  surveyId: text().notNull(),
  /** The definition as it was when the run started, so results keep their meaning. */
  definition: jsonb().$type<Record<string, unknown>>().notNull(),
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
export const surveyDeliveries = pgTable('survey_deliveries', {
  runId: integer().notNull().references(() => surveyRuns.id, { onDelete: 'cascade' }),
  memberId: integer().notNull().references(() => members.id, { onDelete: 'cascade' }),
  /** Finished the survey; the only thing kept per member for anonymous surveys (for reminders). */
  responded: boolean().notNull().default(false),
}, (t) => [primaryKey({ columns: [t.runId, t.memberId] })]);

/** One person's answers to one run, under a token; `member_id` only for named surveys. */
export const surveyResponses = pgTable('survey_responses', {
  token: text().primaryKey(),
  runId: integer().notNull().references(() => surveyRuns.id, { onDelete: 'cascade' }),
  memberId: integer().references(() => members.id, { onDelete: 'set null' }),
  complete: boolean().notNull().default(false),
  /** Named surveys only: anonymous responses keep no time that could be matched to a person. */
  completedAt: ts(),
}, (t) => [index('survey_responses_run').on(t.runId)]);

export const surveyAnswers = pgTable('survey_answers', {
  token: text().notNull().references(() => surveyResponses.token, { onDelete: 'cascade' }),
  runId: integer().notNull(),
  questionId: text().notNull(),
  /** rating/nps: the number; choice: option id; multi: JSON array of option ids; text: the text; null: skipped. */
  value: text(),
  /** False while a multiple-choice question is being ticked (before "done"). */
  final: boolean().notNull().default(true),
}, (t) => [primaryKey({ columns: [t.token, t.questionId] }), index('survey_answers_run').on(t.runId, t.questionId)]);

/** Core tables: people and their platform identities, chats, roles, codes, audit, dialogues, due work. */
import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { Platform, ChatKind } from '../../../core/message.js';
import type { Locale } from '../../../core/i18n.js';
import type { LinkStatus, StepOutcome } from '../../values.js';

/** Timestamps are `timestamp with time zone`, read as Date (SQLite keeps epoch milliseconds, also read as Date). */
export const ts = () => timestamp({ withTimezone: true, mode: 'date' });

// ---- core: people, chats, roles -------------------------------------------------------------

export const members = pgTable('members', {
  id: integer().primaryKey().generatedByDefaultAsIdentity(),
  name: text().notNull(),
  /** Chosen with /lang; null means "follow the platform". */
  locale: text().$type<Locale>(),
  /** The locale the platform last reported. */
  platformLocale: text(),
  building: text(),
  createdAt: ts().notNull(),
  /**
   * The day the person erased their data (/forgetme). The row stays, nameless and without accounts,
   * so tickets keep a reporter as anonymous statistics; nobody can write as this member again.
   */
  erasedAt: ts(),
});

export const identities = pgTable('identities', {
  id: integer().primaryKey().generatedByDefaultAsIdentity(),
  memberId: integer().notNull().references(() => members.id, { onDelete: 'cascade' }),
  platform: text().$type<Platform>().notNull(),
  platformUserId: text().notNull(),
  username: text(),
  displayName: text().notNull(),
  /** Where a private message reaches this person; null until they talked to the bot privately. */
  privateChatId: text(),
  /** False once the platform said the bot is blocked or may not start a conversation. */
  reachable: boolean().notNull().default(true),
  createdAt: ts().notNull(),
  lastSeenAt: ts().notNull(),
}, (t) => [
  uniqueIndex('identities_platform_user').on(t.platform, t.platformUserId),
  index('identities_member').on(t.memberId),
  index('identities_username').on(t.username),
]);

export const chats = pgTable('chats', {
  id: integer().primaryKey().generatedByDefaultAsIdentity(),
  platform: text().$type<Platform>().notNull(),
  platformChatId: text().notNull(),
  kind: text().$type<ChatKind>().notNull(),
  title: text(),
  /** What the chat is bound to: a department's staff chat, a class group, the management chat. */
  binding: text().$type<'staff' | 'class' | 'management'>(),
  /** Department id for staff chats, class key for class groups. */
  scope: text(),
  createdAt: ts().notNull(),
}, (t) => [
  uniqueIndex('chats_platform_chat').on(t.platform, t.platformChatId),
  index('chats_binding').on(t.binding, t.scope),
]);

/** Which class groups (and staff chats) a member belongs to, by key. */
export const memberships = pgTable('memberships', {
  memberId: integer().notNull().references(() => members.id, { onDelete: 'cascade' }),
  groupKey: text().notNull(),
}, (t) => [primaryKey({ columns: [t.memberId, t.groupKey] }), index('memberships_group').on(t.groupKey)]);

export const roleGrants = pgTable('role_grants', {
  id: integer().primaryKey().generatedByDefaultAsIdentity(),
  memberId: integer().notNull().references(() => members.id, { onDelete: 'cascade' }),
  role: text().$type<'rep' | 'staff' | 'lead' | 'admin'>().notNull(),
  /** Department id (staff, lead), class key (rep) or "*" (admin). */
  scope: text().notNull(),
  grantedBy: integer(),
  createdAt: ts().notNull(),
}, (t) => [uniqueIndex('role_grants_unique').on(t.memberId, t.role, t.scope)]);

export const joinCodes = pgTable('join_codes', {
  code: text().primaryKey(),
  /** 'link' only in databases from before account_links. */
  purpose: text().$type<'role' | 'link'>().notNull(),
  role: text().$type<'rep' | 'staff' | 'lead' | 'admin'>(),
  scope: text(),
  createdBy: integer().notNull(),
  createdAt: ts().notNull(),
  expiresAt: ts().notNull(),
  usedBy: integer(),
  usedAt: ts(),
});

/**
 * Joining two accounts of one person on different platforms (/link): a one-time code asked for on
 * one account (the creator: the trusted side, whose member remains), typed on another (the
 * redeemer: `pending`), then confirmed on both (`merged`). Member ids are kept as they were even
 * after the redeemer's member is merged away, so these rows stay the history of each link.
 */
export const accountLinks = pgTable('account_links', {
  id: integer().primaryKey().generatedByDefaultAsIdentity(),
  code: text().notNull().unique(),
  status: text().$type<LinkStatus>().notNull(),
  creatorMemberId: integer().notNull(),
  creatorPlatform: text().$type<Platform>().notNull(),
  redeemerMemberId: integer(),
  redeemerPlatform: text().$type<Platform>(),
  creatorConfirmedAt: ts(),
  redeemerConfirmedAt: ts(),
  createdAt: ts().notNull(),
  /** The code's end while `open`; once typed, the end of the time to confirm. */
  expiresAt: ts().notNull(),
  closedAt: ts(),
}, (t) => [index('account_links_creator').on(t.creatorMemberId, t.status), index('account_links_redeemer').on(t.redeemerMemberId, t.status)]);

/** Every privileged action: who, what, on what, when. */
export const auditLog = pgTable('audit_log', {
  id: integer().primaryKey().generatedByDefaultAsIdentity(),
  at: ts().notNull(),
  actorMemberId: integer(),
  action: text().notNull(),
  target: text(),
  detail: jsonb().$type<Record<string, unknown>>(),
}, (t) => [index('audit_log_at').on(t.at)]);

/** Platform updates already handled, so a redelivered update is dropped. */
export const processedUpdates = pgTable('processed_updates', {
  platform: text().$type<Platform>().notNull(),
  updateId: text().notNull(),
  at: ts().notNull(),
}, (t) => [primaryKey({ columns: [t.platform, t.updateId] })]);

/** A member's step-by-step dialogue in progress (one at a time), so a restart loses nothing. */
export const conversations = pgTable('conversations', {
  memberId: integer().primaryKey().references(() => members.id, { onDelete: 'cascade' }),
  feature: text().notNull(),
  name: text().notNull(),
  data: jsonb().$type<Record<string, unknown>>().notNull(),
  /** The step the dialogue is at, once its buttons asked for one (core/steps.ts). */
  stepId: integer(),
  updatedAt: ts().notNull(),
});

/**
 * A question put to one member with buttons ("submit?", "fixed?"), answered once. Its buttons carry
 * its id, so a press on a step already answered, cancelled or replaced is told what became of it
 * instead of acting again (core/steps.ts). Kept 30 days.
 */
export const steps = pgTable('steps', {
  id: integer().primaryKey().generatedByDefaultAsIdentity(),
  memberId: integer().notNull().references(() => members.id, { onDelete: 'cascade' }),
  /** The feature that renders its outcome. */
  feature: text().notNull(),
  /** A step that is not a dialogue's ("tickets.confirm:12"): opening the same key again closes the earlier one. */
  key: text(),
  open: boolean().notNull().default(true),
  /** What answered it, for a later press: `{ key: "submitted", id: 3 }`; null: just "done". */
  outcome: jsonb().$type<StepOutcome>(),
  /** The day it last changed (no time of day, as for dialogues). */
  updatedAt: ts().notNull(),
}, (t) => [index('steps_key').on(t.key).where(sql`key is not null`)]);

// ---- core: scheduled work --------------------------------------------------------------------

/** Due work (reminders, closes, follow-ups): a row until it ran. */
export const scheduledTasks = pgTable('scheduled_tasks', {
  id: integer().primaryKey().generatedByDefaultAsIdentity(),
  kind: text().notNull(),
  /** Optional identity of the task ("ticket-autoclose:12"); scheduling the same key replaces it. */
  key: text().unique(),
  dueAt: ts().notNull(),
  /**
   * Past this moment the task no longer does what it was for (a reminder once the next one, the
   * deadline or the close is due): after downtime it is not run but folded into one summary of
   * what was missed, or dropped (status `stale`). Null: never stale.
   */
  staleAt: ts(),
  payload: jsonb().$type<Record<string, unknown>>().notNull().default({}),
  status: text().$type<'pending' | 'done' | 'failed' | 'cancelled' | 'stale'>().notNull().default('pending'),
  attempts: integer().notNull().default(0),
  lastError: text(),
  createdAt: ts().notNull(),
  doneAt: ts(),
}, (t) => [index('scheduled_tasks_due').on(t.status, t.dueAt)]);

/** When each cron job last ran, so a run missed while the bot was down happens once at start. */
export const cronRuns = pgTable('cron_runs', {
  name: text().primaryKey(),
  lastRunAt: ts().notNull(),
});

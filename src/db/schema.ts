/**
 * The whole database schema (drizzle, snake_case columns). Feature tables are added below the
 * core tables, one commented block per feature. Timestamps are stored as epoch milliseconds.
 */
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { Platform, ChatKind } from '../core/message';
import type { Locale } from '../core/i18n';

const ts = (name?: string) => (name ? integer(name, { mode: 'timestamp_ms' }) : integer({ mode: 'timestamp_ms' }));

// ---- core: people, chats, roles -------------------------------------------------------------

export const members = sqliteTable('members', {
  id: integer().primaryKey({ autoIncrement: true }),
  name: text().notNull(),
  /** Chosen with /lang; null means "follow the platform". */
  locale: text().$type<Locale>(),
  /** The locale the platform last reported. */
  platformLocale: text(),
  building: text(),
  createdAt: ts().notNull(),
});

export const identities = sqliteTable('identities', {
  id: integer().primaryKey({ autoIncrement: true }),
  memberId: integer().notNull().references(() => members.id, { onDelete: 'cascade' }),
  platform: text().$type<Platform>().notNull(),
  platformUserId: text().notNull(),
  username: text(),
  displayName: text().notNull(),
  /** Where a private message reaches this person; null until they talked to the bot privately. */
  privateChatId: text(),
  /** False once the platform said the bot is blocked or may not start a conversation. */
  reachable: integer({ mode: 'boolean' }).notNull().default(true),
  createdAt: ts().notNull(),
  lastSeenAt: ts().notNull(),
}, (t) => [
  uniqueIndex('identities_platform_user').on(t.platform, t.platformUserId),
  index('identities_member').on(t.memberId),
  index('identities_username').on(t.username),
]);

export const chats = sqliteTable('chats', {
  id: integer().primaryKey({ autoIncrement: true }),
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
export const memberships = sqliteTable('memberships', {
  memberId: integer().notNull().references(() => members.id, { onDelete: 'cascade' }),
  groupKey: text().notNull(),
}, (t) => [primaryKey({ columns: [t.memberId, t.groupKey] }), index('memberships_group').on(t.groupKey)]);

export const roleGrants = sqliteTable('role_grants', {
  id: integer().primaryKey({ autoIncrement: true }),
  memberId: integer().notNull().references(() => members.id, { onDelete: 'cascade' }),
  role: text().$type<'rep' | 'staff' | 'lead' | 'admin'>().notNull(),
  /** Department id (staff, lead), class key (rep) or "*" (admin). */
  scope: text().notNull(),
  grantedBy: integer(),
  createdAt: ts().notNull(),
}, (t) => [uniqueIndex('role_grants_unique').on(t.memberId, t.role, t.scope)]);

export const joinCodes = sqliteTable('join_codes', {
  code: text().primaryKey(),
  purpose: text().$type<'role' | 'link'>().notNull(),
  role: text().$type<'rep' | 'staff' | 'lead' | 'admin'>(),
  scope: text(),
  createdBy: integer().notNull(),
  createdAt: ts().notNull(),
  expiresAt: ts().notNull(),
  usedBy: integer(),
  usedAt: ts(),
});

/** Every privileged action: who, what, on what, when. */
export const auditLog = sqliteTable('audit_log', {
  id: integer().primaryKey({ autoIncrement: true }),
  at: ts().notNull(),
  actorMemberId: integer(),
  action: text().notNull(),
  target: text(),
  detail: text({ mode: 'json' }).$type<Record<string, unknown>>(),
}, (t) => [index('audit_log_at').on(t.at)]);

/** Platform updates already handled, so a redelivered update is dropped. */
export const processedUpdates = sqliteTable('processed_updates', {
  platform: text().$type<Platform>().notNull(),
  updateId: text().notNull(),
  at: ts().notNull(),
}, (t) => [primaryKey({ columns: [t.platform, t.updateId] })]);

/** A member's step-by-step dialogue in progress (one at a time), so a restart loses nothing. */
export const conversations = sqliteTable('conversations', {
  memberId: integer().primaryKey().references(() => members.id, { onDelete: 'cascade' }),
  feature: text().notNull(),
  name: text().notNull(),
  data: text({ mode: 'json' }).$type<Record<string, unknown>>().notNull(),
  updatedAt: ts().notNull(),
});

// ---- core: scheduled work --------------------------------------------------------------------

/** Due work (reminders, closes, follow-ups): a row until it ran. */
export const scheduledTasks = sqliteTable('scheduled_tasks', {
  id: integer().primaryKey({ autoIncrement: true }),
  kind: text().notNull(),
  /** Optional identity of the task ("ticket-autoclose:12"); scheduling the same key replaces it. */
  key: text().unique(),
  dueAt: ts().notNull(),
  payload: text({ mode: 'json' }).$type<Record<string, unknown>>().notNull().default(sql`'{}'`),
  status: text().$type<'pending' | 'done' | 'failed' | 'cancelled'>().notNull().default('pending'),
  attempts: integer().notNull().default(0),
  lastError: text(),
  createdAt: ts().notNull(),
  doneAt: ts(),
}, (t) => [index('scheduled_tasks_due').on(t.status, t.dueAt)]);

/** When each cron job last ran, so a run missed while the bot was down happens once at start. */
export const cronRuns = sqliteTable('cron_runs', {
  name: text().primaryKey(),
  lastRunAt: ts().notNull(),
});

// ---- tickets: feedback, complaints, repairs, questions ----------------------------------------

export type TicketStatus = 'open' | 'in_progress' | 'resolved' | 'closed' | 'reopened' | 'rejected' | 'cancelled';

export const tickets = sqliteTable('tickets', {
  id: integer().primaryKey({ autoIncrement: true }),
  kind: text().$type<'feedback' | 'complaint' | 'repair' | 'question'>().notNull(),
  category: text().notNull(),
  departmentId: text().notNull(),
  assigneeId: integer().references(() => members.id, { onDelete: 'set null' }),
  priority: text().$type<'normal' | 'urgent'>().notNull().default('normal'),
  status: text().$type<TicketStatus>().notNull().default('open'),
  description: text().notNull(),
  building: text(),
  room: text(),
  item: text(),
  /** Always set, so replies reach the student; never shown to staff when `anonymous`. */
  reporterId: integer().notNull().references(() => members.id, { onDelete: 'cascade' }),
  anonymous: integer({ mode: 'boolean' }).notNull().default(false),
  /** What staff see instead of the reporter's name on anonymous tickets ("匿名同学 #7F3A"). */
  alias: text().notNull(),
  firstResponseDue: ts().notNull(),
  resolutionDue: ts().notNull(),
  firstRespondedAt: ts(),
  resolvedAt: ts(),
  closedAt: ts(),
  resolution: text(),
  rating: integer(),
  ratingComment: text(),
  createdAt: ts().notNull(),
  updatedAt: ts().notNull(),
}, (t) => [
  index('tickets_department_status').on(t.departmentId, t.status),
  index('tickets_reporter').on(t.reporterId),
  index('tickets_location').on(t.building, t.room),
  // Time indexes that also hold what the digests read, so a period is an index-only scan.
  index('tickets_created').on(t.createdAt, t.departmentId, t.category, t.building),
  index('tickets_resolved').on(t.resolvedAt, t.departmentId, t.createdAt),
  index('tickets_responded').on(t.firstRespondedAt, t.departmentId, t.createdAt),
  index('tickets_closed').on(t.closedAt, t.departmentId, t.rating),
  // The few tickets still needing work, with what the digests count of them.
  index('tickets_active').on(t.departmentId, t.firstRespondedAt, t.firstResponseDue, t.resolutionDue)
    .where(sql`status IN ('open', 'in_progress', 'reopened')`),
]);

export type TicketEventType =
  | 'created' | 'claimed' | 'assigned' | 'transferred' | 'reply' | 'student_reply' | 'note' | 'priority'
  | 'resolved' | 'rejected' | 'reopened' | 'rated' | 'closed' | 'cancelled' | 'metoo' | 'reminder' | 'escalation';

/** The timeline. `public` events are shown to the student; the others only to staff. */
export const ticketEvents = sqliteTable('ticket_events', {
  id: integer().primaryKey({ autoIncrement: true }),
  ticketId: integer().notNull().references(() => tickets.id, { onDelete: 'cascade' }),
  at: ts().notNull(),
  type: text().$type<TicketEventType>().notNull(),
  actorId: integer(),
  public: integer({ mode: 'boolean' }).notNull(),
  text: text(),
  data: text({ mode: 'json' }).$type<Record<string, unknown>>(),
}, (t) => [index('ticket_events_ticket').on(t.ticketId, t.at)]);

export const ticketPhotos = sqliteTable('ticket_photos', {
  id: integer().primaryKey({ autoIncrement: true }),
  ticketId: integer().notNull().references(() => tickets.id, { onDelete: 'cascade' }),
  platform: text().$type<Platform>().notNull(),
  ref: text().notNull(),
  createdAt: ts().notNull(),
}, (t) => [index('ticket_photos_ticket').on(t.ticketId)]);

/** Students who joined a repair ticket with "me too"; they hear about its progress. */
export const ticketWatchers = sqliteTable('ticket_watchers', {
  ticketId: integer().notNull().references(() => tickets.id, { onDelete: 'cascade' }),
  memberId: integer().notNull().references(() => members.id, { onDelete: 'cascade' }),
  joinedAt: ts().notNull(),
}, (t) => [primaryKey({ columns: [t.ticketId, t.memberId] }), index('ticket_watchers_member').on(t.memberId)]);

/** Where each ticket's card was posted in staff chats, so it can be edited as the ticket moves. */
export const ticketCards = sqliteTable('ticket_cards', {
  ticketId: integer().notNull().references(() => tickets.id, { onDelete: 'cascade' }),
  platform: text().$type<Platform>().notNull(),
  chatId: text().notNull(),
  messageId: text().notNull(),
}, (t) => [primaryKey({ columns: [t.ticketId, t.platform, t.chatId] })]);

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

// ---- telegram adapter (src/adapters/telegram) ------------------------------------------------

/**
 * Every Telegram update as received, stored before getUpdates confirms it (or before the webhook
 * answers 200), then processed one chat at a time. `done` is set in the same transaction as the
 * update's effects; `dead` after too many failed attempts.
 */
export const telegramInbox = sqliteTable('telegram_inbox', {
  updateId: integer().primaryKey(),
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

/** Button payloads longer than Telegram's 64-byte callback_data, kept behind short ids ("~…"). */
export const telegramButtons = sqliteTable('telegram_buttons', {
  id: text().primaryKey(),
  data: text().notNull(),
  /** Last time a message offered it; rows unused for a while are pruned (the press then expires). */
  usedAt: ts().notNull(),
});

/** Groups the bot was added to or removed from (my_chat_member); bindings stay in `chats`. */
export const telegramChats = sqliteTable('telegram_chats', {
  chatId: text().primaryKey(),
  status: text().$type<'member' | 'left'>().notNull(),
  changedAt: ts().notNull(),
});

/** Adapter settings that must survive a restart, such as the generated webhook secret. */
export const telegramSettings = sqliteTable('telegram_settings', {
  key: text().primaryKey(),
  value: text().notNull(),
});

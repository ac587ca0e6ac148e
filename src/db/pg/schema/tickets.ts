/** Tickets and everything hanging off them: timeline, photos, "me too" watchers, staff cards. */
import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import type { Platform } from '../../../core/message.js';
import type { TicketEventType, TicketStatus } from '../../values.js';
import { members, ts } from './core.js';

// ---- tickets: feedback, complaints, repairs, questions ----------------------------------------

export const tickets = pgTable('tickets', {
  id: integer().primaryKey().generatedByDefaultAsIdentity(),
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
  anonymous: boolean().notNull().default(false),
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

/** The timeline. `public` events are shown to the student; the others only to staff. */
export const ticketEvents = pgTable('ticket_events', {
  id: integer().primaryKey().generatedByDefaultAsIdentity(),
  ticketId: integer().notNull().references(() => tickets.id, { onDelete: 'cascade' }),
  at: ts().notNull(),
  type: text().$type<TicketEventType>().notNull(),
  actorId: integer(),
  public: boolean().notNull(),
  text: text(),
  data: jsonb().$type<Record<string, unknown>>(),
}, (t) => [index('ticket_events_ticket').on(t.ticketId, t.at)]);

export const ticketPhotos = pgTable('ticket_photos', {
  id: integer().primaryKey().generatedByDefaultAsIdentity(),
  ticketId: integer().notNull().references(() => tickets.id, { onDelete: 'cascade' }),
  platform: text().$type<Platform>().notNull(),
  ref: text().notNull(),
  createdAt: ts().notNull(),
}, (t) => [index('ticket_photos_ticket').on(t.ticketId)]);

/** Students who joined a repair ticket with "me too"; they hear about its progress. */
export const ticketWatchers = pgTable('ticket_watchers', {
  ticketId: integer().notNull().references(() => tickets.id, { onDelete: 'cascade' }),
  memberId: integer().notNull().references(() => members.id, { onDelete: 'cascade' }),
  joinedAt: ts().notNull(),
}, (t) => [primaryKey({ columns: [t.ticketId, t.memberId] }), index('ticket_watchers_member').on(t.memberId)]);

/** Where each ticket's card was posted in staff chats, so it can be edited as the ticket moves. */
export const ticketCards = pgTable('ticket_cards', {
  ticketId: integer().notNull().references(() => tickets.id, { onDelete: 'cascade' }),
  platform: text().$type<Platform>().notNull(),
  chatId: text().notNull(),
  messageId: text().notNull(),
}, (t) => [primaryKey({ columns: [t.ticketId, t.platform, t.chatId] })]);

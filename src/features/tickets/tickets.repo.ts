/** Drizzle queries of the tickets feature; synchronous, callers group writes in transactions. */
import { and, asc, desc, eq, gte, inArray, notInArray, sql } from 'drizzle-orm';
import type { Q } from '../../db/client.js';
import {
  ticketCards, ticketEvents, ticketPhotos, ticketWatchers, tickets,
  type TicketEventType, type TicketStatus,
} from '../../db/schema.js';
import type { Platform } from '../../core/message.js';

export type TicketRow = typeof tickets.$inferSelect;
export type TicketInsert = typeof tickets.$inferInsert;
export type EventRow = typeof ticketEvents.$inferSelect;

/** Statuses in which a ticket still needs staff work. */
export const ACTIVE: TicketStatus[] = ['open', 'in_progress', 'reopened'];
export const FINISHED: TicketStatus[] = ['closed', 'rejected', 'cancelled'];

export function insertTicket(q: Q, values: TicketInsert): TicketRow {
  return q.insert(tickets).values(values).returning().get();
}

export function getTicket(q: Q, id: number): TicketRow | undefined {
  return q.select().from(tickets).where(eq(tickets.id, id)).get();
}

export function updateTicket(q: Q, id: number, values: Partial<TicketInsert>): void {
  q.update(tickets).set(values).where(eq(tickets.id, id)).run();
}

/** Sets the assignee only if nobody holds the ticket; false when someone else was faster. */
export function claimIfFree(q: Q, id: number, memberId: number, now: Date): boolean {
  const r = q.update(tickets)
    .set({ assigneeId: memberId, status: 'in_progress', updatedAt: now })
    .where(and(eq(tickets.id, id), sql`${tickets.assigneeId} IS NULL`, inArray(tickets.status, ACTIVE))).run();
  return r.changes === 1;
}

export interface EventInput {
  type: TicketEventType;
  actorId: number | null;
  public: boolean;
  text?: string | null;
  data?: Record<string, unknown> | null;
}

/** Adds an event to a ticket's history; returns its id. */
export function addEvent(q: Q, ticketId: number, e: EventInput, at: Date): number {
  return q.insert(ticketEvents).values({ ticketId, at, ...e, text: e.text ?? null, data: e.data ?? null }).returning({ id: ticketEvents.id }).get()!.id;
}

/** Puts the student's comment on the ticket and on its "rated" event. */
export function setRatingComment(q: Q, ticketId: number, text: string): void {
  q.update(tickets).set({ ratingComment: text }).where(eq(tickets.id, ticketId)).run();
  q.update(ticketEvents).set({ text }).where(and(eq(ticketEvents.ticketId, ticketId), eq(ticketEvents.type, 'rated'))).run();
}

export function eventsOf(q: Q, ticketId: number, includeInternal: boolean): EventRow[] {
  const where = includeInternal ? eq(ticketEvents.ticketId, ticketId) : and(eq(ticketEvents.ticketId, ticketId), eq(ticketEvents.public, true));
  return q.select().from(ticketEvents).where(where).orderBy(asc(ticketEvents.at), asc(ticketEvents.id)).all();
}

export function addPhotos(q: Q, ticketId: number, platform: Platform, refs: string[], now: Date): void {
  for (const ref of refs) q.insert(ticketPhotos).values({ ticketId, platform, ref, createdAt: now }).run();
}

export function photosOf(q: Q, ticketId: number): { platform: Platform; ref: string }[] {
  return q.select({ platform: ticketPhotos.platform, ref: ticketPhotos.ref }).from(ticketPhotos).where(eq(ticketPhotos.ticketId, ticketId)).all();
}

export function addWatcher(q: Q, ticketId: number, memberId: number, now: Date): boolean {
  return q.insert(ticketWatchers).values({ ticketId, memberId, joinedAt: now }).onConflictDoNothing().run().changes === 1;
}

export function watchersOf(q: Q, ticketId: number): number[] {
  return q.select({ m: ticketWatchers.memberId }).from(ticketWatchers).where(eq(ticketWatchers.ticketId, ticketId)).all().map((r) => r.m);
}

/** Tickets the member reported or joined, newest first. */
export function ticketsOf(q: Q, memberId: number): TicketRow[] {
  const joined = q.select({ id: ticketWatchers.ticketId }).from(ticketWatchers).where(eq(ticketWatchers.memberId, memberId));
  return q.select().from(tickets)
    .where(sql`${tickets.reporterId} = ${memberId} OR ${tickets.id} IN ${joined}`)
    .orderBy(desc(tickets.id)).all();
}

/** Open work of some departments: overdue first, then by the nearest deadline. */
export function queueOf(q: Q, departments: string[] | 'all', now: Date): TicketRow[] {
  const active = inArray(tickets.status, ACTIVE);
  const dueAt = sql`CASE WHEN ${tickets.firstRespondedAt} IS NULL THEN ${tickets.firstResponseDue} ELSE ${tickets.resolutionDue} END`;
  return q.select().from(tickets)
    .where(departments === 'all' ? active : and(active, inArray(tickets.departmentId, departments)))
    .orderBy(sql`${dueAt} < ${now.getTime()} DESC`, sql`${tickets.priority} = 'urgent' DESC`, asc(dueAt), asc(tickets.id)).all();
}

/** Unfinished repair tickets at the same place reported since `since` ("me too" candidates). */
export function repairsAt(q: Q, building: string, room: string, since: Date): TicketRow[] {
  return q.select().from(tickets).where(and(
    eq(tickets.kind, 'repair'), notInArray(tickets.status, FINISHED),
    sql`lower(${tickets.building}) = lower(${building})`, sql`lower(${tickets.room}) = lower(${room})`,
    gte(tickets.createdAt, since),
  )).orderBy(desc(tickets.id)).all();
}

/** The newest unfinished ticket a member reported to a department since `since`. */
export function recentActiveTicket(q: Q, reporterId: number, departmentId: string, since: Date): TicketRow | undefined {
  return q.select().from(tickets).where(and(
    eq(tickets.reporterId, reporterId), eq(tickets.departmentId, departmentId),
    inArray(tickets.status, ACTIVE), gte(tickets.createdAt, since),
  )).orderBy(desc(tickets.id)).limit(1).get();
}

export function saveCard(q: Q, ticketId: number, platform: Platform, chatId: string, messageId: string): void {
  q.insert(ticketCards).values({ ticketId, platform, chatId, messageId })
    .onConflictDoUpdate({ target: [ticketCards.ticketId, ticketCards.platform, ticketCards.chatId], set: { messageId } }).run();
}

export function cardsOf(q: Q, ticketId: number) {
  return q.select().from(ticketCards).where(eq(ticketCards.ticketId, ticketId)).all();
}

export function dropCards(q: Q, ticketId: number): void {
  q.delete(ticketCards).where(eq(ticketCards.ticketId, ticketId)).run();
}

/** Moves a member's tickets, watches and events to another member when accounts are linked. */
export function mergeTicketRows(q: Q, from: number, to: number): void {
  q.update(tickets).set({ reporterId: to }).where(eq(tickets.reporterId, from)).run();
  q.update(tickets).set({ assigneeId: to }).where(eq(tickets.assigneeId, from)).run();
  q.run(sql`INSERT OR IGNORE INTO ticket_watchers (ticket_id, member_id, joined_at) SELECT ticket_id, ${to}, joined_at FROM ticket_watchers WHERE member_id = ${from}`);
  q.delete(ticketWatchers).where(eq(ticketWatchers.memberId, from)).run();
  q.update(ticketEvents).set({ actorId: to }).where(eq(ticketEvents.actorId, from)).run();
}

// ---- the person's own data (/mydata, /forgetme) and retention ----

/** Tickets a member reported; tickets they joined with the day they joined. */
export function reportedBy(q: Q, memberId: number): TicketRow[] {
  return q.select().from(tickets).where(eq(tickets.reporterId, memberId)).orderBy(asc(tickets.id)).all();
}

export function joinedBy(q: Q, memberId: number): { ticket: TicketRow; joinedAt: Date }[] {
  return q.select({ ticket: tickets, joinedAt: ticketWatchers.joinedAt }).from(ticketWatchers)
    .innerJoin(tickets, eq(tickets.id, ticketWatchers.ticketId)).where(eq(ticketWatchers.memberId, memberId)).orderBy(asc(tickets.id)).all();
}

/** Leaves of a ticket only what statistics need: no description, resolution, comment, photos or timeline texts. */
export function stripTicketTexts(q: Q, ticketId: number): void {
  q.update(tickets).set({ description: '', resolution: null, ratingComment: null }).where(eq(tickets.id, ticketId)).run();
  q.update(ticketEvents).set({ text: null }).where(eq(ticketEvents.ticketId, ticketId)).run();
  q.delete(ticketPhotos).where(eq(ticketPhotos.ticketId, ticketId)).run();
}

/** /forgetme: the member stops following the tickets they joined and handles none any more. */
export function leaveTickets(q: Q, memberId: number): void {
  q.delete(ticketWatchers).where(eq(ticketWatchers.memberId, memberId)).run();
  q.update(tickets).set({ assigneeId: null }).where(and(eq(tickets.assigneeId, memberId), inArray(tickets.status, ACTIVE))).run();
}

/** Finished tickets (closed, rejected, cancelled) last changed before `before` that still hold texts or photos. */
export function finishedWithTexts(q: Q, before: Date): number[] {
  return q.select({ id: tickets.id }).from(tickets).where(and(
    inArray(tickets.status, FINISHED), sql`coalesce(${tickets.closedAt}, ${tickets.updatedAt}) < ${before.getTime()}`,
    sql`(${tickets.description} <> '' OR ${tickets.resolution} IS NOT NULL OR ${tickets.ratingComment} IS NOT NULL
      OR EXISTS (SELECT 1 FROM ${ticketPhotos} WHERE ${ticketPhotos.ticketId} = ${tickets.id})
      OR EXISTS (SELECT 1 FROM ${ticketEvents} WHERE ${ticketEvents.ticketId} = ${tickets.id} AND ${ticketEvents.text} IS NOT NULL))`,
  )).all().map((r) => r.id);
}

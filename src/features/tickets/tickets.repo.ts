/**
 * Queries of the tickets feature, on the handle of the unit they run in (core/unit-of-work.ts);
 * callers group writes that belong together with `units.atomic`. Tables come from the handle
 * (db/tables.ts), so every function runs on SQLite and on PostgreSQL alike.
 */
import { and, asc, desc, eq, gte, inArray, isNull, lt, notInArray, or, sql } from 'drizzle-orm';
import { first, type Q } from '../../db/client.js';
import type { TicketEventType, TicketStatus } from '../../db/values.js';
import type { ticketEvents, tickets } from '../../db/schema.js';
import { tables } from '../../db/tables.js';
import type { Platform } from '../../core/message.js';

export type TicketRow = typeof tickets.$inferSelect;
export type TicketInsert = typeof tickets.$inferInsert;
export type EventRow = typeof ticketEvents.$inferSelect;
export type CardRow = { ticketId: number; platform: Platform; chatId: string; messageId: string };

/** Statuses in which a ticket still needs staff work. */
export const ACTIVE: TicketStatus[] = ['open', 'in_progress', 'reopened'];
export const FINISHED: TicketStatus[] = ['closed', 'rejected', 'cancelled'];

export async function insertTicket(q: Q, values: TicketInsert): Promise<TicketRow> {
  const { tickets } = tables(q);
  const [row] = await q.insert(tickets).values(values).returning();
  return row!;
}

export async function getTicket(q: Q, id: number): Promise<TicketRow | undefined> {
  const { tickets } = tables(q);
  return first(await q.select().from(tickets).where(eq(tickets.id, id)).limit(1));
}

export async function updateTicket(q: Q, id: number, values: Partial<TicketInsert>): Promise<void> {
  const { tickets } = tables(q);
  await q.update(tickets).set(values).where(eq(tickets.id, id));
}

/** Sets the assignee only if nobody holds the ticket; false when someone else was faster. */
export async function claimIfFree(q: Q, id: number, memberId: number, now: Date): Promise<boolean> {
  const { tickets } = tables(q);
  const claimed = await q.update(tickets)
    .set({ assigneeId: memberId, status: 'in_progress', updatedAt: now })
    .where(and(eq(tickets.id, id), isNull(tickets.assigneeId), inArray(tickets.status, ACTIVE))).returning({ id: tickets.id });
  return claimed.length === 1;
}

export interface EventInput {
  type: TicketEventType;
  actorId: number | null;
  public: boolean;
  text?: string | null;
  data?: Record<string, unknown> | null;
}

/** Adds an event to a ticket's history; returns its id. */
export async function addEvent(q: Q, ticketId: number, e: EventInput, at: Date): Promise<number> {
  const { ticketEvents } = tables(q);
  const [row] = await q.insert(ticketEvents).values({ ticketId, at, ...e, text: e.text ?? null, data: e.data ?? null }).returning({ id: ticketEvents.id });
  return row!.id;
}

/** Puts the student's comment on the ticket and on its "rated" event. */
export async function setRatingComment(q: Q, ticketId: number, text: string): Promise<void> {
  const { tickets, ticketEvents } = tables(q);
  await q.update(tickets).set({ ratingComment: text }).where(eq(tickets.id, ticketId));
  await q.update(ticketEvents).set({ text }).where(and(eq(ticketEvents.ticketId, ticketId), eq(ticketEvents.type, 'rated')));
}

export async function eventsOf(q: Q, ticketId: number, includeInternal: boolean): Promise<EventRow[]> {
  const { ticketEvents } = tables(q);
  const where = includeInternal ? eq(ticketEvents.ticketId, ticketId) : and(eq(ticketEvents.ticketId, ticketId), eq(ticketEvents.public, true));
  return await q.select().from(ticketEvents).where(where).orderBy(asc(ticketEvents.at), asc(ticketEvents.id));
}

export async function addPhotos(q: Q, ticketId: number, platform: Platform, refs: string[], now: Date): Promise<void> {
  const { ticketPhotos } = tables(q);
  for (const ref of refs) await q.insert(ticketPhotos).values({ ticketId, platform, ref, createdAt: now });
}

export async function photosOf(q: Q, ticketId: number): Promise<{ platform: Platform; ref: string }[]> {
  const { ticketPhotos } = tables(q);
  return await q.select({ platform: ticketPhotos.platform, ref: ticketPhotos.ref }).from(ticketPhotos)
    .where(eq(ticketPhotos.ticketId, ticketId)).orderBy(asc(ticketPhotos.id));
}

/** Adds a "me too"; false when the member had joined already. */
export async function addWatcher(q: Q, ticketId: number, memberId: number, now: Date): Promise<boolean> {
  const { ticketWatchers } = tables(q);
  const added = await q.insert(ticketWatchers).values({ ticketId, memberId, joinedAt: now }).onConflictDoNothing()
    .returning({ memberId: ticketWatchers.memberId });
  return added.length === 1;
}

export async function watchersOf(q: Q, ticketId: number): Promise<number[]> {
  const { ticketWatchers } = tables(q);
  return (await q.select({ m: ticketWatchers.memberId }).from(ticketWatchers).where(eq(ticketWatchers.ticketId, ticketId))
    .orderBy(asc(ticketWatchers.memberId))).map((r) => r.m);
}

/** Tickets the member reported or joined, newest first. */
export async function ticketsOf(q: Q, memberId: number): Promise<TicketRow[]> {
  const { tickets, ticketWatchers } = tables(q);
  const joined = q.select({ id: ticketWatchers.ticketId }).from(ticketWatchers).where(eq(ticketWatchers.memberId, memberId));
  return await q.select().from(tickets).where(or(eq(tickets.reporterId, memberId), inArray(tickets.id, joined))).orderBy(desc(tickets.id));
}

/** Open work of some departments: overdue first (the deadline that still matters has passed), then urgent, then by that deadline. */
export async function queueOf(q: Q, departments: string[] | 'all', now: Date): Promise<TicketRow[]> {
  const { tickets } = tables(q);
  const active = inArray(tickets.status, ACTIVE);
  const waiting = isNull(tickets.firstRespondedAt);
  const dueAt = sql`CASE WHEN ${waiting} THEN ${tickets.firstResponseDue} ELSE ${tickets.resolutionDue} END`;
  const overdue = sql`CASE WHEN ${waiting} THEN ${lt(tickets.firstResponseDue, now)} ELSE ${lt(tickets.resolutionDue, now)} END`;
  return await q.select().from(tickets)
    .where(departments === 'all' ? active : and(active, inArray(tickets.departmentId, departments)))
    .orderBy(desc(overdue), sql`${tickets.priority} = 'urgent' DESC`, asc(dueAt), asc(tickets.id));
}

/** Unfinished repair tickets at the same place reported since `since` ("me too" candidates). */
export async function repairsAt(q: Q, building: string, room: string, since: Date): Promise<TicketRow[]> {
  const { tickets } = tables(q);
  return await q.select().from(tickets).where(and(
    eq(tickets.kind, 'repair'), notInArray(tickets.status, FINISHED),
    sql`lower(${tickets.building}) = lower(${building})`, sql`lower(${tickets.room}) = lower(${room})`,
    gte(tickets.createdAt, since),
  )).orderBy(desc(tickets.id));
}

/** The newest unfinished ticket a member reported to a department since `since`. */
export async function recentActiveTicket(q: Q, reporterId: number, departmentId: string, since: Date): Promise<TicketRow | undefined> {
  const { tickets } = tables(q);
  return first(await q.select().from(tickets).where(and(
    eq(tickets.reporterId, reporterId), eq(tickets.departmentId, departmentId),
    inArray(tickets.status, ACTIVE), gte(tickets.createdAt, since),
  )).orderBy(desc(tickets.id)).limit(1));
}

export async function saveCard(q: Q, ticketId: number, platform: Platform, chatId: string, messageId: string): Promise<void> {
  const { ticketCards } = tables(q);
  await q.insert(ticketCards).values({ ticketId, platform, chatId, messageId })
    .onConflictDoUpdate({ target: [ticketCards.ticketId, ticketCards.platform, ticketCards.chatId], set: { messageId } });
}

export async function cardsOf(q: Q, ticketId: number): Promise<CardRow[]> {
  const { ticketCards } = tables(q);
  return await q.select().from(ticketCards).where(eq(ticketCards.ticketId, ticketId))
    .orderBy(asc(ticketCards.platform), asc(ticketCards.chatId));
}

export async function dropCards(q: Q, ticketId: number): Promise<void> {
  const { ticketCards } = tables(q);
  await q.delete(ticketCards).where(eq(ticketCards.ticketId, ticketId));
}

/** Moves a member's tickets, watches and events to another member when accounts are linked (a ticket both joined keeps the survivor's watch). */
export async function mergeTicketRows(q: Q, from: number, to: number): Promise<void> {
  const { tickets, ticketWatchers, ticketEvents } = tables(q);
  await q.update(tickets).set({ reporterId: to }).where(eq(tickets.reporterId, from));
  await q.update(tickets).set({ assigneeId: to }).where(eq(tickets.assigneeId, from));
  const watched = await q.select().from(ticketWatchers).where(eq(ticketWatchers.memberId, from));
  if (watched.length) await q.insert(ticketWatchers).values(watched.map((w) => ({ ...w, memberId: to }))).onConflictDoNothing();
  await q.delete(ticketWatchers).where(eq(ticketWatchers.memberId, from));
  await q.update(ticketEvents).set({ actorId: to }).where(eq(ticketEvents.actorId, from));
}

// ---- the person's own data (/mydata, /forgetme) and retention ----

/** Tickets a member reported; tickets they joined with the day they joined. */
export async function reportedBy(q: Q, memberId: number): Promise<TicketRow[]> {
  const { tickets } = tables(q);
  return await q.select().from(tickets).where(eq(tickets.reporterId, memberId)).orderBy(asc(tickets.id));
}

export async function joinedBy(q: Q, memberId: number): Promise<{ ticket: TicketRow; joinedAt: Date }[]> {
  const { tickets, ticketWatchers } = tables(q);
  return await q.select({ ticket: tickets, joinedAt: ticketWatchers.joinedAt }).from(ticketWatchers)
    .innerJoin(tickets, eq(tickets.id, ticketWatchers.ticketId)).where(eq(ticketWatchers.memberId, memberId)).orderBy(asc(tickets.id));
}

/** Leaves of a ticket only what statistics need: no description, resolution, comment, photos or timeline texts. */
export async function stripTicketTexts(q: Q, ticketId: number): Promise<void> {
  const { tickets, ticketEvents, ticketPhotos } = tables(q);
  await q.update(tickets).set({ description: '', resolution: null, ratingComment: null }).where(eq(tickets.id, ticketId));
  await q.update(ticketEvents).set({ text: null }).where(eq(ticketEvents.ticketId, ticketId));
  await q.delete(ticketPhotos).where(eq(ticketPhotos.ticketId, ticketId));
}

/** /forgetme: the member stops following the tickets they joined and handles none any more. */
export async function leaveTickets(q: Q, memberId: number): Promise<void> {
  const { tickets, ticketWatchers } = tables(q);
  await q.delete(ticketWatchers).where(eq(ticketWatchers.memberId, memberId));
  await q.update(tickets).set({ assigneeId: null }).where(and(eq(tickets.assigneeId, memberId), inArray(tickets.status, ACTIVE)));
}

/** Finished tickets (closed, rejected, cancelled) last changed before `before` that still hold texts or photos. */
export async function finishedWithTexts(q: Q, before: Date): Promise<number[]> {
  const { tickets, ticketEvents, ticketPhotos } = tables(q);
  const changedBefore = or(lt(tickets.closedAt, before), and(isNull(tickets.closedAt), lt(tickets.updatedAt, before)));
  return (await q.select({ id: tickets.id }).from(tickets).where(and(
    inArray(tickets.status, FINISHED), changedBefore,
    sql`(${tickets.description} <> '' OR ${tickets.resolution} IS NOT NULL OR ${tickets.ratingComment} IS NOT NULL
      OR EXISTS (SELECT 1 FROM ${ticketPhotos} WHERE ${ticketPhotos.ticketId} = ${tickets.id})
      OR EXISTS (SELECT 1 FROM ${ticketEvents} WHERE ${ticketEvents.ticketId} = ${tickets.id} AND ${ticketEvents.text} IS NOT NULL))`,
  )).orderBy(asc(tickets.id))).map((r) => r.id);
}

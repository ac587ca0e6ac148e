/** Drizzle queries of counselling cases; synchronous, callers group writes in transactions. */
import { and, asc, desc, eq, gte, inArray, isNull, lt, ne } from 'drizzle-orm';
import type { Q } from '../../db/client.js';
import { caseAlerts, caseMessages, caseRelays, caseReveals, cases, type CaseStatus, type RevealStatus } from '../../db/schema.js';
import type { Platform } from '../../core/message.js';

export type CaseRow = typeof cases.$inferSelect;
export type CaseInsert = typeof cases.$inferInsert;
export type CaseMessageRow = typeof caseMessages.$inferSelect;
export type AlertRow = typeof caseAlerts.$inferSelect;
export type RevealRow = typeof caseReveals.$inferSelect;
export type ChainLink = AlertRow['chain'][number];

export const OPEN: CaseStatus[] = ['open', 'in_contact'];
export const isOpen = (c: Pick<CaseRow, 'status'>) => OPEN.includes(c.status);

export function insertCase(q: Q, values: CaseInsert): CaseRow {
  return q.insert(cases).values(values).returning().get();
}

export function getCase(q: Q, id: number): CaseRow | undefined {
  return q.select().from(cases).where(eq(cases.id, id)).get();
}

export function updateCase(q: Q, id: number, values: Partial<CaseInsert>): void {
  q.update(cases).set(values).where(eq(cases.id, id)).run();
}

/** Puts a counsellor in contact unless one is already; false when someone else was first. */
export function takeContact(q: Q, id: number, counsellorId: number, now: Date): boolean {
  const r = q.update(cases).set({ status: 'in_contact', counsellorId, contactAt: now, updatedAt: now })
    .where(and(eq(cases.id, id), eq(cases.status, 'open'))).run();
  return r.changes === 1;
}

/** Closes the case if it is still open; false when it was closed already. */
export function closeCase(q: Q, id: number, by: number | null, now: Date): boolean {
  const r = q.update(cases).set({ status: 'closed', closedAt: now, closedBy: by, updatedAt: now })
    .where(and(eq(cases.id, id), ne(cases.status, 'closed'))).run();
  return r.changes === 1;
}

/** The member's open case (the newest), if any. */
export function openCaseOf(q: Q, memberId: number): CaseRow | undefined {
  return q.select().from(cases).where(and(eq(cases.memberId, memberId), ne(cases.status, 'closed'))).orderBy(desc(cases.id)).limit(1).get();
}

/** Open cases, oldest first (the counsellors' list). */
export function openCases(q: Q): CaseRow[] {
  return q.select().from(cases).where(ne(cases.status, 'closed')).orderBy(asc(cases.id)).all();
}

export function addMessage(q: Q, v: Omit<typeof caseMessages.$inferInsert, 'id'>): CaseMessageRow {
  return q.insert(caseMessages).values(v).returning().get();
}

export function messagesOf(q: Q, caseId: number): CaseMessageRow[] {
  return q.select().from(caseMessages).where(eq(caseMessages.caseId, caseId)).orderBy(asc(caseMessages.id)).all();
}

export function insertAlert(q: Q, v: Omit<typeof caseAlerts.$inferInsert, 'id'>): AlertRow {
  return q.insert(caseAlerts).values(v).returning().get();
}

export function getAlert(q: Q, id: number): AlertRow | undefined {
  return q.select().from(caseAlerts).where(eq(caseAlerts.id, id)).get();
}

export function setAlertStep(q: Q, id: number, step: number): void {
  q.update(caseAlerts).set({ step }).where(and(eq(caseAlerts.id, id), isNull(caseAlerts.ackedAt))).run();
}

/** Marks the alert acknowledged unless it already was; false when someone was first. */
export function ackAlert(q: Q, id: number, by: number, now: Date): boolean {
  const alert = getAlert(q, id);
  if (!alert) return false;
  const r = q.update(caseAlerts).set({ ackedAt: now, ackedBy: by, ackedStep: alert.step })
    .where(and(eq(caseAlerts.id, id), isNull(caseAlerts.ackedAt))).run();
  return r.changes === 1;
}

/** The case's alerts nobody acknowledged yet. */
export function unackedAlerts(q: Q, caseId: number): AlertRow[] {
  return q.select().from(caseAlerts).where(and(eq(caseAlerts.caseId, caseId), isNull(caseAlerts.ackedAt))).all();
}

/** Alerts raised in [from, to), oldest first (the digest). */
export function alertsBetween(q: Q, from: Date, to: Date): AlertRow[] {
  return q.select().from(caseAlerts).where(and(gte(caseAlerts.raisedAt, from), lt(caseAlerts.raisedAt, to))).orderBy(asc(caseAlerts.raisedAt)).all();
}

export function saveRelay(q: Q, ref: { platform: Platform; chatId: string; messageId: string }, caseId: number, now: Date): void {
  q.insert(caseRelays).values({ ...ref, caseId, createdAt: now }).onConflictDoNothing().run();
}

/** The case a relayed message of that chat belongs to. */
export function relayedCase(q: Q, platform: Platform, chatId: string, messageId: string): number | undefined {
  return q.select({ caseId: caseRelays.caseId }).from(caseRelays)
    .where(and(eq(caseRelays.platform, platform), eq(caseRelays.chatId, chatId), eq(caseRelays.messageId, messageId))).get()?.caseId;
}

export function insertReveal(q: Q, v: Omit<typeof caseReveals.$inferInsert, 'id'>): RevealRow {
  return q.insert(caseReveals).values(v).returning().get();
}

export function getReveal(q: Q, id: number): RevealRow | undefined {
  return q.select().from(caseReveals).where(eq(caseReveals.id, id)).get();
}

/** Decides a pending request; false when it was decided already. */
export function decideReveal(q: Q, id: number, status: Exclude<RevealStatus, 'pending'>, by: number, now: Date): boolean {
  const r = q.update(caseReveals).set({ status, decidedBy: by, decidedAt: now })
    .where(and(eq(caseReveals.id, id), eq(caseReveals.status, 'pending'))).run();
  return r.changes === 1;
}

/** Moves a member's cases to another when two accounts are linked. */
export function mergeCaseRows(q: Q, from: number, to: number): void {
  q.update(cases).set({ memberId: to }).where(eq(cases.memberId, from)).run();
  q.update(cases).set({ counsellorId: to }).where(eq(cases.counsellorId, from)).run();
  q.update(caseMessages).set({ authorId: to }).where(eq(caseMessages.authorId, from)).run();
  q.update(caseAlerts).set({ ackedBy: to }).where(eq(caseAlerts.ackedBy, from)).run();
}

/** Sealed rows (messages, break-glass reasons) under another key than `keyId`, a batch at a time (key rotation). */
export function sealedUnder(q: Q, older: readonly string[], limit: number): { table: 'messages' | 'reveals'; id: number; caseId: number; sealed: string }[] {
  if (!older.length) return [];
  const messages = q.select({ id: caseMessages.id, caseId: caseMessages.caseId, sealed: caseMessages.body }).from(caseMessages)
    .where(inArray(caseMessages.keyId, [...older])).limit(limit).all().map((r) => ({ table: 'messages' as const, ...r }));
  const reveals = q.select({ id: caseReveals.id, caseId: caseReveals.caseId, sealed: caseReveals.reason }).from(caseReveals)
    .where(inArray(caseReveals.keyId, [...older])).limit(limit).all().map((r) => ({ table: 'reveals' as const, ...r }));
  return [...messages, ...reveals].slice(0, limit);
}

export function resealed(q: Q, table: 'messages' | 'reveals', id: number, keyId: string, sealed: string): void {
  if (table === 'messages') q.update(caseMessages).set({ keyId, body: sealed }).where(eq(caseMessages.id, id)).run();
  else q.update(caseReveals).set({ keyId, reason: sealed }).where(eq(caseReveals.id, id)).run();
}

/** The cases whose student is `memberId`, oldest first. */
export function casesOf(q: Q, memberId: number): CaseRow[] {
  return q.select().from(cases).where(eq(cases.memberId, memberId)).orderBy(asc(cases.id)).all();
}

/** Break-glass requests about a case. */
export function revealsOf(q: Q, caseId: number): RevealRow[] {
  return q.select().from(caseReveals).where(eq(caseReveals.caseId, caseId)).orderBy(asc(caseReveals.id)).all();
}

/** Deletes every text of a case (messages, notes, break-glass reasons) and where its words were relayed; how many texts. */
export function deleteCaseTexts(q: Q, caseId: number): number {
  const n = q.delete(caseMessages).where(eq(caseMessages.caseId, caseId)).run().changes;
  const r = q.delete(caseReveals).where(eq(caseReveals.caseId, caseId)).run().changes;
  q.delete(caseRelays).where(eq(caseRelays.caseId, caseId)).run();
  return n + r;
}

/** Cases closed before `before` that still hold texts. */
export function closedWithTexts(q: Q, before: Date): number[] {
  return q.selectDistinct({ id: cases.id }).from(cases).innerJoin(caseMessages, eq(caseMessages.caseId, cases.id))
    .where(and(eq(cases.status, 'closed'), lt(cases.closedAt, before))).all().map((r) => r.id);
}

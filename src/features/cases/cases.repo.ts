/**
 * Queries of counselling cases, on the handle of the unit they run in (core/unit-of-work.ts); the
 * tables come from the handle (db/tables.ts), so each runs on SQLite and PostgreSQL alike.
 */
import { and, asc, desc, eq, gte, inArray, isNull, lt, ne } from 'drizzle-orm';
import { first, type Q } from '../../db/client.js';
import { tables } from '../../db/tables.js';
import type { caseAlerts, caseMessages, caseReveals, cases, CaseStatus, RevealStatus } from '../../db/schema.js';
import type { Platform } from '../../core/message.js';

export type CaseRow = typeof cases.$inferSelect;
export type CaseInsert = typeof cases.$inferInsert;
export type CaseMessageRow = typeof caseMessages.$inferSelect;
export type AlertRow = typeof caseAlerts.$inferSelect;
export type RevealRow = typeof caseReveals.$inferSelect;
export type ChainLink = AlertRow['chain'][number];

export const OPEN: CaseStatus[] = ['open', 'in_contact'];
export const isOpen = (c: Pick<CaseRow, 'status'>) => OPEN.includes(c.status);

export async function insertCase(q: Q, values: CaseInsert): Promise<CaseRow> {
  const { cases } = tables(q);
  const [row] = await q.insert(cases).values(values).returning();
  return row!;
}

export async function getCase(q: Q, id: number): Promise<CaseRow | undefined> {
  const { cases } = tables(q);
  return first(await q.select().from(cases).where(eq(cases.id, id)));
}

export async function updateCase(q: Q, id: number, values: Partial<CaseInsert>): Promise<void> {
  const { cases } = tables(q);
  await q.update(cases).set(values).where(eq(cases.id, id));
}

/** Puts a counsellor in contact unless one is already; false when someone else was first. */
export async function takeContact(q: Q, id: number, counsellorId: number, now: Date): Promise<boolean> {
  const { cases } = tables(q);
  const taken = await q.update(cases).set({ status: 'in_contact', counsellorId, contactAt: now, updatedAt: now })
    .where(and(eq(cases.id, id), eq(cases.status, 'open'))).returning({ id: cases.id });
  return taken.length === 1;
}

/** Closes the case if it is still open; false when it was closed already. */
export async function closeCase(q: Q, id: number, by: number | null, now: Date): Promise<boolean> {
  const { cases } = tables(q);
  const closed = await q.update(cases).set({ status: 'closed', closedAt: now, closedBy: by, updatedAt: now })
    .where(and(eq(cases.id, id), ne(cases.status, 'closed'))).returning({ id: cases.id });
  return closed.length === 1;
}

/** The member's open case (the newest), if any. */
export async function openCaseOf(q: Q, memberId: number): Promise<CaseRow | undefined> {
  const { cases } = tables(q);
  return first(await q.select().from(cases).where(and(eq(cases.memberId, memberId), ne(cases.status, 'closed'))).orderBy(desc(cases.id)).limit(1));
}

/** Open cases, oldest first (the counsellors' list). */
export async function openCases(q: Q): Promise<CaseRow[]> {
  const { cases } = tables(q);
  return await q.select().from(cases).where(ne(cases.status, 'closed')).orderBy(asc(cases.id));
}

export async function addMessage(q: Q, v: Omit<typeof caseMessages.$inferInsert, 'id'>): Promise<CaseMessageRow> {
  const { caseMessages } = tables(q);
  const [row] = await q.insert(caseMessages).values(v).returning();
  return row!;
}

export async function messagesOf(q: Q, caseId: number): Promise<CaseMessageRow[]> {
  const { caseMessages } = tables(q);
  return await q.select().from(caseMessages).where(eq(caseMessages.caseId, caseId)).orderBy(asc(caseMessages.id));
}

export async function insertAlert(q: Q, v: Omit<typeof caseAlerts.$inferInsert, 'id'>): Promise<AlertRow> {
  const { caseAlerts } = tables(q);
  const [row] = await q.insert(caseAlerts).values(v).returning();
  return row!;
}

export async function getAlert(q: Q, id: number): Promise<AlertRow | undefined> {
  const { caseAlerts } = tables(q);
  return first(await q.select().from(caseAlerts).where(eq(caseAlerts.id, id)));
}

export async function setAlertStep(q: Q, id: number, step: number): Promise<void> {
  const { caseAlerts } = tables(q);
  await q.update(caseAlerts).set({ step }).where(and(eq(caseAlerts.id, id), isNull(caseAlerts.ackedAt)));
}

/** Marks the alert acknowledged unless it already was; false when someone was first. */
export async function ackAlert(q: Q, id: number, by: number, now: Date): Promise<boolean> {
  const { caseAlerts } = tables(q);
  const alert = await getAlert(q, id);
  if (!alert) return false;
  const acked = await q.update(caseAlerts).set({ ackedAt: now, ackedBy: by, ackedStep: alert.step })
    .where(and(eq(caseAlerts.id, id), isNull(caseAlerts.ackedAt))).returning({ id: caseAlerts.id });
  return acked.length === 1;
}

/** The case's alerts nobody acknowledged yet, oldest first. */
export async function unackedAlerts(q: Q, caseId: number): Promise<AlertRow[]> {
  const { caseAlerts } = tables(q);
  return await q.select().from(caseAlerts).where(and(eq(caseAlerts.caseId, caseId), isNull(caseAlerts.ackedAt))).orderBy(asc(caseAlerts.id));
}

/** Alerts raised in [from, to), oldest first (the digest). */
export async function alertsBetween(q: Q, from: Date, to: Date): Promise<AlertRow[]> {
  const { caseAlerts } = tables(q);
  return await q.select().from(caseAlerts).where(and(gte(caseAlerts.raisedAt, from), lt(caseAlerts.raisedAt, to)))
    .orderBy(asc(caseAlerts.raisedAt), asc(caseAlerts.id));
}

export async function saveRelay(q: Q, ref: { platform: Platform; chatId: string; messageId: string }, caseId: number, now: Date): Promise<void> {
  const { caseRelays } = tables(q);
  await q.insert(caseRelays).values({ ...ref, caseId, createdAt: now }).onConflictDoNothing();
}

/** The case a relayed message of that chat belongs to. */
export async function relayedCase(q: Q, platform: Platform, chatId: string, messageId: string): Promise<number | undefined> {
  const { caseRelays } = tables(q);
  return first(await q.select({ caseId: caseRelays.caseId }).from(caseRelays)
    .where(and(eq(caseRelays.platform, platform), eq(caseRelays.chatId, chatId), eq(caseRelays.messageId, messageId))).limit(1))?.caseId;
}

export async function insertReveal(q: Q, v: Omit<typeof caseReveals.$inferInsert, 'id'>): Promise<RevealRow> {
  const { caseReveals } = tables(q);
  const [row] = await q.insert(caseReveals).values(v).returning();
  return row!;
}

export async function getReveal(q: Q, id: number): Promise<RevealRow | undefined> {
  const { caseReveals } = tables(q);
  return first(await q.select().from(caseReveals).where(eq(caseReveals.id, id)));
}

/** Decides a pending request; false when it was decided already. */
export async function decideReveal(q: Q, id: number, status: Exclude<RevealStatus, 'pending'>, by: number, now: Date): Promise<boolean> {
  const { caseReveals } = tables(q);
  const decided = await q.update(caseReveals).set({ status, decidedBy: by, decidedAt: now })
    .where(and(eq(caseReveals.id, id), eq(caseReveals.status, 'pending'))).returning({ id: caseReveals.id });
  return decided.length === 1;
}

/** Moves a member's cases to another when two accounts are linked. */
export async function mergeCaseRows(q: Q, from: number, to: number): Promise<void> {
  const { cases, caseMessages, caseAlerts } = tables(q);
  await q.update(cases).set({ memberId: to }).where(eq(cases.memberId, from));
  await q.update(cases).set({ counsellorId: to }).where(eq(cases.counsellorId, from));
  await q.update(caseMessages).set({ authorId: to }).where(eq(caseMessages.authorId, from));
  await q.update(caseAlerts).set({ ackedBy: to }).where(eq(caseAlerts.ackedBy, from));
}

/** Sealed rows (messages, break-glass reasons) under another key than `keyId`, a batch at a time (key rotation). */
export async function sealedUnder(q: Q, older: readonly string[], limit: number): Promise<{ table: 'messages' | 'reveals'; id: number; caseId: number; sealed: string }[]> {
  if (!older.length) return [];
  const { caseMessages, caseReveals } = tables(q);
  const messages = (await q.select({ id: caseMessages.id, caseId: caseMessages.caseId, sealed: caseMessages.body }).from(caseMessages)
    .where(inArray(caseMessages.keyId, [...older])).orderBy(asc(caseMessages.id)).limit(limit)).map((r) => ({ table: 'messages' as const, ...r }));
  const reveals = (await q.select({ id: caseReveals.id, caseId: caseReveals.caseId, sealed: caseReveals.reason }).from(caseReveals)
    .where(inArray(caseReveals.keyId, [...older])).orderBy(asc(caseReveals.id)).limit(limit)).map((r) => ({ table: 'reveals' as const, ...r }));
  return [...messages, ...reveals].slice(0, limit);
}

export async function resealed(q: Q, table: 'messages' | 'reveals', id: number, keyId: string, sealed: string): Promise<void> {
  const { caseMessages, caseReveals } = tables(q);
  if (table === 'messages') await q.update(caseMessages).set({ keyId, body: sealed }).where(eq(caseMessages.id, id));
  else await q.update(caseReveals).set({ keyId, reason: sealed }).where(eq(caseReveals.id, id));
}

/** The cases whose student is `memberId`, oldest first. */
export async function casesOf(q: Q, memberId: number): Promise<CaseRow[]> {
  const { cases } = tables(q);
  return await q.select().from(cases).where(eq(cases.memberId, memberId)).orderBy(asc(cases.id));
}

/** Break-glass requests about a case. */
export async function revealsOf(q: Q, caseId: number): Promise<RevealRow[]> {
  const { caseReveals } = tables(q);
  return await q.select().from(caseReveals).where(eq(caseReveals.caseId, caseId)).orderBy(asc(caseReveals.id));
}

/** Deletes every text of a case (messages, notes, break-glass reasons) and where its words were relayed; how many texts. */
export async function deleteCaseTexts(q: Q, caseId: number): Promise<number> {
  const { caseMessages, caseReveals, caseRelays } = tables(q);
  const n = await q.delete(caseMessages).where(eq(caseMessages.caseId, caseId)).returning({ id: caseMessages.id });
  const r = await q.delete(caseReveals).where(eq(caseReveals.caseId, caseId)).returning({ id: caseReveals.id });
  await q.delete(caseRelays).where(eq(caseRelays.caseId, caseId));
  return n.length + r.length;
}

/** Cases closed before `before` that still hold texts, by number. */
export async function closedWithTexts(q: Q, before: Date): Promise<number[]> {
  const { cases, caseMessages } = tables(q);
  return (await q.selectDistinct({ id: cases.id }).from(cases).innerJoin(caseMessages, eq(caseMessages.caseId, cases.id))
    .where(and(eq(cases.status, 'closed'), lt(cases.closedAt, before))).orderBy(asc(cases.id))).map((r) => r.id);
}

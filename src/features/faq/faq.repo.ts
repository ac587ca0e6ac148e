/** Drizzle queries of the FAQ: entries changed in the chat, and the questions asked. Synchronous. */
import { and, desc, eq, gte, isNotNull, lt, sql } from 'drizzle-orm';
import type { Q } from '../../db/client.js';
import { faqAsks, faqEntries } from '../../db/schema.js';

export type StoredEntryRow = typeof faqEntries.$inferSelect;
export type AskRow = typeof faqAsks.$inferSelect;

// ---- entries changed in the chat ----

export function storedEntries(q: Q): StoredEntryRow[] {
  return q.select().from(faqEntries).all();
}

/** What tells whether the stored entries changed since they were last read. */
export function entryVersions(q: Q): string {
  const rows = q.select({ id: faqEntries.id, at: faqEntries.updatedAt, removed: faqEntries.removed }).from(faqEntries).all();
  return rows.map((r) => `${r.id}:${r.at.getTime()}:${r.removed}`).join('|');
}

/** Writes an entry over the file's (or an earlier change), or its removal (`entry` null). */
export function saveEntry(q: Q, id: string, department: string, entry: Record<string, unknown> | null, now: Date): void {
  const values = { department, entry, removed: entry === null, updatedAt: now };
  q.insert(faqEntries).values({ id, ...values }).onConflictDoUpdate({ target: faqEntries.id, set: values }).run();
}

// ---- questions asked ----

export function insertAsk(q: Q, v: Omit<typeof faqAsks.$inferInsert, 'id'>): number {
  return q.insert(faqAsks).values(v).returning({ id: faqAsks.id }).get().id;
}

export function getAsk(q: Q, id: number): AskRow | undefined {
  return q.select().from(faqAsks).where(eq(faqAsks.id, id)).get();
}

export function updateAsk(q: Q, id: number, v: Partial<Pick<AskRow, 'chosenId' | 'helped'>>): void {
  q.update(faqAsks).set(v).where(eq(faqAsks.id, id)).run();
}

export function asksBetween(q: Q, from: Date, to: Date): AskRow[] {
  return q.select().from(faqAsks).where(and(gte(faqAsks.at, from), lt(faqAsks.at, to))).orderBy(desc(faqAsks.id)).all();
}

/** Retention: forgets the texts of questions asked before `before`; returns how many. */
export function eraseAskTexts(q: Q, before: Date): number {
  return q.update(faqAsks).set({ text: null }).where(and(lt(faqAsks.at, before), isNotNull(faqAsks.text))).run().changes;
}

export function countAsks(q: Q): number {
  return q.select({ n: sql<number>`count(*)` }).from(faqAsks).get()!.n;
}

/**
 * Queries of the FAQ: entries changed in the chat (with the stamp that tells instances they
 * changed), and the questions asked. They run on the handle they are given (either store).
 */
import { and, count, desc, eq, gte, isNotNull, lt } from 'drizzle-orm';
import { first, prepared, type Q } from '../../db/client.js';
import { onPostgres, tables } from '../../db/tables.js';
import type { faqAsks, faqEntries } from '../../db/schema.js';

export type StoredEntryRow = typeof faqEntries.$inferSelect;
export type AskRow = typeof faqAsks.$inferSelect;

/** The stamp's one row. */
const STAMP_ROW = 1;

// ---- entries changed in the chat ----

/** Every stored change, in the store's own order (SQLite: the order the entries were first changed in). */
export async function storedEntries(q: Q): Promise<StoredEntryRow[]> {
  const { faqEntries: t } = tables(q);
  return q.select().from(t);
}

/** The stamp of the stored entries (null: never changed); every message reads it. */
export async function entriesStamp(q: Q): Promise<string | null> {
  if (!onPostgres(q)) {
    // sqlite: a prepared statement on the connection (every message asks).
    const row = prepared(q, 'faq.stamp', (d) => d.$client.prepare('SELECT stamp FROM faq_stamp WHERE id = ?')).get(STAMP_ROW) as { stamp: string } | undefined;
    return row?.stamp ?? null;
  }
  const { faqStamp: t } = tables(q);
  return first(await q.select({ stamp: t.stamp }).from(t).where(eq(t.id, STAMP_ROW)))?.stamp ?? null;
}

/** Writes an entry over the file's (or an earlier change), or its removal (`entry` null), and stamps the entries anew. */
export async function saveEntry(q: Q, id: string, department: string, entry: Record<string, unknown> | null, stamp: string, now: Date): Promise<void> {
  const { faqEntries: t, faqStamp: s } = tables(q);
  const values = { department, entry, removed: entry === null, updatedAt: now };
  await q.insert(t).values({ id, ...values }).onConflictDoUpdate({ target: t.id, set: values });
  await q.insert(s).values({ id: STAMP_ROW, stamp }).onConflictDoUpdate({ target: s.id, set: { stamp } });
}

// ---- questions asked ----

export async function insertAsk(q: Q, v: Omit<typeof faqAsks.$inferInsert, 'id'>): Promise<number> {
  const { faqAsks: t } = tables(q);
  const [row] = await q.insert(t).values(v).returning({ id: t.id });
  return row!.id;
}

export async function getAsk(q: Q, id: number): Promise<AskRow | undefined> {
  const { faqAsks: t } = tables(q);
  return first(await q.select().from(t).where(eq(t.id, id)).limit(1));
}

export async function updateAsk(q: Q, id: number, v: Partial<Pick<AskRow, 'chosenId' | 'helped'>>): Promise<void> {
  const { faqAsks: t } = tables(q);
  await q.update(t).set(v).where(eq(t.id, id));
}

export async function asksBetween(q: Q, from: Date, to: Date): Promise<AskRow[]> {
  const { faqAsks: t } = tables(q);
  return q.select().from(t).where(and(gte(t.at, from), lt(t.at, to))).orderBy(desc(t.id));
}

/** Retention: forgets the texts of questions asked before `before`; returns how many. */
export async function eraseAskTexts(q: Q, before: Date): Promise<number> {
  const { faqAsks: t } = tables(q);
  return (await q.update(t).set({ text: null }).where(and(lt(t.at, before), isNotNull(t.text))).returning({ id: t.id })).length;
}

export async function countAsks(q: Q): Promise<number> {
  const { faqAsks: t } = tables(q);
  return first(await q.select({ n: count() }).from(t))?.n ?? 0;
}

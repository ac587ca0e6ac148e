/**
 * Stored button payloads, shared by the adapters (the ids are hashes of the payloads, so one
 * table serves every platform; it kept its first name, `telegram_buttons`). Writes run inside units
 * of work; every function runs on the handle it is given (either store).
 */
import { eq, lt } from 'drizzle-orm';
import { first, type Q } from '../../db/client.js';
import { tables } from '../../db/tables.js';

export async function saveButtons(q: Q, rows: { id: string; data: string }[], now: Date): Promise<void> {
  if (!rows.length) return;
  const { telegramButtons } = tables(q);
  // One row per id: PostgreSQL refuses an upsert that touches a row twice (a payload repeated in one message).
  const unique = [...new Map(rows.map((r) => [r.id, r])).values()];
  await q.insert(telegramButtons).values(unique.map((r) => ({ ...r, usedAt: now })))
    .onConflictDoUpdate({ target: telegramButtons.id, set: { usedAt: now } });
}

export async function findButton(q: Q, id: string): Promise<string | undefined> {
  const { telegramButtons } = tables(q);
  return first(await q.select({ data: telegramButtons.data }).from(telegramButtons).where(eq(telegramButtons.id, id)).limit(1))?.data;
}

/** Forgets payloads no message offered since `before` (pressing them then says "expired"). */
export async function pruneButtons(q: Q, before: Date): Promise<number> {
  const { telegramButtons } = tables(q);
  return (await q.delete(telegramButtons).where(lt(telegramButtons.usedAt, before)).returning({ id: telegramButtons.id })).length;
}

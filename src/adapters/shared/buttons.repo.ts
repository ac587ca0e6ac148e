/**
 * Stored button payloads, shared by the adapters (the ids are hashes of the payloads, so one
 * table serves every platform; it kept its first name, `telegram_buttons`). Writes run inside units
 * of work.
 */
import { eq, lt } from 'drizzle-orm';
import type { Q } from '../../db/client.js';
import { telegramButtons } from '../../db/schema.js';

export function saveButtons(q: Q, rows: { id: string; data: string }[], now: Date): void {
  if (!rows.length) return;
  q.insert(telegramButtons).values(rows.map((r) => ({ ...r, usedAt: now })))
    .onConflictDoUpdate({ target: telegramButtons.id, set: { usedAt: now } }).run();
}

export function findButton(q: Q, id: string): string | undefined {
  return q.select({ data: telegramButtons.data }).from(telegramButtons).where(eq(telegramButtons.id, id)).get()?.data;
}

/** Forgets payloads no message offered since `before` (pressing them then says "expired"). */
export function pruneButtons(q: Q, before: Date): number {
  return q.delete(telegramButtons).where(lt(telegramButtons.usedAt, before)).run().changes;
}

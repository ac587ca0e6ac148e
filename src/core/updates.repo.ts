import { and, eq, lt } from 'drizzle-orm';
import { prepared, type Q } from '../db/client.js';
import { onPostgres, tables } from '../db/tables.js';
import type { Platform } from './message.js';
import { dayOf } from './time.js';

/**
 * Records a platform update as handled; false when it was handled before (a redelivery). Only the
 * id and the day are kept: the claim names no one and times nothing that could be matched to a person.
 */
export async function claimUpdate(q: Q, platform: Platform, updateId: string, now: Date): Promise<boolean> {
  if (!onPostgres(q)) {
    // sqlite: every update passes here: a plain SQLite statement on the connection (drizzle's placeholder
    // filling cost more than the insert).
    const insert = prepared(q, 'core.claimUpdate', (d) => d.$client.prepare('INSERT INTO processed_updates (platform, update_id, at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING'));
    return insert.run(platform, updateId, dayOf(now).getTime()).changes === 1;
  }
  const { processedUpdates: t } = tables(q);
  const added = await q.insert(t).values({ platform, updateId, at: dayOf(now) }).onConflictDoNothing().returning({ updateId: t.updateId });
  return added.length === 1;
}

/** Forgets claims of a platform's updates handled before `before` (the platform no longer redelivers them). */
export async function pruneClaims(q: Q, platform: Platform, before: Date): Promise<number> {
  if (!onPostgres(q)) {
    // sqlite: a plain statement on the connection.
    return prepared(q, 'core.pruneClaims', (d) => d.$client.prepare('DELETE FROM processed_updates WHERE platform = ? AND at < ?'))
      .run(platform, before.getTime()).changes;
  }
  const { processedUpdates: t } = tables(q);
  return (await q.delete(t).where(and(eq(t.platform, platform), lt(t.at, before))).returning({ updateId: t.updateId })).length;
}

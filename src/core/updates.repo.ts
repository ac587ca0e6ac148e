import { sql } from 'drizzle-orm';
import { prepared, type Db } from '../db/client';
import { processedUpdates } from '../db/schema';
import type { Platform } from './message';

/** Records a platform update as handled; false when it was handled before (a redelivery). */
export function claimUpdate(db: Db, platform: Platform, updateId: string, now: Date): boolean {
  const ph = sql.placeholder;
  const insert = prepared(db, 'core.claimUpdate', (d) => d.insert(processedUpdates)
    .values({ platform: sql`${ph('platform')}`, updateId: sql`${ph('updateId')}`, at: sql`${ph('at')}` }).onConflictDoNothing().prepare());
  return insert.run({ platform, updateId, at: now.getTime() }).changes === 1;
}

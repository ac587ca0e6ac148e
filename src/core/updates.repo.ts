import { prepared, type Db } from '../db/client.js';
import type { Platform } from './message.js';

/** Records a platform update as handled; false when it was handled before (a redelivery). */
export function claimUpdate(db: Db, platform: Platform, updateId: string, now: Date): boolean {
  // Every update passes here: a plain SQLite statement (drizzle's placeholder filling cost more than the insert).
  const insert = prepared(db, 'core.claimUpdate', (d) => d.$client.prepare('INSERT INTO processed_updates (platform, update_id, at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING'));
  return insert.run(platform, updateId, now.getTime()).changes === 1;
}

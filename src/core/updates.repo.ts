import type { Q } from '../db/client';
import { processedUpdates } from '../db/schema';
import type { Platform } from './message';

/** Records a platform update as handled; false when it was handled before (a redelivery). */
export function claimUpdate(q: Q, platform: Platform, updateId: string, now: Date): boolean {
  const r = q.insert(processedUpdates).values({ platform, updateId, at: now }).onConflictDoNothing().run();
  return r.changes === 1;
}

import type { Q } from '../db/client.js';
import { auditLog } from '../db/schema.js';

export interface AuditEntry {
  actorMemberId: number | null;
  action: string;
  target?: string;
  detail?: Record<string, unknown>;
}

/** Records a privileged action. Never put names or platform ids of anonymous people in `detail`. */
export function writeAudit(q: Q, entry: AuditEntry, now: Date): void {
  q.insert(auditLog).values({ ...entry, at: now }).run();
}


import { and, asc, eq, lt, or } from 'drizzle-orm';
import type { Q } from '../db/client.js';
import { auditLog } from '../db/schema.js';

export interface AuditEntry {
  actorMemberId: number | null;
  action: string;
  target?: string;
  detail?: Record<string, unknown>;
}

export type AuditRow = typeof auditLog.$inferSelect;

/** Records a privileged action. Never put names or platform ids of anonymous people in `detail`. */
export function writeAudit(q: Q, entry: AuditEntry, now: Date): void {
  q.insert(auditLog).values({ ...entry, at: now }).run();
}

/** Entries a member made or that name them as their target (`member:<id>`), oldest first. */
export async function auditAbout(q: Q, memberId: number): Promise<AuditRow[]> {
  return await q.select().from(auditLog)
    .where(or(eq(auditLog.actorMemberId, memberId), eq(auditLog.target, `member:${memberId}`))).orderBy(asc(auditLog.id));
}

/** Retention: deletes entries older than `before`; returns how many. */
export async function pruneAudit(q: Q, before: Date): Promise<number> {
  return (await q.delete(auditLog).where(and(lt(auditLog.at, before))).returning({ id: auditLog.id })).length;
}

import { and, asc, eq, lt, or } from 'drizzle-orm';
import type { Q } from '../db/client.js';
import type { auditLog } from '../db/schema.js';
import { tables } from '../db/tables.js';

export interface AuditEntry {
  actorMemberId: number | null;
  action: string;
  target?: string;
  detail?: Record<string, unknown>;
}

export type AuditRow = typeof auditLog.$inferSelect;

/** Records a privileged action. Never put names or platform ids of anonymous people in `detail`. */
export async function writeAudit(q: Q, entry: AuditEntry, now: Date): Promise<void> {
  const { auditLog } = tables(q);
  await q.insert(auditLog).values({ ...entry, at: now });
}

/** Entries a member made or that name them as their target (`member:<id>`), oldest first. */
export async function auditAbout(q: Q, memberId: number): Promise<AuditRow[]> {
  const { auditLog } = tables(q);
  return await q.select().from(auditLog)
    .where(or(eq(auditLog.actorMemberId, memberId), eq(auditLog.target, `member:${memberId}`))).orderBy(asc(auditLog.id));
}

/** Retention: deletes entries older than `before`; returns how many. */
export async function pruneAudit(q: Q, before: Date): Promise<number> {
  const { auditLog } = tables(q);
  return (await q.delete(auditLog).where(and(lt(auditLog.at, before))).returning({ id: auditLog.id })).length;
}

/**
 * Scheduled work run once across instances sharing one PostgreSQL (issue 18, point 6). On SQLite
 * one process runs everything, so these are the plain queries: the open batch's transaction
 * already holds the only writer's lock.
 *
 * - A due task is claimed by the unit that runs it: on PostgreSQL its row is locked
 *   (`FOR UPDATE SKIP LOCKED`) until that unit commits (task done, or failed and rescheduled) or
 *   rolls back (a crash: the task is due again for anyone); another instance's claim meanwhile
 *   skips it and takes the next due task.
 * - A cron job's firing is recorded under (job, minute) in the unit that runs the job: the first
 *   instance's insert wins; another instance firing the same minute waits for that unit, then
 *   finds the row and does nothing (or, if that unit rolled back, runs the job itself).
 */
import { and, asc, eq, lt, lte } from 'drizzle-orm';
import { first, type Q } from '../db/client.js';
import { postgresOf, tables } from '../db/tables.js';
import type { TaskRow } from './tasks.repo.js';

const MINUTE = 60_000;

/** The whole minute `at` falls in: the key a firing is recorded under, whatever second it fired at. */
export function firingMinute(at: Date): Date {
  return new Date(Math.floor(at.getTime() / MINUTE) * MINUTE);
}

/**
 * The earliest pending task due by `until` that no other unit holds, claimed for the caller's
 * unit (run it and mark it in that unit); undefined when none is due or all are being run.
 */
export async function claimDueTask(q: Q, until: Date): Promise<TaskRow | undefined> {
  const { scheduledTasks: t } = tables(q);
  const due = and(eq(t.status, 'pending'), lte(t.dueAt, until));
  const postgres = postgresOf(q);
  if (!postgres) {
    // sqlite: the batch's transaction holds the only writer's lock: nobody else can take it meanwhile.
    return first(await q.select().from(t).where(due).orderBy(asc(t.dueAt), asc(t.id)).limit(1));
  }
  const { pg, t: { scheduledTasks } } = postgres;
  return first(await pg.select().from(scheduledTasks).where(due).orderBy(asc(scheduledTasks.dueAt), asc(scheduledTasks.id)).limit(1)
    .for('update', { skipLocked: true }));
}

/**
 * Records that `job` fired for the minute of `at`; true when this call recorded it (run the job in
 * the same unit), false when an instance already did (do nothing).
 */
export async function claimCronFiring(q: Q, job: string, at: Date, holder: string): Promise<boolean> {
  const { cronFirings } = tables(q);
  const rows = await q.insert(cronFirings).values({ job, firedAt: firingMinute(at), holder }).onConflictDoNothing()
    .returning({ job: cronFirings.job });
  return rows.length === 1;
}

/** Forgets firings before `before` (no instance fires for those minutes any more); how many. */
export async function pruneCronFirings(q: Q, before: Date): Promise<number> {
  const { cronFirings } = tables(q);
  return (await q.delete(cronFirings).where(lt(cronFirings.firedAt, before)).returning({ job: cronFirings.job })).length;
}

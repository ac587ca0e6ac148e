import { and, asc, eq, lt, lte, sql } from 'drizzle-orm';
import { first, type Q } from '../db/client.js';
import type { scheduledTasks } from '../db/schema.js';
import { tables } from '../db/tables.js';

export type TaskRow = typeof scheduledTasks.$inferSelect;

/**
 * Adds due work. With a `key`, scheduling again replaces the pending task of that key (new due
 * time and payload) instead of adding a second one. With `staleAt`, the task is not run after that
 * moment (see `scheduledTasks.staleAt`): give it to reminders, whose moment passes.
 */
export async function scheduleTask(
  q: Q, kind: string, dueAt: Date, payload: Record<string, unknown>, now: Date, key?: string, staleAt?: Date,
): Promise<void> {
  const { scheduledTasks } = tables(q);
  const values = { kind, dueAt, staleAt: staleAt ?? null, payload, key: key ?? null, createdAt: now, status: 'pending' as const, attempts: 0 };
  if (!key) return void (await q.insert(scheduledTasks).values(values));
  await q.insert(scheduledTasks).values(values)
    .onConflictDoUpdate({ target: scheduledTasks.key, set: { kind, dueAt, staleAt: values.staleAt, payload, status: 'pending', attempts: 0, lastError: null, doneAt: null } });
}

/** The pending tasks due by `now` whose moment passed before `now` (stale), earliest first. */
export async function staleTasks(q: Q, now: Date): Promise<TaskRow[]> {
  const { scheduledTasks } = tables(q);
  return await q.select().from(scheduledTasks)
    .where(and(eq(scheduledTasks.status, 'pending'), lte(scheduledTasks.dueAt, now), lt(scheduledTasks.staleAt, now)))
    .orderBy(asc(scheduledTasks.dueAt), asc(scheduledTasks.id));
}

/** Marks a task stale: its moment passed while it waited, so it was not run. */
export async function markStale(q: Q, id: number, now: Date): Promise<void> {
  const { scheduledTasks } = tables(q);
  await q.update(scheduledTasks).set({ status: 'stale', doneAt: now }).where(and(eq(scheduledTasks.id, id), eq(scheduledTasks.status, 'pending')));
}

export async function cancelTask(q: Q, key: string): Promise<void> {
  const { scheduledTasks } = tables(q);
  await q.update(scheduledTasks).set({ status: 'cancelled' }).where(and(eq(scheduledTasks.key, key), eq(scheduledTasks.status, 'pending')));
}

/** The earliest pending task due by `until`, or undefined. */
export async function nextDueTask(q: Q, until: Date): Promise<TaskRow | undefined> {
  const { scheduledTasks } = tables(q);
  return first(await q.select().from(scheduledTasks)
    .where(and(eq(scheduledTasks.status, 'pending'), lte(scheduledTasks.dueAt, until)))
    .orderBy(asc(scheduledTasks.dueAt), asc(scheduledTasks.id)).limit(1));
}

/** Marks a task done, unless its handler rescheduled it (its due time moved): then it stays pending. */
export async function finishTask(q: Q, id: number, dueAt: Date, now: Date): Promise<void> {
  const { scheduledTasks } = tables(q);
  await q.update(scheduledTasks).set({ status: 'done', doneAt: now })
    .where(and(eq(scheduledTasks.id, id), eq(scheduledTasks.dueAt, dueAt), eq(scheduledTasks.status, 'pending')));
}

/** Records a failure; the task is retried at `retryAt`, or marked failed when that is null. */
export async function failTask(q: Q, id: number, error: string, retryAt: Date | null): Promise<void> {
  const { scheduledTasks } = tables(q);
  await q.update(scheduledTasks)
    .set({ attempts: sql`${scheduledTasks.attempts} + 1`, lastError: error.slice(0, 500), ...(retryAt ? { dueAt: retryAt } : { status: 'failed' as const }) })
    .where(eq(scheduledTasks.id, id));
}

export async function pendingTasks(q: Q, kind?: string): Promise<TaskRow[]> {
  const { scheduledTasks } = tables(q);
  const pending = eq(scheduledTasks.status, 'pending');
  return await q.select().from(scheduledTasks)
    .where(kind ? and(pending, eq(scheduledTasks.kind, kind)) : pending)
    .orderBy(asc(scheduledTasks.dueAt));
}

export async function lastCronRun(q: Q, name: string): Promise<Date | undefined> {
  const { cronRuns } = tables(q);
  return first(await q.select().from(cronRuns).where(eq(cronRuns.name, name)).limit(1))?.lastRunAt;
}

export async function recordCronRun(q: Q, name: string, at: Date): Promise<void> {
  const { cronRuns } = tables(q);
  await q.insert(cronRuns).values({ name, lastRunAt: at })
    .onConflictDoUpdate({ target: cronRuns.name, set: { lastRunAt: at } });
}

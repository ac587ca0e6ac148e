/** Queries of `steps` (see core/steps.ts). */
import { and, asc, eq, lt } from 'drizzle-orm';
import { first, type Q } from '../db/client.js';
import type { steps, StepOutcome } from '../db/schema.js';
import { tables } from '../db/tables.js';
import { dayOf } from './time.js';

export type StepRow = typeof steps.$inferSelect;

export async function insertStep(q: Q, memberId: number, feature: string, key: string | null, now: Date): Promise<number> {
  const { steps } = tables(q);
  const [row] = await q.insert(steps).values({ memberId, feature, key, open: true, updatedAt: dayOf(now) }).returning({ id: steps.id });
  return row!.id;
}

export async function getStep(q: Q, id: number): Promise<StepRow | undefined> {
  const { steps } = tables(q);
  return first(await q.select().from(steps).where(eq(steps.id, id)).limit(1));
}

/** The member's open step with this key, if any. */
export async function openStepByKey(q: Q, key: string, memberId: number): Promise<number | undefined> {
  const { steps } = tables(q);
  return first(await q.select({ id: steps.id }).from(steps)
    .where(and(eq(steps.key, key), eq(steps.memberId, memberId), eq(steps.open, true))).orderBy(asc(steps.id)).limit(1))?.id;
}

/** Closes a step that is still open; false when it was closed already. */
export async function closeStep(q: Q, id: number, outcome: StepOutcome | null, now: Date): Promise<boolean> {
  const { steps } = tables(q);
  const closed = await q.update(steps).set({ open: false, outcome, updatedAt: dayOf(now) }).where(and(eq(steps.id, id), eq(steps.open, true)))
    .returning({ id: steps.id });
  return closed.length > 0;
}

/** Closes every open step with this key. */
export async function closeStepsByKey(q: Q, key: string, outcome: StepOutcome | null, now: Date): Promise<void> {
  const { steps } = tables(q);
  await q.update(steps).set({ open: false, outcome, updatedAt: dayOf(now) }).where(and(eq(steps.key, key), eq(steps.open, true)));
}

/** Forgets closed steps that last changed before `before` (their buttons then answer as expired). */
export async function pruneSteps(q: Q, before: Date): Promise<number> {
  const { steps } = tables(q);
  return (await q.delete(steps).where(and(eq(steps.open, false), lt(steps.updatedAt, before))).returning({ id: steps.id })).length;
}

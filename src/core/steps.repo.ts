/** Queries of `steps` (see core/steps.ts). */
import { and, eq, lt } from 'drizzle-orm';
import type { Q } from '../db/client.js';
import { steps, type StepOutcome } from '../db/schema.js';
import { dayOf } from './time.js';

export type StepRow = typeof steps.$inferSelect;

export function insertStep(q: Q, memberId: number, feature: string, key: string | null, now: Date): number {
  return q.insert(steps).values({ memberId, feature, key, open: true, updatedAt: dayOf(now) }).returning({ id: steps.id }).get().id;
}

export function getStep(q: Q, id: number): StepRow | undefined {
  return q.select().from(steps).where(eq(steps.id, id)).get();
}

export function openStepByKey(q: Q, key: string, memberId: number): number | undefined {
  return q.select({ id: steps.id }).from(steps).where(and(eq(steps.key, key), eq(steps.memberId, memberId), eq(steps.open, true))).get()?.id;
}

/** Closes a step that is still open; false when it was closed already. */
export function closeStep(q: Q, id: number, outcome: StepOutcome | null, now: Date): boolean {
  return q.update(steps).set({ open: false, outcome, updatedAt: dayOf(now) }).where(and(eq(steps.id, id), eq(steps.open, true))).run().changes > 0;
}

/** Closes every open step with this key. */
export function closeStepsByKey(q: Q, key: string, outcome: StepOutcome | null, now: Date): void {
  q.update(steps).set({ open: false, outcome, updatedAt: dayOf(now) }).where(and(eq(steps.key, key), eq(steps.open, true))).run();
}

/** Forgets closed steps that last changed before `before` (their buttons then answer as expired). */
export function pruneSteps(q: Q, before: Date): number {
  return q.delete(steps).where(and(eq(steps.open, false), lt(steps.updatedAt, before))).run().changes;
}

import { and, eq, sql } from 'drizzle-orm';
import { prepared, type Db, type Q } from '../db/client.js';
import { conversations } from '../db/schema.js';
import type { FlowState } from './feature.js';
import { dayOf } from './time.js';

/** Read for most plain-text messages: a plain SQLite statement, its JSON parsed here as drizzle's json mode does. */
export function getFlow(db: Db, memberId: number): FlowState | null {
  const row = prepared(db, 'core.getFlow', (d) => d.$client.prepare('SELECT feature, name, data, step_id FROM conversations WHERE member_id = ?').raw())
    .get(memberId) as [string, string, string, number | null] | undefined;
  if (!row) return null;
  const flow: FlowState = { feature: row[0], name: row[1], data: JSON.parse(row[2]) as Record<string, unknown> };
  return row[3] === null ? flow : { ...flow, stepId: row[3] };
}

/** Saves the member's dialogue; it keeps the day it last moved, not the moment (see `dayOf`). */
export function saveFlow(q: Q, memberId: number, flow: FlowState, now: Date): void {
  const updatedAt = dayOf(now);
  const row = { feature: flow.feature, name: flow.name, data: flow.data, stepId: flow.stepId ?? null };
  q.insert(conversations)
    .values({ memberId, ...row, updatedAt })
    .onConflictDoUpdate({ target: conversations.memberId, set: { ...row, updatedAt } })
    .run();
}

export function deleteFlow(q: Q, memberId: number): void {
  q.delete(conversations).where(eq(conversations.memberId, memberId)).run();
}

/** Ends every dialogue of `feature` whose data has `key` = `value` (e.g. a closed survey run's). */
export function deleteFlowsWith(q: Q, feature: string, key: string, value: number | string): number {
  return q.delete(conversations)
    .where(and(eq(conversations.feature, feature), sql`json_extract(${conversations.data}, ${`$.${key}`}) = ${value}`)).run().changes;
}

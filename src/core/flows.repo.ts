import { and, eq, sql } from 'drizzle-orm';
import { first, prepared, type Q } from '../db/client.js';
import { onPostgres, tables } from '../db/tables.js';
import type { FlowState } from './feature.js';
import { dayOf } from './time.js';

/** Read for most plain-text messages: on SQLite a plain statement, its JSON parsed here as drizzle's json mode does. */
export async function getFlow(q: Q, memberId: number): Promise<FlowState | null> {
  if (!onPostgres(q)) {
    // sqlite: a prepared statement on the connection (a hot path).
    const row = prepared(q, 'core.getFlow', (d) => d.$client.prepare('SELECT feature, name, data, step_id FROM conversations WHERE member_id = ?').raw())
      .get(memberId) as [string, string, string, number | null] | undefined;
    return row ? flowOf(row[0], row[1], JSON.parse(row[2]) as Record<string, unknown>, row[3]) : null;
  }
  const { conversations: c } = tables(q);
  const row = first(await q.select({ feature: c.feature, name: c.name, data: c.data, stepId: c.stepId }).from(c).where(eq(c.memberId, memberId)).limit(1));
  return row ? flowOf(row.feature, row.name, row.data, row.stepId) : null;
}

/** A dialogue as its row holds it (no step: no `stepId` key). */
function flowOf(feature: string, name: string, data: Record<string, unknown>, stepId: number | null): FlowState {
  const flow: FlowState = { feature, name, data };
  return stepId === null ? flow : { ...flow, stepId };
}

/**
 * Saves the member's dialogue; it keeps the day it last moved, not the moment (see `dayOf`). Every
 * step of a dialogue writes it: on SQLite a statement prepared once (drizzle built and SQLite
 * prepared the upsert again for each call, which cost several times what running it does).
 */
export async function saveFlow(q: Q, memberId: number, flow: FlowState, now: Date): Promise<void> {
  const updatedAt = dayOf(now);
  if (!onPostgres(q)) {
    // sqlite: a prepared statement on the connection; data as JSON text and the day as epoch ms, as drizzle writes them.
    prepared(q, 'core.saveFlow', (d) => d.$client.prepare(`INSERT INTO conversations (member_id, feature, name, data, step_id, updated_at)
      VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (member_id) DO UPDATE SET
      feature = excluded.feature, name = excluded.name, data = excluded.data, step_id = excluded.step_id, updated_at = excluded.updated_at`))
      .run(memberId, flow.feature, flow.name, JSON.stringify(flow.data), flow.stepId ?? null, updatedAt.getTime());
    return;
  }
  const { conversations } = tables(q);
  const row = { feature: flow.feature, name: flow.name, data: flow.data, stepId: flow.stepId ?? null };
  await q.insert(conversations)
    .values({ memberId, ...row, updatedAt })
    .onConflictDoUpdate({ target: conversations.memberId, set: { ...row, updatedAt } });
}

export async function deleteFlow(q: Q, memberId: number): Promise<void> {
  const { conversations } = tables(q);
  await q.delete(conversations).where(eq(conversations.memberId, memberId));
}

/** Ends every dialogue of `feature` whose data has `key` = `value` (e.g. a closed survey run's); returns how many. */
export async function deleteFlowsWith(q: Q, feature: string, key: string, value: number | string): Promise<number> {
  const { conversations } = tables(q);
  const matches = onPostgres(q)
    ? sql`(${conversations.data} ->> ${key}::text) = ${String(value)}`
    // sqlite: json_extract gives the JSON value itself (a number stays a number).
    : sql`json_extract(${conversations.data}, ${`$.${key}`}) = ${value}`;
  const ended = await q.delete(conversations).where(and(eq(conversations.feature, feature), matches)).returning({ memberId: conversations.memberId });
  return ended.length;
}

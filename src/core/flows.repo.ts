import { eq, sql } from 'drizzle-orm';
import { prepared, type Db, type Q } from '../db/client';
import { conversations } from '../db/schema';
import type { FlowState } from './feature';

export function getFlow(db: Db, memberId: number): FlowState | null {
  const row = prepared(db, 'core.getFlow', (d) => d.select().from(conversations).where(eq(conversations.memberId, sql.placeholder('memberId'))).prepare()).get({ memberId });
  return row ? { feature: row.feature, name: row.name, data: row.data } : null;
}

export function saveFlow(q: Q, memberId: number, flow: FlowState, now: Date): void {
  q.insert(conversations)
    .values({ memberId, ...flow, updatedAt: now })
    .onConflictDoUpdate({ target: conversations.memberId, set: { ...flow, updatedAt: now } })
    .run();
}

export function deleteFlow(q: Q, memberId: number): void {
  q.delete(conversations).where(eq(conversations.memberId, memberId)).run();
}

import { eq } from 'drizzle-orm';
import type { Q } from '../db/client';
import { conversations } from '../db/schema';
import type { FlowState } from './feature';

export function getFlow(q: Q, memberId: number): FlowState | null {
  const row = q.select().from(conversations).where(eq(conversations.memberId, memberId)).get();
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

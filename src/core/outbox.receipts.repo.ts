/** The outbox rows of relays and their receipts (core/receipts.ts): how a relay stands, whether its sender was told. */
import { sql } from 'drizzle-orm';
import type { Q } from '../db/client.js';
import type { OutboxStatus } from '../db/schema.js';

/**
 * How the rows of one relay stand (`meta.relay`, on rows with the `onFailed` hook `hook`): how many the
 * platform accepted, how many are still to go or under way, how many may or may not have arrived.
 */
export function relayOutcome(q: Q, hook: string, relay: string): { sent: number; open: number; unknown: number } {
  // sqlite: json_extract and q.all (PostgreSQL: meta->>'relay').
  const rows = q.all<{ status: OutboxStatus; n: number }>(sql`SELECT status, count(*) AS n FROM outbox
    WHERE on_failed = ${hook} AND json_extract(meta, '$.relay') = ${relay} GROUP BY status`);
  const n = (...s: OutboxStatus[]) => rows.filter((r) => s.includes(r.status)).reduce((a, r) => a + r.n, 0);
  return { sent: n('sent'), open: n('pending', 'sending'), unknown: n('unknown') };
}

/** Whether the sender of a relay was told of it already (a receipt row with `meta.receiptOf`, core/receipts.ts). */
export function receiptTold(q: Q, receiptOf: string): boolean {
  // sqlite: json_extract and q.all (PostgreSQL: meta->>'receiptOf').
  return q.all(sql`SELECT 1 FROM outbox WHERE json_extract(meta, '$.receiptOf') = ${receiptOf} LIMIT 1`).length > 0;
}

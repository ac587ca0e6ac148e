/** The outbox rows of relays and their receipts (core/receipts.ts): how a relay stands, whether its sender was told. */
import { and, count, eq, sql, type SQL } from 'drizzle-orm';
import type { Q } from '../db/client.js';
import { onPostgres, tables } from '../db/tables.js';
import type { OutboxStatus } from '../db/schema.js';

/** A text field of the row's `meta` (SQLite: json_extract on its JSON text; PostgreSQL: ->> on its jsonb). */
function metaField(q: Q, field: 'relay' | 'receiptOf'): SQL {
  const { outbox } = tables(q);
  return onPostgres(q) ? sql`${outbox.meta} ->> ${field}` : sql`json_extract(${outbox.meta}, ${`$.${field}`})`;
}

/**
 * How the rows of one relay stand (`meta.relay`, on rows with the `onFailed` hook `hook`): how many the
 * platform accepted, how many are still to go or under way, how many may or may not have arrived.
 */
export async function relayOutcome(q: Q, hook: string, relay: string): Promise<{ sent: number; open: number; unknown: number }> {
  const { outbox } = tables(q);
  const rows = await q.select({ status: outbox.status, n: count() }).from(outbox)
    .where(and(eq(outbox.onFailed, hook), eq(metaField(q, 'relay'), relay))).groupBy(outbox.status);
  const n = (...s: OutboxStatus[]) => rows.filter((r) => s.includes(r.status)).reduce((a, r) => a + r.n, 0);
  return { sent: n('sent'), open: n('pending', 'sending'), unknown: n('unknown') };
}

/** Whether the sender of a relay was told of it already (a receipt row with `meta.receiptOf`, core/receipts.ts). */
export async function receiptTold(q: Q, receiptOf: string): Promise<boolean> {
  const { outbox } = tables(q);
  return (await q.select({ id: outbox.id }).from(outbox).where(eq(metaField(q, 'receiptOf'), receiptOf)).limit(1)).length > 0;
}

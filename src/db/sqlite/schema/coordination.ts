/**
 * Coordination of several bot instances on one database (issue 18; src/core/leases.repo.ts,
 * src/core/scheduler.claims.repo.ts). On SQLite one process owns the file, so these rows only ever
 * name that process; on PostgreSQL they are what keeps instances from doing the same work twice.
 */
import { primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { ts } from './core.js';

/**
 * A role only one instance may hold at a time (`telegram.poller`, `discord.gateway`,
 * `outbox.sender`): held by `holder` until `expiresAt`, renewed by it before then; anyone may take
 * it once it expired.
 */
export const leases = sqliteTable('leases', {
  name: text().primaryKey(),
  /** The instance holding it (host, process and a random part: a restarted process is another holder). */
  holder: text().notNull(),
  expiresAt: ts().notNull(),
  /** When the current holder took it (renewals keep it), for operators asking who leads since when. */
  acquiredAt: ts().notNull(),
});

/**
 * Each firing of a cron job, by job and the minute it fired for: the instance whose insert comes
 * first runs the job; every other instance firing the same minute finds the row and does nothing.
 */
export const cronFirings = sqliteTable('cron_firings', {
  job: text().notNull(),
  /** The whole minute the job fired for (campus clock's schedule, stored as an instant). */
  firedAt: ts().notNull(),
  /** Which instance ran it. */
  holder: text().notNull(),
}, (t) => [primaryKey({ columns: [t.job, t.firedAt] })]);

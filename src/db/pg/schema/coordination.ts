/**
 * Coordination of several bot instances on one database (issue 18; src/core/leases.repo.ts,
 * src/core/scheduler.claims.repo.ts): the twin of src/db/sqlite/schema/coordination.ts.
 */
import { pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { ts } from './core.js';

/** A role only one instance may hold at a time; see the SQLite twin. */
export const leases = pgTable('leases', {
  name: text().primaryKey(),
  holder: text().notNull(),
  expiresAt: ts().notNull(),
  acquiredAt: ts().notNull(),
});

/** Each firing of a cron job, by job and the minute it fired for; see the SQLite twin. */
export const cronFirings = pgTable('cron_firings', {
  job: text().notNull(),
  firedAt: ts().notNull(),
  holder: text().notNull(),
}, (t) => [primaryKey({ columns: [t.job, t.firedAt] })]);

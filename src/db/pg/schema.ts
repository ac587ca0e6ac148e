/**
 * PostgreSQL's schema: the same tables, columns, keys and indexes as SQLite's (src/db/schema.ts),
 * in pg-core types whose rows read the same in TypeScript (timestamptz as Date, boolean, jsonb,
 * identity ids that a copy can set). test/pg/parity.test.ts compares the two migrated databases.
 */
export * from './schema/core.js';
export * from './schema/tickets.js';
export * from './schema/outbox.js';
export * from './schema/surveys.js';
export * from './schema/telegram.js';
export * from './schema/polls.js';
export * from './schema/faq.js';
export * from './schema/discord.js';
export * from './schema/announcements.js';
export * from './schema/cases.js';
export * from './schema/coordination.js';

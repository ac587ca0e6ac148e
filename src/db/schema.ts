/**
 * The schema the app runs on: SQLite's (src/db/sqlite/schema/, one file per area). Repos import
 * tables from here. PostgreSQL's twin is src/db/pg/schema/ (test/pg/parity.test.ts keeps them alike).
 */
export * from './sqlite/schema/core.js';
export * from './sqlite/schema/tickets.js';
export * from './sqlite/schema/outbox.js';
export * from './sqlite/schema/surveys.js';
export * from './sqlite/schema/telegram.js';
export * from './sqlite/schema/polls.js';
export * from './sqlite/schema/faq.js';
export * from './sqlite/schema/discord.js';
export * from './sqlite/schema/announcements.js';
export * from './sqlite/schema/cases.js';
export * from './sqlite/schema/coordination.js';

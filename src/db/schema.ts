/**
 * The whole database schema (drizzle, snake_case columns), one file per area; everything is
 * imported from here. drizzle-kit reads this file (`npm run db:generate`).
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

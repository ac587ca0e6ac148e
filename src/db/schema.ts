/**
 * The whole database schema (drizzle, snake_case columns), one file per area; everything is
 * imported from here. drizzle-kit reads this file (`npm run db:generate`).
 */
export * from './schema/core';
export * from './schema/tickets';
export * from './schema/outbox';
export * from './schema/telegram';

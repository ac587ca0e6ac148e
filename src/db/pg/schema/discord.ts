/** Tables of the Discord adapter (src/adapters/discord). */
import { index, integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { ts } from './core.js';

/**
 * Every Discord event the bot must act on (a message addressed to it, an interaction), stored
 * before it is handled, then handled one channel at a time in `seq` order. `event_id` is the
 * message or interaction id (a snowflake, kept as text: it does not fit in a JS number); storing
 * it again (the catch-up fetching a message the gateway delivered) is ignored. `done` is set in
 * the same transaction as the event's effects, and the payload emptied then.
 */
export const discordInbox = pgTable('discord_inbox', {
  seq: integer().primaryKey().generatedByDefaultAsIdentity(),
  eventId: text().notNull(),
  /** The channel: its events are handled in order. Emptied once done. */
  chatKey: text().notNull(),
  /** `{ t, d, guild }`: the gateway event (or a message fetched over REST) as JSON; emptied once done. */
  payload: text().notNull(),
  status: text().$type<'pending' | 'done' | 'dead'>().notNull().default('pending'),
  attempts: integer().notNull().default(0),
  lastError: text(),
  /** The day (UTC) once done. */
  receivedAt: ts().notNull(),
  doneAt: ts(),
}, (t) => [uniqueIndex('discord_inbox_event').on(t.eventId), index('discord_inbox_status').on(t.status, t.seq)]);

/**
 * Channels whose messages are fetched at start (Discord does not replay what was missed while the
 * bot was offline): DMs active lately and server channels where the bot was addressed. The last
 * event stored in the inbox from each (a message, or an interaction: its id is a snowflake of its
 * time too) is where the catch-up goes on from.
 */
export const discordChannels = pgTable('discord_channels', {
  channelId: text().primaryKey(),
  kind: text().$type<'dm' | 'guild'>().notNull(),
  lastMessageId: text().notNull(),
  /** The day (UTC) of its last message stored. */
  activeAt: ts().notNull(),
});

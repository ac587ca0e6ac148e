/**
 * The Discord adapter's queries: the event inbox and the channels caught up at start. Writes run
 * inside units of work (the single SQLite connection is shared). Snowflakes are text: they do not
 * fit in a JS number, and are compared by length, then as strings.
 */
import { and, eq, gte, isNotNull, lt, sql } from 'drizzle-orm';
import type { Db, Q } from '../../db/client.js';
import { dayOf } from '../../core/time.js';
import { chats, discordChannels, discordInbox, identities } from '../../db/schema.js';
import type { InboxRow, InboxStore, NewEvent } from '../shared/inbox.js';

/** Where a stored message came from, so the channel's catch-up can go on after it. */
export interface ChannelMark {
  channelId: string;
  kind: 'dm' | 'guild';
  messageId: string;
}

/** `a` is a later snowflake than `b`. */
export const laterThan = (a: string, b: string): boolean => a.length > b.length || (a.length === b.length && a > b);

/**
 * The inbox's table. `insert` also moves each channel's catch-up mark to the newest message stored
 * (in the same transaction: what the mark passed is in the inbox).
 */
export function discordStore(db: Db, markOf: (event: unknown) => ChannelMark | undefined): InboxStore {
  const insert = db.$client.prepare(`INSERT INTO discord_inbox (event_id, chat_key, payload, status, attempts, received_at, done_at)
    VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING RETURNING seq`);
  return {
    insert<R extends NewEvent<unknown>>(rows: R[], now: Date) {
      const added: (R & { seq: number })[] = [];
      const day = dayOf(now).getTime();
      for (const r of rows) {
        const mark = markOf(r.event);
        if (mark) markChannel(db, mark, now);
        const got = (r.settled ? insert.get(r.key, '', '', 'done', 0, day, day) : insert.get(r.key, r.chatKey, r.payload, 'pending', 1, now.getTime(), null)) as { seq: number } | undefined;
        if (got) added.push({ ...r, seq: got.seq });
      }
      return added;
    },
    pending: (after, limit) => db.$client.prepare(`SELECT seq, chat_key AS chatKey, payload, attempts FROM discord_inbox
      WHERE status = 'pending' AND seq > ? ORDER BY seq LIMIT ?`).all(after, limit) as InboxRow[],
    lease: (seq) => (db.$client.prepare('UPDATE discord_inbox SET attempts = attempts + 1 WHERE seq = ? RETURNING attempts').get(seq) as { attempts: number } | undefined)?.attempts ?? 0,
    recordFailure: (seq, error) => void db.update(discordInbox).set({ lastError: error }).where(eq(discordInbox.seq, seq)).run(),
    markDead(seq, error, payload, now) {
      const day = dayOf(now);
      db.update(discordInbox).set({ status: 'dead', lastError: error, payload, chatKey: '', receivedAt: day, doneAt: day }).where(eq(discordInbox.seq, seq)).run();
    },
  };
}

/** Marks an event handled, keeping only what recognises it again: its id, the mark and the day. */
export function markDone(db: Db, seq: number, now: Date): void {
  const day = dayOf(now).getTime();
  db.$client.prepare(`UPDATE discord_inbox SET status = 'done', chat_key = '', payload = '', last_error = NULL, received_at = ?, done_at = ?
    WHERE seq = ?`).run(day, day, seq);
}

/** Moves a channel's catch-up mark forward to `messageId` (never back). */
export function markChannel(db: Db, m: ChannelMark, now: Date): void {
  db.$client.prepare(`INSERT INTO discord_channels (channel_id, kind, last_message_id, active_at) VALUES (?, ?, ?, ?)
    ON CONFLICT (channel_id) DO UPDATE SET active_at = excluded.active_at,
      last_message_id = CASE WHEN length(excluded.last_message_id) > length(last_message_id)
        OR (length(excluded.last_message_id) = length(last_message_id) AND excluded.last_message_id > last_message_id)
        THEN excluded.last_message_id ELSE last_message_id END`).run(m.channelId, m.kind, m.messageId, dayOf(now).getTime());
}

/**
 * The channels to catch up at start, with the last message stored from each: DMs active since
 * `since`, and every server channel bound to a department, class or the management.
 */
export function channelsToCatchUp(q: Q, since: Date): { channelId: string; kind: 'dm' | 'guild'; after: string | null }[] {
  const dms = q.select({ channelId: discordChannels.channelId, after: discordChannels.lastMessageId }).from(discordChannels)
    .where(and(eq(discordChannels.kind, 'dm'), gte(discordChannels.activeAt, dayOf(since)))).all();
  const bound = q.select({ channelId: chats.platformChatId }).from(chats).where(and(eq(chats.platform, 'discord'), isNotNull(chats.binding))).all();
  const guildMarks = q.select({ id: discordChannels.channelId, after: discordChannels.lastMessageId }).from(discordChannels)
    .where(eq(discordChannels.kind, 'guild')).all();
  const marks = new Map(guildMarks.map((r) => [r.id, r.after]));
  return [
    ...dms.map((d) => ({ channelId: d.channelId, kind: 'dm' as const, after: d.after })),
    ...bound.map((b) => ({ channelId: b.channelId, kind: 'guild' as const, after: marks.get(b.channelId) ?? null })),
  ];
}

/**
 * Forgets handled events stored before `before`, DMs quiet since then, DMs that are no account's
 * private chat any more (its member erased with /forgetme), and server channels not bound (a
 * command used there marked one). Dead letters (kept without content) stay.
 */
export function pruneDiscord(q: Q, before: Date): void {
  q.delete(discordInbox).where(and(eq(discordInbox.status, 'done'), lt(discordInbox.receivedAt, before))).run();
  q.delete(discordChannels).where(and(eq(discordChannels.kind, 'dm'), lt(discordChannels.activeAt, dayOf(before)))).run();
  q.delete(discordChannels).where(and(eq(discordChannels.kind, 'dm'), sql`${discordChannels.channelId} not in
    (select ${identities.privateChatId} from ${identities} where ${identities.platform} = 'discord' and ${identities.privateChatId} is not null)`)).run();
  q.delete(discordChannels).where(and(eq(discordChannels.kind, 'guild'), sql`${discordChannels.channelId} not in
    (select ${chats.platformChatId} from ${chats} where ${chats.platform} = 'discord' and ${chats.binding} is not null)`)).run();
}

/** The newest outbox row's id (0 when none): the rows a unit of work writes come after it. */
export function outboxHighWater(q: Db): number {
  return (q.$client.prepare('SELECT coalesce(max(id), 0) AS id FROM outbox').get() as { id: number }).id;
}

/**
 * The new messages (no edits) on Discord written after row `after` for the user of an interaction:
 * those to their own private chat (`toCaller`) and those to the interaction's channel.
 */
export function rowsForInteraction(q: Db, after: number, channelId: string, userId: string): { id: number; toCaller: boolean }[] {
  const rows = q.$client.prepare(`SELECT o.id AS id, (o.chat_kind = 'private' AND i.id IS NOT NULL) AS toCaller FROM outbox o
    LEFT JOIN identities i ON i.id = o.identity_id AND i.platform = 'discord' AND i.platform_user_id = ?
    WHERE o.id > ? AND o.platform = 'discord' AND o.edit_of IS NULL AND (o.chat_id = ? OR (o.chat_kind = 'private' AND i.id IS NOT NULL))
    ORDER BY o.id`).all(userId, after, channelId) as { id: number; toCaller: number }[];
  return rows.map((r) => ({ id: r.id, toCaller: r.toCaller === 1 }));
}

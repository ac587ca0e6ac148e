/**
 * The Discord adapter's queries: the event inbox and the channels caught up at start. Writes run
 * inside units of work; every function runs on the handle it is given (either store). Snowflakes
 * are text: they do not fit in a JS number, and are compared by length, then as strings.
 */
import { and, eq, gt, gte, isNotNull, isNull, lt, notInArray, or, sql } from 'drizzle-orm';
import { first, type Q } from '../../db/client.js';
import { tables } from '../../db/tables.js';
import { dayOf } from '../../core/time.js';
import type { InboxStore, NewEvent } from '../shared/inbox.js';
import { claimEventRow } from './discord.claim.repo.js';

/** Where a stored message came from, so the channel's catch-up can go on after it. */
export interface ChannelMark {
  channelId: string;
  kind: 'dm' | 'guild';
  messageId: string;
}

/** `a` is a later snowflake than `b`. */
export const laterThan = (a: string, b: string): boolean => a.length > b.length || (a.length === b.length && a > b);

/** An event's values: a settled one as a bare done row of the day, others pending with their first attempt. */
function inboxValues(r: NewEvent<unknown>, now: Date) {
  const day = dayOf(now);
  return r.settled
    ? { eventId: r.key, chatKey: '', payload: '', status: 'done' as const, attempts: 0, receivedAt: day, doneAt: day }
    : { eventId: r.key, chatKey: r.chatKey, payload: r.payload, status: 'pending' as const, attempts: 1, receivedAt: now, doneAt: null };
}

/**
 * The inbox's table. `insert` also moves each channel's catch-up mark to the newest message stored
 * (in the same transaction: what the mark passed is in the inbox).
 */
export function discordStore(markOf: (event: unknown) => ChannelMark | undefined): InboxStore {
  return {
    async insert<R extends NewEvent<unknown>>(q: Q, rows: R[], now: Date) {
      const { discordInbox: t } = tables(q);
      const added: (R & { seq: number })[] = [];
      for (const r of rows) {
        const mark = markOf(r.event);
        if (mark) await markChannel(q, mark, now);
        const got = first(await q.insert(t).values(inboxValues(r, now)).onConflictDoNothing({ target: t.eventId }).returning({ seq: t.seq }));
        if (got) added.push({ ...r, seq: got.seq });
      }
      return added;
    },
    async pending(q, after, limit) {
      const { discordInbox: t } = tables(q);
      return q.select({ seq: t.seq, chatKey: t.chatKey, payload: t.payload, attempts: t.attempts }).from(t)
        .where(and(eq(t.status, 'pending'), gt(t.seq, after))).orderBy(t.seq).limit(limit);
    },
    async lease(q, seq) {
      const { discordInbox: t } = tables(q);
      return first(await q.update(t).set({ attempts: sql`${t.attempts} + 1` }).where(eq(t.seq, seq)).returning({ attempts: t.attempts }))?.attempts ?? 0;
    },
    async recordFailure(q, seq, error) {
      const { discordInbox: t } = tables(q);
      await q.update(t).set({ lastError: error }).where(eq(t.seq, seq));
    },
    async markDead(q, seq, error, payload, now) {
      const { discordInbox: t } = tables(q);
      const day = dayOf(now);
      await q.update(t).set({ status: 'dead', lastError: error, payload, chatKey: '', receivedAt: day, doneAt: day }).where(eq(t.seq, seq));
    },
    claim: claimEventRow,
  };
}

/** Marks an event handled, keeping only what recognises it again: its id, the mark and the day. */
export async function markDone(q: Q, seq: number, now: Date): Promise<void> {
  const { discordInbox: t } = tables(q);
  const day = dayOf(now);
  await q.update(t).set({ status: 'done', chatKey: '', payload: '', lastError: null, receivedAt: day, doneAt: day }).where(eq(t.seq, seq));
}

/** Moves a channel's catch-up mark forward to `messageId` (never back). */
export async function markChannel(q: Q, m: ChannelMark, now: Date): Promise<void> {
  const { discordChannels: c } = tables(q);
  const activeAt = dayOf(now);
  // The later snowflake of the stored mark and the new one (`laterThan` in SQL): longer, or as long and greater.
  const later = sql`CASE WHEN length(excluded.last_message_id) > length(${c.lastMessageId})
    OR (length(excluded.last_message_id) = length(${c.lastMessageId}) AND excluded.last_message_id > ${c.lastMessageId})
    THEN excluded.last_message_id ELSE ${c.lastMessageId} END`;
  await q.insert(c).values({ channelId: m.channelId, kind: m.kind, lastMessageId: m.messageId, activeAt })
    .onConflictDoUpdate({ target: c.channelId, set: { activeAt, lastMessageId: later } });
}

/**
 * The channels to catch up at start, with the last message stored from each: DMs active since
 * `since`, and every server channel bound to a department, class or the management.
 */
export async function channelsToCatchUp(q: Q, since: Date): Promise<{ channelId: string; kind: 'dm' | 'guild'; after: string | null }[]> {
  const { chats, discordChannels } = tables(q);
  const dms = await q.select({ channelId: discordChannels.channelId, after: discordChannels.lastMessageId }).from(discordChannels)
    .where(and(eq(discordChannels.kind, 'dm'), gte(discordChannels.activeAt, dayOf(since))));
  const bound = await q.select({ channelId: chats.platformChatId }).from(chats).where(and(eq(chats.platform, 'discord'), isNotNull(chats.binding)));
  const guildMarks = await q.select({ id: discordChannels.channelId, after: discordChannels.lastMessageId }).from(discordChannels)
    .where(eq(discordChannels.kind, 'guild'));
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
export async function pruneDiscord(q: Q, before: Date): Promise<void> {
  const { chats, discordChannels, discordInbox, identities } = tables(q);
  await q.delete(discordInbox).where(and(eq(discordInbox.status, 'done'), lt(discordInbox.receivedAt, before)));
  await q.delete(discordChannels).where(and(eq(discordChannels.kind, 'dm'), lt(discordChannels.activeAt, dayOf(before))));
  const privateChats = q.select({ id: identities.privateChatId }).from(identities)
    .where(and(eq(identities.platform, 'discord'), isNotNull(identities.privateChatId)));
  await q.delete(discordChannels).where(and(eq(discordChannels.kind, 'dm'), notInArray(discordChannels.channelId, privateChats)));
  const boundChats = q.select({ id: chats.platformChatId }).from(chats).where(and(eq(chats.platform, 'discord'), isNotNull(chats.binding)));
  await q.delete(discordChannels).where(and(eq(discordChannels.kind, 'guild'), notInArray(discordChannels.channelId, boundChats)));
}

/** The newest outbox row's id (0 when none): the rows a unit of work writes come after it. */
export async function outboxHighWater(q: Q): Promise<number> {
  const { outbox } = tables(q);
  return first(await q.select({ id: sql<number>`coalesce(max(${outbox.id}), 0)`.mapWith(Number) }).from(outbox))?.id ?? 0;
}

/**
 * The new messages (no edits) on Discord written after row `after` for the user of an interaction:
 * those to their own private chat (`toCaller`) and those to the interaction's channel.
 */
export async function rowsForInteraction(q: Q, after: number, channelId: string, userId: string): Promise<{ id: number; toCaller: boolean }[]> {
  const { identities: i, outbox: o } = tables(q);
  const toCaller = and(eq(o.chatKind, 'private'), isNotNull(i.id));
  const rows = await q.select({ id: o.id, chatKind: o.chatKind, caller: i.id }).from(o)
    .leftJoin(i, and(eq(i.id, o.identityId), eq(i.platform, 'discord'), eq(i.platformUserId, userId)))
    .where(and(gt(o.id, after), eq(o.platform, 'discord'), isNull(o.editOf), or(eq(o.chatId, channelId), toCaller)))
    .orderBy(o.id);
  return rows.map((r) => ({ id: r.id, toCaller: r.chatKind === 'private' && r.caller !== null }));
}

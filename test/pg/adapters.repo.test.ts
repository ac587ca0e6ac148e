/**
 * The adapters' queries on both stores (issue 18): the Telegram inbox (an update stored once per
 * update id, taken up, counted, marked handled or dead, pruned), the Discord inbox and its channel
 * marks, stored button payloads, groups and settings. Each scenario runs the same repo functions
 * on a fresh SQLite database and on the tests' PostgreSQL, with the same expectations.
 */
import { asc } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { findButton, pruneButtons, saveButtons } from '../../src/adapters/shared/buttons.repo.js';
import type { NewEvent } from '../../src/adapters/shared/inbox.js';
import {
  channelsToCatchUp, discordStore, markChannel, markDone as markEventDone, outboxHighWater, pruneDiscord, rowsForInteraction, type ChannelMark,
} from '../../src/adapters/discord/discord.repo.js';
import {
  getSetting, insertUpdates, keepSetting, leaseUpdate, leftChats, markDead, markDone, migrateChat, pendingUpdates, pruneInbox, recordFailure, setChatStatus,
} from '../../src/adapters/telegram/telegram.repo.js';
import { dayOf } from '../../src/core/time.js';
import type { Q } from '../../src/db/client.js';
import { tables } from '../../src/db/tables.js';
import { freshPgDatabase } from './db.js';
import { onBoth, STORES } from './on-both.js';

const on = onBoth(await freshPgDatabase());

const NOW = new Date(Date.UTC(2026, 2, 2, 9, 30, 15, 250));
const DAY = dayOf(NOW);
const LATER = new Date(NOW.getTime() + 3_600_000);

async function inboxRows(q: Q) {
  const { telegramInbox: t } = tables(q);
  return q.select().from(t).orderBy(asc(t.updateId));
}

describe.each(STORES)('the Telegram inbox on %s', (store) => {
  it('stores an update once per update id (a settled one done and empty), and gives back only those it stored', () => on(store, async (q) => {
    const first = await insertUpdates(q, [
      { updateId: 1, chatKey: '10', payload: '{"a":1}' },
      { updateId: 2, chatKey: '-20', payload: '{"chatter":1}', settled: true },
      { updateId: 3, chatKey: '30', payload: '{"c":3}' },
    ], NOW);
    expect(first.map((r) => r.updateId)).toEqual([1, 2, 3]);
    // A redelivery (1) and an update twice in one batch (4) are stored once.
    const again = await insertUpdates(q, [
      { updateId: 1, chatKey: '10', payload: '{"a":"again"}' },
      { updateId: 4, chatKey: '10', payload: '{"d":4}' },
      { updateId: 4, chatKey: '10', payload: '{"d":"twice"}' },
    ], NOW);
    expect(again).toEqual([{ updateId: 4, chatKey: '10', payload: '{"d":4}' }]);
    expect(await insertUpdates(q, [], NOW)).toEqual([]);
    expect(await inboxRows(q)).toEqual([
      { updateId: 1, chatKey: '10', payload: '{"a":1}', status: 'pending', attempts: 1, lastError: null, receivedAt: NOW, doneAt: null },
      { updateId: 2, chatKey: '', payload: '', status: 'done', attempts: 0, lastError: null, receivedAt: DAY, doneAt: DAY },
      { updateId: 3, chatKey: '30', payload: '{"c":3}', status: 'pending', attempts: 1, lastError: null, receivedAt: NOW, doneAt: null },
      { updateId: 4, chatKey: '10', payload: '{"d":4}', status: 'pending', attempts: 1, lastError: null, receivedAt: NOW, doneAt: null },
    ]);
  }));

  it('gives the pending updates after a cursor in update id order, counts attempts, and marks one handled keeping only its id, mark, attempts and day', () => on(store, async (q) => {
    await insertUpdates(q, [4, 1, 3, 2].map((id) => ({ updateId: id, chatKey: String(id % 2), payload: `{"id":${id}}` })), NOW);
    expect(await pendingUpdates(q, 0, 10)).toEqual([1, 2, 3, 4].map((id) => ({ updateId: id, chatKey: String(id % 2), payload: `{"id":${id}}`, attempts: 1 })));
    expect((await pendingUpdates(q, 1, 2)).map((r) => r.updateId)).toEqual([2, 3]);
    expect(await leaseUpdate(q, 3)).toBe(2);
    expect(await leaseUpdate(q, 3)).toBe(3);
    expect(await leaseUpdate(q, 99)).toBe(0);
    await recordFailure(q, 2, 'Error: try again');
    await markDone(q, 2, LATER);
    await markDead(q, 3, 'Error: boom', '{"kept":true}', LATER);
    expect((await pendingUpdates(q, 0, 10)).map((r) => r.updateId)).toEqual([1, 4]);
    const [, two, three] = await inboxRows(q);
    expect(two).toEqual({ updateId: 2, chatKey: '', payload: '', status: 'done', attempts: 1, lastError: null, receivedAt: DAY, doneAt: DAY });
    expect(three).toEqual({ updateId: 3, chatKey: '', payload: '{"kept":true}', status: 'dead', attempts: 3, lastError: 'Error: boom', receivedAt: DAY, doneAt: DAY });
    // Handled updates received before the day after go; dead letters and pending ones stay.
    expect(await pruneInbox(q, new Date(DAY.getTime() + 86_400_000))).toBe(1);
    expect((await inboxRows(q)).map((r) => [r.updateId, r.status])).toEqual([[1, 'pending'], [3, 'dead'], [4, 'pending']]);
  }));

  it('keeps groups the bot left, moves a migrated group\'s binding, and keeps the first webhook secret stored', () => on(store, async (q) => {
    const { chats } = tables(q);
    await setChatStatus(q, '-100', 'left', NOW);
    await setChatStatus(q, '-200', 'left', NOW);
    await setChatStatus(q, '-200', 'member', LATER);
    expect(await leftChats(q)).toEqual(['-100']);
    await q.insert(chats).values({ platform: 'telegram', platformChatId: '-100', kind: 'group', binding: 'staff', scope: 'logistics', createdAt: NOW });
    expect(await migrateChat(q, '-100', '-1000100')).toBe(true);
    expect(await migrateChat(q, '-300', '-1000100')).toBe(false); // the new id has its row already
    expect((await q.select({ id: chats.platformChatId, binding: chats.binding }).from(chats))).toEqual([{ id: '-1000100', binding: 'staff' }]);
    expect(await leftChats(q)).toEqual([]);
    expect(await getSetting(q, 'webhook_secret')).toBeUndefined();
    expect(await keepSetting(q, 'webhook_secret', 'first')).toBe('first');
    expect(await keepSetting(q, 'webhook_secret', 'second')).toBe('first');
  }));
});

describe.each(STORES)('stored button payloads on %s', (store) => {
  it('keeps a payload behind its id (once, however often a message repeats it), and forgets those unused since', () => on(store, async (q) => {
    await saveButtons(q, [{ id: '~a', data: 'long:a' }, { id: '~b', data: 'long:b' }, { id: '~a', data: 'long:a' }], NOW);
    await saveButtons(q, [{ id: '~b', data: 'long:b' }], LATER);
    expect(await findButton(q, '~a')).toBe('long:a');
    expect(await findButton(q, '~z')).toBeUndefined();
    expect(await pruneButtons(q, new Date(NOW.getTime() + 1))).toBe(1);
    expect([await findButton(q, '~a'), await findButton(q, '~b')]).toEqual([undefined, 'long:b']);
  }));
});

describe.each(STORES)('the Discord inbox on %s', (store) => {
  const event = (key: string, channelId: string, kind: 'dm' | 'guild' = 'dm'): NewEvent<ChannelMark> =>
    ({ key, chatKey: channelId, payload: `{"id":"${key}"}`, settled: false, event: { channelId, kind, messageId: key } });
  const inbox = discordStore((e) => e as ChannelMark);

  it('stores an event once, moves its channel\'s mark forward (never back), and marks it handled', () => on(store, async (q) => {
    const added = await inbox.insert(q, [event('1000', 'dm1'), event('999', 'dm1'), event('1000', 'dm1'), event('1001', 'g1', 'guild')], NOW);
    expect(added.map((r) => r.key)).toEqual(['1000', '999', '1001']);
    const [a, b, d] = added.map((r) => r.seq) as [number, number, number];
    expect(a < b && b < d).toBe(true); // in the order stored (a conflict may use up a number)
    expect(await inbox.pending(q, a, 10)).toEqual([
      { seq: b, chatKey: 'dm1', payload: '{"id":"999"}', attempts: 1 }, { seq: d, chatKey: 'g1', payload: '{"id":"1001"}', attempts: 1 },
    ]);
    expect(await inbox.lease(q, b)).toBe(2);
    await inbox.recordFailure(q, b, 'Error: later');
    await inbox.markDead(q, b, 'Error: boom', '', LATER);
    await markEventDone(q, a, LATER);
    expect((await inbox.pending(q, 0, 10)).map((r) => r.seq)).toEqual([d]);
    // A snowflake one digit longer is later; a shorter one is not.
    await markChannel(q, { channelId: 'dm1', kind: 'dm', messageId: '99' }, LATER);
    const { chats, discordChannels: c } = tables(q);
    await q.insert(chats).values({ platform: 'discord', platformChatId: 'g1', kind: 'group', binding: 'staff', scope: 'logistics', createdAt: NOW });
    await q.insert(chats).values({ platform: 'discord', platformChatId: 'g2', kind: 'group', binding: 'class', scope: '2301', createdAt: NOW });
    const byChannel = async () => (await channelsToCatchUp(q, NOW)).sort((a, b) => (a.channelId < b.channelId ? -1 : 1));
    expect(await byChannel()).toEqual([
      { channelId: 'dm1', kind: 'dm', after: '1000' }, { channelId: 'g1', kind: 'guild', after: '1001' }, { channelId: 'g2', kind: 'guild', after: null },
    ]);
    await markChannel(q, { channelId: 'dm1', kind: 'dm', messageId: '10000' }, LATER);
    expect((await byChannel())[0]).toEqual({ channelId: 'dm1', kind: 'dm', after: '10000' });
    // Pruned: handled events stored before, DMs that are no one's private chat, unbound server channels.
    await markChannel(q, { channelId: 'g9', kind: 'guild', messageId: '5' }, NOW);
    await pruneDiscord(q, new Date(DAY.getTime() + 86_400_000));
    expect((await q.select({ id: c.channelId }).from(c).orderBy(asc(c.channelId))).map((r) => r.id)).toEqual(['g1']);
    const { discordInbox: i } = tables(q);
    expect((await q.select({ seq: i.seq, status: i.status }).from(i).orderBy(asc(i.seq)))).toEqual([{ seq: b, status: 'dead' }, { seq: d, status: 'pending' }]);
  }));

  it('finds the outbox rows an interaction\'s unit wrote for its caller and its channel', () => on(store, async (q) => {
    const { identities, members, outbox } = tables(q);
    expect(await outboxHighWater(q)).toBe(0);
    const [m] = await q.insert(members).values({ name: '王', locale: 'zh-CN', createdAt: NOW }).returning();
    const [me] = await q.insert(identities).values({ memberId: m!.id, platform: 'discord', platformUserId: 'u1', displayName: '王', privateChatId: 'dm-u1', createdAt: NOW, lastSeenAt: NOW }).returning();
    const row = (chatId: string, chatKind: 'private' | 'group', identityId: number | null, editOf: string | null = null) => ({
      kind: 'reply', platform: 'discord' as const, chatId, chatKind, identityId, editOf, locale: 'zh-CN' as const, payload: { text: 'x' }, nextAttemptAt: NOW, createdAt: NOW, updatedAt: NOW,
    });
    await q.insert(outbox).values(row('c1', 'group', null));
    const before = await outboxHighWater(q);
    expect(before).toBe(1);
    await q.insert(outbox).values([
      row('dm-u1', 'private', me!.id), row('c1', 'group', null), row('c2', 'group', null), row('c1', 'group', null, 'm1'), row('dm-u2', 'private', me!.id + 1),
    ]);
    expect(await rowsForInteraction(q, before, 'c1', 'u1')).toEqual([{ id: 2, toCaller: true }, { id: 3, toCaller: false }]);
    expect(await rowsForInteraction(q, before, 'c1', 'u2')).toEqual([{ id: 3, toCaller: false }]);
  }));
});

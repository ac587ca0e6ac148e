/**
 * The outbox's enqueue side and its receipts on both stores: proactive rows written once per
 * dedupe key, read back by key, counted, coarsened and deleted by key prefix (what a closed
 * anonymous survey and a cancelled announcement do), anonymous leftovers dropped, an `unknown`
 * delivery confirmed; how a relay's rows stand and whether its sender was told. The same repo
 * functions run on SQLite and on a real PostgreSQL with the same expectations. A key prefix means
 * the key's first characters in any collation: on PostgreSQL in one that ignores punctuation (as
 * glibc's en_US does), `survey:12:` is not a key of `survey:1:`.
 */
import { eq, inArray, isNull } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Q } from '../../src/db/client.js';
import { closePg, openPg } from '../../src/db/pg/client.js';
import { LANE, type OutboxStatus } from '../../src/db/schema.js';
import { tables } from '../../src/db/tables.js';
import {
  coarsenOutboxByPrefix, confirmOutbox, deleteForgottenOutbox, deleteOutboxByPrefix, insertOutbox, insertOwed, outboxByKey,
  outboxStatusCounts, type NewOutboxRow, type Owed,
} from '../../src/core/outbox.repo.js';
import { receiptTold, relayOutcome } from '../../src/core/outbox.receipts.repo.js';
import { asSuperuser, databaseUrl, freshPgDatabase } from './db.js';
import { resultsOnBoth } from './on-both.js';

const url = await freshPgDatabase();

const t0 = new Date('2026-03-02T08:30:00Z');
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
const day = new Date('2026-03-02T00:00:00Z');

const proactive = (key: string, more: Partial<NewOutboxRow> = {}): NewOutboxRow => ({
  kind: 'survey.invite', dedupeKey: key, memberId: null, platform: 'telegram', chatId: `chat-${key}`, chatKind: 'private', locale: 'zh-CN',
  payload: { text: `invite ${key}` }, meta: { runId: 1 }, nextAttemptAt: at(1), createdAt: t0, updatedAt: t0, ...more,
});

const owed = (text: string, more: Partial<Owed> = {}): Owed => ({
  kind: 'reply', lane: LANE.reply, memberId: null, identityId: null, platform: 'telegram', chatId: 'staff', chatKind: 'group', locale: 'zh-CN',
  payload: { text }, editOf: null, meta: null, onSent: null, onFailed: null, forget: false, at: t0.getTime(), ...more,
});

/** What the enqueue side does, as its repo functions see it. */
async function enqueue(q: Q) {
  const { outbox } = tables(q);
  const first = await insertOutbox(q, proactive('survey:1:invite:2'));
  const again = await insertOutbox(q, proactive('survey:1:invite:2', { payload: { text: 'changed' } }));
  await insertOutbox(q, proactive('survey:1:invite:3', { status: 'unreachable', lastError: 'no reachable private chat' }));
  await insertOutbox(q, proactive('survey:12:invite:2'));
  await insertOutbox(q, proactive('survey:1:remind:1:2', { kind: 'survey.reminder', nextAttemptAt: at(90) }));
  await insertOutbox(q, proactive('announce:1:telegram:-100', { kind: 'announce', status: 'unknown', lastError: 'timed out' }));
  const byKey = await outboxByKey(q, 'survey:1:invite:2');
  const counts = { run1: await outboxStatusCounts(q, 'survey:1:'), run12: await outboxStatusCounts(q, 'survey:12:'), none: await outboxStatusCounts(q, 'poll:') };

  await confirmOutbox(q, 'announce:1:telegram:-100', at(5)); // the recipient pressed its button
  await confirmOutbox(q, 'survey:1:invite:2', at(5)); // pending: not `unknown`, left as it is
  const confirmed = [(await outboxByKey(q, 'announce:1:telegram:-100'))!, (await outboxByKey(q, 'survey:1:invite:2'))!]
    .map((r) => [r.status, r.updatedAt]);

  // An anonymous survey run closes: reminders go, invitations keep only their day.
  const removed = await deleteOutboxByPrefix(q, 'survey:1:remind:');
  const coarsened = await coarsenOutboxByPrefix(q, 'survey:1:invite:');
  const times = async (key: string) => {
    const r = (await outboxByKey(q, key))!;
    return [r.createdAt, r.updatedAt, r.nextAttemptAt, r.lastError];
  };

  // What anonymous replies leave once sent: no key, no recipient; one still under way and one from before the run stay.
  await insertOwed(q, owed('anonymous answer', { chatId: 'a' }));
  await insertOwed(q, owed('still going', { chatId: 'b' }));
  await insertOwed(q, owed('before the run', { chatId: 'c', at: at(-60).getTime() }));
  await insertOwed(q, owed('to someone', { chatId: 'd' }));
  await q.update(outbox).set({ status: 'sent' }).where(inArray(outbox.chatId, ['a', 'c', 'd']));
  await q.update(outbox).set({ chatId: null, chatKind: null, payload: { text: '' } }).where(inArray(outbox.chatId, ['a', 'b', 'c']));
  const dropped = await deleteForgottenOutbox(q, at(-1));
  const left = (await q.select().from(outbox).where(isNull(outbox.dedupeKey)).orderBy(outbox.id)).map((r) => [r.status, r.chatId, r.createdAt]);

  return {
    created: [first.created, again.created, again.row.id === first.row.id, again.row.payload.text],
    byKey: byKey && [byKey.kind, byKey.status, byKey.meta, byKey.lane, byKey.chatId, byKey.nextAttemptAt, byKey.createdAt],
    missing: await outboxByKey(q, 'survey:9:invite:1'),
    counts,
    confirmed,
    removed,
    coarsened,
    invites: [await times('survey:1:invite:2'), await times('survey:1:invite:3')],
    otherRun: await times('survey:12:invite:2'),
    afterClose: await outboxStatusCounts(q, 'survey:1:'),
    dropped,
    left,
  };
}

/** How relays stand (core/receipts.ts), as the receipts' repo functions read them. */
async function receipts(q: Q) {
  const { outbox } = tables(q);
  const relayRow = async (status: OutboxStatus, relay: string, hook = 'tickets.reply') => {
    const chatId = `${hook}-${relay}-${status}`;
    await insertOwed(q, owed('relayed', { chatId, meta: { relay, ticketId: 4 }, onSent: hook, onFailed: hook }));
    await q.update(outbox).set({ status }).where(eq(outbox.chatId, chatId));
  };
  for (const s of ['pending', 'sending', 'sent', 'unknown', 'failed', 'unreachable'] as const) await relayRow(s, 'r1');
  await relayRow('unreachable', 'r2');
  await relayRow('sent', 'r1', 'cases.reply'); // another feature's relay of the same name
  const before = await receiptTold(q, 'tickets.reply:r1');
  await insertOwed(q, owed('passed on', { meta: { ticketId: 4, receiptOf: 'tickets.reply:r1' } }));
  return {
    r1: await relayOutcome(q, 'tickets.reply', 'r1'),
    r2: await relayOutcome(q, 'tickets.reply', 'r2'),
    other: await relayOutcome(q, 'cases.reply', 'r1'),
    none: await relayOutcome(q, 'tickets.reply', 'r3'),
    told: [before, await receiptTold(q, 'tickets.reply:r1'), await receiptTold(q, 'tickets.reply:r2')],
  };
}

describe('the outbox\'s enqueue side', () => {
  it('runs the same on SQLite and PostgreSQL: once per key, read by key, counted, confirmed, coarsened and deleted by key prefix', async () => {
    const { sqlite, postgres } = await resultsOnBoth(url, enqueue);
    expect(sqlite).toEqual({
      created: [true, false, true, 'invite survey:1:invite:2'], // the second enqueue of a key changes nothing
      byKey: ['survey.invite', 'pending', { runId: 1 }, LANE.bulk, 'chat-survey:1:invite:2', at(1), t0],
      missing: undefined,
      counts: { run1: { pending: 2, unreachable: 1 }, run12: { pending: 1 }, none: {} }, // survey:12: is not part of survey:1:
      confirmed: [['sent', at(5)], ['pending', t0]],
      removed: 1,
      coarsened: 2,
      invites: [[day, day, day, null], [day, day, day, null]],
      otherRun: [t0, t0, at(1), null],
      afterClose: { pending: 1, unreachable: 1 },
      dropped: 1,
      left: [['pending', null, t0], ['sent', null, at(-60)], ['sent', 'd', t0]],
    });
    expect(postgres).toEqual(sqlite);
  });
});

describe('receipts of relays', () => {
  it('runs the same on SQLite and PostgreSQL: a relay\'s rows by status (meta.relay), and whether its sender was told (meta.receiptOf)', async () => {
    const { sqlite, postgres } = await resultsOnBoth(url, receipts);
    expect(sqlite).toEqual({
      r1: { sent: 1, open: 2, unknown: 1 },
      r2: { sent: 0, open: 0, unknown: 0 },
      other: { sent: 1, open: 0, unknown: 0 },
      none: { sent: 0, open: 0, unknown: 0 },
      told: [false, true, false],
    });
    expect(postgres).toEqual(sqlite);
  });
});

describe('key prefixes on PostgreSQL', () => {
  it('are the keys\' first characters in a collation that ignores punctuation, as glibc\'s en_US does', async () => {
    const server = new URL(url);
    const name = `${server.pathname.slice(1)}_shifted`;
    await asSuperuser(url, `create database ${name} template template0 locale_provider icu icu_locale 'und-u-ka-shifted' locale 'C.UTF-8'`);
    const pgDb = await openPg(databaseUrl(url, name));
    try {
      const q = pgDb as unknown as Q;
      for (const key of ['survey:1:invite:2', 'survey:12:invite:2', 'survey:1:remind:1:2', 'survey:1']) await insertOutbox(q, proactive(key));
      expect(await outboxStatusCounts(q, 'survey:1:')).toEqual({ pending: 2 });
      expect(await coarsenOutboxByPrefix(q, 'survey:1:invite:')).toBe(1);
      expect(await deleteOutboxByPrefix(q, 'survey:1:')).toBe(2);
      expect((await outboxByKey(q, 'survey:12:invite:2'))?.createdAt).toEqual(t0);
      expect(await outboxStatusCounts(q, 'survey:')).toEqual({ pending: 2 });
    } finally {
      await closePg(pgDb);
      await asSuperuser(url, `drop database if exists ${name} with (force)`);
    }
  });
});

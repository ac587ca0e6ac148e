/**
 * The outbox queue's queries on both stores: rows written (owed replies),
 * the next row of each chat picked in lane order, claimed, and ended (sent, retried, paused,
 * recovered after a crash), run by the same repo functions on SQLite and on a real PostgreSQL with
 * the same expectations. On PostgreSQL, instances claiming at once never take the same row: a row
 * another transaction is claiming is skipped (FOR UPDATE SKIP LOCKED), not waited for.
 */
import { describe, expect, it } from 'vitest';
import type { Q } from '../../src/db/client.js';
import { resultsOnBoth } from './on-both.js';
import { closePg, openPg, type PgDb } from '../../src/db/pg/client.js';
import { LANE } from '../../src/db/schema.js';
import { insertOwed, type Owed } from '../../src/core/outbox.repo.js';
import { tables } from '../../src/db/tables.js';
import {
  claimOutbox, dueOutbox, finishOutbox, nextOutboxTime, outboxById, pausePlatform, recoverSending, retryOutbox,
} from '../../src/core/outbox.queue.repo.js';
import { freshPgDatabase } from './db.js';

const url = await freshPgDatabase();

const t0 = new Date('2026-03-02T08:00:00Z');
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

const owed = (chatId: string, text: string, more: Partial<Owed> = {}): Owed => ({
  kind: 'reply', lane: LANE.reply, memberId: null, identityId: null, platform: 'telegram', chatId, chatKind: 'private', locale: 'zh-CN',
  payload: { text }, editOf: null, meta: { relay: 'r1' }, onSent: null, onFailed: 'tickets.reply', forget: false, at: t0.getTime(), ...more,
});

/** What a queue goes through, as the repo functions read it. */
async function queue(q: Q) {
  await insertOwed(q, owed('a', 'a1'));
  await insertOwed(q, owed('a', 'a2'));
  await insertOwed(q, owed('b', 'b1', { lane: LANE.bulk }));
  await insertOwed(q, owed('c', 'crisis', { lane: LANE.crisis }));
  const { outbox } = tables(q); // a proactive message, due in a minute
  await q.insert(outbox).values({
    kind: 'survey.invite', dedupeKey: 'survey:1:7', platform: 'discord', chatId: 'd', locale: 'en', payload: { text: 'invite' },
    nextAttemptAt: at(60), createdAt: t0, updatedAt: t0,
  });
  const texts = async (rows: { id: number }[]) => Promise.all(rows.map(async (r) => (await outboxById(q, r.id))!.payload.text));

  const due = await dueOutbox(q, t0, 10); // the invite waits for its time; chat a's second row behind its first
  const claimed = await claimOutbox(q, due.map((r) => r.id), at(1));
  const claimedAgain = await claimOutbox(q, due.map((r) => r.id), at(1));
  const stored = await Promise.all(claimed.map(async (r) => outboxById(q, r.id))); // a claimed row is the row as stored, every field
  const [crisis, a1, b1] = ['crisis', 'a1', 'b1'].map((text) => claimed.find((r) => r.payload.text === text));
  await finishOutbox(q, crisis!.id, 'sent', at(2), { platformMessageId: 'm1' });
  await finishOutbox(q, a1!.id, 'sent', at(2), { platformMessageId: 'm2' });
  await retryOutbox(q, b1!.id, at(30), 'fake 500', at(2));
  await pausePlatform(q, 'telegram', at(20));
  await pausePlatform(q, 'telegram', at(10)); // an earlier end does not shorten the pause
  const whilePaused = await dueOutbox(q, at(5), 10);
  const nextTime = await nextOutboxTime(q);
  const afterPause = await texts(await dueOutbox(q, at(25), 10));
  const later = await texts(await dueOutbox(q, at(60), 10));
  const [a2] = await claimOutbox(q, [(await dueOutbox(q, at(60), 10))[0]!.id], at(61)); // then the bot is killed
  const recovered = await recoverSending(q, at(100));
  return {
    due: await texts(due),
    lanes: due.map((r) => [r.lane, r.platform, r.chatId, r.chatKind]),
    claimed: claimed.map((r) => [r.payload.text, r.status, r.attempts, r.updatedAt, r.meta]),
    claimedAgain: claimedAgain.length,
    claimedRows: claimed,
    storedRows: stored,
    ended: [await outboxById(q, crisis!.id), await outboxById(q, b1!.id)].map((r) => [r!.status, r!.platformMessageId, r!.lastError, r!.nextAttemptAt]),
    whilePaused: whilePaused.length,
    nextTime,
    afterPause,
    later,
    recovered: { ...recovered, hooked: recovered.hooked.map((h) => [h.id === a2!.id, h.onFailed, h.meta]) },
    a2: (await outboxById(q, a2!.id))!.status,
  };
}

describe('the outbox queue', () => {
  it('runs the same on SQLite and PostgreSQL: lane order, one row per chat, claims, outcomes, pauses and recovery', async () => {
    const { sqlite, postgres } = await resultsOnBoth(url, queue);
    const { claimedRows: _claimed, storedRows: _stored, ...read } = sqlite;
    expect(read).toEqual({
      due: ['crisis', 'a1', 'b1'],
      lanes: [[LANE.crisis, 'telegram', 'c', 'private'], [LANE.reply, 'telegram', 'a', 'private'], [LANE.bulk, 'telegram', 'b', 'private']],
      claimed: [['a1', 'sending', 1, at(1), { relay: 'r1' }], ['b1', 'sending', 1, at(1), { relay: 'r1' }], ['crisis', 'sending', 1, at(1), { relay: 'r1' }]], // in id order
      claimedAgain: 0,
      ended: [['sent', 'm1', null, t0], ['pending', null, 'fake 500', at(30)]],
      whilePaused: 0,
      nextTime: at(20),
      afterPause: ['a2'], // b1 waits for its retry, and holds nothing else back
      later: ['a2', 'b1', 'invite'],
      recovered: { unknown: 1, again: 0, hooked: [[true, 'tickets.reply', { relay: 'r1' }]] },
      a2: 'unknown',
    });
    expect(sqlite.claimedRows).toEqual(sqlite.storedRows);
    expect(postgres).toEqual(sqlite);
  });

  it('on PostgreSQL, never gives a row to two claimers at once: the second skips what the first holds', async () => {
    const pgDb = await openPg(url);
    try {
      await pgDb.execute('truncate outbox, outbox_pauses restart identity');
      for (let i = 0; i < 40; i++) await insertOwed(pgDb as unknown as Q, owed(`chat-${i}`, `m${i}`));
      const ids = (await dueOutbox(pgDb as unknown as Q, at(1), 100)).map((r) => r.id);
      expect(ids).toHaveLength(40);

      // The first claims half and keeps its transaction open; the second, meanwhile, asks for all.
      let firstHolds!: () => void;
      const holding = new Promise<void>((r) => (firstHolds = r));
      let secondDone!: () => void;
      const done = new Promise<void>((r) => (secondDone = r));
      const first = pgDb.transaction(async (tx) => {
        const rows = await claimOutbox(tx as unknown as Q, ids.slice(0, 20), at(2));
        firstHolds();
        await done;
        return rows.map((r) => r.id);
      });
      await holding;
      const second = await pgDb.transaction((tx) => claimOutbox(tx as unknown as Q, ids, at(2))).then((rows) => rows.map((r) => r.id));
      secondDone();
      expect(second).toEqual(ids.slice(20)); // not blocked by the first, and none of its rows
      expect(await first).toEqual(ids.slice(0, 20));

      // Many at once over the same rows: each row is claimed exactly once.
      await pgDb.execute("update outbox set status = 'pending'");
      const claims = await Promise.all(Array.from({ length: 6 }, () => claimConcurrently(pgDb, ids)));
      const all = claims.flat();
      expect(all.sort((a, b) => a - b)).toEqual(ids);
      expect(new Set(all).size).toBe(all.length);
    } finally {
      await closePg(pgDb);
    }
  });
});

/** One claimer: its own transaction on its own pooled connection. */
function claimConcurrently(pgDb: PgDb, ids: number[]): Promise<number[]> {
  return pgDb.transaction(async (tx) => (await claimOutbox(tx as unknown as Q, ids, at(3))).map((r) => r.id));
}

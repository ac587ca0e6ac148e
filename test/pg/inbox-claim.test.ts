import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { closeDb, openDb, type Q } from '../../src/db/client.js';
import { claimOldestUpdate } from '../../src/adapters/telegram/telegram.claim.repo.js';
import { tables } from '../../src/db/tables.js';
import { freshPgDatabase } from './db.js';
import { held, instances } from './instances.js';

const url = await freshPgDatabase();
const [a, b, c] = await instances(url, 3);
const T0 = new Date('2026-12-07T10:00:00Z');

/** Stores updates as the webhook does: `[updateId, chatKey]` each, pending. */
async function store(q: Q, updates: [number, string][]): Promise<void> {
  const { telegramInbox } = tables(q);
  await q.insert(telegramInbox).values(updates.map(([updateId, chatKey]) => ({ updateId, chatKey, payload: `{"update_id":${updateId}}`, status: 'pending' as const, attempts: 1, receivedAt: T0 })));
}

/** What handling an update ends with, in the claiming unit (telegram.repo's markDone, on this handle's tables). */
async function markDone(q: Q, updateId: number): Promise<void> {
  const { telegramInbox } = tables(q);
  await q.update(telegramInbox).set({ status: 'done', chatKey: '', payload: '', doneAt: T0 }).where(eq(telegramInbox.updateId, updateId));
}

/** One instance's handling unit: claims an update (of `chat`, or any chat's), handles it, marks it done. */
async function handleOne(q: Q, chat?: string) {
  const row = await claimOldestUpdate(q, chat);
  if (row) await markDone(q, row.updateId);
  return row;
}

describe('the Telegram inbox claimed per chat across instances on PostgreSQL', () => {
  it('while one instance handles a chat\'s oldest update, another can take neither it nor that chat\'s next: it takes another chat\'s', async () => {
    await store(a as unknown as Q, [[10, 'x'], [11, 'x'], [12, 'y']]);
    const one = held(a!, (q) => handleOne(q, 'x'));
    expect((await one.value)?.updateId).toBe(10);
    expect(await b!.transaction((tx) => claimOldestUpdate(tx as unknown as Q, 'x'))).toBeUndefined();
    const two = held(b!, (q) => handleOne(q));
    expect((await two.value)?.updateId).toBe(12);
    await one.commit();
    await two.commit();
    // Update 10 done: chat x's next is its oldest now, for anyone.
    expect((await c!.transaction((tx) => handleOne(tx as unknown as Q)))?.updateId).toBe(11);
    expect(await c!.transaction((tx) => handleOne(tx as unknown as Q))).toBeUndefined();
  });

  it('an update whose unit rolled back (the instance died) is the chat\'s oldest again, ahead of the chat\'s next', async () => {
    await store(a as unknown as Q, [[20, 'z'], [21, 'z']]);
    await expect(a!.transaction(async (tx) => {
      expect((await handleOne(tx as unknown as Q, 'z'))?.updateId).toBe(20);
      throw new Error('the instance died while handling it');
    })).rejects.toThrow('died');
    expect((await b!.transaction((tx) => handleOne(tx as unknown as Q, 'z')))?.updateId).toBe(20);
    expect((await b!.transaction((tx) => handleOne(tx as unknown as Q, 'z')))?.updateId).toBe(21);
  });

  it('three instances handling 600 updates of 30 chats at once: each update once, each chat\'s in update_id order', async () => {
    const updates: [number, string][] = Array.from({ length: 600 }, (_, i) => [1000 + i, `chat-${(i * 7) % 30}`]);
    await store(a as unknown as Q, updates);
    const handled: { updateId: number; chatKey: string }[] = [];
    const byInstance = [0, 0, 0];
    await Promise.all([a, b, c].map(async (db, i) => {
      for (;;) {
        // Noted before the commit: a chat's next update can be claimed only after this one committed.
        const row = await db!.transaction(async (tx) => {
          const r = await handleOne(tx as unknown as Q);
          if (r) handled.push(r);
          return r;
        });
        if (!row) {
          // Nothing free now: done only when nothing is pending at all (another may hold the last ones).
          const { telegramInbox } = tables(db as unknown as Q);
          const pending = await db!.select().from(telegramInbox as never).where(eq(telegramInbox.status, 'pending'));
          if (!pending.length) return;
          continue;
        }
        byInstance[i]!++;
      }
    }));
    expect(handled.map((r) => r.updateId).sort((x, y) => x - y)).toEqual(updates.map(([id]) => id));
    for (let chat = 0; chat < 30; chat++) {
      const order = handled.filter((r) => r.chatKey === `chat-${chat}`).map((r) => r.updateId);
      expect(order).toEqual([...order].sort((x, y) => x - y));
    }
    expect(byInstance.filter((n) => n > 0).length).toBeGreaterThan(1);
  });
});

describe('the same claim on SQLite (one process)', () => {
  it('takes a chat\'s oldest pending update, or any chat\'s oldest', async () => {
    const db = openDb(':memory:');
    try {
      await store(db, [[5, 'p'], [6, 'q'], [7, 'p']]);
      expect((await handleOne(db, 'p'))?.updateId).toBe(5);
      expect((await handleOne(db))?.updateId).toBe(6);
      expect((await handleOne(db))?.updateId).toBe(7);
      expect(await handleOne(db)).toBeUndefined();
    } finally {
      closeDb(db);
    }
  });
});

/**
 * Units of work on PostgreSQL (db/units.ts pgUnitStore): each unit its own transaction on a pooled
 * connection, attempts savepoints on it, owed messages written as they are owed, all before COMMIT.
 */
import { eq } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import type { Q } from '../../src/db/client.js';
import { closePg, openPg, type PgDb } from '../../src/db/pg/client.js';
import { tables } from '../../src/db/tables.js';
import { pgUnitStore } from '../../src/db/units.js';
import { createUnitRunner, type Owed } from '../../src/core/unit-of-work.js';
import { freshPgDatabase } from './db.js';

const url = await freshPgDatabase();
const pools: PgDb[] = [];
afterAll(() => Promise.all(pools.map(closePg)));

/** An outbox row as the outbox writes it, through the builder on the unit's handle. */
async function oweRow(q: Q, m: Owed): Promise<void> {
  const { outbox } = tables(q);
  const at = new Date(0);
  await q.insert(outbox).values({
    kind: m.kind, lane: m.lane, platform: m.platform, chatId: m.chatId, locale: m.locale ?? 'zh-CN', payload: m.out, memberId: m.memberId ?? null,
    nextAttemptAt: at, createdAt: at, updatedAt: at,
  });
}

async function setup() {
  const db = await openPg(url);
  pools.push(db);
  const log = pino({ level: 'silent' });
  let commits = 0;
  const units = createUnitRunner({ store: pgUnitStore(db), log, owe: oweRow, committed: () => void commits++ });
  const addMember = async (q: Q, name: string) => {
    const { members } = tables(q);
    await q.insert(members).values({ name, createdAt: new Date(0) });
  };
  // Read on the pool: what is committed, as another connection sees it.
  const names = async () => (await db.$client.query('select name from members order by id')).rows.map((r: { name: string }) => r.name);
  const texts = async () => (await db.$client.query("select payload->>'text' as text from outbox order by id")).rows.map((r: { text: string }) => r.text);
  const clear = () => db.$client.query('truncate members, outbox restart identity cascade');
  await clear();
  return { db, units, addMember, names, texts, commits: () => commits };
}

describe('units of work on PostgreSQL', () => {
  it("commit a unit's writes and the messages it owes together, unseen by other connections until then", async () => {
    const { units, addMember, names, texts, commits } = await setup();
    await units.run(async (u) => {
      await addMember(u.q, 'a');
      u.send('local', 'c1', { text: 'one' });
      u.send('local', 'c1', { text: 'two' });
      expect(await names()).toEqual([]);
      expect(commits()).toBe(0);
    });
    expect(await names()).toEqual(['a']);
    expect(await texts()).toEqual(['one', 'two']);
    expect(commits()).toBe(1);
  });

  it('undo the writes and the messages of an attempt that throws, and keep the rest of the unit', async () => {
    const { units, addMember, names, texts } = await setup();
    await units.run(async (u) => {
      await addMember(u.q, 'kept');
      await u.attempt(async () => {
        await addMember(u.q, 'undone');
        u.send('local', 'c', { text: 'undone' });
        throw new Error('x');
      }).catch(() => u.send('local', 'c', { text: 'sorry' }));
      await addMember(u.q, 'after');
    });
    expect(await names()).toEqual(['kept', 'after']);
    expect(await texts()).toEqual(['sorry']);
  });

  it('write a message as the unit owes it: a member it names may be merged away later in the unit (as /link does), the row then naming no member, as on SQLite', async () => {
    const { db, units } = await setup();
    await units.run(async (u) => {
      const { members } = tables(u.q);
      const [absorbed] = await u.q.insert(members).values({ name: 'absorbed', createdAt: new Date(0) }).returning();
      u.send('local', 'c', { text: 'merged' }, { memberId: absorbed!.id });
      await u.q.delete(members).where(eq(members.id, absorbed!.id));
    });
    expect((await db.$client.query("select payload->>'text' as text, member_id from outbox")).rows).toEqual([{ text: 'merged', member_id: null }]);
  });

  it('leave nothing of a unit that throws (nor of one whose statement failed), and rethrow', async () => {
    const { units, addMember, names, texts, commits } = await setup();
    await expect(units.run(async (u) => {
      await addMember(u.q, 'gone');
      u.send('local', 'c1', { text: 'never' });
      u.afterCommit(() => { throw new Error('must not run'); });
      throw new Error('boom');
    })).rejects.toThrow('boom');
    await expect(units.run(async (u) => {
      await addMember(u.q, 'gone too');
      await u.q.insert(tables(u.q).members).values({ id: 1_000_000, name: null as unknown as string, createdAt: new Date(0) });
    })).rejects.toThrow();
    expect(await names()).toEqual([]);
    expect(await texts()).toEqual([]);
    expect(commits()).toBe(0);
    await units.run((u) => addMember(u.q, 'next')); // the connection went back to the pool usable
    expect(await names()).toEqual(['next']);
  });

  it("of two pools (two processes) do not see each other's uncommitted rows", async () => {
    const one = await setup();
    const two = await setup();
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let written!: () => void;
    const wrote = new Promise<void>((r) => (written = r));
    const first = one.units.run(async (u) => {
      await one.addMember(u.q, 'from one');
      written();
      await held;
    });
    await wrote;
    const seen = await two.units.run(async (u) => (await u.q.select().from(tables(u.q).members)).map((m) => m.name));
    expect(seen).toEqual([]);
    release();
    await first;
    expect(await two.units.read(async (q) => (await q.select().from(tables(q).members)).map((m) => m.name))).toEqual(['from one']);
  });

  it('run one at a time in a process, in the order they were asked for', async () => {
    const { units, addMember, names } = await setup();
    const steps: string[] = [];
    await Promise.all(['a', 'b', 'c'].map((name) => units.run(async (u) => {
      steps.push(`start ${name}`);
      await addMember(u.q, name);
      steps.push(`end ${name}`);
    })));
    expect(steps).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    expect(await names()).toEqual(['a', 'b', 'c']);
  });

  it('give a unit started from inside another the same transaction, and atomic work outside any unit one of its own', async () => {
    const { units, addMember, names } = await setup();
    await units.run(async (u) => {
      await units.run((inner) => addMember(inner.q, 'inner'));
      await units.atomic((q) => addMember(q, 'atomic'));
      expect(units.q()).toBe(u.q);
      expect(await names()).toEqual([]);
    });
    await units.atomic((q) => addMember(q, 'alone'));
    expect(await names()).toEqual(['inner', 'atomic', 'alone']);
    expect(units.current()).toBeUndefined();
  });
});

/**
 * The Discord inbox's claim (discord.claim.repo.ts), the twin of the Telegram one
 * (test/pg/inbox-claim.test.ts): across instances on PostgreSQL a channel's oldest pending event is
 * taken by one unit at a time, in `seq` order; on SQLite (one process) every claim is the caller's.
 */
import { describe, expect, it } from 'vitest';
import { claimEventRow, claimOldestEvent } from '../../src/adapters/discord/discord.claim.repo.js';
import { discordStore, markDone } from '../../src/adapters/discord/discord.repo.js';
import type { NewEvent } from '../../src/adapters/shared/inbox.js';
import { closeDb, openDb, type Q } from '../../src/db/client.js';
import { freshPgDatabase } from './db.js';
import { held, instances, on } from './instances.js';

const url = await freshPgDatabase();
const [a, b] = await instances(url, 2);
const T0 = new Date('2026-12-07T10:00:00Z');
const inbox = discordStore(() => undefined);
const event = (key: string, channel: string): NewEvent<unknown> => ({ key, chatKey: channel, payload: `{"id":"${key}"}`, settled: false, event: {} });

/** Stores events as the gateway's holder does; their seqs in order. */
async function store(q: Q, events: [string, string][]): Promise<number[]> {
  return (await inbox.insert(q, events.map(([key, channel]) => event(key, channel)), T0)).map((r) => r.seq);
}

describe('the Discord inbox claimed per channel across instances on PostgreSQL', () => {
  it('while one unit holds a channel\'s oldest event, another gets neither it nor the channel\'s next, but another channel\'s', async () => {
    const [e1, e2, e3] = await on(a!, (q) => store(q, [['100', 'c1'], ['101', 'c1'], ['102', 'c2']])) as [number, number, number];
    const one = held(a!, async (q) => {
      const claim = await claimEventRow(q, e1, 'c1');
      await markDone(q, e1, T0);
      return claim;
    });
    expect(await one.value).toEqual({ kind: 'mine' });
    expect(await b!.transaction((tx) => claimEventRow(tx as unknown as Q, e1, 'c1'))).toEqual({ kind: 'busy' });
    expect(await b!.transaction((tx) => claimEventRow(tx as unknown as Q, e2, 'c1'))).toEqual({ kind: 'busy' });
    expect(await b!.transaction((tx) => claimOldestEvent(tx as unknown as Q))).toMatchObject({ seq: e3, chatKey: 'c2' });
    await one.commit();
    // Handled: the event is done for everyone else, and the channel's next is its oldest now.
    expect(await b!.transaction((tx) => claimEventRow(tx as unknown as Q, e1, 'c1'))).toEqual({ kind: 'done' });
    expect(await b!.transaction((tx) => claimEventRow(tx as unknown as Q, e2, 'c1'))).toEqual({ kind: 'mine' });
  });

  it('an event behind an older pending one of its channel is told the older one comes first', async () => {
    const [older, later] = await on(a!, (q) => store(q, [['200', 'c3'], ['201', 'c3']])) as [number, number];
    expect(await b!.transaction((tx) => claimEventRow(tx as unknown as Q, later, 'c3'))).toEqual({ kind: 'older', seq: older });
    expect(await b!.transaction((tx) => claimEventRow(tx as unknown as Q, older, 'c3'))).toEqual({ kind: 'mine' });
  });
});

describe('the same claim on SQLite (one process)', () => {
  it('is always the caller\'s, without a query; the oldest of a channel is still the oldest', async () => {
    const db = openDb(':memory:');
    try {
      const [e1, e2] = await store(db, [['300', 'c4'], ['301', 'c4']]) as [number, number];
      expect(await claimEventRow(db, e2, 'c4')).toEqual({ kind: 'mine' });
      expect(await claimOldestEvent(db, 'c4')).toMatchObject({ seq: e1 });
      await markDone(db, e1, T0);
      expect(await claimOldestEvent(db)).toMatchObject({ seq: e2 });
    } finally {
      closeDb(db);
    }
  });
});

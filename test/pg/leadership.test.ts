import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { closeDb, openDb, type Q } from '../../src/db/client.js';
import { closePg, openPg, type PgDb } from '../../src/db/pg/client.js';
import { systemClock } from '../../src/core/clock.js';
import { acquireLease, leaseOf } from '../../src/core/leases.repo.js';
import { createLeadership, type Leadership } from '../../src/core/leadership.js';
import { until } from '../until.js';
import { freshPgDatabase } from './db.js';

const url = await freshPgDatabase();
const log = pino({ level: 'silent' });
const TTL = 2000;

/** An instance running for the role `name`: its own pool, and a log of what it was told. */
async function instance(name: string, holder: string) {
  const db = await openPg(url, { max: 2 });
  const events: string[] = [];
  const leadership = createLeadership({
    name, holder, clock: systemClock, log, ttlMs: TTL,
    write: (work) => db.transaction((tx) => work(tx as unknown as Q)),
    gained: () => { events.push('gained'); },
    lost: () => { events.push('lost'); },
  });
  return { db, events, leadership, holder };
}

const holderOf = async (db: PgDb, name: string) => (await leaseOf(db as unknown as Q, name))?.holder;
const leaders = (xs: { leadership: Leadership }[]) => xs.filter((x) => x.leadership.leading());

describe('leadership on PostgreSQL', () => {
  it('two instances: one leads; when it dies (no more renewals), it stops leading and the other takes over after the expiry', async () => {
    const a = await instance('telegram.polling', 'A');
    const b = await instance('telegram.polling', 'B');
    await Promise.all([a.leadership.start(), b.leadership.start()]);
    expect(leaders([a, b])).toHaveLength(1);
    const [leader, other] = a.leadership.leading() ? [a, b] : [b, a];
    // It keeps leading across several renewals, and the other keeps waiting.
    const renewedFrom = (await leaseOf(leader.db as unknown as Q, 'telegram.polling'))!.expiresAt;
    await until(async () => (await leaseOf(other.db as unknown as Q, 'telegram.polling'))!.expiresAt.getTime() > renewedFrom.getTime() + TTL, 10_000);
    expect(leaders([a, b])).toEqual([leader]);
    expect(other.events).toEqual([]);

    await closePg(leader.db); // the leader's database connection is gone: its renewals fail
    await until(() => !leader.leadership.leading() && other.leadership.leading(), 10_000);
    expect(leader.events).toEqual(['gained', 'lost']);
    expect(other.events).toEqual(['gained']);
    expect(await holderOf(other.db, 'telegram.polling')).toBe(other.holder);
    await leader.leadership.stop();
    await other.leadership.stop();
    await closePg(other.db);
  });

  it('a leader stopping cleanly gives the lease up, and another takes over without waiting for the expiry', async () => {
    const a = await instance('discord.gateway', 'A');
    await a.leadership.start();
    expect(a.leadership.leading()).toBe(true);
    const b = await instance('discord.gateway', 'B');
    await b.leadership.start();
    expect(b.leadership.leading()).toBe(false);
    await a.leadership.stop();
    expect(a.events).toEqual(['gained', 'lost']);
    expect(await holderOf(b.db, 'discord.gateway')).toBeUndefined();
    await until(() => b.leadership.leading(), 10_000); // at its next ask (the lease row is gone: nothing to wait for)
    await b.leadership.stop();
    await Promise.all([closePg(a.db), closePg(b.db)]);
  });
});

describe('leadership on SQLite', () => {
  it('the one process leads from its first ask, even over an unexpired lease of its previous run', async () => {
    const db = openDb(':memory:');
    try {
      await acquireLease(db, 'telegram.polling', 'previous-run', systemClock.now(), 60_000);
      const events: string[] = [];
      const leadership = createLeadership({
        name: 'telegram.polling', holder: 'this-run', clock: systemClock, log, ttlMs: TTL,
        write: (work) => work(db), gained: () => { events.push('gained'); }, lost: () => { events.push('lost'); },
      });
      await leadership.start();
      expect(leadership.leading()).toBe(true);
      expect((await leaseOf(db, 'telegram.polling'))?.holder).toBe('this-run');
      await leadership.stop();
      expect(events).toEqual(['gained', 'lost']);
    } finally {
      closeDb(db);
    }
  });
});

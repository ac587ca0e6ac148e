import { describe, expect, it } from 'vitest';
import { closeDb, openDb, type Q } from '../../src/db/client.js';
import { acquireLease, leaseOf, releaseLease } from '../../src/core/leases.repo.js';
import { freshPgDatabase } from './db.js';
import { instances, on } from './instances.js';

const url = await freshPgDatabase();
const [a, b, c] = await instances(url, 3);
const T0 = new Date('2026-12-07T10:00:00Z');
const TTL = 15_000;
const at = (ms: number) => new Date(T0.getTime() + ms);

describe('leases on PostgreSQL: several instances, one leader', () => {
  it('three instances asking for the same lease at once: exactly one gets it, every time', async () => {
    for (let round = 0; round < 20; round++) {
      const name = `race-${round}`;
      const got = await Promise.all([a, b, c].map((db, i) => on(db!, (q) => acquireLease(q, name, `instance-${i}`, T0, TTL))));
      const winners = got.filter((l) => l !== undefined);
      expect(winners).toHaveLength(1);
      expect((await on(a!, (q) => leaseOf(q, name)))?.holder).toBe(winners[0]!.holder);
    }
  });

  it('the leader renews before expiry and keeps it; the other takes it over once it was not renewed in time', async () => {
    const name = 'telegram.polling';
    expect(await on(a!, (q) => acquireLease(q, name, 'A', T0, TTL))).toMatchObject({ holder: 'A', expiresAt: at(TTL), acquiredAt: T0 });
    expect(await on(b!, (q) => acquireLease(q, name, 'B', at(5_000), TTL))).toBeUndefined();
    // A renews: the expiry moves on, the time it took the lease stays.
    expect(await on(a!, (q) => acquireLease(q, name, 'A', at(10_000), TTL))).toMatchObject({ holder: 'A', expiresAt: at(25_000), acquiredAt: T0 });
    expect(await on(b!, (q) => acquireLease(q, name, 'B', at(24_999), TTL))).toBeUndefined();
    // A stopped renewing (it died): once its lease expired, B takes over, and A's late renewal fails.
    expect(await on(b!, (q) => acquireLease(q, name, 'B', at(25_001), TTL))).toMatchObject({ holder: 'B', acquiredAt: at(25_001) });
    expect(await on(a!, (q) => acquireLease(q, name, 'A', at(26_000), TTL))).toBeUndefined();
    expect((await on(c!, (q) => leaseOf(q, name)))?.holder).toBe('B');
  });

  it('a leader stopping cleanly gives the lease up: another takes it at once, without waiting for the expiry', async () => {
    const name = 'discord.gateway';
    await on(a!, (q) => acquireLease(q, name, 'A', T0, TTL));
    expect(await on(b!, (q) => releaseLease(q, name, 'B'))).toBe(false); // not B's to give up
    expect(await on(a!, (q) => releaseLease(q, name, 'A'))).toBe(true);
    expect(await on(b!, (q) => acquireLease(q, name, 'B', at(1), TTL))).toMatchObject({ holder: 'B' });
  });

  it('inside transactions: the second asker waits for the first to commit, then finds the lease taken', async () => {
    const name = 'outbox.sender';
    const first = a!.transaction((tx) => acquireLease(tx as unknown as Q, name, 'A', T0, TTL));
    const second = b!.transaction((tx) => acquireLease(tx as unknown as Q, name, 'B', T0, TTL));
    const results = await Promise.all([first, second]);
    expect(results.filter(Boolean)).toHaveLength(1);
  });
});

describe('leases on SQLite: one process, always the leader', () => {
  it('takes the lease even from an unexpired holder (a previous run of this process), and renews it', async () => {
    const db = openDb(':memory:');
    try {
      expect(await acquireLease(db, 'telegram.polling', 'run-1', T0, TTL)).toMatchObject({ holder: 'run-1', acquiredAt: T0 });
      expect(await acquireLease(db, 'telegram.polling', 'run-2', at(1_000), TTL)).toMatchObject({ holder: 'run-2', acquiredAt: at(1_000) });
      expect(await acquireLease(db, 'telegram.polling', 'run-2', at(5_000), TTL)).toMatchObject({ holder: 'run-2', expiresAt: at(20_000), acquiredAt: at(1_000) });
      expect(await releaseLease(db, 'telegram.polling', 'run-2')).toBe(true);
      expect(await leaseOf(db, 'telegram.polling')).toBeUndefined();
    } finally {
      closeDb(db);
    }
  });
});

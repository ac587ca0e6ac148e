/**
 * The `store.vacuum` task end to end on a real PostgreSQL: a unit that sealed something writes the
 * task row in its transaction (core/vacuum.repo.ts), and the app's scheduler runs it like any due
 * task, VACUUMing the tables it names outside any transaction (db/pg/vacuum.ts): the row ends `done`
 * and PostgreSQL counts a VACUUM of each table. On SQLite no row is written.
 */
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { LOCAL_BOT_USERNAME, createLocalPort } from '../../src/adapters/local/local-port.js';
import { SIM_START } from '../../src/adapters/sim/simulator.js';
import { ManualClock } from '../../src/core/clock.js';
import { seededRng } from '../../src/core/rng.js';
import { pendingTasks } from '../../src/core/tasks.repo.js';
import { VACUUM_TASK, vacuumLater } from '../../src/core/vacuum.repo.js';
import { closeDb, openDb } from '../../src/db/client.js';
import { openPg, type PgDb } from '../../src/db/pg/client.js';
import { pgStore, sqliteStore, type Store } from '../../src/db/store.js';
import { testConfig } from '../harness.js';
import { freshPgDatabase } from './db.js';

const url = await freshPgDatabase();

function appOn(store: Store) {
  const clock = new ManualClock(new Date(SIM_START));
  const app = createApp({
    config: testConfig(), db: openDb(':memory:'), store, clock, rng: seededRng(1), log: pino({ level: 'silent' }),
    ports: new Map([['local', createLocalPort(() => undefined)]]), botUsername: () => LOCAL_BOT_USERNAME,
  });
  return { app, now: clock.now() };
}

/** How many VACUUMs PostgreSQL counted on each table (manual ones, not autovacuum's). */
async function vacuums(pg: PgDb, names: string[]): Promise<number[]> {
  const r = await pg.$client.query<{ relname: string; n: string }>('select relname, vacuum_count as n from pg_stat_user_tables where relname = any($1)', [names]);
  return names.map((n) => Number(r.rows.find((x) => x.relname === n)?.n ?? -1));
}

describe('the store.vacuum task', () => {
  it('is written in the unit that asks for it and run by the scheduler after the commit, outside any transaction (PostgreSQL)', async () => {
    const pg = await openPg(url);
    const { app, now } = appOn(pgStore(pg, ':memory:'));
    try {
      const names = ['discord_inbox', 'poll_ballots', 'poll_voters', 'polls', 'telegram_inbox'];
      const before = await vacuums(pg, names);
      await app.units.run(async (unit) => vacuumLater(unit.q, ['polls', 'pollBallots', 'pollVoters'], now));
      expect((await app.units.read((q) => pendingTasks(q, VACUUM_TASK))).map((t) => t.payload)).toEqual([{ tables: names }]);
      await app.scheduler.runDue();
      const rows = await pg.$client.query('select status, last_error as error from scheduled_tasks where kind = $1', [VACUUM_TASK]);
      expect(rows.rows).toEqual([{ status: 'done', error: null }]);
      expect((await vacuums(pg, names)).map((n, i) => n - before[i]!)).toEqual([1, 1, 1, 1, 1]);
    } finally {
      await app.scheduler.stop({ flush: true });
      await pg.$client.end();
    }
  });

  it('is not written on SQLite, whose secure_delete zeroes old rows at once', async () => {
    const db = openDb(':memory:');
    const { app, now } = appOn(sqliteStore(db));
    try {
      await app.units.run(async (unit) => vacuumLater(unit.q, 'all', now));
      expect(await app.units.read((q) => pendingTasks(q))).toEqual([]);
    } finally {
      await app.scheduler.stop({ flush: true });
      closeDb(db);
    }
  });
});

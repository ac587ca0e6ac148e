/**
 * Runs a repo scenario on either store with the same expectations: `const on = onBoth(await freshPgDatabase())`
 * at the top of a test file, then `on('sqlite' | 'postgres', async (q) => …)` in each test. SQLite: a
 * new in-memory database; PostgreSQL: a transaction on the file's database (as a unit runs), rolled
 * back once the scenario passed, so each scenario starts from empty tables.
 */
import { afterAll, beforeAll } from 'vitest';
import { closeDb, openDb, type Q } from '../../src/db/client.js';
import { closePg, openPg, type PgDb } from '../../src/db/pg/client.js';
import { handleOf } from '../../src/db/tables.js';

export const STORES = ['sqlite', 'postgres'] as const;
export type Store = (typeof STORES)[number];

/** Thrown to roll a PostgreSQL scenario back once it passed. */
class Passed extends Error {}

export function onBoth(url: string): (store: Store, scenario: (q: Q) => Promise<void>) => Promise<void> {
  let pgDb: PgDb;
  beforeAll(async () => {
    pgDb = await openPg(url);
  });
  afterAll(async () => {
    await closePg(pgDb);
  });
  return async (store, scenario) => {
    if (store === 'postgres') {
      return pgDb.transaction(async (tx) => {
        await scenario(handleOf(tx));
        throw new Passed();
      }).catch((e: unknown) => {
        if (!(e instanceof Passed)) throw e;
      });
    }
    const db = openDb(':memory:');
    try {
      await scenario(db);
    } finally {
      closeDb(db);
    }
  };
}

/**
 * What `scenario` returns on each store, for one `expect(postgres).toEqual(sqlite)`: SQLite a new
 * in-memory database, PostgreSQL a transaction on `url`'s database (committed).
 */
export async function resultsOnBoth<T>(url: string, scenario: (q: Q) => Promise<T>): Promise<{ sqlite: T; postgres: T }> {
  const db = openDb(':memory:');
  const pgDb = await openPg(url);
  try {
    const sqlite = await scenario(db);
    return { sqlite, postgres: await pgDb.transaction((tx) => scenario(handleOf(tx))) };
  } finally {
    closeDb(db);
    await closePg(pgDb);
  }
}

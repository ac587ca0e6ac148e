/**
 * Several bot instances on one PostgreSQL, at the repo level: each instance is a pool of its own
 * on the same database (`instances(url, n)`), and `held(db, work)` runs `work` in a transaction
 * that stays open until the test lets it commit, as a unit of work in progress would.
 */
import { afterAll } from 'vitest';
import type { Q } from '../../src/db/client.js';
import { closePg, openPg, type PgDb } from '../../src/db/pg/client.js';

/** `n` pools on the database at `url`, closed after the file's tests. */
export async function instances(url: string, n: number): Promise<PgDb[]> {
  const pools: PgDb[] = [];
  for (let i = 0; i < n; i++) pools.push(await openPg(url, { max: 4 }));
  afterAll(() => Promise.all(pools.map(closePg)));
  return pools;
}

/** Runs `work` in a transaction of `db` and one statement on its own (autocommit). */
export const on = <T>(db: PgDb, work: (q: Q) => Promise<T>): Promise<T> => work(db as unknown as Q);

export interface Held<T> {
  /** What `work` returned, once it ran (its transaction still open). */
  value: Promise<T>;
  /** Lets the transaction commit; resolves once it did. */
  commit(): Promise<void>;
}

/** Runs `work` in a transaction of `db` that commits only when the test says so. */
export function held<T>(db: PgDb, work: (q: Q) => Promise<T>): Held<T> {
  let ran!: (v: T) => void;
  let failed!: (e: unknown) => void;
  const value = new Promise<T>((res, rej) => { ran = res; failed = rej; });
  let go!: () => void;
  const allowed = new Promise<void>((res) => { go = res; });
  const done = db.transaction(async (tx) => {
    ran(await work(tx as unknown as Q));
    await allowed;
  }).catch((e: unknown) => { failed(e); throw e; });
  return { value, commit: async () => { go(); await done; } };
}

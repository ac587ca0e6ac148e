import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/db/store.js';
import { tables } from '../../src/db/tables.js';
import { until } from '../until.js';
import { freshPgDatabase } from './db.js';

const url = await freshPgDatabase();

describe('the store', () => {
  it('is PostgreSQL, migrated, when a URL names one: units run there, the health check asks it, and SQLite is never touched', async () => {
    const store = await openStore({ path: '/nonexistent/never.db', url });
    expect(store.kind).toBe('postgres');
    expect(await store.answers()).toBe(true);
    const [row] = await store.units.q.select().from(tables(store.units.q).members);
    expect(row).toBeUndefined(); // migrated: the table exists, empty
    expect(() => store.db.select()).toThrow(/does not run on PostgreSQL yet/);
    await store.close();
    await expect(store.answers()).rejects.toThrow();
  });

  it('is SQLite at the path otherwise', async () => {
    const store = await openStore({ path: ':memory:' });
    expect(store.kind).toBe('sqlite');
    expect(await store.answers()).toBe(true);
    await store.close();
  });

  it('outlives a connection the server ends while idle: the next query connects again', async () => {
    const store = await openStore({ path: '', url });
    expect(await store.answers()).toBe(true); // one idle connection now in the pool
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()');
    await admin.end();
    await until(async () => {
      try {
        return await store.answers();
      } catch {
        return false;
      }
    });
    await store.close();
  });
});

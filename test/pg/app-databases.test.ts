/**
 * The app databases of `npm run test:pg` are recycled (test/pg/app-databases.ts): a database a test
 * is done with must come back to the next test exactly as the template made it, or not at all.
 * Runs in both passes, on a template and a free list of its own.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { endRun, prepareRun, releaseDatabase, takeDatabase, type RunDatabases } from './app-databases.js';
import { asSuperuser, databaseUrl } from './db.js';

const id = randomBytes(4).toString('hex');
const server = inject('pgUrl');
const run: RunDatabases = await prepareRun(server, `yizhan_tpl_${id}`, `yizhan_free_list_${id}`);
afterAll(async () => {
  await endRun(run);
  await asSuperuser(server, `drop table if exists ${run.freeList}`);
});

let named = 0;
const nextName = () => `yizhan_recycled_${id}_${++named}`;

async function connected(name: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: databaseUrl(server, name) });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

async function on<T>(name: string, work: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = await connected(name);
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function exists(name: string): Promise<boolean> {
  return on('postgres', async (c) => (await c.query('select 1 from pg_database where datname = $1', [name])).rowCount === 1);
}

const freeCount = () => on('postgres', async (c) => Number((await c.query(`select count(*) as n from ${run.freeList} where template = $1`, [run.template])).rows[0].n));

describe('a database a test is done with', () => {
  it('comes back to the next test under its name: no row, ids from 1, no page of the old rows, no schema a test added', async () => {
    const used = nextName();
    await takeDatabase(run, used);
    const stillOpen = await connected(used); // a test's app that was never closed
    await on(used, (c) => c.query(`insert into audit_log (at, action, target) select now(), 'secret-' || g, 'T-' || g from generate_series(1, 500) g;
      create schema kept; create table kept.audit_log as table public.audit_log;`));

    expect(await releaseDatabase(run, used)).toBe('freed');
    expect(await exists(used)).toBe(false);
    expect(await freeCount()).toBe(1);
    await expect(stillOpen.query('select 1')).rejects.toThrow(); // ended, so that the database could be renamed

    const next = nextName();
    await takeDatabase(run, next);
    expect(await freeCount()).toBe(0);
    await on(next, async (c) => {
      expect((await c.query("select pg_relation_size('public.audit_log') as bytes")).rows[0].bytes).toBe('0');
      expect((await c.query('select count(*)::int as n from audit_log')).rows[0].n).toBe(0);
      expect((await c.query("select count(*)::int as n from pg_namespace where nspname = 'kept'")).rows[0].n).toBe(0);
      expect((await c.query("insert into audit_log (at, action) values (now(), 'first') returning id")).rows[0].id).toBe(1);
    });
    expect(await releaseDatabase(run, next)).toBe('freed');
  });

  it.each([
    ['a column', 'alter table audit_log add column extra integer'],
    ['a grant', `create role yizhan_reader_${id}; grant select on audit_log to yizhan_reader_${id}`],
    ['an extension', 'create extension if not exists pageinspect'],
    ['a function', 'create function public.answer() returns int language sql as $$ select 42 $$'],
  ])('is dropped, not reused, when a test added %s to it', async (_what, statement) => {
    const before = await freeCount();
    const changed = nextName();
    await takeDatabase(run, changed);
    await on(changed, (c) => c.query(statement));
    expect(await releaseDatabase(run, changed)).toBe('dropped');
    expect(await exists(changed)).toBe(false);
    expect(await freeCount()).toBe(before === 0 ? 0 : before - 1); // it took a free one, and none came back
    await asSuperuser(server, `drop role if exists yizhan_reader_${id}`);
  });

  it('goes to one taker only when two tests want a database at once', async () => {
    const first = nextName();
    await takeDatabase(run, first);
    await releaseDatabase(run, first);
    const free = await freeCount();
    const names = [nextName(), nextName(), nextName()];
    await Promise.all(names.map((n) => takeDatabase(run, n)));
    expect(await freeCount()).toBe(Math.max(0, free - names.length));
    for (const n of names) expect(await exists(n)).toBe(true);
    for (const n of names) await releaseDatabase(run, n);
  });
});

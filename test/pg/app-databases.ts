/**
 * The PostgreSQL databases of the tests' apps under `npm run test:pg` (test/pg/app-store.ts): one per
 * SQLite path a test gives, named after it, as the run's migrated template made it.
 *
 * Making a database is the dearest thing the suite asks of the server (CREATE DATABASE copies the
 * template's ~8 MB of catalogs: 100–400 ms of the server's CPU, thousands of times a run). So a
 * database a test file is done with is recycled rather than dropped: its rows deleted, its
 * sequences restarted, its tables vacuumed back to no pages, renamed to a free name and listed in a
 * table of the server's `postgres` database (inject('pgFreeList')); the next app of any test file
 * takes one from there (FOR UPDATE SKIP LOCKED: worker processes never take the same) and renames
 * it to its own name. A database that no longer has exactly the template's objects (a test added a
 * schema, an extension, a grant, a column) is dropped instead: the fingerprint below compares them.
 */
import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { closePg, openPg, type PgDb } from '../../src/db/pg/client.js';
import { asSuperuser, databaseUrl, fingerprint, withClient } from './db.js';

/** Where a run's app databases come from: its server, its migrated template and that template's fingerprint, the free list. */
export interface RunDatabases {
  server: string;
  template: string;
  print: string;
  freeList: string;
}

/** This run's (test/pg/global-setup.ts). */
const thisRun = (): RunDatabases => ({ server: inject('pgUrl'), template: inject('pgTemplate'), print: inject('pgTemplatePrint'), freeList: inject('pgFreeList') });

/** Makes the migrated template `template` and the free list (shared by runs on one server: its rows name their template); the run's databases. */
export async function prepareRun(server: string, template: string, freeList: string): Promise<RunDatabases> {
  await asSuperuser(server, `create database ${template}`);
  await closePg(await openPg(databaseUrl(server, template)));
  await asSuperuser(server, `create table if not exists ${freeList} (name text primary key, template text not null)`);
  return { server, template, freeList, print: await withClient(databaseUrl(server, template), fingerprint) };
}

/** Drops the run's free databases and its template (at the end of the run). */
export async function endRun(run: RunDatabases): Promise<void> {
  await withClient(run.server, async (admin) => {
    const { rows } = await admin.query<{ name: string }>(`delete from ${run.freeList} where template = $1 returning name`, [run.template]);
    for (const { name } of rows) await admin.query(`drop database if exists ${name} with (force)`);
    await admin.query(`drop database if exists ${run.template} with (force)`);
  });
}

/** Gives the run's database `name`: a free one renamed, or else one made from the template (nothing when it exists). */
export async function takeDatabase(run: RunDatabases, name: string): Promise<void> {
  await withClient(run.server, async (admin) => {
    if (await takeFree(run, admin, name)) return;
    await admin.query(`create database ${name} template ${run.template}`)
      .catch((e: { code?: string }) => { if (e.code !== '42P04') throw e; }); // made by an earlier module of this file: the same database
  });
}

/** Ends what is connected to `name`, empties it back to the template's state and frees it; drops it when it cannot be. */
export async function releaseDatabase(run: RunDatabases, name: string): Promise<'freed' | 'dropped'> {
  return withClient(run.server, async (admin) => {
    if (await emptied(run, name) && await freed(run, admin, name)) return 'freed';
    await admin.query(`drop database if exists ${name} with (force)`);
    return 'dropped';
  });
}

// ------------------------------------------------------------------ the databases of this test file

const made = new Map<string, Promise<string>>();

/** The PostgreSQL database that stands for the SQLite file `path` (made at its first use). */
export function pgDatabaseName(path: string): string {
  return `yizhan_app_${createHash('sha256').update(path).digest('hex').slice(0, 20)}`;
}

/** The URL of the database standing for `path` (`query(path, sql)` reads it). */
export const pgDatabaseUrl = (path: string) => databaseUrl(inject('pgUrl'), pgDatabaseName(path));

/** The URL of the database standing for `path`: a free one renamed, or one made from the template, if it does not exist yet. */
export function pgDatabaseFor(path: string): Promise<string> {
  const name = pgDatabaseName(path);
  let url = made.get(name);
  if (!url) {
    url = takeDatabase(thisRun(), name).then(() => pgDatabaseUrl(path));
    made.set(name, url);
  }
  return url;
}

/**
 * Pools of closed apps, still connected and migrated, by database name: the next app on the same
 * database takes one (a test's restart, the next cell of the permission matrix) instead of
 * connecting and migrating again. An app never shares its pool with another running app.
 */
const idlePools = new Map<string, PgDb[]>();

/** A pool on the database standing for `path`, for one app; `putBack` when the app closed. */
export async function appPool(path: string): Promise<PgDb> {
  return idlePools.get(pgDatabaseName(path))?.pop() ?? openPg(await pgDatabaseFor(path), { max: 4 });
}

export async function putBack(path: string, pool: PgDb): Promise<void> {
  const name = pgDatabaseName(path);
  if (made.has(name)) idlePools.set(name, [...(idlePools.get(name) ?? []), pool]);
  else await closePg(pool); // the test is done with its database
}

/** The test is done with the database standing for `path` (its store closed): recycled now. */
export async function dropTestDatabase(path: string): Promise<void> {
  const name = pgDatabaseName(path);
  if (made.delete(name)) await release(name);
}

/** Recycles every database this test file still has (after its tests). */
export async function releaseAll(): Promise<void> {
  const names = [...made.keys()];
  made.clear();
  for (const name of names) await release(name);
}

async function release(name: string): Promise<void> {
  await Promise.all((idlePools.get(name) ?? []).map((p) => closePg(p)));
  idlePools.delete(name);
  await releaseDatabase(thisRun(), name);
}

// ------------------------------------------------------------------ the server's side

/** Takes a free database of this run's template and names it `name`; false when there is none. */
async function takeFree(run: RunDatabases, admin: pg.Client, name: string): Promise<boolean> {
  await admin.query('begin');
  try {
    const { rows } = await admin.query<{ name: string }>(`select name from ${run.freeList} where template = $1 limit 1 for update skip locked`, [run.template]);
    const free = rows[0]?.name;
    if (free) {
      await admin.query(`delete from ${run.freeList} where name = $1`, [free]);
      await admin.query(`alter database ${free} rename to ${name}`);
    }
    await admin.query('commit');
    return !!free;
  } catch (e) {
    await admin.query('rollback');
    if ((e as { code?: string }).code === '42P04') return true; // made by an earlier module of this file: the same database
    throw e;
  }
}

/**
 * Renames `name` to a free name and lists it, in one transaction (a run killed between the two
 * leaves neither), once nothing is connected to it: connections are ended, and an ended backend
 * takes a moment to go.
 */
async function freed(run: RunDatabases, admin: pg.Client, name: string): Promise<boolean> {
  const free = `yizhan_free_${randomBytes(8).toString('hex')}`;
  for (let attempt = 0; attempt < 50; attempt++) {
    await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [name]);
    await admin.query('begin');
    try {
      await admin.query(`alter database ${name} rename to ${free}`);
      await admin.query(`insert into ${run.freeList} (template, name) values ($1, $2)`, [run.template, free]);
      await admin.query('commit');
      return true;
    } catch (e) {
      await admin.query('rollback');
      if ((e as { code?: string }).code !== '55006') throw e; // 55006: still in use
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  return false;
}

/**
 * Deletes every row of the database `name` and restarts its sequences, then vacuums its tables (an
 * empty table goes back to no pages: the next test sees no trace of the last one's rows, not even
 * in free space); true when what is left is exactly the template's objects.
 */
async function emptied(run: RunDatabases, name: string): Promise<boolean> {
  return withClient(databaseUrl(run.server, name), async (client) => {
    await client.query(`set session_replication_role = replica;
      do $$ declare r record; begin
        for r in select tablename from pg_tables where schemaname = 'public' loop execute format('delete from public.%I', r.tablename); end loop;
        for r in select sequencename from pg_sequences where schemaname = 'public' loop execute format('alter sequence public.%I restart', r.sequencename); end loop;
      end $$;
      drop schema if exists kept cascade;`);
    const { rows } = await client.query<{ list: string }>("select string_agg(format('public.%I', tablename), ', ') as list from pg_tables where schemaname = 'public'");
    if (rows[0]?.list) await client.query(`vacuum ${rows[0].list}`);
    return (await fingerprint(client)) === run.print;
  }).catch(() => false);
}

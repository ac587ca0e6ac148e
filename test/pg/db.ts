/**
 * A database of its own for a test file on the tests' PostgreSQL: `const url = await freshPgDatabase()`
 * at the top of the file; it is dropped after the file's tests (connections still open are ended).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, inject } from 'vitest';

export async function freshPgDatabase(): Promise<string> {
  const server = inject('pgUrl');
  const name = `yizhan_test_${randomBytes(6).toString('hex')}`;
  await asSuperuser(server, `create database ${name}`);
  afterAll(() => asSuperuser(server, `drop database if exists ${name} with (force)`));
  return databaseUrl(server, name);
}

/** The URL of database `name` on the server of `server` (a URL of another database there). */
export function databaseUrl(server: string, name: string): string {
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Runs `work` on a connection of its own to `url`, ended afterwards (an error of the ended connection is not an error of the test). */
export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function asSuperuser(server: string, statement: string): Promise<void> {
  await withClient(server, (c) => c.query(statement));
}

/** What a database holds besides rows: schemas, relations with their grants, columns, constraints, triggers, functions, extensions, migrations applied. */
export async function fingerprint(client: pg.Client): Promise<string> {
  const list = (value: string, from: string) => `(select string_agg(v, ',' order by v) from (select ${value} as v from ${from}) s)`;
  const user = "not in ('pg_catalog'::regnamespace, 'information_schema'::regnamespace, 'pg_toast'::regnamespace)";
  const { rows } = await client.query<{ print: string }>(`select md5(concat_ws('|',
    ${list('nspname', "pg_namespace where nspname not like 'pg_temp%' and nspname not like 'pg_toast_temp%'")},
    ${list("format('%s.%s:%s:%s', relnamespace::regnamespace, relname, relkind, relacl)", `pg_class where relnamespace ${user}`)},
    ${list("format('%s.%s:%s:%s:%s', a.attrelid::regclass, a.attname, a.atttypid, a.attnotnull, a.attisdropped)", `pg_attribute a join pg_class c on c.oid = a.attrelid where a.attnum > 0 and c.relnamespace ${user}`)},
    ${list("format('%s:%s', conrelid::regclass, conname)", "pg_constraint where connamespace <> 'pg_catalog'::regnamespace")},
    ${list("format('%s:%s', tgrelid::regclass, tgname)", 'pg_trigger where not tgisinternal')},
    ${list("format('%s.%s', pronamespace::regnamespace, proname)", `pg_proc where pronamespace ${user}`)},
    ${list('extname', 'pg_extension')},
    (select count(*) from drizzle.__drizzle_migrations))) as print`);
  return rows[0]!.print;
}

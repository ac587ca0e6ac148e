/**
 * One temporary folder per test run: every test (and every process it starts) makes its databases
 * and files under it, since TMPDIR points there, and the whole folder goes at the end. Tests make
 * thousands of temporary databases (the permission matrix alone ~1,000 a run), which used to stay in
 * /tmp after every run and filled the disk. A run that was killed leaves its folder: the next run
 * stops the PostgreSQL server left in it and removes it. Caches meant to outlive a run use
 * `sharedTmpdir()` (test/temp-folders.ts).
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { removeStale } from './pg/server.js';
import { orphansIn, sharedTmpdir } from './temp-folders.js';


const PREFIX = 'yizhan-run-';

/** Makes this run's folder, points TMPDIR at it (inherited by the test workers), and returns its removal. */
export async function useRunTmpdir(): Promise<() => void> {
  const shared = sharedTmpdir();
  await removeStaleRuns(shared);
  const run = mkdtempSync(join(shared, `${PREFIX}${process.pid}-`));
  // As root, the tests' PostgreSQL runs as the postgres user: it must pass through (not list) the folder.
  chmodSync(run, 0o711);
  process.env.YIZHAN_SHARED_TMPDIR = shared;
  process.env.TMPDIR = run;
  return () => {
    rmSync(run, { recursive: true, force: true });
    process.env.TMPDIR = shared;
  };
}

/** Removes the folders of runs whose process is gone (their PostgreSQL stopped first); returns them. */
export async function removeStaleRuns(dir: string): Promise<string[]> {
  const removed = orphansIn(dir, PREFIX);
  for (const run of removed) {
    try {
      await removeStale(run);
      rmSync(run, { recursive: true, force: true });
    } catch (e) {
      // Two runs starting at once both find the same orphan; the one that loses the race sees files vanish under it.
      if (!['ENOENT', 'ENOTEMPTY'].includes((e as NodeJS.ErrnoException).code ?? '')) throw e;
    }
  }
  return removed;
}

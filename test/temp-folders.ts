/**
 * Temporary folders named after the test process that owns them (`<prefix><pid>-…`): the shared
 * temporary folder where caches outlive a run, and the folders whose owner is gone.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The temporary folder outside the run's own (test/run-tmp.ts): where caches that outlive a run are kept. */
export function sharedTmpdir(): string {
  return process.env.YIZHAN_SHARED_TMPDIR ?? tmpdir();
}

/** The folders in `dir` named `<prefix><pid>-…` whose process no longer runs. */
export function orphansIn(dir: string, prefix: string): string[] {
  return readdirSync(dir).filter((name) => {
    const owner = name.startsWith(prefix) ? Number(name.slice(prefix.length).split('-')[0]) : NaN;
    return Number.isInteger(owner) && !alive(owner);
  }).map((name) => join(dir, name));
}

/** Whether the process runs (a zombie, waiting for its parent, does not). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  return !/^\d+ \(.*\) Z/.test(readProc(pid, 'stat'));
}

export function readProc(pid: number, file: string): string {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return '';
  }
}

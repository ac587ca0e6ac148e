/**
 * Once before the tests: this run's temporary folder (test/run-tmp.ts: TMPDIR points there, removed at
 * the end), and dist/ is built when it is older than the sources, because the process tests run the
 * bot the way production does (`node dist/main.js`, `node dist/backup.js`).
 */
import { execFileSync } from 'node:child_process';
import { useRunTmpdir } from './run-tmp.js';

export default async function setup(): Promise<() => void> {
  const removeRunTmpdir = await useRunTmpdir();
  execFileSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { stdio: 'inherit' });
  return removeRunTmpdir;
}

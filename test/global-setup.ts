/**
 * Once before the tests: dist/ is built when it is older than the sources, because the process
 * tests run the bot the way production does (`node dist/main.js`, `node dist/backup.js`).
 */
import { execFileSync } from 'node:child_process';

export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { stdio: 'inherit' });
}

/**
 * npm run build: compiles src/ (tests and fixtures excluded, see tsconfig.build.json) into dist/,
 * which production runs (`node dist/main.js`), and copies beside it the files the code reads at
 * run time relative to its own location (the NLU's training data; migrations/ and config/ are
 * found from the project folder). Ends with dist/.built, whose time tells whether dist/ is older
 * than the sources (see isBuildStale).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const at = (...parts) => join(root, ...parts);
/** What the build reads: a change to any of these makes dist/ stale. */
const INPUTS = ['src', 'tsconfig.json', 'tsconfig.build.json', 'package.json', 'scripts/build.mjs'];
const STAMP = at('dist', '.built');

function newestChange(path) {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(s.mtimeMs, ...readdirSync(path).map((name) => newestChange(join(path, name))));
}

/** Whether dist/ is missing or older than one of the build's inputs. */
export function isBuildStale() {
  if (!existsSync(STAMP)) return true;
  const built = statSync(STAMP).mtimeMs;
  return INPUTS.some((p) => newestChange(at(p)) > built);
}

export function build() {
  rmSync(at('dist'), { recursive: true, force: true });
  execFileSync(process.execPath, [at('node_modules', 'typescript', 'bin', 'tsc'), '-p', at('tsconfig.build.json')], { stdio: 'inherit', cwd: root });
  cpSync(at('src', 'nlu', 'data'), at('dist', 'nlu', 'data'), { recursive: true });
  writeFileSync(STAMP, `${new Date().toISOString()}\n`);
}

// `node scripts/build.mjs [--if-stale]`: --if-stale (npm start) builds only when dist/ is older than the sources.
if (process.argv[1] === fileURLToPath(import.meta.url) && !(process.argv.includes('--if-stale') && !isBuildStale())) build();

/**
 * npm run build: what production runs, in dist/.
 * 1. tsc compiles src/ (tests and fixtures excluded, see tsconfig.build.json) into dist/, one .js
 *    per module, and copies beside it what the code reads relative to its own file (the NLU's
 *    training data; migrations/ and config/ are read from the project folder).
 * 2. esbuild bundles the entry points, dist/main.js, dist/backup.js and dist/store-copy.js, with their
 *    dependencies into one file each, written over tsc's. Node resolves and loads every module
 *    file on its own, and Node 22/24 read the whole package.json of a package again for each of
 *    its files: drizzle-orm's is 179 KB, which made Node 24 start in twice the CPU time of Node 20.
 *    One file per entry point halves the start on Node 20 and cuts it by two thirds on Node 24.
 *    Every bundled module keeps its own import.meta.url (its file's place, which stays where it
 *    was), so the files read relative to a module are found as before; better-sqlite3 (a native
 *    module) stays in node_modules.
 * 3. The NLU is trained once and its model written to dist/nlu/model.nlu: no start trains, not
 *    even the first on a new database (as long as it runs on the Node that built it).
 * Ends with dist/.built, whose time tells whether dist/ is older than the sources (isBuildStale).
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const at = (...parts) => join(root, ...parts);
/** What the build reads: a change to any of these makes dist/ stale. */
const INPUTS = ['src', 'tsconfig.json', 'tsconfig.build.json', 'package.json', 'package-lock.json', 'scripts/build.mjs'];
const STAMP = at('dist', '.built');
const ENTRY_POINTS = ['main', 'backup', 'store-copy'];
/**
 * Loaded from node_modules, not bundled: native or optional packages, and node-fetch (grammY loads
 * it though we pass our own fetch), whose tr46 uses Node's punycode: from inside node_modules that
 * draws no deprecation warning from Node 22+, from the bundle it would.
 */
const EXTERNAL = ['better-sqlite3', 'bufferutil', 'utf-8-validate', 'zlib-sync', 'node-fetch', 'pg-native'];

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

/** An esbuild plugin: each bundled module's import.meta.url stays the URL of its own file. */
const keepModuleUrls = {
  name: 'keep-module-urls',
  setup(build) {
    build.onLoad({ filter: /\.m?js$/ }, ({ path }) => {
      const source = readFileSync(path, 'utf8');
      if (!source.includes('import.meta.url')) return undefined;
      const fromDist = `./${relative(at('dist'), path).split(sep).join('/')}`;
      return { contents: source.replaceAll('import.meta.url', `new URL(${JSON.stringify(fromDist)}, import.meta.url).href`), loader: 'js' };
    });
  },
};

async function bundle() {
  const esbuild = await import('esbuild');
  await esbuild.build({
    entryPoints: ENTRY_POINTS.map((name) => at('dist', `${name}.js`)),
    // Beside the inputs (esbuild never writes over its inputs), so that the map's paths hold after the rename.
    outdir: at('dist'), entryNames: '[name].bundle', bundle: true, platform: 'node', format: 'esm', target: 'node20',
    external: EXTERNAL, sourcemap: 'external', logLevel: 'warning', plugins: [keepModuleUrls],
    // The CommonJS packages inside call require(); an ES module has none of its own.
    banner: { js: "import { createRequire as yizhanCreateRequire } from 'node:module'; const require = yizhanCreateRequire(import.meta.url);" },
  });
  for (const name of ENTRY_POINTS) {
    renameSync(at('dist', `${name}.bundle.js.map`), at('dist', `${name}.js.map`));
    renameSync(at('dist', `${name}.bundle.js`), at('dist', `${name}.js`));
    appendFileSync(at('dist', `${name}.js`), `//# sourceMappingURL=${name}.js.map\n`);
  }
}

/** Trains the NLU once here, so that no start has to (dist/nlu/model.nlu, see src/nlu/model-cache.ts). */
async function shipModel() {
  const { trainFromData } = await import(pathToFileURL(at('dist', 'nlu', 'index.js')).href);
  const { writeBuiltModel } = await import(pathToFileURL(at('dist', 'nlu', 'model-cache.js')).href);
  writeBuiltModel(trainFromData());
}

export async function build() {
  rmSync(at('dist'), { recursive: true, force: true });
  execFileSync(process.execPath, [at('node_modules', 'typescript', 'bin', 'tsc'), '-p', at('tsconfig.build.json')], { stdio: 'inherit', cwd: root });
  cpSync(at('src', 'nlu', 'data'), at('dist', 'nlu', 'data'), { recursive: true });
  await bundle();
  await shipModel();
  writeFileSync(STAMP, `${new Date().toISOString()}\n`);
}

/**
 * Only step 3 on a current dist/: tsc's and esbuild's output do not depend on the Node that made
 * them, the model's key does (.ci/node24 reuses the dist/ of the Node on PATH and retrains).
 */
export async function retrainModel() {
  await shipModel();
  writeFileSync(STAMP, `${new Date().toISOString()}\n`);
}

// `node scripts/build.mjs [--if-stale | --model-only]`: --if-stale (npm start, the tests) builds only when
// dist/ is older than the sources; --model-only retrains the NLU model of a current dist/ (with this Node).
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--model-only')) await retrainModel();
  else if (!(process.argv.includes('--if-stale') && !isBuildStale())) await build();
}

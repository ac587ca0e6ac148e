import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * Test files at once. Vitest's default is one less than the cores: a single file at a time on a
 * 2-core machine. Most of our files spend their time waiting (child processes starting, the fakes'
 * rate limits and long polls, retry back-off), not computing, so one file more than the cores keeps the CPU busy.
 * YIZHAN_TEST_WORKERS overrides it (e.g. 1 to run the files one by one).
 */
const workers = Number(process.env.YIZHAN_TEST_WORKERS) || availableParallelism() + 1;

/**
 * drizzle-orm's modules go through vitest's module runner on Node 22 and later, not through Node's
 * loader: for every module file of a package, Node 22/24 read the package's whole package.json again,
 * and drizzle-orm's is 179 KB (the reason dist/ is bundled, scripts/build.mjs). Importing the app
 * took a test file 0.9 s of CPU on Node 24 against 0.4 s on Node 20; inlined, `.ci/node24 npm run
 * test:pg` used 573 s of CPU instead of 699 s (336 s instead of 395 s). On Node 20 inlining costs a
 * little (1-2 %), so there it is left to Node.
 */
const inline = Number(process.versions.node.split('.')[0]) >= 22 ? ['drizzle-orm'] : [];

/**
 * Test files share their worker's modules (`isolate: false`): the app's modules, grammY, discord.js,
 * drizzle, pg and the NLU model are loaded once per worker, not once per file. Isolated, importing
 * took more CPU than the tests themselves in many files (import 246 s of a 427 s `npm test`; 272 s
 * shared, and 778 s of CPU against 463 s). It asks of test files what they do anyway: no module
 * mocks, fake timers given back after each test, state kept in the apps a test makes, never in a
 * module; a hook every file needs is registered in test/each-file.ts, not by a helper's import.
 */
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts', 'test/pg/global-setup.ts'],
    setupFiles: ['test/each-file.ts'],
    isolate: false,
    testTimeout: 30_000,
    hookTimeout: 30_000,
    maxWorkers: workers,
    server: { deps: { inline } },
  },
});

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

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts', 'test/pg/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    maxWorkers: workers,
    server: { deps: { inline } },
  },
});

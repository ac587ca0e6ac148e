import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * Test files at once. Vitest's default is one less than the cores: a single file at a time on a
 * 2-core machine. Most of our files spend their time waiting (child processes starting, the fakes'
 * rate limits and long polls, retry back-off), not computing, so one file more than the cores keeps the CPU busy.
 * YIZHAN_TEST_WORKERS overrides it (e.g. 1 to run the files one by one).
 */
const workers = Number(process.env.YIZHAN_TEST_WORKERS) || availableParallelism() + 1;

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts', 'test/pg/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    maxWorkers: workers,
  },
});

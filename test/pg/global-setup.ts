/**
 * Once per test run: the tests' PostgreSQL (test/pg/server.ts), its URL given to the test files as
 * inject('pgUrl'). With YIZHAN_TEST_STORE=pg the apps of the tests run on it (test/pg/app-store.ts):
 * migrations/pg are applied once, into a template database each app's database is copied from
 * (inject('pgTemplate')); the databases test files are done with wait in a free list to be reused
 * (test/pg/app-databases.ts). At the end the template and the free databases are dropped.
 */
import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { endRun, prepareRun } from './app-databases.js';
import { startTestPostgres } from './server.js';

const FREE_LIST = 'yizhan_test_free_databases';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startTestPostgres();
  project.provide('pgUrl', server.url);
  project.provide('pgFreeList', FREE_LIST);
  const run = process.env.YIZHAN_TEST_STORE === 'pg' ? await prepareRun(server.url, `yizhan_template_${randomBytes(6).toString('hex')}`, FREE_LIST) : undefined;
  project.provide('pgTemplate', run?.template ?? '');
  project.provide('pgTemplatePrint', run?.print ?? '');
  return async () => {
    if (run) await endRun(run);
    await server.stop();
  };
}

/** Once per test run: the tests' PostgreSQL (test/pg/server.ts), its URL given to the test files as inject('pgUrl'). */
import type { TestProject } from 'vitest/node';
import { startTestPostgres } from './server.js';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startTestPostgres();
  project.provide('pgUrl', server.url);
  return () => server.stop();
}

/**
 * Once per test run: the tests' PostgreSQL (test/pg/server.ts), its URL given to the test files as
 * inject('pgUrl'). With YIZHAN_TEST_STORE=pg the apps of the tests run on it (test/pg/app-store.ts):
 * migrations/pg are applied once, into a template database each app's database is copied from
 * (inject('pgTemplate')), dropped at the end.
 */
import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { closePg, openPg } from '../../src/db/pg/client.js';
import { asSuperuser, databaseUrl } from './db.js';
import { startTestPostgres } from './server.js';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startTestPostgres();
  project.provide('pgUrl', server.url);
  const template = process.env.YIZHAN_TEST_STORE === 'pg' ? `yizhan_template_${randomBytes(6).toString('hex')}` : '';
  project.provide('pgTemplate', template);
  if (template) {
    await asSuperuser(server.url, `create database ${template}`);
    await closePg(await openPg(databaseUrl(server.url, template)));
  }
  return async () => {
    if (template) await asSuperuser(server.url, `drop database if exists ${template} with (force)`);
    await server.stop();
  };
}

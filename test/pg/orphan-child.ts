/**
 * A test run that gets killed: starts the tests' embedded PostgreSQL as test/pg/global-setup.ts
 * does, prints its URL and waits to be killed (test/pg/server.test.ts).
 */
import { startTestPostgres } from './server.js';

const env = { ...process.env };
delete env.YIZHAN_TEST_PG_URL;
const server = await startTestPostgres(env);
process.stdout.write(`${server.url}\n`);
setInterval(() => {}, 60_000);

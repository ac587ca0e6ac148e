/**
 * Run before each test file (vitest's setupFiles). Test files share their worker's modules
 * (`isolate: false`, vitest.config.ts), so a hook a helper module registered when it was first
 * imported would belong to the first file only: hooks every file needs are registered here.
 * - On PostgreSQL (`npm run test:pg`): the app databases a file made are recycled after it
 *   (test/pg/app-databases.ts).
 */
import { afterAll } from 'vitest';

if (process.env.YIZHAN_TEST_STORE === 'pg') {
  const { releaseAll } = await import('./pg/app-databases.js');
  afterAll(() => releaseAll());
}

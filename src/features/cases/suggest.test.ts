/**
 * While a counsellor types /reply, /note or /claim on a platform that offers choices (Discord's
 * autocomplete), the open cases are offered by number and alias only; nobody else is offered any.
 * The question comes outside any unit of work, as a platform asks it.
 */
import { describe, expect, it } from 'vitest';
import { memoryLogger, testConfig } from '../../../test/harness.js';
import { createLocalPort } from '../../adapters/local/local-port.js';
import { SIM_START } from '../../adapters/sim/simulator.js';
import { createApp } from '../../app.js';
import { PersonSchema } from '../../config.js';
import { ManualClock } from '../../core/clock.js';
import { seededRng } from '../../core/rng.js';
import { PEOPLE, tmpDb } from './cases.fixtures.js';
import { openTestStore } from '../../../test/pg/app-store.js';

describe('case numbers offered while typing', () => {
  it('are the open cases for a counsellor, by number and alias, never a name; nothing for a student', async () => {
    const store = await openTestStore(tmpDb()); // PostgreSQL under npm run test:pg
    const app = createApp({
      config: testConfig(), db: store.db, store, clock: new ManualClock(new Date(SIM_START)), rng: seededRng(1), log: memoryLogger([]),
      ports: new Map([['local', createLocalPort(() => undefined)]]),
    });
    try {
      for (const p of PEOPLE) await app.members.declare(PersonSchema.parse(p), new Date(SIM_START));
      await app.router.handle({ chat: { platform: 'local', id: 'private:li', kind: 'private' }, sender: { id: 'li', name: '李华' }, text: '我不想活了' });
      const ask = (userId: string, typed = '') =>
        app.suggest({ platform: 'local', userId, command: 'reply', kind: 'ticket', given: new Map(), typed, now: new Date(SIM_START) });
      expect(await ask('xu')).toEqual([{ label: expect.stringMatching(/^C-1 · 匿名同学 #[0-9A-F]{4}$/), value: 'C-1' }]);
      expect(await ask('xu', 'c-2')).toEqual([]);
      expect(await ask('li')).toEqual([]);
    } finally {
      await app.scheduler.stop();
      await store.close();
    }
  });
});

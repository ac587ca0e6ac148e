/**
 * Several bot instances on one database (issue 18): each keeps the FAQ entries in use in memory
 * (understanding a message reads nothing), and an entry a staff member adds, edits or removes on
 * one instance is what the other answers with at its next message (it reads the entries' stamp,
 * one row, per message, and the entries again when the stamp changed).
 */
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { LOCAL_BOT_USERNAME, createLocalPort } from '../src/adapters/local/local-port.js';
import { SIM_START } from '../src/adapters/sim/simulator.js';
import { ManualClock } from '../src/core/clock.js';
import { seededRng } from '../src/core/rng.js';
import { testConfig } from './harness.js';
import { query, tempDb } from './survey-fixtures.js';
import { openTestStore } from './pg/app-store.js';

const GYM = ['/faq add gym-hours', '体育馆几点开门？ / When is the gym open?', '体育馆每天 8:00–21:00 开放。 / The gym is open daily 8:00–21:00.',
  'variants: 体育馆开放时间; 健身房几点关门; gym opening hours', 'tags: 体育馆; gym'].join(' | ');
const GYM_ANSWER = '📖 体育馆几点开门？\n\n体育馆每天 8:00–21:00 开放。\n—— 后勤保障处';

/** One instance of the bot on the local platform, on the database at `dbPath` (its own connection; PostgreSQL's under npm run test:pg). */
async function instance(dbPath: string, seed: number) {
  const store = await openTestStore(dbPath);
  const clock = new ManualClock(new Date(SIM_START));
  const said: { to: string; text: string }[] = [];
  const port = createLocalPort((m) => void said.push({ to: m.chatId, text: m.text }));
  const app = createApp({
    config: testConfig(), db: store.db, store, clock, rng: seededRng(seed), log: pino({ level: 'silent' }), ports: new Map([['local', port]]),
    botUsername: () => LOCAL_BOT_USERNAME, sleep: async (ms) => clock.set(new Date(clock.now().getTime() + ms)),
  });
  /** A private message; resolves with the bot's answers to it. */
  async function dm(user: string, text: string): Promise<string[]> {
    const before = said.length;
    await app.router.handle({ chat: { platform: 'local', id: `private:${user}`, kind: 'private' }, sender: { id: user, name: user }, text });
    await app.scheduler.runDue(); // the answers are outbox rows, sent once committed
    return said.slice(before).filter((s) => s.to === `private:${user}`).map((s) => s.text);
  }
  const stop = async () => {
    await app.scheduler.stop({ flush: true });
    await store.close();
  };
  return { app, dm, stop };
}

describe('the FAQ on several instances sharing one database', () => {
  it('answers on one instance with an entry added, edited or removed on another, from the next message on', async () => {
    const dbPath = tempDb();
    const a = await instance(dbPath, 1);
    const b = await instance(dbPath, 2);
    await a.app.members.declare({ user: 'wang', name: '王老师', roles: ['staff'], department: 'logistics', groups: [], rep_of: [] }, new Date(SIM_START));
    try {
      expect((await b.dm('li', '体育馆几点开门'))[0]).not.toBe(GYM_ANSWER); // b holds the entries in use: no gym yet
      expect(await a.dm('wang', GYM)).toEqual(['已添加 gym-hours（后勤保障处）。学生现在就能问到它。']);
      expect(await b.dm('li', '体育馆几点开门')).toEqual([GYM_ANSWER]);
      await a.dm('wang', '/faq edit gym-hours | answer: 体育馆每天 7:00–22:00 开放。 / The gym is open daily 7:00–22:00.');
      expect((await b.dm('li', '体育馆几点开门'))[0]).toContain('7:00–22:00');
      await a.dm('wang', '/faq remove gym-hours');
      expect((await b.dm('li', '体育馆几点开门'))[0]).not.toContain('📖 体育馆');
      // Three changes, three stamps; the one in the database is the last.
      expect(query(dbPath, 'select count(*) as n from faq_stamp')).toEqual([{ n: 1 }]);
    } finally {
      await a.stop();
      await b.stop();
    }
  });
});

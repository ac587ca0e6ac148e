import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { LOCAL_BOT_USERNAME, createLocalPort } from '../src/adapters/local/local-port.js';
import { SIM_START } from '../src/adapters/sim/simulator.js';
import { ManualClock } from '../src/core/clock.js';
import { DeliveryError, type DeliveryFailure, type Incoming, type PlatformPort } from '../src/core/message.js';
import { seededRng } from '../src/core/rng.js';
import { WEEKLY, configWith, query, tempDb } from './survey-fixtures.js';
import { execOf, openTestStore } from './pg/app-store.js';

/** The real app on a local platform that fails the next send to a chat as a test says. */
async function setup() {
  const dbPath = tempDb();
  const store = await openTestStore(dbPath); // PostgreSQL under npm run test:pg
  const clock = new ManualClock(new Date(SIM_START));
  const seen: { to: string; text: string }[] = [];
  const local = createLocalPort((m) => void seen.push({ to: m.chatId, text: m.text }));
  const failNext = new Map<string, DeliveryFailure>();
  const port: PlatformPort = {
    platform: 'local',
    async send(chatId, out) {
      const failure = failNext.get(chatId);
      failNext.delete(chatId);
      if (failure === 'unknown') await local.send(chatId, out); // it arrived, but the answer was lost
      if (failure) throw new DeliveryError(failure, `fake ${failure}`);
      return local.send(chatId, out);
    },
    edit: (ref, out) => local.edit(ref, out),
  };
  const app = createApp({
    config: configWith({ ...WEEKLY, id: 'manual', schedule: undefined }), db: store.db, store, clock, rng: seededRng(1),
    log: pino({ level: 'silent' }), ports: new Map([['local', port]]), botUsername: () => LOCAL_BOT_USERNAME,
    sleep: async (ms) => clock.set(new Date(clock.now().getTime() + ms)),
  });
  for (const user of ['a', 'b', 'c']) await app.members.declare({ user, name: user, roles: ['student'], groups: [], rep_of: [] }, clock.now());
  const pressIn = async (user: string, label: string) => {
    const found = local.findButton(`private:${user}`, label)!;
    const msg: Incoming = { chat: { platform: 'local', id: `private:${user}`, kind: 'private' }, sender: { id: user, name: user }, text: '', press: found.data, pressedMessage: found.ref };
    await app.router.handle(msg);
    await app.scheduler.runDue(); // the reply is an outbox row, sent once the unit committed (as the simulator does)
  };
  return { app, store, dbPath, clock, seen, failNext, pressIn, exec: execOf(store, dbPath) };
}

describe('survey deliveries through the outbox', () => {
  it('asks whoever may not have received the survey, lets them get it, and counts the blocked as not reachable', async () => {
    const t = await setup();
    t.failNext.set('private:b', 'unknown');
    t.failNext.set('private:c', 'blocked');
    await t.app.surveys.start('manual', null, t.clock.now());
    await t.app.scheduler.runDue();
    expect(query(t.dbPath, "select member_id, status from outbox where kind = 'survey.invite' order by member_id"))
      .toEqual([{ member_id: 1, status: 'sent' }, { member_id: 2, status: 'unknown' }, { member_id: 3, status: 'unreachable' }]);
    expect(query(t.dbPath, 'select member_id, reachable from identities order by member_id')).toEqual([
      { member_id: 1, reachable: 1 }, { member_id: 2, reachable: 1 }, { member_id: 3, reachable: 0 },
    ]);

    await t.app.scheduler.advanceTo(new Date('2026-03-03T09:00:00+08:00'), t.clock);
    const after = t.seen.slice(2); // a's and b's invitations arrived; c's was refused
    expect(after.map((m) => [m.to, m.text.slice(0, 8)])).toEqual([['private:a', '⏰ 提醒：「每周'], ['private:b', '我们之前给你发过']]);

    await t.pressIn('b', '把问卷发给我');
    expect(t.seen.at(-1)).toEqual({ to: 'private:b', text: '1/3 这周常去哪个食堂？\n请选择一项。' });
    expect((await t.app.outbox.byKey('survey:1:invite:2'))!.status).toBe('sent'); // pressing proved it arrived
    const r = (await t.app.surveyResults.results(1))!;
    expect(r.reach).toEqual({ audience: 3, reached: 2, uncertain: 0, notReachable: 1, inFlight: 0 });
    await t.store.close();
  });

  it('does not resend an invitation left "sending" by a crash, and asks at the next reminder instead', async () => {
    const t = await setup();
    await t.app.surveys.start('manual', null, t.clock.now());
    t.exec("update outbox set status = 'sending', attempts = 1 where member_id = 2"); // the crash
    await t.app.scheduler.advanceTo(new Date('2026-03-03T09:00:00+08:00'), t.clock);
    expect(t.seen.filter((m) => m.to === 'private:b').map((m) => m.text.slice(0, 8))).toEqual(['我们之前给你发过']);
    expect(await t.app.outbox.byKey('survey:1:invite:2')).toMatchObject({ status: 'unknown', attempts: 1 });
    await t.store.close();
  });
});

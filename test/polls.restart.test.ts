/**
 * The bot owns the clock: a poll closing 45 days later survives restarts, and one that should have
 * closed while the bot was down closes when it starts again, once.
 */
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { LOCAL_BOT_USERNAME, createLocalPort } from '../src/adapters/local/local-port.js';
import { SIM_START } from '../src/adapters/sim/simulator.js';
import { ManualClock } from '../src/core/clock.js';
import type { Incoming } from '../src/core/message.js';
import { seededRng } from '../src/core/rng.js';
import { testConfig } from './harness.js';
import { openTestStore } from './pg/app-store.js';
import { query, tempDb } from './survey-fixtures.js';

const G = 'group:class-2301';
const DAY = 86_400_000;

/** The real app on the local platform, as a process would start it, at `now`. */
async function boot(dbPath: string, now: Date) {
  const store = await openTestStore(dbPath);
  const clock = new ManualClock(now);
  const seen: { to: string; text: string; edit: boolean }[] = [];
  const port = createLocalPort((m, edit) => void seen.push({ to: m.chatId, text: m.text, edit }));
  const app = createApp({
    config: testConfig(), db: store.db, store, clock, rng: seededRng(1), log: pino({ level: 'silent' }), ports: new Map([['local', port]]),
    botUsername: () => LOCAL_BOT_USERNAME, sleep: async (ms) => clock.set(new Date(clock.now().getTime() + ms)),
  });
  const inGroup = (user: string, extra: Partial<Incoming>) => app.router.handle({ chat: { platform: 'local', id: G, kind: 'group' }, sender: { id: user, name: user }, text: '', ...extra });
  const stop = async () => {
    await app.scheduler.stop({ flush: true }); // as the process stops: what is owed is sent first
    await store.close();
  };
  return { app, port, seen, clock, inGroup, stop };
}

describe('poll closing times', () => {
  it('a poll closing in 45 days closes at start after the bot was down past that time, and only once', async () => {
    const dbPath = tempDb();
    const start = new Date(SIM_START);
    const first = await boot(dbPath, start);
    await first.app.members.declare({ user: 'zhao', name: '赵班长', roles: ['rep'], rep_of: ['class-2301'], groups: ['class-2301'] }, start);
    await first.inGroup('zhao', { text: '/poll 学期总结会 | 去 | 不去 | for 45d' });
    await first.app.scheduler.runDue(); // the poll's message is an outbox row, sent after the commit
    await first.inGroup('li', { press: first.port.findButton(G, '去')!.data, pressedMessage: first.port.findButton(G, '去')!.ref });
    await first.app.scheduler.runDue();
    await first.stop();
    expect(query(dbPath, `select kind, due_at as dueAt from scheduled_tasks where kind = 'polls.close'`)).toEqual([{ kind: 'polls.close', dueAt: start.getTime() + 45 * DAY }]);

    const second = await boot(dbPath, new Date(start.getTime() + 30 * DAY)); // a restart before: nothing closes
    await second.app.scheduler.start();
    await second.stop();
    expect(second.seen.filter((s) => s.text.includes('投票结果'))).toEqual([]);

    const third = await boot(dbPath, new Date(start.getTime() + 50 * DAY)); // down over the closing time
    await third.app.scheduler.start();
    await third.stop();
    expect(third.seen.filter((s) => s.text.startsWith('📊 投票结果 #1')).map((s) => s.to)).toEqual([G]);
    expect(third.seen.filter((s) => s.text.startsWith('⏰'))).toEqual([]); // reminders due while down are not sent late
    expect(third.seen.find((s) => s.edit)!.text).toContain('📊 投票 #1（已结束）：学期总结会');
    expect(query(dbPath, 'select status, closed_at as closedAt, token_key as key from polls')).toEqual([{ status: 'closed', closedAt: start.getTime() + 50 * DAY, key: null }]);

    const fourth = await boot(dbPath, new Date(start.getTime() + 51 * DAY));
    await fourth.app.scheduler.start();
    await fourth.stop();
    expect(fourth.seen).toEqual([]);
  });
});

/**
 * Votes on one poll: 1,000 members each tap an option of one anonymous poll in a class group,
 * through the router and SQLite (a database file with WAL and synchronous=FULL, units of work),
 * against the same router handling 1,000 `/help` commands from the same members, each in their
 * private chat (side by side, nothing written), in the same run (goal: votes/s ≥ 0.5 of /help/s).
 * Members are registered beforehand, so both measure the work of the message itself. Votes of
 * different people in one group are not kept in order with each other (only each person's own),
 * so they commit in batches, as the /help commands of different chats do. Median of three passes.
 * Run: npm run bench -- polls   (BENCH_VOTES changes 1,000)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createApp, type App } from '../src/app.js';
import { createLocalPort } from '../src/adapters/local/local-port.js';
import { systemClock } from '../src/core/clock.js';
import type { Incoming } from '../src/core/message.js';
import { seededRng } from '../src/core/rng.js';
import { closeDb, openDb } from '../src/db/client.js';
import { silentNlu } from '../test/crash/campus.js';
import { testConfig } from '../test/harness.js';
import { fmt, type BenchResult } from './bench.js';

const N = Number(process.env.BENCH_VOTES ?? 1000);
const GOAL = 0.5;
const G = 'group:class-2301';

const privately = (user: string, text: string): Incoming => ({ chat: { platform: 'local', id: `private:${user}`, kind: 'private' }, sender: { id: user, name: user }, text });
const inGroup = (user: string, extra: Partial<Incoming>): Incoming => ({ chat: { platform: 'local', id: G, kind: 'group' }, sender: { id: user, name: user }, text: '', ...extra });

/** Handles every message (one chat: in order, as the router keeps them) and returns messages per second. */
async function rate(app: App, messages: Incoming[]): Promise<number> {
  const t0 = performance.now();
  await Promise.all(messages.map((m) => app.router.handle(m)));
  return (messages.length / (performance.now() - t0)) * 1000;
}

async function pass(): Promise<{ votes: number; help: number; counted: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'yizhan-bench-polls-'));
  const db = openDb(join(dir, 'bench.db'));
  const app = createApp({
    config: testConfig(), db, clock: systemClock, rng: seededRng(1), log: pino({ level: 'silent' }), nlu: silentNlu,
    ports: new Map([['local', createLocalPort(() => undefined)]]),
  });
  try {
    await app.members.declare({ user: 'rep', name: 'rep', roles: ['rep'], rep_of: ['class-2301'], groups: ['class-2301'] }, systemClock.now());
    await app.router.handle(inGroup('rep', { text: '/poll 春游去哪 | 爬山 | 海边 | 看电影' }));
    const users = Array.from({ length: N }, (_, i) => `s${i}`);
    await Promise.all(users.map((u) => app.router.handle(inGroup(u, { text: '/start' })))); // registered, as members of the class
    await Promise.all(users.map((u) => app.router.handle(privately(u, '/start')))); // and with their private chat
    const help = await rate(app, users.map((u) => privately(u, '/help')));
    const votes = await rate(app, users.map((u, i) => inGroup(u, { press: `polls:v:1:${i % 3}` })));
    const t = await app.units.run(async () => app.polls.tally(await app.polls.get(1)));
    return { votes, help, counted: t.voters };
  } finally {
    await app.scheduler.stop();
    closeDb(db);
    rmSync(dir, { recursive: true, force: true });
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function benchPolls(): Promise<BenchResult> {
  const passes = [];
  for (let i = 0; i < 3; i++) passes.push(await pass());
  const votes = median(passes.map((p) => p.votes));
  const help = median(passes.map((p) => p.help));
  const ratio = votes / help;
  const counted = passes.every((p) => p.counted === N);
  return {
    name: `polls: ${fmt(N)} votes on one poll through the router and SQLite vs ${fmt(N)} /help (median of 3)`,
    lines: [
      `votes: ${fmt(votes)}/s   /help: ${fmt(help)}/s   ratio ${ratio.toFixed(2)} (goal ≥ ${GOAL})`,
      `every vote counted: ${counted ? 'yes' : 'NO'}`,
    ],
    ok: ratio >= GOAL && counted,
  };
}

/**
 * The bot as a process for the process tests: `node dist/main.js` (what `npm start` and the image
 * run; test/global-setup.ts builds dist/), with a config and a database of its own, its health
 * port, its log (stderr) and how it ended; `killAll` ends what a test left running.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { expect } from 'vitest';
import { freePort } from './fakes/free-port.js';
import type { FakeTelegram } from './fakes/telegram-api.js';
import { until } from './until.js';

export interface Bot {
  child: ChildProcess;
  stderr: string[];
  /** How the process ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  healthPort: number;
}

export interface BotEnv {
  config: string;
  db: string;
}

const children: ChildProcess[] = [];

/** Kills what a test left running (afterEach). */
export function killAll(): void {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
}

/**
 * Spawns the bot with these variables (platforms, DATABASE_URL…); no platform of the test's own
 * environment: only those `vars` name.
 */
export async function spawnBot(env: BotEnv, vars: Record<string, string>): Promise<Bot> {
  const healthPort = await freePort();
  const child = spawn(process.execPath, ['dist/main.js'], {
    env: {
      ...process.env, DISCORD_TOKEN: '', DISCORD_APPLICATION_ID: '', TELEGRAM_BOT_TOKEN: '', ...vars,
      YIZHAN_DB: env.db, YIZHAN_CONFIG: env.config, HEALTH_PORT: String(healthPort), LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const stderr: string[] = [];
  child.stderr!.on('data', (d: Buffer) => stderr.push(d.toString()));
  // 'close', not 'exit': the last log lines ("stopped") are read only once stderr has ended.
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.once('close', (code, signal) => r({ code, signal })));
  return { child, stderr, exited, healthPort };
}

/** SIGTERM; resolves with how it ended. */
export async function stopBot(bot: Bot): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  bot.child.kill('SIGTERM');
  return bot.exited;
}

export const health = (bot: Bot): Promise<{ status: number; body?: unknown }> =>
  fetch(`http://127.0.0.1:${bot.healthPort}/healthz`).then(async (r) => ({ status: r.status, body: await r.json() }), () => ({ status: 0 }));

/** Resolves once the bot's /healthz answers 200 (its log in the failure). */
export async function untilHealthy(bot: Bot, ms = 30_000): Promise<void> {
  await until(async () => (await health(bot)).status === 200, ms, () => bot.stderr.join(''));
}

/**
 * After a SIGKILL in the middle of `invites` /invite (from `adminId`) and one /start per student, and
 * a restart that worked everything off: each invite applied once, every update once, every reply sent
 * or `unknown` (under way at the kill, `sendingAtKill` at most: never sent twice), none sent twice.
 * `count` reads a number from the bot's store.
 */
export function expectNothingLostOrTwice(t: { fake: FakeTelegram; count(sql: string): number; adminId: number; studentIds: number[]; invites: number; updates: number; sendingAtKill: number }): void {
  const { fake, count } = t;
  expect(count('select count(*) as n from join_codes')).toBe(t.invites); // each invite once
  expect(count('select count(*) as n from processed_updates')).toBe(t.updates);
  const unknown = count(`select count(*) as n from outbox where status = 'unknown'`);
  expect(unknown).toBeLessThanOrEqual(t.sendingAtKill);
  expect(count(`select count(*) as n from outbox where status not in ('sent', 'unknown')`)).toBe(0);
  const codes = fake.messagesTo(t.adminId).map((r) => /邀请码：(\w+)/.exec(r.text ?? '')?.[1]);
  expect(new Set(codes).size).toBe(codes.length); // no reply sent twice
  expect(codes.length).toBeGreaterThanOrEqual(t.invites - unknown);
  for (const s of t.studentIds) expect(fake.messagesTo(s).length).toBeLessThanOrEqual(1);
  expect(t.studentIds.filter((s) => fake.messagesTo(s).length === 1).length).toBeGreaterThanOrEqual(t.studentIds.length - unknown);
}

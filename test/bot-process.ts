/**
 * The bot as a process for the process tests: `node dist/main.js` (what `npm start` and the image
 * run; test/global-setup.ts builds dist/), with a config and a database of its own, its health
 * port, its log (stderr) and how it ended; `killAll` ends what a test left running.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from './fakes/free-port.js';
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

/**
 * The bot as a process for the Discord process tests: `node dist/main.js` (what `npm start` and
 * the image run; test/global-setup.ts builds dist/) with the fake Discord's token, application id
 * and REST root (and the fake Bot API's when Telegram runs beside it), a config of its own and a
 * database file in a temp folder; helpers to read its log, health and rows.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { FakeDiscord } from '../fakes/discord-api.js';
import { freePort } from '../fakes/free-port.js';
import type { FakeTelegram } from '../fakes/telegram-api.js';
import { until } from '../until.js';

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

/** A temp folder with the demo config, `admins` added (`discord:<id>`, `telegram:<id>`). */
export function setup(admins: string[] = []): BotEnv {
  const dir = mkdtempSync(join(tmpdir(), 'yizhan-dproc-'));
  const config = join(dir, 'campus.yaml');
  const yaml = readFileSync('config/default.yaml', 'utf8').replace(/^admins:\n/m, `admins:\n${admins.map((a) => `  - ${a}\n`).join('')}`);
  writeFileSync(config, yaml);
  return { config, db: join(dir, 'bot.db') };
}

/** Starts the bot on the fake Discord (and the fake Telegram when given); resolves once /healthz says ok. */
export async function startBot(env: BotEnv, discord: FakeDiscord, telegram?: FakeTelegram): Promise<Bot> {
  const bot = await spawnBot(env, {
    DISCORD_TOKEN: discord.token, DISCORD_APPLICATION_ID: discord.applicationId, DISCORD_API_ROOT: discord.apiRoot,
    TELEGRAM_BOT_TOKEN: telegram?.token ?? '', ...(telegram ? { TELEGRAM_API_ROOT: telegram.apiRoot } : {}),
  });
  await until(async () => (await health(bot)).status === 200, 30_000, () => bot.stderr.join(''));
  return bot;
}

/** Spawns the bot with these platform variables (nothing else of the test's environment names a platform). */
export async function spawnBot(env: BotEnv, platforms: Record<string, string>): Promise<Bot> {
  const healthPort = await freePort();
  const child = spawn(process.execPath, ['dist/main.js'], {
    env: {
      ...process.env, DISCORD_TOKEN: '', DISCORD_APPLICATION_ID: '', TELEGRAM_BOT_TOKEN: '', ...platforms,
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

/** Rows of the bot's database, read while it runs (WAL lets a reader in). */
export function query<T = Record<string, unknown>>(db: string, sql: string): T[] {
  const conn = new Database(db, { readonly: true });
  try {
    return conn.prepare(sql).all() as T[];
  } finally {
    conn.close();
  }
}

export const logLines = (bot: Bot) =>
  bot.stderr.join('').split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { msg: string; [k: string]: unknown });

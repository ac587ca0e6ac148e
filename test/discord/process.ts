/**
 * The bot as a process for the Discord process tests: `node dist/main.js` (what `npm start` and
 * the image run; test/global-setup.ts builds dist/) with the fake Discord's token, application id
 * and REST root (and the fake Bot API's when Telegram runs beside it), a config of its own and a
 * database file in a temp folder; helpers to read its log, health and rows.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { FakeDiscord } from '../fakes/discord-api.js';
import type { FakeTelegram } from '../fakes/telegram-api.js';
import { spawnBot, untilHealthy, type Bot, type BotEnv } from '../bot-process.js';

export { health, killAll, spawnBot, stopBot, type Bot, type BotEnv } from '../bot-process.js';

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
  await untilHealthy(bot);
  return bot;
}

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

/**
 * npm start: config → every platform that has a token, side by side in one process (src/runner.ts),
 * or the console chat when none has, on SQLite (YIZHAN_DB) or on PostgreSQL (DATABASE_URL). Config
 * errors name the key, a store or data key that cannot be used says why; both exit non-zero.
 */
import { ConfigError, configPath, loadConfig, type Config } from './config.js';
import { DatabaseOpenError } from './db/client.js';
import { DataKeyError, DataKeyMissingError } from './db/data-keys.js';
import { PgOpenError } from './db/pg/client.js';
import { runConsole } from './adapters/console/console.js';
import { connectDiscordPlatform } from './adapters/discord/discord.platform.js';
import { connectTelegramPlatform } from './adapters/telegram/telegram.platform.js';
import { runPlatforms, type Connector } from './runner.js';
import { mainMessages } from './main.messages.js';

function say(text: { 'zh-CN': string; en: string }): void {
  process.stderr.write(`${text['zh-CN']}\n\n${text.en}\n`);
}

function load(): Config | undefined {
  try {
    return loadConfig(configPath());
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    process.stderr.write(`${e.message}\n`);
    return undefined;
  }
}

/** The platforms that have a token; the console when none has; undefined (after saying why) when nothing can run. */
function chooseRun(config: Config): ((config: Config) => Promise<number>) | undefined {
  const connectors: Connector[] = [];
  if (config.telegram.token) connectors.push(connectTelegramPlatform);
  if (config.discord.token) {
    if (!config.discord.application_id) {
      say({ 'zh-CN': mainMessages['zh-CN'].noApplicationId, en: mainMessages.en.noApplicationId });
      return undefined;
    }
    connectors.push(connectDiscordPlatform);
  }
  if (connectors.length) return (c) => runPlatforms(c, connectors);
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    say({ 'zh-CN': mainMessages['zh-CN'].noTerminal, en: mainMessages.en.noTerminal });
    return undefined;
  }
  return async (c) => (await runConsole(c), 0);
}

async function main(): Promise<number> {
  const config = load();
  const run = config && chooseRun(config);
  if (!config || !run) return 1;
  try {
    return await run(config);
  } catch (e) {
    const text = startError(e);
    if (!text) throw e;
    say(text);
    return 1;
  }
}

/** What the person starting the bot is told when the store or the data key cannot be used; undefined for anything else. */
function startError(e: unknown): { 'zh-CN': string; en: string } | undefined {
  const both = <P,>(pick: (m: typeof mainMessages.en) => (p: P) => string, p: P) => ({ 'zh-CN': pick(mainMessages['zh-CN'])(p), en: pick(mainMessages.en)(p) });
  if (e instanceof DataKeyMissingError) return { 'zh-CN': mainMessages['zh-CN'].dataKeyRequired, en: mainMessages.en.dataKeyRequired };
  if (e instanceof DataKeyError) return both((m) => m.badDataKey, { problem: e.message });
  if (e instanceof PgOpenError) return both((m) => m.cannotOpenPg, { where: e.where, reason: e.reason });
  if (e instanceof DatabaseOpenError) return both((m) => m.cannotOpenDb, { path: e.path, reason: e.reason });
  return undefined;
}

process.exitCode = await main();

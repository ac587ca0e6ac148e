/**
 * npm start: config → every platform that has a token, side by side in one process (src/runner.ts),
 * or the console chat when none has. Config errors name the key and exit non-zero.
 */
import { ConfigError, configPath, loadConfig, type Config } from './config.js';
import { DatabaseOpenError } from './db/client.js';
import { DataKeyError } from './db/data-keys.js';
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

/**
 * PostgreSQL's schema, migrations and `npm run store:copy` exist, but the app's repos still run on
 * SQLite only: a DATABASE_URL must not be ignored in favour of a SQLite file nobody asked for.
 */
function refusePostgres(config: Config): boolean {
  if (!config.database.url) return false;
  process.stderr.write('DATABASE_URL is set, but this version of Yizhan cannot run on PostgreSQL yet (npm run store:copy can already copy a campus into it).\n'
    + `Unset DATABASE_URL to run on SQLite (YIZHAN_DB, now ${config.database.path}).\n`);
  return true;
}

async function main(): Promise<number> {
  const config = load();
  if (config && refusePostgres(config)) return 1;
  const run = config && chooseRun(config);
  if (!config || !run) return 1;
  try {
    return await run(config);
  } catch (e) {
    if (e instanceof DataKeyError) {
      say({ 'zh-CN': mainMessages['zh-CN'].badDataKey({ problem: e.message }), en: mainMessages.en.badDataKey({ problem: e.message }) });
      return 1;
    }
    if (!(e instanceof DatabaseOpenError)) throw e;
    const p = { path: e.path, reason: e.reason };
    say({ 'zh-CN': mainMessages['zh-CN'].cannotOpenDb(p), en: mainMessages.en.cannotOpenDb(p) });
    return 1;
  }
}

process.exitCode = await main();

/**
 * npm start: config → database → adapters (the console chat when no platform has a token) → run.
 * Config errors name the key and exit non-zero.
 */
import { ConfigError, configPath, loadConfig, type Config } from './config.js';
import { DatabaseOpenError } from './db/client.js';
import { runConsole } from './adapters/console/console.js';
import { runTelegram } from './adapters/telegram/telegram.main.js';
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

/** The platform to run on; undefined (after saying why) when there is none. */
function chooseRun(config: Config): ((config: Config) => Promise<number>) | undefined {
  if (config.discord.token) {
    say({ 'zh-CN': mainMessages['zh-CN'].notBuilt({ platforms: 'Discord' }), en: mainMessages.en.notBuilt({ platforms: 'Discord' }) });
    if (!config.telegram.token) return undefined;
  }
  if (config.telegram.token) return runTelegram;
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
    if (!(e instanceof DatabaseOpenError)) throw e;
    const p = { path: e.path, reason: e.reason };
    say({ 'zh-CN': mainMessages['zh-CN'].cannotOpenDb(p), en: mainMessages.en.cannotOpenDb(p) });
    return 1;
  }
}

process.exitCode = await main();

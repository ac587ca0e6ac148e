/**
 * npm start: config → database → adapters (the console chat when no platform has a token) → run.
 * Config errors name the key and exit non-zero.
 */
import { ConfigError, configPath, loadConfig, type Config } from './config.js';
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

async function main(): Promise<number> {
  const config = load();
  if (!config) return 1;
  if (config.discord.token) {
    say({ 'zh-CN': mainMessages['zh-CN'].notBuilt({ platforms: 'Discord' }), en: mainMessages.en.notBuilt({ platforms: 'Discord' }) });
    if (!config.telegram.token) return 1;
  }
  if (config.telegram.token) return runTelegram(config);
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    say({ 'zh-CN': mainMessages['zh-CN'].noTerminal, en: mainMessages.en.noTerminal });
    return 1;
  }
  await runConsole(config);
  return 0;
}

process.exitCode = await main();

/**
 * npm run --silent simulate -- FILE [--config PATH]
 * Output lines on stdout, diagnostics on stderr. FILE "-" (or none) reads standard input.
 */
import { readFileSync } from 'node:fs';
import { ConfigError, configPath, loadConfig } from '../../config.js';
import { createLogger } from '../../log.js';
import { runSimulation } from './simulator.js';

function parseArgs(argv: string[]): { file: string; config: string } {
  let file = '-';
  let config = configPath();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--config') config = argv[++i] ?? config;
    else if (a.startsWith('--config=')) config = a.slice('--config='.length);
    else file = a;
  }
  return { file, config };
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  let text: string;
  try {
    text = readFileSync(args.file === '-' ? 0 : args.file, 'utf8');
  } catch (e) {
    process.stderr.write(`cannot read ${args.file}: ${(e as Error).message}\n`);
    return 2;
  }
  try {
    const config = loadConfig(args.config, { ...process.env, YIZHAN_DB: ':memory:' });
    await runSimulation(text.split(/\r?\n/), {
      config,
      log: createLogger(process.env.LOG_LEVEL ?? 'warn', 2),
      out: (line) => process.stdout.write(`${line}\n`),
      err: (line) => process.stderr.write(`${line}\n`),
    });
    return 0;
  } catch (e) {
    process.stderr.write(`${e instanceof ConfigError ? e.message : (e as Error).stack}\n`);
    return 1;
  }
}

process.exitCode = await main();

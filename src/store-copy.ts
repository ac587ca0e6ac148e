/**
 * `npm run store:copy -- --to postgres://… [--from FILE]` (in the image: `node dist/store-copy.js`):
 * copies the campus's SQLite database (FILE, else YIZHAN_DB or `database.path` of YIZHAN_CONFIG) into
 * an empty PostgreSQL database, which it migrates first (see db/store-copy.ts). Safe while the bot
 * runs on SQLite. Prints each table's rows and exits 0, or says why not and exits 1 (2 for wrong
 * arguments).
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, configPath, loadConfig } from './config.js';
import { copyStore, StoreCopyError } from './db/store-copy.js';

const USAGE = 'usage: npm run store:copy -- --to postgres://user:password@host:5432/database [--from path/to/yizhan.db]\n'
  + '  --to    an empty PostgreSQL database (created beforehand: CREATE DATABASE …)\n'
  + '  --from  the SQLite database to copy (default: YIZHAN_DB, else database.path of the config)\n';

function parse(args: string[]): { to: string; from?: string } | undefined {
  try {
    const { values, positionals } = parseArgs({ args, options: { to: { type: 'string' }, from: { type: 'string' } }, allowPositionals: true });
    if (!values.to || positionals.length || !/^postgres(ql)?:\/\//.test(values.to)) return undefined;
    return { to: values.to, ...(values.from ? { from: values.from } : {}) };
  } catch {
    return undefined;
  }
}

/** The target without its password, for the summary. */
function shown(url: string): string {
  const u = new URL(url);
  return `${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname}`;
}

async function main(args: string[]): Promise<number> {
  const options = parse(args);
  if (!options) {
    process.stderr.write(USAGE);
    return 2;
  }
  try {
    const from = resolve(options.from ?? loadConfig(configPath()).database.path);
    const copied = await copyStore(from, options.to);
    const width = Math.max(...copied.map((c) => c.table.length));
    for (const c of copied) process.stdout.write(`  ${c.table.padEnd(width)}  ${c.rows}\n`);
    const rows = copied.reduce((n, c) => n + c.rows, 0);
    process.stdout.write(`copied ${from} to ${shown(options.to)}: ${copied.length} tables, ${rows} rows, every count checked\n`);
    return 0;
  } catch (e) {
    if (!(e instanceof StoreCopyError) && !(e instanceof ConfigError)) throw e;
    process.stderr.write(`store:copy failed: ${e.message}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));

/**
 * `npm run backup -- FILE` (in the image: `node dist/backup.js FILE`): an online backup of the
 * configured database (YIZHAN_DB, else `database.path` of YIZHAN_CONFIG) to FILE, a new file. Safe
 * while the bot runs (see db/backup.ts). Prints one line and exits 0, or says why not and exits 1
 * (2 for wrong arguments).
 *
 * On PostgreSQL (DATABASE_URL set) it copies nothing and says so (exit 1): the database server's own
 * tools back it up (pg_dump, or continuous archiving for point-in-time recovery; README "Running on
 * PostgreSQL"). Copying the SQLite file at YIZHAN_DB instead would look like a backup and hold nothing.
 */
import { resolve } from 'node:path';
import { ConfigError, configPath, loadConfig } from './config.js';
import { BackupError, backupDatabase } from './db/backup.js';

async function main(args: readonly string[]): Promise<number> {
  const [file, ...rest] = args;
  if (!file || rest.length || file.startsWith('-')) {
    process.stderr.write('usage: npm run backup -- FILE   (FILE: a new file, e.g. backups/yizhan-2026-03-02.db)\n');
    return 2;
  }
  try {
    const database = loadConfig(configPath()).database;
    if (database.url) {
      process.stderr.write(`backup refused: DATABASE_URL is set, and npm run backup copies a SQLite database only. Back PostgreSQL up with its own tools: pg_dump --format=custom --file=FILE "$DATABASE_URL" (restore with pg_restore), or continuous archiving for point-in-time recovery (README: Running on PostgreSQL). Keep YIZHAN_DATA_KEY apart from the dumps.\n`);
      return 1;
    }
    const source = resolve(database.path);
    const destination = resolve(file);
    const { pages } = await backupDatabase(source, destination);
    process.stdout.write(`backed up ${source} to ${destination} (${pages} pages, integrity ok)\n`);
    return 0;
  } catch (e) {
    if (!(e instanceof BackupError) && !(e instanceof ConfigError)) throw e;
    process.stderr.write(`backup failed: ${e.message}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));

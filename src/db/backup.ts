/**
 * An online backup of the database while the bot runs. The database is in WAL mode: recent commits
 * live in the `-wal` file until a checkpoint, so copying the `.db` file alone can miss them or catch
 * half a checkpoint. SQLite's backup API copies a consistent state through a connection of its
 * own; the copy is then checked with `PRAGMA integrity_check` and left as one self-contained file.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';

/** The most pages better-sqlite3 lets one backup step copy. */
const ALL_PAGES = 0x7fffffff;

export class BackupError extends Error {
  override name = 'BackupError';
}

export interface BackupResult {
  pages: number;
}

/** Copies the database at `source` to the new file `destination` (never overwritten) and checks the copy. */
export async function backupDatabase(source: string, destination: string): Promise<BackupResult> {
  if (resolve(source) === resolve(destination)) throw new BackupError('the backup must go to another file than the database');
  if (existsSync(destination)) throw new BackupError(`${destination} exists already; choose a new file`);
  if (!existsSync(dirname(resolve(destination)))) throw new BackupError(`the folder of ${destination} does not exist`);
  if (!existsSync(source)) throw new BackupError(`there is no database at ${source}`);
  const db = new Database(source, { fileMustExist: true, timeout: 5000 });
  let pages: number;
  try {
    // Every page in one step (one read transaction): a backup in steps starts over whenever the
    // bot commits between two of them, and a busy bot commits all the time.
    ({ totalPages: pages } = await db.backup(destination, { progress: () => ALL_PAGES }));
  } finally {
    db.close();
  }
  const copy = new Database(destination, { fileMustExist: true });
  try {
    copy.pragma('journal_mode = DELETE'); // one self-contained file; the bot turns WAL on again when it opens it
    const check = copy.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new BackupError(`the copy at ${destination} fails integrity_check: ${String(check)}`);
  } finally {
    copy.close();
  }
  return { pages };
}

/**
 * `npm run backup -- FILE`: an online backup of the bot's WAL database, taken while it is open and
 * being written, that holds every commit (also those still in the -wal file) and passes
 * integrity_check.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { backupDatabase } from '../src/db/backup.js';
import { openDb, type Db } from '../src/db/client.js';

const run = promisify(execFile);

/** The bot's database, open, with members committed but not checkpointed into the .db file yet. */
function liveDb(members: number): { dir: string; path: string; db: Db } {
  const dir = mkdtempSync(join(tmpdir(), 'yizhan-backup-'));
  const path = join(dir, 'yizhan.db');
  const db = openDb(path);
  db.$client.pragma('wal_autocheckpoint = 0');
  addMembers(db, 1, members);
  return { dir, path, db };
}

function addMembers(db: Db, from: number, to: number): void {
  const insert = db.$client.prepare('insert into members (id, name, created_at) values (?, ?, ?)');
  db.$client.transaction(() => {
    for (let id = from; id <= to; id++) insert.run(id, `member ${id}`, 0);
  })();
}

const count = (file: string): number => {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('select count(*) as n from members').get() as { n: number }).n;
  } finally {
    db.close();
  }
};

describe('backup', () => {
  it('copies an open WAL database with the commits a file copy would miss, as one checked file', async () => {
    const { dir, path, db } = liveDb(300);
    copyFileSync(path, join(dir, 'plain-copy.db'));
    expect(() => count(join(dir, 'plain-copy.db'))).toThrow(/no such table/); // everything is still in the -wal file

    const { pages } = await backupDatabase(path, join(dir, 'backup.db'));
    expect(pages).toBeGreaterThan(0);
    expect(count(join(dir, 'backup.db'))).toBe(300);
    expect(readdirSync(dir).filter((f) => f.startsWith('backup'))).toEqual(['backup.db']); // no -wal or -shm beside it
    db.$client.close();
  });

  it('takes a consistent copy while the bot keeps committing', async () => {
    const { dir, path, db } = liveDb(2000);
    let next = 2001;
    let writing = true;
    const writer = (async () => {
      while (writing) {
        addMembers(db, next, next + 49); // a batch of 50 commits atomically
        next += 50;
        await new Promise((r) => setImmediate(r));
      }
    })();
    await backupDatabase(path, join(dir, 'backup.db'));
    writing = false;
    await writer;
    const copied = count(join(dir, 'backup.db'));
    expect(copied).toBeGreaterThanOrEqual(2000);
    expect(copied % 50).toBe(0); // whole batches only
    db.$client.close();
  });

  it('never overwrites a file, and says when there is no database', async () => {
    const { dir, path, db } = liveDb(1);
    writeFileSync(join(dir, 'taken.db'), 'keep me');
    await expect(backupDatabase(path, join(dir, 'taken.db'))).rejects.toThrow(/exists already/);
    await expect(backupDatabase(path, path)).rejects.toThrow(/another file/);
    await expect(backupDatabase(join(dir, 'none.db'), join(dir, 'b.db'))).rejects.toThrow(/no database at/);
    await expect(backupDatabase(path, join(dir, 'no-folder', 'b.db'))).rejects.toThrow(/folder .* does not exist/);
    db.$client.close();
  });

  it('npm run backup -- FILE backs up the configured database (YIZHAN_DB) and exits 0; a taken FILE exits 1', async () => {
    const { dir, path, db } = liveDb(5);
    const env = { ...process.env, YIZHAN_DB: path };
    const ok = await run('npm', ['run', '--silent', 'backup', '--', join(dir, 'nightly.db')], { env });
    expect(ok.stdout).toMatch(/^backed up .*yizhan\.db to .*nightly\.db \(\d+ pages, integrity ok\)\n$/);
    expect(count(join(dir, 'nightly.db'))).toBe(5);
    const again = await run('npm', ['run', '--silent', 'backup', '--', join(dir, 'nightly.db')], { env }).catch((e: { code: number; stderr: string }) => e);
    expect(again).toMatchObject({ code: 1, stderr: expect.stringMatching(/^backup failed: .*nightly\.db exists already/) });
    expect(existsSync(join(dir, 'nightly.db-wal'))).toBe(false);
    db.$client.close();
  });

  it('on PostgreSQL (DATABASE_URL set) copies nothing, points to pg_dump, and exits 1 without naming the password', async () => {
    const { dir, path, db } = liveDb(1);
    const env = { ...process.env, YIZHAN_DB: path, DATABASE_URL: 'postgres://yz:s3cret-pw@db.campus.example:5432/campus' };
    const refused = await run('node', ['dist/backup.js', join(dir, 'nightly.db')], { env }).catch((e: { code: number; stderr: string }) => e);
    expect(refused).toMatchObject({ code: 1, stderr: expect.stringContaining('pg_dump') });
    expect((refused as { stderr: string }).stderr).not.toContain('s3cret-pw');
    expect(existsSync(join(dir, 'nightly.db'))).toBe(false); // not a copy of the SQLite file nobody uses
    db.$client.close();
  });
});

import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { closeDb, openDb, type Db } from '../src/db/client.js';
import { members } from '../src/db/schema.js';
import { at, person, say, simulate, to } from './harness.js';
import { onPgStore } from './pg/app-store.js';

const fresh = () => join(mkdtempSync(join(tmpdir(), 'yizhan-db-')), 'nested', 'y.db');

describe('database', () => {
  it('creates the folder, applies the migrations to an empty file and sets the pragmas', () => {
    const db = openDb(fresh());
    const tables = db.$client.prepare("select name from sqlite_master where type = 'table'").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['members', 'identities', 'chats', 'role_grants', 'audit_log', 'processed_updates', 'join_codes', 'scheduled_tasks']));
    expect(db.$client.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.$client.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.$client.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.$client.pragma('busy_timeout', { simple: true })).toBe(5000);
    closeDb(db);
  });

  it('is a no-op to migrate again on restart, keeps the data and sets synchronous=FULL again', () => {
    const path = fresh();
    const first = openDb(path);
    first.insert(members).values({ name: '李华', platformLocale: 'zh-CN', createdAt: new Date(0) }).run();
    const applied = first.$client.prepare('select count(*) from __drizzle_migrations').pluck().get();
    closeDb(first);
    const again = openDb(path);
    expect(again.$client.prepare('select count(*) from __drizzle_migrations').pluck().get()).toBe(applied);
    expect(again.$client.pragma('synchronous', { simple: true })).toBe(2);
    expect(again.select().from(members).all().map((m) => m.name)).toEqual(['李华']);
    closeDb(again);
    expect(readdirSync(join(path, '..'))).toContain('y.db');
  });

  it('keeps members, roles and locale choices across a restart of the whole bot', async () => {
    // SQLite makes the database file's folder. On PostgreSQL there is no file: the data key file beside
    // the database's name (db/data-keys.ts: <name>.key) is made in a folder that must exist already.
    const dbPath = onPgStore ? join(mkdtempSync(join(tmpdir(), 'yizhan-db-')), 'y.db') : fresh();
    await simulate([person('boss', 'B', { roles: ['admin'] }), say('amy', '/lang en'), say('boss', '/grant staff logistics @amy')], { dbPath });
    const second = await simulate([at('2026-03-03T09:00:00+08:00'), say('amy', '/whoami')], { dbPath });
    expect(to(second, 'private:amy')[0]!.text).toBe('amy (member #2)\nRoles: student, staff of Logistics Services\nLanguage: English (send /lang zh for 中文)\nAccounts: local console (@amy)');
  });

  it('opens a database created before the migrations moved to migrations/sqlite: nothing applied again, the same schema as a new one, its rows kept', () => {
    // Written by openDb of main at 0f13ee7 (migrations in ./migrations, 0000–0011) with one member.
    const path = join(mkdtempSync(join(tmpdir(), 'yizhan-db-')), 'old.db');
    writeFileSync(path, gunzipSync(readFileSync(new URL('./fixtures/db/migrated-by-0f13ee7.db.gz', import.meta.url))));
    const applied = (db: Db) => db.$client.prepare('select hash, created_at from __drizzle_migrations order by id').all();
    const schema = (db: Db) => db.$client.prepare("select type, name, tbl_name, sql from sqlite_master where name not like 'sqlite_%' order by name").all();
    const old = openDb(path);
    const fresh = openDb(':memory:');
    expect(applied(old)).toEqual(applied(fresh));
    expect(schema(old)).toEqual(schema(fresh));
    expect(old.select().from(members).all().map((m) => [m.id, m.name])).toEqual([[1, '李华']]);
    closeDb(old);
    closeDb(fresh);
  });
});

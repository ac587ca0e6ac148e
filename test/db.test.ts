import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { closeDb, openDb } from '../src/db/client.js';
import { members } from '../src/db/schema.js';
import { at, person, say, simulate, to } from './harness.js';

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
    const dbPath = fresh();
    await simulate([person('boss', 'B', { roles: ['admin'] }), say('amy', '/lang en'), say('boss', '/grant staff logistics @amy')], { dbPath });
    const second = await simulate([at('2026-03-03T09:00:00+08:00'), say('amy', '/whoami')], { dbPath });
    expect(to(second, 'private:amy')[0]!.text).toBe('amy (member #2)\nRoles: student, staff of Logistics Services\nLanguage: English (send /lang zh for 中文)\nAccounts: local console (@amy)');
  });
});

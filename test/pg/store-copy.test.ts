/**
 * `npm run store:copy`: a campus that lived on SQLite, filled through the real app, copied into an
 * empty PostgreSQL database: every table's rows equal (times, booleans, JSON, sealed texts), ids go
 * on after the copied ones, a second copy is refused, a copy that would lose rows keeps nothing,
 * and a copy taken while the bot keeps writing is one consistent snapshot.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { asc, getTableColumns, type Column } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { closeDb, openDb, type Db } from '../../src/db/client.js';
import { closePg, openPg, type PgDb } from '../../src/db/pg/client.js';
import { copyStore } from '../../src/db/store-copy.js';
import { tablesInCopyOrder } from '../../src/db/store-tables.js';
import { members as pgMembers } from '../../src/db/pg/schema.js';
import { identities, members } from '../../src/db/schema.js';
import { press, person, say, simulate } from '../harness.js';
import { freshPgDatabase } from './db.js';

const run = promisify(execFile);
const [target, again, lossy, live, cli] = await Promise.all([1, 2, 3, 4, 5].map(() => freshPgDatabase())) as [string, string, string, string, string];
const G = 'group:class-2301';
const people = [
  person('boss', '管理员', { roles: ['admin'] }),
  person('zhao', '赵班长', { roles: ['rep'], rep_of: ['class-2301'], groups: ['class-2301'] }),
  person('li', '李华', { groups: ['class-2301'] }),
  person('amy', 'Amy Chen', { locale: 'en', groups: ['class-2301'] }),
  person('wang', '王老师', { roles: ['staff'], department: 'logistics' }),
  person('xu', '徐老师', { roles: ['staff'], department: 'counselling' }),
];
const GYM = ['/faq add gym-hours', '体育馆几点开门？ / When is the gym open?', '体育馆每天 8:00–21:00 开放。 / The gym is open daily 8:00–21:00.'].join(' | ');

/** A campus database with something in every feature, written by the app itself. */
async function campus(): Promise<string> {
  const dbPath = join(mkdtempSync(join(tmpdir(), 'yizhan-copy-')), 'yizhan.db');
  const r = await simulate([
    ...people,
    say('li', '/repair 3号楼502 热水器坏了', 'private', { photos: ['photo-ref-7f3a9'] }), press('li', '确认提交'),
    say('wang', '/reply T-1 明天上午来修', 'group:staff-logistics'), say('wang', '/note T-1 钥匙在宿管', 'group:staff-logistics'),
    say('li', '/complaint'), press('li', '服务质量'), say('li', '宿管晚上十一点还在大声打电话'), press('li', '跳过'), press('li', '匿名提交'), press('li', '确认提交'),
    say('boss', '/survey send semester-satisfaction'), press('boss', '确认发送'),
    ...['5', '4', '3', '5', '2', '4'].map((v) => press('li', v)), press('li', '宿舍设施'), press('li', '完成'), press('li', '9'), say('li', '热水经常不热'),
    say('zhao', '/poll 周五班会时间 | 周五 15:00 | 周六上午 | 实名', G), press('li', '周五 15:00', G),
    say('wang', GYM), say('wang', '/faq edit gym-hours | answer: 体育馆 9:00 开门。 / The gym opens at 9:00.'), say('amy', 'When is the gym open?'),
    say('amy', '/talk My roommate and I have not spoken for weeks'), say('xu', '/claim C-1', 'group:staff-counselling'),
  ], { dbPath, sqlite: true }); // the campus to copy is SQLite's, whatever store the suite runs on
  expect(r.err).toEqual([]);
  return dbPath;
}

/** Every row of a table in both stores, as the app reads them (by primary key). */
async function bothSides(sqlite: Db, pg: PgDb, name: string) {
  const t = tablesInCopyOrder().find((p) => p.name === name)!;
  const keys = t.primaryKey.map((column) => t.columns.find((c) => c.name === column)!.key);
  const fromSqlite = sqlite.select().from(t.sqlite).orderBy(...keys.map((k) => asc(getTableColumns(t.sqlite)[k] as Column))).all();
  const fromPg = await pg.select().from(t.pg).orderBy(...keys.map((k) => asc(getTableColumns(t.pg)[k] as Column)));
  return { fromSqlite, fromPg };
}

describe('store:copy', () => {
  const filled = campus();

  it('copies every table of a campus in use, each row as the app reads it, and later rows get new ids', async () => {
    const dbPath = await filled;
    const copied = await copyStore(dbPath, target);
    const rows = Object.fromEntries(copied.map((c) => [c.table, c.rows]));
    for (const table of ['tickets', 'ticket_events', 'ticket_photos', 'survey_runs', 'survey_answers', 'polls', 'poll_ballots', 'cases', 'case_messages', 'outbox', 'faq_entries', 'faq_asks', 'audit_log']) {
      expect(rows[table], table).toBeGreaterThan(0);
    }
    const sqlite = openDb(dbPath);
    const pg = await openPg(target);
    for (const t of tablesInCopyOrder()) {
      const { fromSqlite, fromPg } = await bothSides(sqlite, pg, t.name);
      expect(fromPg, t.name).toEqual(fromSqlite);
    }
    const { fromPg: tickets } = await bothSides(sqlite, pg, 'tickets');
    expect(tickets.map((t) => [t.anonymous, t.createdAt instanceof Date])).toEqual([[false, true], [true, true]]);
    const { fromSqlite: sealed, fromPg: sealedCopy } = await bothSides(sqlite, pg, 'case_messages');
    expect(sealedCopy.map((m) => Buffer.from(String(m.body)))).toEqual(sealed.map((m) => Buffer.from(String(m.body))));
    expect(sealedCopy[0]!.body).not.toContain('roommate');
    closeDb(sqlite);
    const next = await pg.insert(pgMembers).values({ name: 'new', createdAt: new Date() }).returning();
    expect(next[0]!.id).toBe(rows.members! + 1);
    await closePg(pg);
  });

  it('refuses a PostgreSQL database that has rows, and changes nothing there', async () => {
    const dbPath = await filled;
    await copyStore(dbPath, again);
    await expect(copyStore(dbPath, again)).rejects.toThrow(/the PostgreSQL database is not empty: members \(6 rows\)/);
    const pg = await openPg(again);
    expect((await pg.$client.query('select count(*)::int as n from tickets')).rows[0].n).toBe(2);
    await closePg(pg);
  });

  it('keeps nothing when a table would arrive short (a count differs)', async () => {
    const dbPath = await filled;
    const pg = await openPg(lossy);
    await pg.$client.query("create function lose() returns trigger language plpgsql as 'begin return null; end'");
    await pg.$client.query('create trigger lose before insert on faq_asks for each row execute function lose()');
    await expect(copyStore(dbPath, lossy)).rejects.toThrow(/nothing was kept: faq_asks: 1 in SQLite, 0 in PostgreSQL/);
    expect((await pg.$client.query('select count(*)::int as n from members')).rows[0].n).toBe(0);
    await closePg(pg);
  });

  it('copies one consistent snapshot while the bot keeps writing', async () => {
    const dbPath = join(mkdtempSync(join(tmpdir(), 'yizhan-copy-')), 'yizhan.db');
    const db = openDb(dbPath);
    let added = 0;
    const addPerson = () => db.transaction((tx) => {
      const [m] = tx.insert(members).values({ name: `p${added}`, createdAt: new Date(0) }).returning().all();
      tx.insert(identities).values({ memberId: m!.id, platform: 'local', platformUserId: `u${added++}`, displayName: 'p', createdAt: new Date(0), lastSeenAt: new Date(0) }).run();
    });
    db.transaction(() => {
      for (let i = 0; i < 1000; i++) addPerson();
    });
    let writing = true;
    const writer = (async () => {
      while (writing) {
        addPerson();
        await new Promise((r) => setImmediate(r));
      }
    })();
    const copy = copyStore(dbPath, live); // reads SQLite's counts before its first await: the snapshot
    const atStart = added;
    const copied = Object.fromEntries((await copy).map((c) => [c.table, c.rows]));
    writing = false;
    await writer;
    expect(added).toBeGreaterThan(atStart); // the bot did write while the copy ran
    expect([copied.members, copied.identities]).toEqual([atStart, atStart]);
    closeDb(db);
  });

  it('runs as npm run store:copy (node dist/store-copy.js) with a per-table summary, and explains its arguments', async () => {
    const dbPath = await filled;
    const { stdout } = await run(process.execPath, ['dist/store-copy.js', '--to', cli, '--from', dbPath]);
    expect(stdout).toMatch(/^ {2}members +6$/m);
    expect(stdout).toMatch(new RegExp(`copied .*yizhan\\.db to 127\\.0\\.0\\.1:\\d+/yizhan_test_\\w+: ${tablesInCopyOrder().length} tables, \\d+ rows, every count checked`));
    expect(stdout).not.toContain(new URL(cli).password);
    const wrong = await run(process.execPath, ['dist/store-copy.js', '--from', dbPath]).catch((e: { code: number; stderr: string }) => e);
    expect(wrong).toMatchObject({ code: 2, stderr: expect.stringContaining('usage: npm run store:copy -- --to postgres://') });
  });
});

import { describe, expect, it } from 'vitest';
import { closeDb, openDb, type Q } from '../../src/db/client.js';
import { closePg, openPg } from '../../src/db/pg/client.js';
import { tables } from '../../src/db/tables.js';
import { freshPgDatabase } from './db.js';
import { pgQuerySync, postgresSql } from './query.js';

const url = await freshPgDatabase();

/** The same rows in either store: a member, and an anonymous outbox row with JSON. */
async function fill(q: Q) {
  const { members, outbox } = tables(q);
  const at = new Date(1_700_000_000_000);
  const [m] = await q.insert(members).values({ name: 'li', locale: 'en', createdAt: at }).returning();
  await q.insert(outbox).values({
    kind: 'reply', memberId: m!.id, platform: 'local', chatId: 'c', locale: 'en', payload: { text: "it's" }, meta: { run: 3 },
    forget: true, nextAttemptAt: at, createdAt: at, updatedAt: at,
  });
}

const SQL = `select o.member_id as memberId, o.forget, o.created_at as createdAt, o.payload, o.meta, count(*) as n, 'as isIs?' as literal
  from outbox o join members m on m.id = o.member_id where m.name = ? group by o.id`;

describe("the tests' query on PostgreSQL", () => {
  it('reads what SQLite reads, as SQLite gives it: placeholders, aliases in their case, counts, times as ms, booleans as 0/1, JSON as text', async () => {
    const sqlite = openDb(':memory:');
    const pgDb = await openPg(url);
    try {
      await fill(sqlite);
      await fill(pgDb as unknown as Q);
      const expected = sqlite.$client.prepare(SQL).all('li');
      expect(expected).toEqual([{ memberId: 1, forget: 1, createdAt: 1_700_000_000_000, payload: '{"text":"it\'s"}', meta: '{"run":3}', n: 1, literal: 'as isIs?' }]);
      const actual = pgQuerySync<Record<string, unknown>>(url, SQL, ['li']);
      expect(actual).toEqual(expected);
    } finally {
      closeDb(sqlite);
      await closePg(pgDb);
    }
  });

  it('says what failed, with the statement', () => {
    expect(() => pgQuerySync(url, 'select nope from members', [])).toThrow(/nope.*in: select nope from members/);
    expect(postgresSql("select a as fooBar, b as lower where c = ? and d = 'x?' and e = ?")).toBe(`select a as "fooBar", b as lower where c = $1 and d = 'x?' and e = $2`);
  });
});

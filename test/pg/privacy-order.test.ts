/**
 * Anonymity on PostgreSQL, where a table keeps its rows in the order they were written (an updated
 * row anew at its end) and a deleted or updated row's old version until VACUUM. Checked in the
 * order the store keeps the rows (`ctid` on PostgreSQL; SQLite's scan order) and, for the old
 * versions, in the table's pages (PostgreSQL's pageinspect: every tuple of every page, dead ones too).
 * - A closed anonymous poll's ballots are kept in token order, not in the order people voted,
 *   which "who voted" rows written beside them would name.
 * - A closed anonymous survey run's invitations are kept in the order they were written, not in
 *   the order members pressed "answer" (a press confirms an unsure delivery: the row is rewritten).
 * - After such a close, a `store.vacuum` task row (PostgreSQL only) asks for VACUUM; once it ran, no
 *   page of those tables still holds the poll's erased key, its ballots' old versions or a handled
 *   press's payload in the inbox.
 */
import { randomBytes } from 'node:crypto';
import { asc, getTableName, sql } from 'drizzle-orm';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { Db, Q } from '../../src/db/client.js';
import { closePg, openPg, type PgDb } from '../../src/db/pg/client.js';
import { vacuumPg } from '../../src/db/pg/vacuum.js';
import { onPostgres, tables } from '../../src/db/tables.js';
import { confirmOutbox } from '../../src/core/outbox.repo.js';
import { rewriteOutboxInIdOrder } from '../../src/core/outbox.privacy.repo.js';
import { pendingTasks } from '../../src/core/tasks.repo.js';
import { VACUUM_TASK, vacuumLater, vacuumTablesOf } from '../../src/core/vacuum.repo.js';
import { ballotOf, choicesOf, closePoll, forgetVoters, insertPoll, saveBallot, sealBallots, voterIds } from '../../src/features/polls/polls.repo.js';
import { resultsOnBoth } from './on-both.js';
import { asSuperuser, freshPgDatabase } from './db.js';

const url = await freshPgDatabase();
const t0 = new Date('2026-03-02T08:00:00Z');
const KEY = 'POLLKEY'.padEnd(32, 'x');

/** A column of a table in the order the store keeps its rows (no ORDER BY on SQLite; ctid on PostgreSQL). */
async function stored(q: Q, table: string, column: string): Promise<string[]> {
  const query = sql`select ${sql.identifier(column)} as v from ${sql.identifier(table)}`;
  const rows = onPostgres(q)
    ? (await (q as unknown as PgDb).execute(sql`${query} order by ctid`)).rows as { v: unknown }[]
    : (q as Db).all<{ v: unknown }>(query);
  return rows.map((r) => String(r.v));
}

async function members(q: Q, n: number): Promise<number[]> {
  const { members } = tables(q);
  const rows = await q.insert(members).values(Array.from({ length: n }, (_, i) => ({ name: `m${i}`, createdAt: t0 }))).returning({ id: members.id });
  return rows.map((r) => r.id);
}

/** Five people vote in an anonymous poll (one changes their vote, one takes it back and votes again), then it closes. */
async function pollScenario(q: Q) {
  const ids = await members(q, 5);
  const poll = await insertPoll(q, {
    groupKey: 'class-1', question: 'Trip?', options: ['yes', 'no', 'later'], anonymous: true, multi: false, hideResults: false,
    createdBy: ids[0]!, createdAt: t0, closesAt: new Date(t0.getTime() + 86_400_000), tokenKey: KEY,
  });
  // Tokens as random as the poll key makes them; people vote in an order that is neither theirs nor the members'.
  const token = new Map(ids.map((id, i) => [id, `BALLOT-${['d', 'a', 'e', 'b', 'c'][i]}`]));
  const order = [ids[2]!, ids[0]!, ids[4]!, ids[1]!, ids[3]!];
  for (const [n, id] of order.entries()) await saveBallot(q, poll.id, token.get(id)!, id, false, 1 << (n % 3));
  await saveBallot(q, poll.id, token.get(ids[0]!)!, ids[0]!, false, 4); // changes
  // The press that voted, as the inbox kept it until it was handled (then its payload was emptied).
  const { telegramInbox } = tables(q);
  await q.insert(telegramInbox).values({ updateId: 77 + poll.id * 1000, chatKey: 'c', payload: '{"from":{"id":4242},"data":"PRESSED-v-2"}', receivedAt: t0 });
  await q.update(telegramInbox).set({ payload: '', status: 'done', doneAt: t0 });
  await saveBallot(q, poll.id, token.get(ids[4]!)!, ids[4]!, false, 0); // takes it back
  await saveBallot(q, poll.id, token.get(ids[4]!)!, ids[4]!, false, 2); // and votes again
  const open = { voters: (await voterIds(q, poll.id)).length, mine: await ballotOf(q, poll.id, token.get(ids[0]!)!) };
  await closePoll(q, poll.id, t0, { voters: 5, roster: 5, counts: [0, 0, 0] });
  await forgetVoters(q, poll.id);
  await sealBallots(q, poll.id);
  await vacuumLater(q, ['polls', 'pollBallots', 'pollVoters'], t0);
  return {
    open,
    choices: await choicesOf(q, poll.id),
    storedBallots: await stored(q, 'poll_ballots', 'token'),
    storedVoters: await stored(q, 'poll_voters', 'member_id'),
    vacuumTasks: (await pendingTasks(q, VACUUM_TASK)).map((t) => vacuumTablesOf(t.payload)),
  };
}

/** A run's invitations written in member order; three members press "answer" on an unsure delivery, in their own order. */
async function invitationScenario(q: Q) {
  const ids = await members(q, 5);
  const { outbox } = tables(q);
  const row = (key: string) => ({
    kind: 'survey.invite', dedupeKey: key, platform: 'telegram' as const, chatId: key, locale: 'zh-CN' as const, payload: { text: key },
    status: 'unknown' as const, nextAttemptAt: t0, createdAt: t0, updatedAt: t0,
  });
  await q.insert(outbox).values(ids.map((id) => row(`survey:1:invite:${id}`)));
  await q.insert(outbox).values(row('survey:2:invite:1'));
  for (const i of [3, 1, 4]) await confirmOutbox(q, `survey:1:invite:${ids[i]}`, new Date(t0.getTime() + i * 60_000));
  const rewritten = await rewriteOutboxInIdOrder(q, 'survey:1:invite:');
  const rows = await q.select().from(outbox).orderBy(asc(outbox.id));
  return {
    ids, rewritten,
    rows: rows.map((r) => [r.dedupeKey, r.status, r.updatedAt.getTime() - t0.getTime()]),
    stored: await stored(q, 'outbox', 'dedupe_key'),
  };
}

describe('anonymity in the order PostgreSQL keeps rows in', () => {
  it('keeps a closed anonymous poll\'s ballots in token order on both stores, not in the order people voted', async () => {
    const { sqlite, postgres } = await resultsOnBoth(url, pollScenario);
    for (const r of [sqlite, postgres]) {
      expect(r.open).toEqual({ voters: 5, mine: 4 });
      expect(r.choices).toEqual([1, 2, 2, 4, 1]); // by token: a, b, c (taken back, then 2), d (changed to 4), e
      expect(r.storedBallots).toEqual(['BALLOT-a', 'BALLOT-b', 'BALLOT-c', 'BALLOT-d', 'BALLOT-e']);
      expect(r.storedVoters).toEqual([]);
    }
    expect(sqlite.vacuumTasks).toEqual([]); // SQLite's secure_delete zeroed the old rows at once
    // With the inboxes: a handled press's payload (who pressed which option) was emptied by an update.
    expect(postgres.vacuumTasks).toEqual([['discord_inbox', 'poll_ballots', 'poll_voters', 'polls', 'telegram_inbox']]);
  });

  it('keeps a closed run\'s invitations in the order they were written, not in the order members pressed "answer"', async () => {
    const { sqlite, postgres } = await resultsOnBoth(url, invitationScenario);
    for (const r of [sqlite, postgres]) {
      const key = (i: number) => `survey:1:invite:${r.ids[i]}`;
      expect(r.rows).toEqual([
        [key(0), 'unknown', 0], [key(1), 'sent', 60_000], [key(2), 'unknown', 0], [key(3), 'sent', 180_000], [key(4), 'sent', 240_000],
        ['survey:2:invite:1', 'unknown', 0],
      ]);
    }
    const invites = (r: typeof sqlite) => r.stored.filter((k) => k.startsWith('survey:1:'));
    expect(invites(postgres)).toEqual(r5(postgres.ids));
    expect(invites(sqlite)).toEqual(r5(sqlite.ids));
    expect(postgres.rewritten).toBe(5);
    expect(sqlite.rewritten).toBe(0); // SQLite updates a row in place
  });

  it('VACUUMs a closed poll\'s tables: no page still holds its erased key or its ballots\' old versions', async () => {
    const pgDb = await openPg(url);
    try {
      const { postgres } = await resultsOnBoth(url, pollScenario); // committed on PostgreSQL
      const tablesToVacuum = postgres.vacuumTasks[0]!;
      await pgDb.execute(sql`create extension if not exists pageinspect`);
      /** Tuples (live or dead) in the pages of `tablesToVacuum` whose bytes hold `text`. */
      const holding = async (text: string) => {
        let n = 0;
        for (const t of tablesToVacuum) {
          const r = await pgDb.execute(sql`select count(*)::int as n from generate_series(0, pg_relation_size(${t}::regclass) / 8192 - 1) as b,
            heap_page_items(get_raw_page(${t}, b::int)) as h where position(convert_to(${text}, 'UTF8') in coalesce(h.t_data, ''::bytea)) > 0`);
          n += (r.rows[0] as { n: number }).n;
        }
        return n;
      };
      const before = { key: await holding(KEY), changedVote: await holding('BALLOT-'), press: await holding('PRESSED-') };
      await vacuumPg(pgDb.$client, tablesToVacuum);
      // Who held snapshots on the server right after the VACUUM (an older one keeps the old versions): said if the check fails.
      const holders = JSON.stringify((await pgDb.execute(sql`select datname, state, backend_xmin::text as xmin, left(query, 80) as query
        from pg_stat_activity where backend_xmin is not null and pid <> pg_backend_pid()`)).rows);
      const after = { key: await holding(KEY), ballots: await holding('BALLOT-'), press: await holding('PRESSED-') };
      const live = (await pgDb.execute(sql`select count(*)::int as n from poll_ballots`)).rows[0] as { n: number };
      expect(before.key).toBeGreaterThan(0); // the poll row's version from before closing still holds the key
      expect(before.changedVote).toBeGreaterThan(5); // every ballot version written while it was open
      expect(before.press).toBeGreaterThan(0); // the handled press's payload, emptied by an update
      expect(after, holders).toEqual({ key: 0, ballots: live.n, press: 0 }); // only the ballots as they are now, in token order
      expect(getTableName(tables(pgDb as unknown as Q).pollBallots)).toBe('poll_ballots');
    } finally {
      await closePg(pgDb);
    }
  });

  it('VACUUMs every Yizhan table after /forgetme, and refuses a table that is not Yizhan\'s', async () => {
    const pgDb = await openPg(url);
    try {
      await expect(vacuumPg(pgDb.$client, 'all')).resolves.toBeUndefined();
      await expect(vacuumPg(pgDb.$client, ['pg_class'])).rejects.toThrow(/not Yizhan's: pg_class/);
    } finally {
      await closePg(pgDb);
    }
  });

  it('fails when PostgreSQL skips a table the role may not vacuum (it only warns), so the task is retried and logged', async () => {
    const role = `yizhan_novacuum_${randomBytes(4).toString('hex')}`;
    await asSuperuser(url, `create role ${role} login password 'pw'`);
    const asRole = new URL(url);
    asRole.username = role;
    asRole.password = 'pw';
    const pool = new pg.Pool({ connectionString: asRole.toString(), max: 1 });
    try {
      await expect(vacuumPg(pool, ['polls'])).rejects.toThrow(/VACUUM did not run on every table: .*polls/);
    } finally {
      await pool.end();
      await asSuperuser(url, `drop role ${role}`);
    }
  });
});

/** The run's invitation keys in id order (the order they were written). */
function r5(ids: number[]): string[] {
  return ids.map((id) => `survey:1:invite:${id}`);
}

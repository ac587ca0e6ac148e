/**
 * A digest's aggregates on both stores, with the same expectations (digests.repo.ts): counts per
 * department, medians per department and over all ('*') from the durations each store hands over
 * as one string (group_concat / string_agg), ratings, the values counted by department and value
 * in that order, distinct reporters for the sensitive departments only, and the tickets still
 * needing work with those past a deadline. Rows outside the period are left out on both.
 */
import { describe, expect, it } from 'vitest';
import type { Q } from '../../src/db/client.js';
import { tables } from '../../src/db/tables.js';
import { openByDepartment, periodAggregates, type PeriodAggregates } from '../../src/features/digests/digests.repo.js';
import { resultsOnBoth } from './on-both.js';
import { freshPgDatabase } from './db.js';

const url = await freshPgDatabase();

const H = 3_600_000;
const t0 = new Date('2026-03-02T00:00:00Z');
const at = (hours: number) => new Date(t0.getTime() + hours * H);
const week = { from: at(0), to: at(7 * 24) };

type TicketInsert = ReturnType<typeof tables>['tickets']['$inferInsert'];

async function seed(q: Q): Promise<void> {
  const { members, tickets } = tables(q);
  const people = await q.insert(members).values(['李华', '王芳', '张伟'].map((name) => ({ name, createdAt: t0 }))).returning({ id: members.id });
  const [li, wang, zhang] = people.map((p) => p.id) as [number, number, number];
  const ticket = (departmentId: string, created: number, more: Partial<TicketInsert> = {}): TicketInsert => ({
    kind: 'repair', category: 'facilities', departmentId, description: 'x', reporterId: li, alias: 'AAAA',
    firstResponseDue: at(created + 4), resolutionDue: at(created + 48), createdAt: at(created), updatedAt: at(created), ...more,
  });
  await q.insert(tickets).values([
    // logistics: three this week (two closed and rated), one from the week before
    ticket('logistics', 1, { building: '3号楼', firstRespondedAt: at(2), resolvedAt: at(7), closedAt: at(8), rating: 5, status: 'closed' }),
    ticket('logistics', 2, { building: '3号楼', firstRespondedAt: at(5), resolvedAt: at(12), closedAt: at(13), rating: 2, status: 'closed', reporterId: wang }),
    ticket('logistics', 3, { building: '7号楼', category: 'life_services', firstRespondedAt: at(4), status: 'in_progress' }),
    ticket('logistics', -30, { firstRespondedAt: at(-29), resolvedAt: at(-20), status: 'resolved' }),
    // counselling (sensitive): three reporters of one category, two of them in one building
    ticket('counselling', 10, { category: 'mental_health', building: '1号楼', firstRespondedAt: at(10.5), status: 'in_progress' }),
    ticket('counselling', 11, { category: 'mental_health', building: '1号楼', reporterId: wang }),
    ticket('counselling', 12, { category: 'mental_health', building: '2号楼', reporterId: zhang, firstRespondedAt: at(20), resolvedAt: at(30), status: 'resolved' }),
    ticket('counselling', 13, { category: 'mental_health', reporterId: li }),
    // career: one question answered after 1 h, and one left unanswered past its deadlines
    ticket('career', 20, { kind: 'question', category: 'career', firstRespondedAt: at(21), resolvedAt: at(22), closedAt: at(23), rating: 4, status: 'closed' }),
    ticket('career', 100, { kind: 'question', category: 'career', status: 'open' }),
    // next week: read by no figure of this one
    ticket('career', 7 * 24 + 1, { category: 'career', firstRespondedAt: at(7 * 24 + 2), status: 'in_progress' }),
  ]);
}

const sorted = <T>(m: Map<string, T>) => [...m].sort(([a], [b]) => (a < b ? -1 : 1));
const plain = (a: PeriodAggregates) => ({
  created: sorted(a.created), resolved: sorted(a.resolved), firstResponseMs: sorted(a.firstResponseMs), resolutionMs: sorted(a.resolutionMs),
  ratings: sorted(a.ratings), categories: a.categories, buildings: a.buildings,
  people: { categories: sorted(a.people.categories), buildings: sorted(a.people.buildings) },
});

async function digest(q: Q) {
  await seed(q);
  return {
    week: plain(await periodAggregates(q, week, ['counselling'])),
    open: sorted(await openByDepartment(q, at(60))),
    empty: plain(await periodAggregates(q, { from: at(-500), to: at(-400) }, ['counselling'])),
  };
}

describe('a digest\'s aggregates', () => {
  it('are the same on SQLite and PostgreSQL, per department and in order', async () => {
    const { sqlite, postgres } = await resultsOnBoth(url, digest);
    expect(sqlite.week).toEqual({
      created: [['career', 2], ['counselling', 4], ['logistics', 3]],
      resolved: [['career', 1], ['counselling', 1], ['logistics', 2]],
      firstResponseMs: [['*', 1 * H], ['career', 1 * H], ['counselling', 4.25 * H], ['logistics', 1 * H]], // all: 0.5, 1, 1, 1, 3, 8
      resolutionMs: [['*', 8 * H], ['career', 2 * H], ['counselling', 18 * H], ['logistics', 8 * H]], // all: 2, 6, 10, 18
      ratings: [['career', { sum: 4, count: 1 }], ['logistics', { sum: 7, count: 2 }]],
      categories: [
        { dept: 'career', value: 'career', n: 2 }, { dept: 'counselling', value: 'mental_health', n: 4 },
        { dept: 'logistics', value: 'facilities', n: 2 }, { dept: 'logistics', value: 'life_services', n: 1 },
      ],
      buildings: [
        { dept: 'counselling', value: '1号楼', n: 2 }, { dept: 'counselling', value: '2号楼', n: 1 },
        { dept: 'logistics', value: '3号楼', n: 2 }, { dept: 'logistics', value: '7号楼', n: 1 },
      ],
      people: {
        categories: [['counselling|mental_health', 3]],
        buildings: [['counselling|1号楼', 2], ['counselling|2号楼', 1]],
      },
    });
    expect(sqlite.open).toEqual([
      ['career', { open: 2, overdue: 0 }], // at 60 h, filed at 100 h and next week: nothing due yet
      ['counselling', { open: 3, overdue: 3 }], // two unanswered past their first response, one past its resolution (58 h)
      ['logistics', { open: 1, overdue: 1 }], // answered in time, its resolution due at 51 h
    ]);
    expect(sqlite.empty).toEqual({
      created: [], resolved: [], firstResponseMs: [], resolutionMs: [], ratings: [], categories: [], buildings: [], people: { categories: [], buildings: [] },
    });
    expect(postgres).toEqual(sqlite);
  });
});

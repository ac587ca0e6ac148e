/**
 * The figures behind a digest as SQL aggregates, grouped by department, over covering time
 * indexes: a week of a million-ticket history is read without touching the table or building a
 * row object per ticket. The service adds departments up for the all-department view.
 * Async, on the handle of the unit they run in (core/unit-of-work.ts).
 * sqlite: the aggregates are SQLite SQL run with `q.all` (group_concat, INDEXED BY); PostgreSQL
 * would run its own (string_agg or percentile_cont, no index hints) behind the same functions.
 */
import { inArray, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Q } from '../../db/client.js';
import { tickets } from '../../db/schema.js';

export interface Period {
  from: Date;
  to: Date;
}

/** What one period holds, per department ('*' is every department together, for medians). */
export interface PeriodAggregates {
  created: Map<string, number>;
  resolved: Map<string, number>;
  /** Median time to first response / to resolution, ms; key '*' over all departments. */
  firstResponseMs: Map<string, number>;
  resolutionMs: Map<string, number>;
  ratings: Map<string, { sum: number; count: number }>;
  categories: { dept: string; value: string; n: number }[];
  buildings: { dept: string; value: string; n: number }[];
  /** Distinct reporters per "dept|category" and "dept|building", for the mental-health departments only. */
  people: { categories: Map<string, number>; buildings: Map<string, number> };
}

const inPeriod = (col: SQLiteColumn, p: Period): SQL => sql`${col} >= ${p.from.getTime()} AND ${col} < ${p.to.getTime()}`;

async function counts(q: Q, col: SQLiteColumn, p: Period): Promise<Map<string, number>> {
  // sqlite: q.all of raw SQL.
  const rows = q.all<{ dept: string; n: number }>(sql`SELECT ${tickets.departmentId} AS dept, count(*) AS n FROM ${tickets} WHERE ${inPeriod(col, p)} GROUP BY dept`);
  return new Map(rows.map((r) => [r.dept, Number(r.n)]));
}

/**
 * Medians of (end - created) per department and over all ('*'). SQLite hands over each
 * department's durations as one string, which is far cheaper than a row object per ticket.
 */
async function medians(q: Q, end: SQLiteColumn, p: Period): Promise<Map<string, number>> {
  // sqlite: group_concat.
  const rows = q.all<{ dept: string; ms: string }>(sql`
    SELECT ${tickets.departmentId} AS dept, group_concat(${end} - ${tickets.createdAt}) AS ms FROM ${tickets}
    WHERE ${inPeriod(end, p)} GROUP BY dept`);
  const lists = rows.map((r) => ({ dept: r.dept, ms: r.ms.split(',').map(Number) }));
  const all = lists.flatMap((l) => l.ms);
  return new Map([...lists.map((l) => [l.dept, median(l.ms)] as const), ['*', median(all)] as const].filter((e): e is [string, number] => e[1] !== null));
}

/** The middle value (the mean of the two middle ones for an even count); null for none. */
export function median(xs: number[]): number | null {
  if (!xs.length) return null;
  const s = Float64Array.from(xs).sort();
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

async function tops(q: Q, col: SQLiteColumn, p: Period): Promise<{ dept: string; value: string; n: number }[]> {
  // sqlite: q.all of raw SQL.
  return q.all<{ dept: string; value: string; n: number }>(sql`
    SELECT ${tickets.departmentId} AS dept, ${col} AS value, count(*) AS n FROM ${tickets}
    WHERE ${inPeriod(tickets.createdAt, p)} AND ${col} IS NOT NULL GROUP BY dept, value`);
}

/**
 * Distinct reporters of some departments' tickets created in the period, per department and `col`
 * value ("dept|value"): the period's range of the time index, then only those departments' rows.
 */
async function people(q: Q, col: SQLiteColumn, depts: string[], p: Period): Promise<Map<string, number>> {
  // sqlite: INDEXED BY.
  if (!depts.length) return new Map();
  const rows = q.all<{ dept: string; value: string; n: number }>(sql`
    SELECT ${tickets.departmentId} AS dept, ${col} AS value, count(DISTINCT ${tickets.reporterId}) AS n FROM ${tickets} INDEXED BY tickets_created
    WHERE ${inPeriod(tickets.createdAt, p)} AND ${col} IS NOT NULL AND ${inArray(tickets.departmentId, depts)} GROUP BY dept, value`);
  return new Map(rows.map((r) => [`${r.dept}|${r.value}`, Number(r.n)]));
}

/** The period's figures; `sensitive` departments (mental health) also get their distinct reporters per category and building. */
export async function periodAggregates(q: Q, p: Period, sensitive: string[] = []): Promise<PeriodAggregates> {
  // sqlite: q.all of raw SQL.
  const ratings = q.all<{ dept: string; sum: number; count: number }>(sql`
    SELECT ${tickets.departmentId} AS dept, sum(${tickets.rating}) AS sum, count(${tickets.rating}) AS count FROM ${tickets}
    WHERE ${inPeriod(tickets.closedAt, p)} AND ${tickets.rating} IS NOT NULL GROUP BY dept`);
  const categories = await tops(q, tickets.category, p);
  const created = new Map<string, number>();
  for (const c of categories) created.set(c.dept, (created.get(c.dept) ?? 0) + c.n);
  return {
    created,
    resolved: await counts(q, tickets.resolvedAt, p),
    firstResponseMs: await medians(q, tickets.firstRespondedAt, p),
    resolutionMs: await medians(q, tickets.resolvedAt, p),
    ratings: new Map(ratings.map((r) => [r.dept, { sum: Number(r.sum), count: Number(r.count) }])),
    categories,
    buildings: await tops(q, tickets.building, p),
    people: { categories: await people(q, tickets.category, sensitive, p), buildings: await people(q, tickets.building, sensitive, p) },
  };
}

/** Per department: tickets still needing work, and how many of them are past a deadline at `at`. */
export async function openByDepartment(q: Q, at: Date): Promise<Map<string, { open: number; overdue: number }>> {
  // sqlite: INDEXED BY.
  const t = at.getTime();
  const rows = q.all<{ dept: string; open: number; overdue: number }>(sql`
    SELECT ${tickets.departmentId} AS dept, count(*) AS open,
           sum(CASE WHEN (${tickets.firstRespondedAt} IS NULL AND ${tickets.firstResponseDue} < ${t}) OR ${tickets.resolutionDue} < ${t} THEN 1 ELSE 0 END) AS overdue
    FROM ${tickets} INDEXED BY tickets_active
    WHERE ${tickets.status} IN ('open', 'in_progress', 'reopened') GROUP BY ${tickets.departmentId}`);
  return new Map(rows.map((r) => [r.dept, { open: Number(r.open), overdue: Number(r.overdue) }]));
}

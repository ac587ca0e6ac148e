/**
 * The figures behind a digest as SQL aggregates, grouped by department, over covering time
 * indexes: a week of a million-ticket history is read without touching the table or building a
 * row object per ticket. The service adds departments up for the all-department view.
 * Async, on the handle of the unit they run in (core/unit-of-work.ts), in the handle's dialect:
 * builder aggregates both stores run; a median's durations come as one string per department
 * (SQLite's group_concat, PostgreSQL's string_agg), and SQLite names the index two of them read
 * (INDEXED BY, in `// sqlite:` branches; PostgreSQL's planner chooses).
 */
import { and, asc, count, countDistinct, gte, inArray, isNotNull, isNull, lt, or, sql, sum, type SQL } from 'drizzle-orm';
import type { Q } from '../../db/client.js';
import { onPostgres, tables } from '../../db/tables.js';
import { ACTIVE } from '../tickets/tickets.repo.js';

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

type Tickets = ReturnType<typeof tables>['tickets'];
/** The time columns a period is read on (each leads a covering index). */
type When = 'createdAt' | 'resolvedAt' | 'firstRespondedAt' | 'closedAt';
/** The text columns digests count values of. */
type Attribute = 'category' | 'building';

const inPeriod = (t: Tickets, when: When, p: Period): SQL => and(gte(t[when], p.from), lt(t[when], p.to))!;

async function counts(q: Q, when: When, p: Period): Promise<Map<string, number>> {
  const { tickets: t } = tables(q);
  const rows = await q.select({ dept: t.departmentId, n: count() }).from(t).where(inPeriod(t, when, p)).groupBy(t.departmentId);
  return new Map(rows.map((r) => [r.dept, Number(r.n)]));
}

/**
 * Medians of (end - created) per department and over all ('*'). Each department's durations (ms)
 * come as one string, which is far cheaper than a row object per ticket.
 */
async function medians(q: Q, end: When, p: Period): Promise<Map<string, number>> {
  const { tickets: t } = tables(q);
  const ms = onPostgres(q)
    ? sql<string>`string_agg(round((extract(epoch from ${t[end]}) - extract(epoch from ${t.createdAt})) * 1000)::text, ',')`
    : sql<string>`group_concat(${t[end]} - ${t.createdAt})`; // sqlite: both are ms
  const rows = await q.select({ dept: t.departmentId, ms }).from(t).where(inPeriod(t, end, p)).groupBy(t.departmentId);
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

/** Tickets created in the period per department and `col` value, by department and value. */
async function tops(q: Q, col: Attribute, p: Period): Promise<{ dept: string; value: string; n: number }[]> {
  const { tickets: t } = tables(q);
  const rows = await q.select({ dept: t.departmentId, value: t[col], n: count() }).from(t)
    .where(and(inPeriod(t, 'createdAt', p), isNotNull(t[col]))).groupBy(t.departmentId, t[col]).orderBy(asc(t.departmentId), asc(t[col]));
  return rows.map((r) => ({ dept: r.dept, value: r.value!, n: Number(r.n) }));
}

/**
 * Distinct reporters of some departments' tickets created in the period, per department and `col`
 * value ("dept|value"): the period's range of the time index, then only those departments' rows.
 */
async function people(q: Q, col: Attribute, depts: string[], p: Period): Promise<Map<string, number>> {
  if (!depts.length) return new Map();
  const { tickets: t } = tables(q);
  if (!onPostgres(q)) {
    // sqlite: INDEXED BY the time index (the period's range of it, whatever the planner would guess).
    const rows = q.all<{ dept: string; value: string; n: number }>(sql`
      SELECT ${t.departmentId} AS dept, ${t[col]} AS value, count(DISTINCT ${t.reporterId}) AS n FROM ${t} INDEXED BY tickets_created
      WHERE ${t.createdAt} >= ${p.from.getTime()} AND ${t.createdAt} < ${p.to.getTime()} AND ${t[col]} IS NOT NULL AND ${inArray(t.departmentId, depts)}
      GROUP BY dept, value`);
    return new Map(rows.map((r) => [`${r.dept}|${r.value}`, Number(r.n)]));
  }
  const rows = await q.select({ dept: t.departmentId, value: t[col], n: countDistinct(t.reporterId) }).from(t)
    .where(and(inPeriod(t, 'createdAt', p), isNotNull(t[col]), inArray(t.departmentId, depts))).groupBy(t.departmentId, t[col]);
  return new Map(rows.map((r) => [`${r.dept}|${r.value}`, Number(r.n)]));
}

/** The period's figures; `sensitive` departments (mental health) also get their distinct reporters per category and building. */
export async function periodAggregates(q: Q, p: Period, sensitive: string[] = []): Promise<PeriodAggregates> {
  const { tickets: t } = tables(q);
  const ratings = await q.select({ dept: t.departmentId, sum: sum(t.rating), count: count(t.rating) }).from(t)
    .where(and(inPeriod(t, 'closedAt', p), isNotNull(t.rating))).groupBy(t.departmentId);
  const categories = await tops(q, 'category', p);
  const created = new Map<string, number>();
  for (const c of categories) created.set(c.dept, (created.get(c.dept) ?? 0) + c.n);
  return {
    created,
    resolved: await counts(q, 'resolvedAt', p),
    firstResponseMs: await medians(q, 'firstRespondedAt', p),
    resolutionMs: await medians(q, 'resolvedAt', p),
    ratings: new Map(ratings.map((r) => [r.dept, { sum: Number(r.sum), count: Number(r.count) }])),
    categories,
    buildings: await tops(q, 'building', p),
    people: { categories: await people(q, 'category', sensitive, p), buildings: await people(q, 'building', sensitive, p) },
  };
}

/** Per department: tickets still needing work, and how many of them are past a deadline at `at`. */
export async function openByDepartment(q: Q, at: Date): Promise<Map<string, { open: number; overdue: number }>> {
  const { tickets: t } = tables(q);
  if (!onPostgres(q)) {
    // sqlite: INDEXED BY the partial index of the tickets needing work.
    const ms = at.getTime();
    const rows = q.all<{ dept: string; open: number; overdue: number }>(sql`
      SELECT ${t.departmentId} AS dept, count(*) AS open,
             sum(CASE WHEN (${t.firstRespondedAt} IS NULL AND ${t.firstResponseDue} < ${ms}) OR ${t.resolutionDue} < ${ms} THEN 1 ELSE 0 END) AS overdue
      FROM ${t} INDEXED BY tickets_active
      WHERE ${t.status} IN ('open', 'in_progress', 'reopened') GROUP BY ${t.departmentId}`);
    return new Map(rows.map((r) => [r.dept, { open: Number(r.open), overdue: Number(r.overdue) }]));
  }
  const overdue = or(and(isNull(t.firstRespondedAt), lt(t.firstResponseDue, at)), lt(t.resolutionDue, at));
  const rows = await q.select({ dept: t.departmentId, open: count(), overdue: sql<number>`sum(CASE WHEN ${overdue} THEN 1 ELSE 0 END)` }).from(t)
    .where(inArray(t.status, ACTIVE)).groupBy(t.departmentId);
  return new Map(rows.map((r) => [r.dept, { open: Number(r.open), overdue: Number(r.overdue) }]));
}

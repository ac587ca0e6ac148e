/**
 * The figures of a digest as SQL aggregates over indexed time columns, so a week across a million
 * tickets stays fast. Every function takes a period [from, to) and an optional department.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Q } from '../../db/client';
import { tickets } from '../../db/schema';

export interface Period {
  from: Date;
  to: Date;
}

const inDept = (dept: string | null): SQL => (dept ? sql`${tickets.departmentId} = ${dept}` : sql`1 = 1`);
const between = (col: SQLiteColumn, p: Period): SQL => sql`${col} >= ${p.from.getTime()} AND ${col} < ${p.to.getTime()}`;

function one(q: Q, query: SQL): number {
  const row = q.get<{ n: number | null }>(query);
  return Number(row?.n ?? 0);
}

export function countCreated(q: Q, dept: string | null, p: Period): number {
  return one(q, sql`SELECT count(*) AS n FROM ${tickets} WHERE ${between(tickets.createdAt, p)} AND ${inDept(dept)}`);
}

export function countResolved(q: Q, dept: string | null, p: Period): number {
  return one(q, sql`SELECT count(*) AS n FROM ${tickets} WHERE ${between(tickets.resolvedAt, p)} AND ${inDept(dept)}`);
}

/** Tickets still needing work at `at`, and how many of those are past a deadline. */
export function openAndOverdue(q: Q, dept: string | null, at: Date): { open: number; overdue: number } {
  const t = at.getTime();
  const row = q.get<{ open: number; overdue: number | null }>(sql`
    SELECT count(*) AS open,
           sum(CASE WHEN (${tickets.firstRespondedAt} IS NULL AND ${tickets.firstResponseDue} < ${t}) OR ${tickets.resolutionDue} < ${t} THEN 1 ELSE 0 END) AS overdue
    FROM ${tickets} WHERE ${tickets.status} IN ('open', 'in_progress', 'reopened') AND ${inDept(dept)}`);
  return { open: Number(row?.open ?? 0), overdue: Number(row?.overdue ?? 0) };
}

/** Median of (end - created) in milliseconds over tickets whose `end` falls in the period. */
export function medianDuration(q: Q, end: SQLiteColumn, dept: string | null, p: Period): number | null {
  const where = sql`${between(end, p)} AND ${inDept(dept)}`;
  const n = one(q, sql`SELECT count(*) AS n FROM ${tickets} WHERE ${where}`);
  if (!n) return null;
  const rows = q.all<{ d: number }>(sql`
    SELECT ${end} - ${tickets.createdAt} AS d FROM ${tickets} WHERE ${where}
    ORDER BY d LIMIT ${2 - (n % 2)} OFFSET ${Math.floor((n - 1) / 2)}`);
  return rows.reduce((a, r) => a + Number(r.d), 0) / rows.length;
}

/** Mean rating and count of ratings given on tickets closed in the period. */
export function satisfaction(q: Q, dept: string | null, p: Period): { mean: number | null; count: number } {
  const row = q.get<{ mean: number | null; n: number }>(sql`
    SELECT avg(${tickets.rating}) AS mean, count(${tickets.rating}) AS n FROM ${tickets}
    WHERE ${between(tickets.closedAt, p)} AND ${tickets.rating} IS NOT NULL AND ${inDept(dept)}`);
  return { mean: row?.mean ?? null, count: Number(row?.n ?? 0) };
}

/** The most frequent values of `column` among tickets created in the period. */
export function topValues(q: Q, column: SQLiteColumn, dept: string | null, p: Period, limit = 3): { value: string; n: number }[] {
  return q.all<{ value: string; n: number }>(sql`
    SELECT ${column} AS value, count(*) AS n FROM ${tickets}
    WHERE ${between(tickets.createdAt, p)} AND ${column} IS NOT NULL AND ${inDept(dept)}
    GROUP BY ${column} ORDER BY n DESC, value LIMIT ${limit}`);
}

/**
 * The tables of both stores side by side, for copying one into the other: each SQLite table with
 * its PostgreSQL twin (the same export name in src/db/schema.ts and src/db/pg/schema.ts), in an
 * order where every table comes after the tables its foreign keys point at.
 */
import { getTableColumns, is, type Column } from 'drizzle-orm';
import { toSnakeCase } from 'drizzle-orm/casing';
import { getTableConfig as pgTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { getTableConfig as sqliteTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import * as pgSchema from './pg/schema.js';
import * as sqliteSchema from './schema.js';

export interface TablePair {
  name: string;
  sqlite: SQLiteTable;
  pg: PgTable;
  /** The SQLite columns, by their TypeScript key (the same keys as the PostgreSQL table's). */
  columns: { key: string; name: string; column: Column }[];
  /** Columns of the primary key (the order rows are read and written in). */
  primaryKey: string[];
}

const columnName = (c: Column) => (c.keyAsName ? toSnakeCase(c.name) : c.name);

function pair(key: string, sqlite: SQLiteTable): TablePair {
  const pg = (pgSchema as Record<string, unknown>)[key];
  if (!is(pg, PgTable)) throw new Error(`the SQLite table ${key} has no PostgreSQL twin in src/db/pg/schema`);
  const config = sqliteTableConfig(sqlite);
  const columns = Object.entries(getTableColumns(sqlite)).map(([key, column]) => ({ key, name: columnName(column), column: column as Column }));
  const primaryKey = [...config.columns.filter((c) => c.primary), ...(config.primaryKeys[0]?.columns ?? [])].map(columnName);
  return { name: config.name, sqlite, pg, columns, primaryKey };
}

/** Every table, each after those it references. */
export function tablesInCopyOrder(): TablePair[] {
  const pairs = Object.entries(sqliteSchema).filter(([, t]) => is(t, SQLiteTable)).map(([key, t]) => pair(key, t as SQLiteTable));
  const byName = new Map(pairs.map((p) => [p.name, p]));
  const ordered: TablePair[] = [];
  const placed = new Set<string>();
  const place = (p: TablePair) => {
    if (placed.has(p.name)) return;
    placed.add(p.name);
    for (const fk of pgTableConfig(p.pg).foreignKeys) {
      const target = byName.get(pgTableConfig(fk.reference().foreignTable).name);
      if (target && target !== p) place(target);
    }
    ordered.push(p);
  };
  pairs.forEach(place);
  return ordered;
}

/** A SQLite row as read raw (values in column order) to the app's values (Date, boolean, parsed JSON), by key. */
export function appRow(table: TablePair, raw: unknown[]): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  table.columns.forEach(({ key, column }, i) => {
    const value = raw[i];
    row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  });
  return row;
}

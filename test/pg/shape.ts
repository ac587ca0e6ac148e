/**
 * The shape of a migrated database, read from the database itself (not from the schema files):
 * tables, columns (name, nullability, a type family), primary keys, foreign keys and indexes, in
 * one form for both dialects so that test/pg/parity.test.ts can compare them.
 */
import { getTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { toSnakeCase } from 'drizzle-orm/casing';
import { is } from 'drizzle-orm';
import type pg from 'pg';
import type { Db } from '../../src/db/client.js';
import * as sqliteSchema from '../../src/db/schema.js';

export type Family = 'integer' | 'boolean' | 'timestamp' | 'text' | 'json';
export type TableShape = {
  columns: Record<string, { notNull: boolean; family: Family }>;
  primaryKey: string[];
  foreignKeys: string[];
  indexes: string[];
};
export type Shape = Record<string, TableShape>;

const sorted = <T>(xs: T[]) => [...xs].sort();
const index = (name: string, unique: boolean, columns: string[], where: string | null) =>
  `${name}: ${unique ? 'unique ' : ''}(${columns.join(', ')})${where ? ` where ${predicate(where)}` : ''}`;

/**
 * A partial index's condition in one spelling: PostgreSQL gives `(status = ANY (ARRAY['a'::text]))`
 * for SQLite's `status IN ('a')`, and `((key IS NOT NULL))` for `key is not null`.
 */
export function predicate(where: string): string {
  return where.toLowerCase().replaceAll('::text', '').replace(/[\s()]/g, '').replace(/=anyarray\[(.*?)\]/g, 'in$1');
}
const foreignKey = (columns: string[], table: string, to: string[], onDelete: string) =>
  `(${columns.join(', ')}) → ${table}(${to.join(', ')}) on delete ${onDelete.toLowerCase()}`;

// ---- SQLite -------------------------------------------------------------------------------------

/**
 * SQLite knows only integer and text: what the app keeps in them (a boolean, a time, JSON) is
 * drizzle's mapping, read from the SQLite schema's columns.
 */
function sqliteFamilies(): Map<string, Family> {
  const families = new Map<string, Family>();
  const byDataType: Record<string, Family> = { date: 'timestamp', boolean: 'boolean', json: 'json' };
  for (const table of Object.values(sqliteSchema).filter((t) => is(t, SQLiteTable))) {
    const { name, columns } = getTableConfig(table as SQLiteTable);
    for (const c of columns) {
      const family = byDataType[c.dataType];
      if (family) families.set(`${name}.${c.keyAsName ? toSnakeCase(c.name) : c.name}`, family);
    }
  }
  return families;
}

export function sqliteShape(db: Db): Shape {
  const q = <T>(sql: string) => db.$client.prepare(sql).all() as T[];
  const families = sqliteFamilies();
  const shape: Shape = {};
  const tables = q<{ name: string }>("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name != '__drizzle_migrations'");
  for (const { name: table } of tables) {
    const cols = q<{ name: string; type: string; notnull: number; pk: number }>(`pragma table_info("${table}")`);
    const columns: TableShape['columns'] = {};
    for (const c of cols) {
      const storage: Family = c.type.toLowerCase() === 'integer' ? 'integer' : 'text';
      columns[c.name] = { notNull: c.notnull === 1 || c.pk > 0, family: families.get(`${table}.${c.name}`) ?? storage };
    }
    const primaryKey = cols.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name);
    const fks = q<{ id: number; seq: number; table: string; from: string; to: string; on_delete: string }>(`pragma foreign_key_list("${table}")`);
    const foreignKeys = [...new Set(fks.map((f) => f.id))].map((id) => {
      const parts = fks.filter((f) => f.id === id).sort((a, b) => a.seq - b.seq);
      return foreignKey(parts.map((p) => p.from), parts[0]!.table, parts.map((p) => p.to), parts[0]!.on_delete);
    });
    const list = q<{ name: string; unique: number; origin: string; partial: number }>(`pragma index_list("${table}")`).filter((i) => i.origin !== 'pk');
    const where = (name: string) => q<{ sql: string }>(`select sql from sqlite_master where type = 'index' and name = '${name}'`)[0]!.sql.replace(/^.*? where /is, '');
    const indexes = list.map((i) => index(i.name, i.unique === 1, q<{ name: string }>(`pragma index_info("${i.name}")`).map((c) => c.name), i.partial ? where(i.name) : null));
    shape[table] = { columns, primaryKey, foreignKeys: sorted(foreignKeys), indexes: sorted(indexes) };
  }
  return shape;
}

// ---- PostgreSQL ---------------------------------------------------------------------------------

const PG_FAMILY: Record<string, Family> = {
  integer: 'integer', bigint: 'integer', boolean: 'boolean', 'timestamp with time zone': 'timestamp', text: 'text', jsonb: 'json',
};
const ON_DELETE: Record<string, string> = { a: 'no action', r: 'restrict', c: 'cascade', n: 'set null', d: 'set default' };

export async function pgShape(client: pg.ClientBase): Promise<Shape> {
  const q = async <T>(sql: string) => (await client.query(sql)).rows as T[];
  const shape: Shape = {};
  const tables = await q<{ table_name: string }>("select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'");
  for (const { table_name: table } of tables) shape[table] = { columns: {}, primaryKey: [], foreignKeys: [], indexes: [] };
  const columns = await q<{ table_name: string; column_name: string; is_nullable: string; data_type: string }>(
    "select table_name, column_name, is_nullable, data_type from information_schema.columns where table_schema = 'public'");
  for (const c of columns) shape[c.table_name]!.columns[c.column_name] = { notNull: c.is_nullable === 'NO', family: PG_FAMILY[c.data_type] ?? (c.data_type as Family) };
  const keys = await q<{ table_name: string; column_name: string }>(`
    select kcu.table_name, kcu.column_name from information_schema.table_constraints tc
    join information_schema.key_column_usage kcu on kcu.constraint_schema = tc.constraint_schema and kcu.constraint_name = tc.constraint_name
    where tc.table_schema = 'public' and tc.constraint_type = 'PRIMARY KEY' order by kcu.table_name, kcu.ordinal_position`);
  for (const k of keys) shape[k.table_name]!.primaryKey.push(k.column_name);
  const fks = await q<{ tbl: string; ref: string; deltype: string; cols: string[]; refcols: string[] }>(`
    select c.conrelid::regclass::text as tbl, c.confrelid::regclass::text as ref, c.confdeltype as deltype,
      array(select a.attname::text from unnest(c.conkey) with ordinality k(n, i) join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.n order by k.i) as cols,
      array(select a.attname::text from unnest(c.confkey) with ordinality k(n, i) join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.n order by k.i) as refcols
    from pg_constraint c where c.contype = 'f' and c.connamespace = 'public'::regnamespace`);
  for (const f of fks) shape[f.tbl]!.foreignKeys.push(foreignKey(f.cols, f.ref, f.refcols, ON_DELETE[f.deltype]!));
  // pg_indexes has the names; pg_index (behind it) the columns, uniqueness and predicate.
  const indexes = await q<{ tbl: string; name: string; uniq: boolean; pred: string | null; cols: string[] }>(`
    select t.relname as tbl, i.relname as name, x.indisunique as uniq, pg_get_expr(x.indpred, x.indrelid) as pred,
      array(select a.attname::text from unnest(x.indkey::int2[]) with ordinality k(n, o) join pg_attribute a on a.attrelid = t.oid and a.attnum = k.n order by k.o) as cols
    from pg_indexes p join pg_class i on i.relname = p.indexname join pg_index x on x.indexrelid = i.oid join pg_class t on t.oid = x.indrelid
    where p.schemaname = 'public' and i.relnamespace = 'public'::regnamespace and not x.indisprimary`);
  for (const i of indexes) shape[i.tbl]!.indexes.push(index(i.name, i.uniq, i.cols, i.pred));
  for (const t of Object.values(shape)) Object.assign(t, { foreignKeys: sorted(t.foreignKeys), indexes: sorted(t.indexes) });
  return shape;
}

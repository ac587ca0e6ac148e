import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { closeDb, openDb, type Q } from '../../src/db/client.js';
import { closePg, openPg } from '../../src/db/pg/client.js';
import * as sqliteSchema from '../../src/db/schema.js';
import * as pgSchema from '../../src/db/pg/schema.js';
import { onPostgres, tables } from '../../src/db/tables.js';
import { freshPgDatabase } from './db.js';

const url = await freshPgDatabase();

/** A repo function as repos write them: tables from the handle, builder calls both dialects have. */
async function addAndRead(q: Q, name: string) {
  const { members } = tables(q);
  const [row] = await q.insert(members).values({ name, locale: 'en', createdAt: new Date(1_700_000_000_000) }).returning();
  return (await q.select().from(members).where(eq(members.id, row!.id)))[0];
}

describe('tables(q)', () => {
  it('export the same names from both schemas', () => {
    expect(Object.keys(pgSchema).sort()).toEqual(Object.keys(sqliteSchema).sort());
  });

  it('gives each handle its own dialect, so one repo function runs on both stores and reads the same row', async () => {
    const sqlite = openDb(':memory:');
    const pgDb = await openPg(url);
    try {
      expect(onPostgres(sqlite)).toBe(false);
      expect(onPostgres(pgDb as unknown as Q)).toBe(true);
      const a = await addAndRead(sqlite, 'north');
      const b = await pgDb.transaction((tx) => addAndRead(tx as unknown as Q, 'north'));
      expect(b).toEqual(a);
    } finally {
      closeDb(sqlite);
      await closePg(pgDb);
    }
  });
});

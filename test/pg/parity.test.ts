import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { closeDb, openDb } from '../../src/db/client.js';
import { closePg, openPg } from '../../src/db/pg/client.js';
import { freshPgDatabase } from './db.js';
import { pgShape, sqliteShape } from './shape.js';

const url = await freshPgDatabase();

describe('the two stores', () => {
  it('have the same tables, columns (name, null or not, type family), primary and foreign keys, unique constraints and indexes (with their conditions) once migrated', async () => {
    const sqlite = openDb(':memory:');
    const expected = sqliteShape(sqlite);
    closeDb(sqlite);
    await closePg(await openPg(url));
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const actual = await pgShape(client);
    await client.end();
    expect(Object.keys(expected)).toContain('tickets');
    expect(expected.tickets!.columns.anonymous).toEqual({ notNull: true, family: 'boolean' });
    expect(expected.outbox!.indexes).toContain("outbox_next: (lane, id) where status='pending'");
    expect(actual).toEqual(expected);
  });
});

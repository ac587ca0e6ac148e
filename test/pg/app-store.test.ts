/**
 * The tests' copies of an app's database (test/pg/app-store.ts) give back exactly what was there,
 * on the store the suite runs on (SQLite, or PostgreSQL under npm run test:pg): the matrix's fixture
 * put back before each cell, and a running app's committed rows copied aside as by a crash.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { seedStudents } from '../crash/campus.js';
import { copyCommitted, keepTestDatabase, keptCopy, openTestStore, rowsByTable } from './app-store.js';

const newPath = () => join(mkdtempSync(join(tmpdir(), 'yizhan-app-store-')), 'bot.db');
const memberIds = (path: string) => rowsByTable(path).get('members')!.map((m) => m.id);

it('puts a kept database back as it was, its ids counting on from where they were', async () => {
  const path = newPath();
  const store = await openTestStore(path);
  await seedStudents(store.units.q, [1, 2, 3]);
  await store.close();
  const kept = rowsByTable(path);
  await keepTestDatabase(path);
  for (let run = 0; run < 2; run++) {
    const copy = await keptCopy(path);
    expect(rowsByTable(copy)).toEqual(kept);
    const again = await openTestStore(copy);
    await seedStudents(again.units.q, [4]);
    await again.close();
    expect(memberIds(copy)).toEqual([1, 2, 3, 4]);
  }
});

it('copies what a running app committed into a database that runs on from there', async () => {
  const [from, to] = [newPath(), newPath()];
  const store = await openTestStore(from);
  await seedStudents(store.units.q, [1, 2, 3]);
  await copyCommitted(store, from, to);
  await store.close();
  expect(rowsByTable(to)).toEqual(rowsByTable(from));
  const copy = await openTestStore(to);
  await seedStudents(copy.units.q, [4]);
  await copy.close();
  expect(memberIds(to)).toEqual([1, 2, 3, 4]);
});

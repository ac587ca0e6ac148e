/**
 * Steps outside a dialogue on both stores, with the same expectations: a question asked again (a
 * reminder) is the same open step, another member's or another key's is not; closing by the key
 * closes every open step of that key, and the next asking opens a new one (core/steps.ts `openStep`).
 */
import { describe, expect, it } from 'vitest';
import type { Q } from '../../src/db/client.js';
import { tables } from '../../src/db/tables.js';
import { openStep } from '../../src/core/steps.js';
import { closeStepsByKey, getStep, openStepByKey } from '../../src/core/steps.repo.js';
import { resultsOnBoth } from './on-both.js';
import { freshPgDatabase } from './db.js';

const url = await freshPgDatabase();

const t0 = new Date('2026-03-02T08:00:00Z');

async function asking(q: Q) {
  const { members } = tables(q);
  const [li, wang] = await q.insert(members).values([{ name: '李华', createdAt: t0 }, { name: '王芳', createdAt: t0 }]).returning({ id: members.id });
  const key = 'tickets.confirm:1';
  const first = await openStep(q, li!.id, 'tickets', key, t0);
  const again = await openStep(q, li!.id, 'tickets', key, t0); // the reminder asks the same step
  const otherMember = await openStep(q, wang!.id, 'tickets', key, t0);
  const otherKey = await openStep(q, li!.id, 'tickets', 'tickets.rate:1', t0);
  const found = await openStepByKey(q, key, li!.id);
  await closeStepsByKey(q, key, { key: 'closed', id: 1 }, t0);
  const afterClose = await openStepByKey(q, key, li!.id);
  const reopened = await openStep(q, li!.id, 'tickets', key, t0);
  const row = await getStep(q, first);
  return {
    sameStepAgain: again === first,
    others: [otherMember !== first, otherKey !== first, otherKey !== otherMember],
    found: found === first,
    afterClose: afterClose ?? null,
    newAfterClose: reopened !== first && reopened !== otherMember && reopened !== otherKey,
    closed: [row!.open, row!.outcome, row!.feature, row!.key],
    stillOpen: [(await getStep(q, otherMember))!.open, (await getStep(q, otherKey))!.open, (await getStep(q, reopened))!.open],
  };
}

describe('steps asked outside a dialogue', () => {
  it('are one open step per member and key, and a new one after it closed, on SQLite and PostgreSQL', async () => {
    const { sqlite, postgres } = await resultsOnBoth(url, asking);
    expect(sqlite).toEqual({
      sameStepAgain: true,
      others: [true, true, true],
      found: true,
      afterClose: null,
      newAfterClose: true,
      closed: [false, { key: 'closed', id: 1 }, 'tickets', 'tickets.confirm:1'],
      stillOpen: [false, true, true], // the key's steps are closed whoever was asked; the other key's stays open
    });
    expect(postgres).toEqual(sqlite);
  });
});

/**
 * A member's dialogue as the router reads it for most plain-text messages (flows.repo `getFlow`),
 * on both stores with the same expectations: none, one without a step, one at a step, and none
 * again once it ended (by the member, or with every dialogue of a closed survey run).
 */
import { describe, expect, it } from 'vitest';
import type { Q } from '../../src/db/client.js';
import { tables } from '../../src/db/tables.js';
import { deleteFlow, deleteFlowsWith, getFlow, saveFlow } from '../../src/core/flows.repo.js';
import { resultsOnBoth } from './on-both.js';
import { freshPgDatabase } from './db.js';

const url = await freshPgDatabase();

const t0 = new Date('2026-03-02T08:00:00Z');

async function dialogues(q: Q) {
  const { members } = tables(q);
  const [li, wang] = await q.insert(members).values([{ name: '李华', createdAt: t0 }, { name: '王芳', createdAt: t0 }]).returning({ id: members.id });
  const none = await getFlow(q, li!.id);
  await saveFlow(q, li!.id, { feature: 'tickets', name: 'intake', data: { text: '热水器 "坏了"', n: 1, place: null } }, t0);
  const started = await getFlow(q, li!.id);
  await saveFlow(q, li!.id, { feature: 'tickets', name: 'intake', data: { text: '热水器 "坏了"', n: 2, kept: ['a'] }, stepId: 7 }, t0);
  const atStep = await getFlow(q, li!.id);
  await deleteFlow(q, li!.id);
  const ended = await getFlow(q, li!.id);
  await saveFlow(q, wang!.id, { feature: 'surveys', name: 'answer', data: { runId: 3 } }, t0);
  const runClosed = await deleteFlowsWith(q, 'surveys', 'runId', 3);
  return { none, started, atStep, ended, runClosed, wangAfter: await getFlow(q, wang!.id) };
}

describe('a member\'s dialogue', () => {
  it('reads back the same on SQLite and PostgreSQL, with its step when it has one', async () => {
    const { sqlite, postgres } = await resultsOnBoth(url, dialogues);
    expect(sqlite).toEqual({
      none: null,
      started: { feature: 'tickets', name: 'intake', data: { text: '热水器 "坏了"', n: 1, place: null } },
      atStep: { feature: 'tickets', name: 'intake', data: { text: '热水器 "坏了"', n: 2, kept: ['a'] }, stepId: 7 },
      ended: null,
      runClosed: 1,
      wangAfter: null,
    });
    expect(sqlite.started).not.toHaveProperty('stepId');
    expect(postgres).toEqual(sqlite);
    expect(postgres.started).not.toHaveProperty('stepId');
  });
});

/**
 * A survey run's storage path on both stores: the same repo functions (surveys.repo.ts, surveys.audience.repo.ts,
 * flows.repo's deleteFlowsWith) on an in-memory SQLite database and on a PostgreSQL transaction
 * give the same answers — the audience, the run, its deliveries, answers (a draft, a final one
 * that is never overwritten), the close that erases the key, the re-keying of an anonymous run's
 * responses and the results read afterwards.
 */
import { asc, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { closeDb, openDb, type Q } from '../../src/db/client.js';
import { closePg, openPg } from '../../src/db/pg/client.js';
import { tables } from '../../src/db/tables.js';
import { deleteFlowsWith } from '../../src/core/flows.repo.js';
import { audienceMembers, groupsOfMembers, memberNames, membersWithIdentities, unreachableAmong } from '../../src/features/surveys/surveys.audience.repo.js';
import {
  answersOf, clearResponded, closeRun, completeResponse, deliveriesOf, ensureResponse, getDelivery, getRun, insertDelivery, insertRun, latestRunOf,
  markResponded, mergeSurveyRows, openRunOf, rekeyResponses, runResponses, runsDuring, saveAnswer, waitingRuns,
} from '../../src/features/surveys/surveys.repo.js';
import { freshPgDatabase } from './db.js';

const url = await freshPgDatabase();
const at = (h: number) => new Date(Date.UTC(2026, 2, 2, h));
const DEF = { id: 'canteen', anonymous: true, questions: [{ id: 'q1', type: 'rating' }, { id: 'q2', type: 'multi' }] };

async function seed(q: Q): Promise<number[]> {
  const { members, memberships, identities } = tables(q);
  const ids: number[] = [];
  for (const name of ['Amy', 'Bo', 'Cai', 'Dan']) {
    const [m] = await q.insert(members).values({ name, createdAt: at(0) }).returning({ id: members.id });
    ids.push(m!.id);
  }
  await q.insert(memberships).values(ids.slice(0, 3).map((memberId) => ({ memberId, groupKey: 'class-2301' })));
  await q.insert(identities).values(ids.map((memberId, i) => ({
    memberId, platform: 'telegram' as const, platformUserId: String(100 + i), displayName: `u${i}`,
    privateChatId: i === 2 ? null : String(100 + i), createdAt: at(0), lastSeenAt: at(0),
  })));
  return ids;
}

/** Arrival order: Cai, Amy, Bo; the re-keying's shuffle reverses the token order (t-1 Amy, t-2 Bo, t-3 Cai). */
async function scenario(q: Q) {
  const ids = await seed(q);
  const [amy, bo, cai] = ids as [number, number, number];
  const audience = await audienceMembers(q, { kind: 'group', value: 'class-2301' }, []);
  const run = await insertRun(q, { surveyId: 'canteen', definition: DEF, startedBy: 'schedule', openedAt: at(1), closesAt: at(49), tokenKey: 'k'.repeat(32) });
  const added = [];
  for (const id of audience) added.push(await insertDelivery(q, run.id, id));
  const again = await insertDelivery(q, run.id, amy);

  const token = (m: number) => `t-${m}`;
  for (const m of [cai, amy, bo]) {
    await ensureResponse(q, token(m), run.id, null);
    await saveAnswer(q, { token: token(m), runId: run.id, questionId: 'q2', value: '["a"]', final: false });
    await saveAnswer(q, { token: token(m), runId: run.id, questionId: 'q2', value: '["a","b"]', final: false });
    await saveAnswer(q, { token: token(m), runId: run.id, questionId: 'q1', value: String(m + 1), final: true });
  }
  const overwritten = await saveAnswer(q, { token: token(amy), runId: run.id, questionId: 'q1', value: '5', final: true });
  const finalised = await saveAnswer(q, { token: token(cai), runId: run.id, questionId: 'q2', value: '["b"]', final: true });
  await completeResponse(q, token(cai), null);
  await markResponded(q, run.id, cai);
  await markResponded(q, run.id, amy); // finished after Cai (a delivery without a response: only the flag counts here)
  await mergeSurveyRows(q, cai, ids[3]!); // Cai's other account (Dan) takes over the finished delivery
  await mergeSurveyRows(q, bo, amy); // a clash keeps Amy's
  const { conversations } = tables(q);
  await q.insert(conversations).values([
    { memberId: bo, feature: 'surveys', name: 'text', data: { runId: run.id, index: 1 }, updatedAt: at(2) },
    { memberId: amy, feature: 'surveys', name: 'text', data: { runId: run.id + 1, index: 1 }, updatedAt: at(2) },
    { memberId: cai, feature: 'polls', name: 'x', data: { runId: run.id }, updatedAt: at(2) },
  ]);

  const open = {
    audience, added, again,
    openRun: (await openRunOf(q, 'canteen'))?.id === run.id,
    waitingForBo: (await waitingRuns(q, bo)).map((r) => r.id),
    waitingForCai: (await waitingRuns(q, cai)).map((r) => r.id),
    caiDelivery: await getDelivery(q, run.id, cai),
    danDelivery: await getDelivery(q, run.id, ids[3]!),
    amyDelivery: await getDelivery(q, run.id, amy),
    amyAnswers: (await answersOf(q, token(amy))).map((a) => [a.questionId, a.value, a.final]).sort(),
    overwritten, finalised,
    unreachable: await unreachableAmong(q, audience),
    admins: await membersWithIdentities(q, ['telegram:100', 'telegram:103']),
    groups: await groupsOfMembers(q, [cai, ids[3]!]),
    names: [...(await memberNames(q, [bo, amy, bo])).entries()].sort(),
  };

  const closed = [await closeRun(q, run.id, at(49)), await closeRun(q, run.id, at(50))];
  const fresh = ['n1', 'n2', 'n3'];
  const rekeyed = await rekeyResponses(q, run.id, (xs) => [...xs].reverse(), () => fresh.shift()!);
  await clearResponded(q, run.id);
  const endedFlows = await deleteFlowsWith(q, 'surveys', 'runId', run.id);
  const { surveyResponses, surveyDeliveries } = tables(q);
  const after = {
    closed, rekeyed, endedFlows,
    flowsLeft: (await q.select({ memberId: conversations.memberId }).from(conversations).orderBy(asc(conversations.memberId))).map((r) => r.memberId),
    run: await getRun(q, run.id).then((r) => r && { status: r.status, closedAt: r.closedAt, tokenKey: r.tokenKey }),
    latest: (await latestRunOf(q, 'canteen'))?.id === run.id,
    during: (await runsDuring(q, at(48), at(60))).map((r) => r.id === run.id),
    notDuring: (await runsDuring(q, at(50), at(60))).length,
    deliveries: (await deliveriesOf(q, run.id)).map((d) => [d.memberId, d.responded]),
    responses: (await runResponses(q, run.id)).map((r) => ({ token: r.token, memberId: r.memberId, complete: r.complete, completedAt: r.completedAt, answers: r.answers.map((a) => [a.questionId, a.value]) })),
    /** The order the store keeps the run's deliveries and responses in (no ORDER BY). */
    storedDeliveries: (await q.select({ memberId: surveyDeliveries.memberId }).from(surveyDeliveries)).map((r) => r.memberId),
    stored: (await q.select({ token: surveyResponses.token }).from(surveyResponses)).map((r) => r.token),
    byToken: (await q.select({ token: surveyResponses.token }).from(surveyResponses).orderBy(asc(surveyResponses.token))).map((r) => r.token),
  };
  return { ids, open, after };
}

function expectTheSurveyPath(r: Awaited<ReturnType<typeof scenario>>) {
  const [amy, bo, cai, dan] = r.ids as [number, number, number, number];
  expect(r.open).toEqual({
    audience: [amy, bo, cai], added: [true, true, true], again: false, openRun: true,
    waitingForBo: [1], waitingForCai: [], caiDelivery: { runId: 1, memberId: cai, responded: true },
    danDelivery: { runId: 1, memberId: dan, responded: true }, amyDelivery: { runId: 1, memberId: amy, responded: true },
    amyAnswers: [['q1', String(amy + 1), true], ['q2', '["a","b"]', false]],
    overwritten: false, finalised: true, unreachable: 1, admins: [amy, dan], groups: ['class-2301'],
    names: [[amy, 'Amy'], [bo, 'Bo']],
  });
  expect(r.after).toEqual({
    closed: [true, false], rekeyed: 3, endedFlows: 1, flowsLeft: [amy, cai],
    run: { status: 'closed', closedAt: at(49), tokenKey: null }, latest: true, during: [true], notDuring: 0,
    deliveries: [[amy, false], [bo, false], [cai, false], [dan, false]],
    // New tokens follow the shuffle (Cai, Bo, Amy), not arrival (Cai, Amy, Bo), nor the order the store kept the rows in.
    responses: [
      { token: 'n1', memberId: null, complete: true, completedAt: null, answers: [['q1', String(cai + 1)], ['q2', '["b"]']] },
      { token: 'n2', memberId: null, complete: false, completedAt: null, answers: [['q1', String(bo + 1)]] },
      { token: 'n3', memberId: null, complete: false, completedAt: null, answers: [['q1', String(amy + 1)]] },
    ],
    // What the store returns unordered is the shuffled order too (PostgreSQL: the order the new rows were written),
    // and the deliveries are in member order, not with the finished ones in the order they finished.
    stored: ['n1', 'n2', 'n3'], byToken: ['n1', 'n2', 'n3'], storedDeliveries: [amy, bo, cai, dan],
  });
}

describe('a survey run on both stores', () => {
  it('gives the same audience, deliveries, answers, close, re-keying and results on SQLite and PostgreSQL', async () => {
    const sqlite = openDb(':memory:');
    const pgDb = await openPg(url);
    try {
      const onSqlite = await scenario(sqlite);
      const onPg = await pgDb.transaction(async (tx) => {
        // Whatever plan PostgreSQL picks: a sequential scan updates rows in the order the table keeps them.
        await tx.execute(sql`set local enable_indexscan = off`);
        await tx.execute(sql`set local enable_bitmapscan = off`);
        return scenario(tx as unknown as Q);
      });
      expectTheSurveyPath(onSqlite);
      expectTheSurveyPath(onPg);
      expect(onPg).toEqual(onSqlite);
    } finally {
      closeDb(sqlite);
      await closePg(pgDb);
    }
  });
});

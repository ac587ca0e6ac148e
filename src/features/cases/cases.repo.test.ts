/**
 * A case's path through its queries runs the same on both stores: opened, a note added, claimed
 * (once), its alert raised along the rota's chain and acknowledged (once), a relay and a
 * break-glass request recorded, closed (once), its texts kept until retention deletes them. The
 * same function runs on SQLite and on a real PostgreSQL (the tests' server) with the same
 * expectations: the repo takes its tables from the handle (db/tables.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../../test/harness.js';
import { freshPgDatabase } from '../../../test/pg/db.js';
import { closeDb, openDb, type Db, type Q } from '../../db/client.js';
import { closePg, openPg, type PgDb } from '../../db/pg/client.js';
import { tables } from '../../db/tables.js';
import {
  ackAlert, addMessage, alertsBetween, closeCase, closedWithTexts, decideReveal, deleteCaseTexts, getAlert, getCase, insertAlert,
  insertCase, insertReveal, messagesOf, openCaseOf, openCases, relayedCase, revealsOf, saveRelay, sealedUnder, setAlertStep,
  takeContact, unackedAlerts,
} from './cases.repo.js';
import { chainAt } from './cases.rota.js';

const url = await freshPgDatabase();
const duty = testConfig().crisis.duty;
/** Saturday 23:10 in Shanghai: out of hours, so 何老师 (local:he) is on duty. */
const NIGHT = new Date('2026-03-07T23:10:00+08:00');
const later = (minutes: number) => new Date(NIGHT.getTime() + minutes * 60_000);

async function member(q: Q, name: string): Promise<number> {
  const { members } = tables(q);
  const [row] = await q.insert(members).values({ name, locale: 'zh-CN', createdAt: NIGHT }).returning({ id: members.id });
  return row!.id;
}

/** One case from opening to retention; what each step answered. */
async function journey(q: Q) {
  const student = await member(q, '李华');
  const counsellor = await member(q, '何老师');
  const other = await member(q, '徐老师');
  const c = await insertCase(q, { kind: 'crisis', memberId: student, alias: '7F3A', openedAt: NIGHT, updatedAt: NIGHT });
  const words = await addMessage(q, { caseId: c.id, author: 'student', authorId: null, keyId: 'k1', body: 'sealed:words', createdAt: NIGHT });
  const opened = { got: await getCase(q, c.id), open: (await openCaseOf(q, student))?.id, list: (await openCases(q)).map((x) => x.id) };

  const chain = chainAt(duty, NIGHT, 'Asia/Shanghai');
  const alert = await insertAlert(q, { caseId: c.id, concern: 'self', level: 'high', messageId: words.id, chain, step: 0, raisedAt: NIGHT });
  await setAlertStep(q, alert.id, 1);
  const raised = { chain: (await getAlert(q, alert.id))?.chain, step: (await getAlert(q, alert.id))?.step, unacked: (await unackedAlerts(q, c.id)).length };

  const claimed = [await takeContact(q, c.id, counsellor, later(3)), await takeContact(q, c.id, other, later(4))];
  const acked = [await ackAlert(q, alert.id, counsellor, later(3)), await ackAlert(q, alert.id, other, later(4))];
  await setAlertStep(q, alert.id, 2); // an acknowledged alert's step stays
  const [digest] = await alertsBetween(q, NIGHT, later(60));
  await addMessage(q, { caseId: c.id, author: 'note', authorId: counsellor, keyId: 'k1', body: 'sealed:note', createdAt: later(5) });

  const ref = { platform: 'telegram' as const, chatId: '-100', messageId: '77' };
  await saveRelay(q, ref, c.id, later(1));
  await saveRelay(q, ref, c.id, later(2)); // the same message again: kept once
  const reveal = await insertReveal(q, { caseId: c.id, requestedBy: counsellor, keyId: 'k0', reason: 'sealed:reason', requestedAt: later(6) });
  const decided = [await decideReveal(q, reveal.id, 'refused', other, later(7)), await decideReveal(q, reveal.id, 'approved', other, later(8))];

  const closed = [await closeCase(q, c.id, counsellor, later(10)), await closeCase(q, c.id, other, later(11))];
  const after = await getCase(q, c.id);
  return {
    opened, raised, claimed, acked, decided, closed,
    contact: { status: (await getCase(q, c.id))?.status, counsellor: after?.counsellorId === counsellor, closedBy: after?.closedBy === counsellor, closedAt: after?.closedAt },
    digest: { ackedBy: digest?.ackedBy === counsellor, ackedAt: digest?.ackedAt, ackedStep: digest?.ackedStep, step: digest?.step, unacked: (await unackedAlerts(q, c.id)).length },
    notes: (await messagesOf(q, c.id)).map((m) => [m.author, m.body]),
    relayed: [await relayedCase(q, 'telegram', '-100', '77') === c.id, await relayedCase(q, 'telegram', '-100', '78')],
    reveals: (await revealsOf(q, c.id)).map((r) => [r.status, r.decidedAt]),
    stillOpen: [await openCaseOf(q, student), (await openCases(q)).length],
    older: (await sealedUnder(q, ['k0'], 10)).map((r) => [r.table, r.sealed]),
    retention: [await closedWithTexts(q, later(9)), (await closedWithTexts(q, later(11))).length],
    deleted: await deleteCaseTexts(q, c.id),
    left: [(await messagesOf(q, c.id)).length, (await revealsOf(q, c.id)).length, await relayedCase(q, 'telegram', '-100', '77')],
    caseId: c.id,
  };
}

const expected = {
  opened: { got: expect.objectContaining({ kind: 'crisis', status: 'open', alias: '7F3A', revealed: false, openedAt: NIGHT, contactAt: null }), open: 1, list: [1] },
  raised: { chain: [{ role: 'counsellor', who: 'local:he' }, { role: 'lead', who: 'local:lin' }, { role: 'management' }], step: 1, unacked: 1 },
  claimed: [true, false],
  acked: [true, false],
  decided: [true, false],
  closed: [true, false],
  contact: { status: 'closed', counsellor: true, closedBy: true, closedAt: later(10) },
  digest: { ackedBy: true, ackedAt: later(3), ackedStep: 1, step: 1, unacked: 0 },
  notes: [['student', 'sealed:words'], ['note', 'sealed:note']],
  relayed: [true, undefined],
  reveals: [['refused', later(7)]],
  stillOpen: [undefined, 0],
  older: [['reveals', 'sealed:reason']],
  retention: [[], 1],
  deleted: 3,
  left: [0, 0, undefined],
  caseId: 1,
};

describe('a case through its queries', () => {
  let sqlite: Db;
  let pgDb: PgDb;
  beforeAll(async () => {
    sqlite = openDb(':memory:');
    pgDb = await openPg(url);
  });
  afterAll(async () => {
    closeDb(sqlite);
    await closePg(pgDb);
  });

  it('opens, takes a note, is claimed once, alerts along the rota and is acknowledged once, closes once (SQLite)', async () => {
    expect(await journey(sqlite)).toEqual(expected);
  });

  it('does the same on PostgreSQL, with the same answers', async () => {
    expect(await pgDb.transaction((tx) => journey(tx as unknown as Q))).toEqual(expected);
  });
});

/**
 * The core's small repos on both stores, with the same expectations: due work scheduled, replaced
 * by its key and cancelled (tasks.repo), the audit log, asked steps closed by key, what
 * /forgetme changes in the outbox (rows for the member, rows naming them, rows about their tickets),
 * and a member's dialogue saved and replaced (flows.repo).
 */
import { describe, expect, it } from 'vitest';
import type { Q } from '../../src/db/client.js';
import { resultsOnBoth } from './on-both.js';
import { tables } from '../../src/db/tables.js';
import { auditAbout, writeAudit } from '../../src/core/audit.repo.js';
import { forgetMemberOutbox, forgetOutboxAbout, forgetOutboxNaming, outboxOfMember } from '../../src/core/outbox.privacy.repo.js';
import { closeStepsByKey, getStep, insertStep } from '../../src/core/steps.repo.js';
import { saveFlow } from '../../src/core/flows.repo.js';
import { cancelTask, pendingTasks, scheduleTask } from '../../src/core/tasks.repo.js';
import { freshPgDatabase } from './db.js';

const url = await freshPgDatabase();

const t0 = new Date('2026-03-02T08:00:00Z');
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

async function repos(q: Q) {
  const { members, identities, outbox } = tables(q);
  const [li] = await q.insert(members).values({ name: '李华', locale: 'zh-CN', createdAt: t0 }).returning({ id: members.id });
  const id = li!.id;
  await q.insert(identities).values({
    memberId: id, platform: 'telegram', platformUserId: '42', displayName: 'Li Hua', privateChatId: '42', createdAt: t0, lastSeenAt: t0,
  });

  await scheduleTask(q, 'x.remind', at(10), { n: 1 }, t0, 'x:1');
  await scheduleTask(q, 'x.remind', at(20), { n: 2 }, t0, 'x:1'); // the same key: replaced
  await scheduleTask(q, 'x.close', at(30), {}, t0);
  await scheduleTask(q, 'x.other', at(40), {}, t0, 'x:2');
  await cancelTask(q, 'x:2');
  const tasks = (await pendingTasks(q)).map((t) => [t.kind, t.dueAt, t.payload, t.key]);

  await writeAudit(q, { actorMemberId: id, action: 'poll.create', target: 'poll:1', detail: { group: 'c1' } }, at(1));
  await writeAudit(q, { actorMemberId: null, action: 'role.grant', target: `member:${id}` }, at(2));
  const audit = (await auditAbout(q, id)).map((a) => [a.action, a.target, a.detail ?? null, a.at]);

  const s1 = await insertStep(q, id, 'tickets', 'tickets.confirm:1', t0);
  const s2 = await insertStep(q, id, 'tickets', 'tickets.confirm:1', t0);
  await closeStepsByKey(q, 'tickets.confirm:1', { key: 'closed', id: 1 }, at(5));
  const steps = [(await getStep(q, s1))!, (await getStep(q, s2))!].map((s) => [s.open, s.outcome]);

  const row = (chatId: string | null, text: string, more: Partial<typeof outbox.$inferInsert> = {}) => ({
    kind: 'reply', platform: 'telegram' as const, chatId, chatKind: 'private' as const, locale: 'zh-CN' as const, payload: { text },
    status: 'sent' as const, nextAttemptAt: t0, createdAt: t0, updatedAt: t0, ...more,
  });
  await q.insert(outbox).values([
    row('42', 'to Li, by chat'),
    row('7', 'a card naming Li Hua', { chatKind: 'group' }),
    row('8', 'a card about T-1', { chatKind: 'group', meta: { ticketId: 1 } }),
    row('9', 'a card about T-2', { chatKind: 'group', meta: { ticketId: 2 } }),
    row('10', 'still to go, naming 李华', { chatKind: 'group', status: 'pending' }),
    row(null, 'to Li, by member', { memberId: id, status: 'pending' }),
  ]);
  const named = await forgetOutboxNaming(q, id);
  const about = await forgetOutboxAbout(q, 'ticketId', [1, 3]);
  const mine = (await outboxOfMember(q, id)).map((r) => r.payload.text);
  await forgetMemberOutbox(q, id, at(9));
  const rows = (await q.select().from(outbox).orderBy(outbox.id)).map((r) => [r.payload.text, r.chatId, r.status]);
  return { tasks, audit, steps, named, about, mine, rows };
}

describe('the core repos', () => {
  it('run the same on SQLite and PostgreSQL', async () => {
    const { sqlite, postgres } = await resultsOnBoth(url, repos);
    expect(sqlite).toEqual({
      tasks: [['x.remind', at(20), { n: 2 }, 'x:1'], ['x.close', at(30), {}, null]],
      audit: [['poll.create', 'poll:1', { group: 'c1' }, at(1)], ['role.grant', 'member:1', null, at(2)]],
      steps: [[false, { key: 'closed', id: 1 }], [false, { key: 'closed', id: 1 }]],
      named: 1,
      about: 1,
      mine: ['to Li, by member'],
      rows: [
        ['', null, 'sent'], ['', '7', 'sent'], ['', '8', 'sent'], ['a card about T-2', '9', 'sent'],
        ['still to go, naming 李华', '10', 'pending'], ['', null, 'unreachable'],
      ],
    });
    expect(postgres).toEqual(sqlite);
  });
});

/** A dialogue saved, then moved on (a step, other data, a later day), as its row reads back. */
async function dialogue(q: Q) {
  const { members, conversations } = tables(q);
  const [li] = await q.insert(members).values({ name: '李华', locale: 'zh-CN', createdAt: t0 }).returning({ id: members.id });
  const read = async () => (await q.select().from(conversations)).map((c) => [c.memberId === li!.id, c.feature, c.name, c.data, c.stepId, c.updatedAt]);
  await saveFlow(q, li!.id, { feature: 'tickets', name: 'intake', data: { text: '热水器 "坏了"', n: 1, place: null } }, at(60 * 30));
  const saved = await read();
  await saveFlow(q, li!.id, { feature: 'cases', name: 'answer', data: { caseId: 7, kept: ['a', 'b'] }, stepId: 3 }, at(60 * 30 + 24 * 60));
  return { saved, replaced: await read() };
}

describe('a member\'s dialogue', () => {
  it('is saved and replaced the same on SQLite and PostgreSQL, keeping the day it last moved', async () => {
    const { sqlite, postgres } = await resultsOnBoth(url, dialogue);
    expect(sqlite).toEqual({
      saved: [[true, 'tickets', 'intake', { text: '热水器 "坏了"', n: 1, place: null }, null, new Date('2026-03-03T00:00:00Z')]],
      replaced: [[true, 'cases', 'answer', { caseId: 7, kept: ['a', 'b'] }, 3, new Date('2026-03-04T00:00:00Z')]],
    });
    expect(postgres).toEqual(sqlite);
  });
});

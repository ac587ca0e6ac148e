/**
 * The tickets' queries on both stores: one ticket's life (filed, claimed, joined, its timeline,
 * resolved and closed, its texts stripped after retention), the queue that puts work whose
 * deadline passed first, and two accounts' tickets merged, run by the same repo functions on
 * SQLite and on a real PostgreSQL, with the same expectations.
 */
import { describe, expect, it } from 'vitest';
import { closeDb, openDb, type Q } from '../../src/db/client.js';
import { closePg, openPg } from '../../src/db/pg/client.js';
import { tables } from '../../src/db/tables.js';
import {
  addEvent, addPhotos, addWatcher, cardsOf, claimIfFree, eventsOf, finishedWithTexts, getTicket, insertTicket, joinedBy, leaveTickets, mergeTicketRows,
  photosOf, queueOf, recentActiveTicket, repairsAt, reportedBy, saveCard, stripTicketTexts, ticketsOf, updateTicket, watchersOf,
  type TicketInsert,
} from '../../src/features/tickets/tickets.repo.js';
import { freshPgDatabase } from './db.js';

const url = await freshPgDatabase();

const HOUR = 3_600_000;
const t0 = new Date('2026-03-02T08:00:00Z');
const at = (hours: number) => new Date(t0.getTime() + hours * HOUR);

async function member(q: Q, name: string): Promise<number> {
  const { members } = tables(q);
  const [row] = await q.insert(members).values({ name, locale: 'zh-CN', createdAt: t0 }).returning({ id: members.id });
  return row!.id;
}

/** A ticket filed at `created` hours, due for a first response `first` hours and resolution `resolve` hours after t0. */
const filed = (reporterId: number, created: number, first: number, resolve: number, more: Partial<TicketInsert> = {}): TicketInsert => ({
  kind: 'repair', category: 'facilities', departmentId: 'logistics', description: '热水器坏了', building: '3号楼', room: '502',
  reporterId, alias: 'A1B2', firstResponseDue: at(first), resolutionDue: at(resolve), createdAt: at(created), updatedAt: at(created), ...more,
});

/** What a ticket's life leaves in the store, as the repo functions read it. */
async function lifecycle(q: Q) {
  const li = await member(q, '李华');
  const zhang = await member(q, '张三');
  const wang = await member(q, '王师傅');
  const t = await insertTicket(q, filed(li, 0, 4, 48, { room: '502b' }));
  await addEvent(q, t.id, { type: 'created', actorId: li, public: true }, at(0));
  await addPhotos(q, t.id, 'telegram', ['photo-1', 'photo-2'], at(0));

  const claims = [await claimIfFree(q, t.id, wang, at(1)), await claimIfFree(q, t.id, zhang, at(1))];
  const joins = [await addWatcher(q, t.id, zhang, at(2)), await addWatcher(q, t.id, zhang, at(3))];
  await addEvent(q, t.id, { type: 'metoo', actorId: zhang, public: true }, at(2));
  await addEvent(q, t.id, { type: 'note', actorId: wang, public: false, text: '明天带配件' }, at(3));
  const replyId = await addEvent(q, t.id, { type: 'reply', actorId: wang, public: true, text: '明天上午来修' }, at(3));
  await saveCard(q, t.id, 'telegram', '-100', '7');
  await saveCard(q, t.id, 'telegram', '-100', '9'); // the card posted again: the newer message is the one to edit

  const open = {
    claimed: await getTicket(q, t.id),
    similar: (await repairsAt(q, '3号楼', '502B', at(0))).map((r) => r.id), // the room in other letters
    reportedBefore: (await repairsAt(q, '3号楼', '502b', at(0.5))).map((r) => r.id),
    recent: (await recentActiveTicket(q, li, 'logistics', at(0)))?.id,
    watchers: await watchersOf(q, t.id),
    zhangSees: (await ticketsOf(q, zhang)).map((r) => r.id),
  };

  await updateTicket(q, t.id, { status: 'resolved', resolution: '换了新的', resolvedAt: at(20), updatedAt: at(20) });
  await addEvent(q, t.id, { type: 'resolved', actorId: wang, public: true, text: '换了新的' }, at(20));
  await updateTicket(q, t.id, { status: 'closed', rating: 5, closedAt: at(30), updatedAt: at(30) });
  await addEvent(q, t.id, { type: 'closed', actorId: null, public: true, data: { auto: true } }, at(30));
  const closed = {
    ticket: await getTicket(q, t.id),
    publicTimeline: (await eventsOf(q, t.id, false)).map((e) => [e.type, e.actorId, e.text, e.data]),
    staffTimeline: (await eventsOf(q, t.id, true)).map((e) => [e.id === replyId, e.type, e.public, e.at.getTime()]),
    photos: await photosOf(q, t.id),
    cards: await cardsOf(q, t.id),
    recentAfter: (await recentActiveTicket(q, li, 'logistics', at(0)))?.id ?? null,
    similarAfter: (await repairsAt(q, '3号楼', '502b', at(0))).length,
    joined: (await joinedBy(q, zhang)).map((j) => [j.ticket.id, j.joinedAt.getTime()]),
  };

  const retention = {
    notYet: await finishedWithTexts(q, at(30)),
    due: await finishedWithTexts(q, at(31)),
  };
  await stripTicketTexts(q, t.id);
  await leaveTickets(q, zhang);
  const stripped = {
    ticket: await getTicket(q, t.id),
    texts: (await eventsOf(q, t.id, true)).map((e) => e.text),
    photos: (await photosOf(q, t.id)).length,
    dueAgain: await finishedWithTexts(q, at(31)),
    watchers: await watchersOf(q, t.id),
    reported: (await reportedBy(q, li)).map((r) => r.id),
  };
  return { ids: { t: t.id, li, zhang, wang }, claims, joins, open, closed, retention, stripped };
}

/** The staff queue at `now`: work whose pending deadline passed first, then urgent, then by that deadline. */
async function queue(q: Q) {
  const li = await member(q, '李华');
  const wang = await member(q, '王师傅');
  const file = async (name: string, first: number, resolve: number, more: Partial<TicketInsert> = {}) =>
    [name, (await insertTicket(q, filed(li, 0, first, resolve, { description: name, ...more }))).id] as const;
  const tickets = [
    await file('later', 30, 60),
    await file('first-late', 2, 60),
    await file('answered-late', 1, 5, { firstRespondedAt: at(1), assigneeId: wang, status: 'in_progress' }),
    await file('answered-on-time', 1, 40, { firstRespondedAt: at(1), assigneeId: wang, status: 'in_progress' }),
    await file('urgent', 50, 60, { priority: 'urgent' }),
    await file('done', 1, 2, { status: 'closed', closedAt: at(3) }),
    await file('elsewhere', 1, 2, { departmentId: 'student_affairs' }),
  ];
  const name = new Map(tickets.map(([n, id]) => [id, n]));
  const now = at(10);
  return {
    logistics: (await queueOf(q, ['logistics'], now)).map((t) => name.get(t.id)),
    all: (await queueOf(q, 'all', now)).map((t) => name.get(t.id)),
    none: (await queueOf(q, [], now)).length,
  };
}

/** Two accounts of one person linked: what the old member reported, handled, joined and did goes to the survivor. */
async function merge(q: Q) {
  const li = await member(q, '李华');
  const old = await member(q, '张三 (Discord)');
  const survivor = await member(q, '张三');
  const theirs = await insertTicket(q, filed(li, 0, 4, 48));
  const own = await insertTicket(q, filed(old, 1, 4, 48, { assigneeId: null }));
  await addWatcher(q, theirs.id, old, at(2));
  await addWatcher(q, theirs.id, survivor, at(3)); // both joined: the survivor's watch stays
  const other = await insertTicket(q, filed(li, 2, 4, 48, { room: '601' }));
  await addWatcher(q, other.id, old, at(4));
  await addEvent(q, theirs.id, { type: 'metoo', actorId: old, public: true }, at(2));
  await mergeTicketRows(q, old, survivor);
  return {
    reported: (await reportedBy(q, survivor)).map((t) => t.id === own.id),
    oldReported: (await reportedBy(q, old)).length,
    joined: (await joinedBy(q, survivor)).map((j) => [j.ticket.id === theirs.id ? 'theirs' : 'other', j.joinedAt.getTime()]),
    oldJoined: (await joinedBy(q, old)).length,
    actors: (await eventsOf(q, theirs.id, true)).map((e) => e.actorId === survivor),
  };
}

const MERGED = { reported: [true], oldReported: 0, joined: [['theirs', at(3).getTime()], ['other', at(4).getTime()]], oldJoined: 0, actors: [true] };

function expectLifecycle(r: Awaited<ReturnType<typeof lifecycle>>) {
  const { t, li, zhang, wang } = r.ids;
  expect(r.claims).toEqual([true, false]);
  expect(r.joins).toEqual([true, false]);
  expect(r.open.claimed).toMatchObject({ status: 'in_progress', assigneeId: wang, updatedAt: at(1), anonymous: false, priority: 'normal' });
  expect(r.open).toMatchObject({ similar: [t], reportedBefore: [], recent: t, watchers: [zhang], zhangSees: [t] });
  expect(r.closed.ticket).toMatchObject({ status: 'closed', rating: 5, resolution: '换了新的', resolvedAt: at(20), closedAt: at(30) });
  expect(r.closed.publicTimeline).toEqual([
    ['created', li, null, null], ['metoo', zhang, null, null], ['reply', wang, '明天上午来修', null],
    ['resolved', wang, '换了新的', null], ['closed', null, null, { auto: true }],
  ]);
  expect(r.closed.staffTimeline).toEqual([
    [false, 'created', true, at(0).getTime()], [false, 'metoo', true, at(2).getTime()], [false, 'note', false, at(3).getTime()],
    [true, 'reply', true, at(3).getTime()], [false, 'resolved', true, at(20).getTime()], [false, 'closed', true, at(30).getTime()],
  ]);
  expect(r.closed.photos).toEqual([{ platform: 'telegram', ref: 'photo-1' }, { platform: 'telegram', ref: 'photo-2' }]);
  expect(r.closed.cards).toEqual([{ ticketId: t, platform: 'telegram', chatId: '-100', messageId: '9' }]);
  expect(r.closed).toMatchObject({ recentAfter: null, similarAfter: 0, joined: [[t, at(2).getTime()]] });
  expect(r.retention).toEqual({ notYet: [], due: [t] });
  expect(r.stripped.ticket).toMatchObject({ description: '', resolution: null, ratingComment: null, status: 'closed' });
  expect(r.stripped).toMatchObject({ texts: [null, null, null, null, null, null], photos: 0, dueAgain: [], watchers: [], reported: [t] });
}

const QUEUE = {
  logistics: ['first-late', 'answered-late', 'urgent', 'later', 'answered-on-time'],
  all: ['elsewhere', 'first-late', 'answered-late', 'urgent', 'later', 'answered-on-time'],
  none: 0,
};

describe('the tickets repo', () => {
  it('runs a ticket\'s life on SQLite: claimed once, joined once, its timeline in order, closed, its texts stripped after retention; a merge moves it all', async () => {
    const db = openDb(':memory:');
    try {
      expectLifecycle(await lifecycle(db));
      expect(await queue(db)).toEqual(QUEUE);
      expect(await merge(db)).toEqual(MERGED);
    } finally {
      closeDb(db);
    }
  });

  it('runs the same life, queue and merge on PostgreSQL, with the same answers', async () => {
    const pgDb = await openPg(url);
    try {
      const life = await pgDb.transaction((tx) => lifecycle(tx as unknown as Q));
      expectLifecycle(life);
      expect(await pgDb.transaction((tx) => queue(tx as unknown as Q))).toEqual(QUEUE);
      expect(await pgDb.transaction((tx) => merge(tx as unknown as Q))).toEqual(MERGED);
    } finally {
      await closePg(pgDb);
    }
  });
});

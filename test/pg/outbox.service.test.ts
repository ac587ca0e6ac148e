/**
 * The outbox service's enqueue side on both stores, as features use it: in a unit, a private message
 * to a member (at most once per key; `unreachable` at once when they have no chat on a running
 * platform), one to every bound chat, and the members when no chat is bound; then, outside any
 * unit, its rows read by key and counted, and inside one, forgotten and coarsened by key prefix.
 * SQLite: the units of an in-memory database; PostgreSQL: units on a pool, each its own transaction.
 */
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createOutbox, type Outbox } from '../../src/core/outbox.js';
import { createUnitRunner, type UnitRunner } from '../../src/core/unit-of-work.js';
import { closeDb, openDb, type Q } from '../../src/db/client.js';
import { closePg, openPg } from '../../src/db/pg/client.js';
import { tables } from '../../src/db/tables.js';
import { pgUnitStore, sqliteUnitStore, type UnitStore } from '../../src/db/units.js';
import type { PlatformPort } from '../../src/core/message.js';
import { freshPgDatabase } from './db.js';

const url = await freshPgDatabase();
const log = pino({ level: 'silent' });
const now = new Date('2026-03-02T08:30:00Z');

/** A running Telegram that is never called: these rows are only written. */
const telegram: PlatformPort = {
  platform: 'telegram',
  send: () => Promise.reject(new Error('not sent in this test')),
  edit: () => Promise.reject(new Error('not sent in this test')),
};

function outboxOn(store: UnitStore): { units: UnitRunner; outbox: Outbox } {
  const units = createUnitRunner({ store, log });
  const outbox = createOutbox({
    units, clock: { now: () => now }, log, defaultLocale: 'zh-CN', timezone: 'Asia/Shanghai', ports: new Map([['telegram', telegram]]),
    // Member 1 reads English on Telegram; member 2 only has a Discord chat, and Discord is not running.
    privateTargets: async (id) => (id === 1 ? [{ identityId: 11, platform: 'telegram', chatId: 'p1', locale: 'en' }]
      : [{ identityId: 22, platform: 'discord', chatId: 'p2', locale: 'zh-CN' }]),
    boundChats: async (binding) => (binding === 'staff' ? [{ platform: 'telegram', platformChatId: '-100' }, { platform: 'discord', platformChatId: 'd1' }] : []),
    markUnreachable: async () => undefined,
  });
  return { units, outbox };
}

const render = (l: string) => ({ text: l === 'en' ? 'Hello' : '你好' });

async function enqueueing({ units, outbox }: { units: UnitRunner; outbox: Outbox }) {
  const enqueued = await units.run(async (unit) => {
    const { members } = tables(unit.q);
    await unit.q.insert(members).values([{ name: 'a', createdAt: now }, { name: 'b', createdAt: now }]);
    const q: Q = unit.q;
    const first = await outbox.toMember(q, { kind: 'survey.invite', key: 'survey:1:invite:1', memberId: 1, render, meta: { runId: 1 } }, now);
    const again = await outbox.toMember(q, { kind: 'survey.invite', key: 'survey:1:invite:1', memberId: 1, render: () => ({ text: 'changed' }) }, now);
    const nobody = await outbox.toMember(q, { kind: 'survey.invite', key: 'survey:1:invite:2', memberId: 2, render }, now);
    const bound = await outbox.toBound(q, { kind: 'ticket.card', key: 'ticket:5', binding: 'staff', scope: 'dorm', render }, now);
    await outbox.toBoundOrMembers(q, { kind: 'digest', key: 'digest:1', binding: 'management', scope: null, render, urgent: true }, () => [1, 1], now);
    return {
      toMember: [first.created, first.row.chatId, first.row.locale, first.row.payload.text, first.row.status],
      again: [again.created, again.row.id === first.row.id, again.row.payload.text],
      nobody: [nobody.row.status, nobody.row.lastError, nobody.row.platform],
      bound: bound.map((e) => [e.created, e.row.dedupeKey, e.row.chatKind, e.row.binding, e.row.scope]),
    };
  });
  const byKey = await outbox.byKey('digest:1:m1');
  const counts = await outbox.statusCounts('survey:1:');
  const changed = await units.atomic(async (q) => [await outbox.coarsen(q, 'survey:1:invite:'), await outbox.forget(q, 'ticket:')]);
  return {
    ...enqueued,
    byKey: byKey && [byKey.kind, byKey.chatId, byKey.lane, byKey.payload.text],
    counts,
    changed,
    after: [await outbox.statusCounts('ticket:'), (await outbox.byKey('survey:1:invite:1'))?.createdAt],
  };
}

describe('the outbox service', () => {
  it('enqueues, reads, forgets and coarsens the same on SQLite and PostgreSQL', async () => {
    const db = openDb(':memory:');
    const pg = await openPg(url);
    let sqlite: unknown;
    let postgres: unknown;
    try {
      sqlite = await enqueueing(outboxOn(sqliteUnitStore(db)));
      postgres = await enqueueing(outboxOn(pgUnitStore(pg)));
    } finally {
      closeDb(db);
      await closePg(pg);
    }
    expect(sqlite).toEqual({
      toMember: [true, 'p1', 'en', 'Hello', 'pending'],
      again: [false, true, 'Hello'],
      nobody: ['unreachable', 'no reachable private chat', null],
      bound: [[true, 'ticket:5:telegram:-100', 'group', 'staff', 'dorm']], // Discord is not running
      byKey: ['digest', 'p1', 1, 'Hello'], // no management chat: the member, once, in the replies' lane (urgent)
      counts: { pending: 1, unreachable: 1 },
      changed: [2, 1],
      after: [{}, new Date('2026-03-02T00:00:00Z')],
    });
    expect(postgres).toEqual(sqlite);
  });
});

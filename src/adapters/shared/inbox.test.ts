/**
 * The shared inbox while its reads take time (PostgreSQL answers over the network): what is stored
 * while a pick-up reads is still taken up, and a row finished while a pick-up reads it as pending
 * is not taken up again.
 */
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../core/clock.js';
import { createUnitRunner } from '../../core/unit-of-work.js';
import { openDb } from '../../db/client.js';
import { until } from '../../../test/until.js';
import { createInbox, type Claim, type InboxRow, type InboxStore } from './inbox.js';

type Ev = { id: number; chat: string };

/** An inbox table in memory whose `pending` answers only when the test lets it (`release`). */
function slowTable() {
  const rows = new Map<number, InboxRow & { status: 'pending' | 'done' }>();
  const waiting: (() => void)[] = [];
  const store: InboxStore = {
    async insert(_q, events, _now) {
      const added = events.filter((e) => !rows.has(Number(e.key)));
      for (const e of added) rows.set(Number(e.key), { seq: Number(e.key), chatKey: e.chatKey, payload: e.payload, attempts: 1, status: 'pending' });
      return added.map((e) => ({ ...e, seq: Number(e.key) }));
    },
    async pending(_q, after, limit) {
      const snapshot = [...rows.values()].filter((r) => r.status === 'pending' && r.seq > after).sort((a, b) => a.seq - b.seq).slice(0, limit)
        .map(({ status: _s, ...r }) => ({ ...r }));
      await new Promise<void>((r) => waiting.push(r));
      return snapshot;
    },
    lease: async (_q, seq) => ++rows.get(seq)!.attempts,
    recordFailure: async () => undefined,
    markDead: async () => undefined,
  };
  const release = async () => {
    await until(() => waiting.length > 0, 2000);
    waiting.shift()!();
  };
  return { store, rows, release, reading: () => waiting.length > 0 };
}

function inboxOver(table: ReturnType<typeof slowTable>, handled: number[], gate?: Promise<void>) {
  const log = pino({ level: 'silent' });
  const units = createUnitRunner({ db: openDb(':memory:'), log });
  return createInbox<Ev>({
    store: table.store, units, clock: systemClock, log, what: 'event',
    describe: (e) => ({ key: String(e.id), chatKey: e.chat, settled: false }),
    async process(row, within) {
      if (gate) await gate;
      await units.run(async () => {
        table.rows.get(row.seq)!.status = 'done';
        handled.push(row.seq);
        await within();
      });
    },
  });
}

describe('the inbox while a read of pending rows takes time', () => {
  it('takes up an event stored while a pick-up was reading, even one older than what that pick-up saw', async () => {
    const table = slowTable();
    const handled: number[] = [];
    const inbox = inboxOver(table, handled);
    await inbox.store([{ id: 20, chat: 'a' }]);
    inbox.kick(); // reads: sees 20
    await until(table.reading, 2000);
    await inbox.store([{ id: 10, chat: 'b' }]); // a webhook request that overtook another: stored while the read runs
    inbox.kick();
    await table.release(); // the first pick-up takes 20 up (and its cursor passes 10)
    await table.release(); // the pick-up asked for meanwhile looks again from before 10
    await until(() => handled.length === 2, 2000);
    await inbox.idle();
    expect(handled.sort()).toEqual([10, 20]);
  });

  it('does not take up again a row that finished while a pick-up read it as pending', async () => {
    const table = slowTable();
    const handled: number[] = [];
    let open!: () => void;
    const inbox = inboxOver(table, handled, new Promise<void>((r) => (open = r)));
    await inbox.store([{ id: 5, chat: 'a' }]);
    inbox.kick();
    await table.release(); // 5 is taken up; its processing waits at the gate
    await inbox.store([{ id: 3, chat: 'b' }]); // older than what was taken up: the next pick-up reads everything pending
    inbox.kick(); // it sees 5 still pending…
    await until(table.reading, 2000);
    open(); // …and 5 finishes while it reads
    await until(() => handled.length === 1, 2000);
    await table.release();
    await until(() => handled.length >= 2, 2000);
    await inbox.idle();
    expect(handled).toEqual([5, 3]);
    expect(table.rows.get(5)).toMatchObject({ status: 'done', attempts: 1 });
  });
});

describe('the inbox when other instances share its table (claims)', () => {
  /** A table in memory whose claim answers what the test scripts per seq (then `mine`), counting each answer. */
  function claimingTable(script: Record<number, Claim[]>, claimOf?: (seq: number) => Claim | undefined) {
    const rows = new Map<number, InboxRow & { status: 'pending' | 'done' }>();
    const asked: number[] = [];
    const store: InboxStore = {
      async insert(_q, events) {
        const added = events.filter((e) => !rows.has(Number(e.key)));
        for (const e of added) rows.set(Number(e.key), { seq: Number(e.key), chatKey: e.chatKey, payload: e.payload, attempts: 1, status: 'pending' });
        return added.map((e) => ({ ...e, seq: Number(e.key) }));
      },
      pending: async (_q, after, limit) => [...rows.values()].filter((r) => r.status === 'pending' && r.seq > after).sort((a, b) => a.seq - b.seq)
        .slice(0, limit).map(({ status: _s, ...r }) => ({ ...r })),
      lease: async (_q, seq) => ++rows.get(seq)!.attempts,
      recordFailure: async () => undefined,
      markDead: async () => undefined,
      async claim(_q, seq) {
        asked.push(seq);
        const answer = script[seq]?.shift() ?? claimOf?.(seq) ?? { kind: 'mine' };
        if (answer.kind === 'done') rows.get(seq)!.status = 'done'; // another instance handled it
        return answer;
      },
    };
    return { store, rows, asked };
  }

  function inboxOn(table: ReturnType<typeof claimingTable>, handled: number[]) {
    const log = pino({ level: 'silent' });
    const units = createUnitRunner({ db: openDb(':memory:'), log });
    return createInbox<Ev>({
      store: table.store, units, clock: systemClock, log, what: 'event', sleep: () => new Promise((r) => setTimeout(r, 1)),
      describe: (e) => ({ key: String(e.id), chatKey: e.chat, settled: false }),
      async process(row, within, claim) {
        await units.run(async () => {
          if (!(await claim())) return;
          table.rows.get(row.seq)!.status = 'done';
          handled.push(row.seq);
          await within();
        });
      },
    });
  }

  it('drops a row another instance handled, and waits while another holds one, without counting an attempt', async () => {
    const table = claimingTable({ 1: [{ kind: 'done' }], 2: [{ kind: 'busy' }, { kind: 'busy' }] });
    const handled: number[] = [];
    const inbox = inboxOn(table, handled);
    await inbox.store([{ id: 1, chat: 'a' }, { id: 2, chat: 'a' }]);
    inbox.kick();
    await until(() => handled.length === 1, 2000);
    await inbox.idle();
    expect(handled).toEqual([2]); // 1 was another instance's
    expect(table.asked).toEqual([1, 2, 2, 2]); // busy twice, then its own
    expect(table.rows.get(2)!.attempts).toBe(1);
  });

  it('handles first an older row of the chat that another instance stored after this one took up a later one', async () => {
    const table = claimingTable({}, (seq) => {
      if (seq !== 5) return undefined;
      // Stored by another instance's webhook while 5 was being taken up here.
      if (!table.rows.has(4)) table.rows.set(4, { seq: 4, chatKey: 'b', payload: '{}', attempts: 1, status: 'pending' });
      return table.rows.get(4)!.status === 'pending' ? { kind: 'older', seq: 4 } : { kind: 'mine' };
    });
    const handled: number[] = [];
    const inbox = inboxOn(table, handled);
    await inbox.store([{ id: 5, chat: 'b' }]);
    inbox.kick();
    await until(() => handled.length === 2, 2000);
    await inbox.idle();
    expect(handled).toEqual([4, 5]);
  });
});

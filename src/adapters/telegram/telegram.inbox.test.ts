import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Update } from 'grammy/types';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../core/clock.js';
import { createUnitRunner } from '../../core/unit-of-work.js';
import { closeDb, openDb, type Db } from '../../db/client.js';
import { createInbox, type InboxDeps } from './telegram.inbox.js';
import { markDone } from './telegram.repo.js';
import { until } from '../../../test/until.js';

const update = (id: number, chat: number, text = 'hi'): Update => ({
  update_id: id,
  message: { message_id: id, date: 1772409600, chat: { id: chat, type: 'private', first_name: 'a' }, from: { id: chat, is_bot: false, first_name: 'a' }, text },
} as Update);

/** An inbox on `db` whose processing is `process`: what a (re)started adapter would run. */
function inboxOn(db: Db, process: InboxDeps['process'], extra: Partial<InboxDeps> = {}) {
  const units = createUnitRunner({ db, log: pino({ level: 'silent' }) });
  const inbox = createInbox({ units, clock: systemClock, log: pino({ level: 'silent' }), process, retryDelaysMs: [0], ...extra });
  return { units, inbox };
}

const rows = (db: Db) => db.$client.prepare('select update_id as id, status, attempts from telegram_inbox order by update_id').all();

describe('the inbox counts attempts', () => {
  it('counts the first attempt in the commit that stores the update, so a crash while handling it still counts', async () => {
    const db = openDb(join(mkdtempSync(join(tmpdir(), 'yizhan-inbox-')), 'bot.db'));
    // A first process stores two updates and dies while handling them (its handler never returns).
    const first = inboxOn(db, () => new Promise<void>(() => {}));
    await first.inbox.store([update(1, 10), update(2, 20)]);
    first.inbox.kick();
    expect(rows(db)).toEqual([{ id: 1, status: 'pending', attempts: 1 }, { id: 2, status: 'pending', attempts: 1 }]);
    // Each restart takes them up again, counting first; update 1 crashes every process that handles it.
    const handled: number[] = [];
    const status = (id: number) => (rows(db) as { id: number; status: string }[]).find((r) => r.id === id)!.status;
    for (let restart = 1; restart <= 4; restart++) {
      let stuck = false;
      const next = inboxOn(db, (row, within) => {
        if (row.updateId === 1) return (stuck = true), new Promise<void>(() => {});
        return next.units.run(async (unit) => {
          await markDone(unit.q, row.updateId, new Date());
          await within();
          handled.push(row.updateId);
        });
      }, { maxAttempts: 3 });
      next.inbox.kick();
      // This process took up all that was pending (it hangs in update 1 or gave it up, and update 2
      // is done) and committed: the processes here share one connection, so the next one may start.
      await until(() => (stuck || status(1) === 'dead') && status(2) === 'done' && !db.$client.inTransaction, 5000, () => JSON.stringify(rows(db)));
    }
    expect(handled).toEqual([2]);
    // Attempts 1 (stored), 2 and 3 (restarts 1 and 2); restart 3 finds it over the limit: dead, never tried a 4th time.
    expect(rows(db)).toEqual([{ id: 1, status: 'dead', attempts: 4 }, { id: 2, status: 'done', attempts: 2 }]);
    closeDb(db);
  });

  it('counts an update this process stored and handled once, and its redelivery not at all', async () => {
    const db = openDb(':memory:');
    const { inbox, units } = inboxOn(db, (row, within) => units.run(async (unit) => {
      await markDone(unit.q, row.updateId, new Date());
      await within();
    }));
    await inbox.store([update(1, 10), update(2, 10), update(3, 20)]);
    inbox.kick();
    await inbox.idle();
    expect(rows(db)).toEqual([1, 2, 3].map((id) => ({ id, status: 'done', attempts: 1 })));
    // A redelivery of a row it already has is not "stored by this process": nothing to take up again.
    await inbox.store([update(2, 10)]);
    inbox.kick();
    await inbox.idle();
    expect(rows(db)).toEqual([1, 2, 3].map((id) => ({ id, status: 'done', attempts: 1 })));
    closeDb(db);
  });
});

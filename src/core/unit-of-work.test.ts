import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { openDb } from '../db/client.js';
import { members, outbox as outboxTable } from '../db/schema.js';
import { systemClock } from './clock.js';
import type { SentHook } from './feature.js';
import { type Outgoing, type PlatformPort } from './message.js';
import { createOutbox } from './outbox.js';
import { until } from './outbox.fixtures.js';
import { createUnitRunner } from './unit-of-work.js';

function setup() {
  const db = openDb(':memory:');
  const sent: string[] = [];
  const seen: string[] = [];
  const port: PlatformPort = {
    platform: 'local',
    async send(chatId, out: Outgoing) {
      sent.push(`${chatId}:${out.text}`);
      return { platform: 'local', chatId, messageId: String(sent.length) };
    },
    async edit(ref, out) { sent.push(`edit ${ref.messageId}:${out.text}`); },
  };
  const log = pino({ level: 'silent' });
  const hooks = new Map<string, SentHook>([['test.seen', (ref, meta) => void seen.push(`${ref.messageId} ${JSON.stringify(meta)}`)]]);
  let commits = 0;
  const units = createUnitRunner({ db, log, owe: (q, m) => outbox.owe(q, m), committed: () => { commits++; outbox.kick(); } });
  const outbox = createOutbox({
    units, clock: systemClock, log, defaultLocale: 'zh-CN', timezone: 'Asia/Shanghai', ports: new Map([['local', port]]), hooks: () => ({ sent: hooks, failed: new Map() }),
    privateTargets: async () => [], boundChats: async () => [], markUnreachable: async () => undefined,
  });
  const addMember = (name: string) => db.insert(members).values({ name, platformLocale: null, createdAt: new Date(0) }).run();
  const names = () => db.select().from(members).all().map((m) => m.name);
  const rows = () => db.select().from(outboxTable).all();
  return { db, units, sent, seen, addMember, names, rows, commits: () => commits };
}

describe('units of work', () => {
  it('writes the messages a unit owes in its transaction, and sends them in order once it committed', async () => {
    const { units, sent, addMember, names, rows, commits } = setup();
    await units.run((u) => {
      addMember('a');
      u.send('local', 'c1', { text: 'one' });
      u.send('local', 'c1', { text: 'two' });
      expect(sent).toEqual([]);
      expect(commits()).toBe(0);
    });
    expect(names()).toEqual(['a']);
    expect(rows().map((r) => [r.chatId, r.payload.text, r.kind])).toEqual([['c1', 'one', 'message'], ['c1', 'two', 'message']]);
    expect(commits()).toBe(1);
    await until(() => rows().every((r) => r.status === 'sent'));
    expect(sent).toEqual(['c1:one', 'c1:two']);
  });

  it('undoes the writes and the messages of a unit that throws, and rethrows', async () => {
    const { units, sent, addMember, names, rows } = setup();
    await expect(units.run((u) => {
      addMember('gone');
      u.send('local', 'c1', { text: 'never' });
      throw new Error('boom');
    })).rejects.toThrow('boom');
    expect(names()).toEqual([]);
    expect(rows()).toEqual([]);
    expect(sent).toEqual([]);
  });

  it('runs after-commit work outside any transaction, and never for what was undone', async () => {
    const { db, units, addMember } = setup();
    const seen: string[] = [];
    await units.run(async (u) => {
      addMember('a');
      u.afterCommit(() => seen.push(`kept, in a transaction: ${db.$client.inTransaction}`));
      await u.attempt(async () => {
        u.afterCommit(() => seen.push('undone'));
        throw new Error('x');
      }).catch(() => undefined);
      expect(seen).toEqual([]);
    });
    await units.run((u) => {
      u.afterCommit(() => seen.push('failed unit'));
      throw new Error('y');
    }).catch(() => undefined);
    expect(seen).toEqual(['kept, in a transaction: false']);
  });

  it('undoes only the failed attempt inside a unit', async () => {
    const { units, sent, addMember, names, rows } = setup();
    await units.run(async (u) => {
      addMember('kept');
      await u.attempt(async () => {
        addMember('undone');
        u.send('local', 'c', { text: 'undone' });
        throw new Error('x');
      }).catch(() => u.send('local', 'c', { text: 'sorry' }));
    });
    expect(names()).toEqual(['kept']);
    expect(rows().map((r) => r.payload.text)).toEqual(['sorry']);
    await until(() => sent.length === 1);
    expect(sent).toEqual(['c:sorry']);
  });

  it('commits units that queue up together, each isolated from the others', async () => {
    const { units, addMember, names } = setup();
    await Promise.allSettled([
      units.run(() => addMember('a')),
      units.run(() => { addMember('b'); throw new Error('no'); }),
      units.run(() => addMember('c')),
    ]);
    expect(names()).toEqual(['a', 'c']);
  });

  it('puts what a unit answering someone owes ahead of proactive messages, and a crisis answer ahead of all', async () => {
    const { units, rows } = setup();
    await units.run((u) => u.send('local', 'c', { text: 'from a task' }));
    await units.run((u) => {
      u.answering({ platform: 'local', chatId: 'c', locale: 'en' });
      u.send('local', 'c', { text: 'reply' }, { kind: 'reply' });
      u.send('local', 'c', { text: 'crisis' }, { kind: 'reply', lane: 'crisis' });
      u.edit({ platform: 'local', chatId: 'g', messageId: '7' }, { text: 'edited' });
    });
    expect(rows().map((r) => [r.payload.text, r.lane, r.kind, r.locale, r.editOf])).toEqual([
      ['from a task', 2, 'message', 'zh-CN', null], ['reply', 1, 'reply', 'zh-CN', null], ['crisis', 0, 'reply', 'zh-CN', null], ['edited', 1, 'edit', 'en', '7'],
    ]);
  });

  it('joins the caller unit when run from inside one, and runs a named hook with the meta once the message was accepted', async () => {
    const { units, addMember, names, seen, rows } = setup();
    await units.run(async (u) => {
      await units.run(() => addMember('inner'));
      u.send('local', 'c', { text: 'ok' }, { onSent: 'test.seen', meta: { ticketId: 3 } });
    });
    expect(names()).toEqual(['inner']);
    expect(units.current()).toBeUndefined();
    await until(() => rows()[0]?.status === 'sent');
    expect(seen).toEqual(['1 {"ticketId":3}']);
  });

  it('waits for an owed row written asynchronously, and undoes the unit whose owed row could not be written', async () => {
    const db = openDb(':memory:');
    const written: string[] = [];
    const units = createUnitRunner({
      db, log: pino({ level: 'silent' }),
      owe: async (_q, m) => {
        await new Promise((r) => setImmediate(r));
        if (m.out.text === 'bad') throw new Error('cannot write');
        written.push(m.out.text);
      },
    });
    await units.run((u) => u.send('local', 'c', { text: 'ok' }));
    expect(written).toEqual(['ok']);
    await expect(units.run((u) => {
      db.insert(members).values({ name: 'gone', platformLocale: null, createdAt: new Date(0) }).run();
      u.send('local', 'c', { text: 'bad' });
    })).rejects.toThrow('cannot write');
    expect(db.select().from(members).all()).toEqual([]);
  });

  it('keeps two apps\' units apart in one process: inside one app\'s unit, the other app\'s queries run on its own database, and its own unit stays its', async () => {
    const a = setup();
    const b = setup();
    await a.units.run(async (outer) => {
      await b.units.run(async (inner) => {
        expect(a.units.current()).toBe(outer); // a's code called from b's unit still sees a's unit
        expect(b.units.current()).toBe(inner);
        expect(a.units.q()).toBe(outer.q);
        await b.units.atomic(async () => b.addMember('in b'));
      });
      expect(b.units.current()).toBeUndefined();
      expect(a.units.current()).toBe(outer);
      a.addMember('in a');
    });
    expect(a.names()).toEqual(['in a']);
    expect(b.names()).toEqual(['in b']);
    expect(a.units.current()).toBeUndefined();
  });
});

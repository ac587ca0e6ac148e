import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { openDb } from '../db/client.js';
import { members } from '../db/schema.js';
import { DeliveryError, type Outgoing, type PlatformPort } from './message.js';
import { createUnitRunner } from './unit-of-work.js';

function setup(fail?: (out: Outgoing) => Error | undefined) {
  const db = openDb(':memory:');
  const sent: string[] = [];
  const port: PlatformPort = {
    platform: 'local',
    async send(chatId, out) {
      const err = fail?.(out);
      if (err) throw err;
      sent.push(`${chatId}:${out.text}`);
      return { platform: 'local', chatId, messageId: String(sent.length) };
    },
    async edit(ref, out) { sent.push(`edit ${ref.messageId}:${out.text}`); },
  };
  const units = createUnitRunner({ db, ports: new Map([['local', port]]), log: pino({ level: 'silent' }) });
  const addMember = (name: string) => db.insert(members).values({ name, platformLocale: null, createdAt: new Date(0) }).run();
  const names = () => db.select().from(members).all().map((m) => m.name);
  return { db, units, sent, addMember, names };
}

describe('units of work', () => {
  it('holds messages back until the writes committed, then sends them in order', async () => {
    const { units, sent, addMember, names } = setup();
    await units.run((u) => {
      addMember('a');
      u.send('local', 'c1', { text: 'one' });
      expect(sent).toEqual([]);
      u.send('local', 'c1', { text: 'two' });
    });
    expect(names()).toEqual(['a']);
    expect(sent).toEqual(['c1:one', 'c1:two']);
  });

  it('undoes the writes and the messages of a unit that throws, and rethrows', async () => {
    const { units, sent, addMember, names } = setup();
    await expect(units.run((u) => {
      addMember('gone');
      u.send('local', 'c1', { text: 'never' });
      throw new Error('boom');
    })).rejects.toThrow('boom');
    expect(names()).toEqual([]);
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
    const { units, sent, addMember, names } = setup();
    await units.run(async (u) => {
      addMember('kept');
      await u.attempt(async () => {
        addMember('undone');
        u.send('local', 'c', { text: 'undone' });
        throw new Error('x');
      }).catch(() => u.send('local', 'c', { text: 'sorry' }));
    });
    expect(names()).toEqual(['kept']);
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

  it('joins the caller unit when run from inside one, and reports sends and blocks through hooks', async () => {
    const { units, addMember, names } = setup((out) => (out.text === 'blocked' ? new DeliveryError('blocked', '403') : undefined));
    const seen: string[] = [];
    await units.run(async (u) => {
      await units.run(() => addMember('inner'));
      u.send('local', 'c', { text: 'ok' }, { onSent: (ref) => void seen.push(`sent ${ref.messageId}`) });
      u.send('local', 'c', { text: 'blocked' }, { onBlocked: () => void seen.push('blocked') });
    });
    expect(names()).toEqual(['inner']);
    expect(seen).toEqual(['sent 1', 'blocked']);
    expect(units.current()).toBeUndefined();
  });
});

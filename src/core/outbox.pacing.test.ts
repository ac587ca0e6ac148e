import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MAX_IN_FLIGHT } from './outbox.worker.js';
import { setup, until } from './outbox.fixtures.js';

describe('outbox pacing', () => {
  it('sends rows side by side, each marked sending in a committed write before its call', async () => {
    const t = setup();
    const n = 3 * MAX_IN_FLIGHT;
    t.people(n);
    for (let i = 1; i <= n; i++) await t.send(i);
    const reader = new Database(t.db.$client.name, { readonly: true });
    const statusOf = reader.prepare('select status from outbox where chat_id = ?').pluck();
    const seen: unknown[] = [];
    t.hooks.onCall = (chatId) => void seen.push(statusOf.get(chatId));
    const release = t.hold();
    const delivering = t.outbox.deliver();
    await until(() => t.calls.length === MAX_IN_FLIGHT); // and no more while none has answered: see peak below
    release();
    await delivering;
    reader.close();
    expect(seen).toEqual(Array(n).fill('sending')); // another connection saw the claim before each call
    expect(t.peak.all).toBe(MAX_IN_FLIGHT); // never more than that under way
    expect(t.rows().every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
  });

  it('keeps one chat\'s messages in order and one at a time, while other chats go side by side', async () => {
    const t = setup();
    t.people(6);
    for (const k of ['a', 'b', 'c']) await t.send(1, `one:${k}`);
    for (let i = 2; i <= 6; i++) await t.send(i);
    await t.send(1, 'one:d');
    await t.outbox.deliver();
    expect(t.calls.filter((c) => c.chatId === 'chat1').map((c) => c.text)).toEqual(['a', 'b', 'c', 'd'].map((k) => `zh-CN:one:${k}`));
    expect(t.calls.slice(0, 6).map((c) => c.chatId)).toEqual(['chat1', 'chat2', 'chat3', 'chat4', 'chat5', 'chat6']);
    expect(t.peak.oneChat).toBe(1);
  });

  it('does not let a chat that must wait hold up the others', async () => {
    const t = setup({ limits: { perSecond: 30, perChatPerSecond: 1, perGroupPerMinute: 20 } });
    t.people(6);
    for (const k of ['a', 'b', 'c']) await t.send(1, `one:${k}`);
    for (let i = 2; i <= 6; i++) await t.send(i);
    await t.outbox.deliver();
    expect(t.calls.map((c) => [c.chatId, c.at])).toEqual([
      ['chat1', 0], ['chat2', 0], ['chat3', 0], ['chat4', 0], ['chat5', 0], ['chat6', 0], ['chat1', 1], ['chat1', 2],
    ]);
  });

  it('counts a send from its answer: a slow answer delays the next send of a full window', async () => {
    const t = setup({ limits: { perSecond: 1, perChatPerSecond: 1, perGroupPerMinute: 20 } });
    t.people(3);
    for (const i of [1, 2, 3]) await t.send(i);
    t.hooks.onCall = () => t.clock.set(new Date(t.clock.now().getTime() + 500)); // each answer takes 0.5 s
    await t.outbox.deliver();
    expect(t.calls.map((c) => c.at)).toEqual([0, 1.5, 3]);
  });

  it('keeps to the platform limits: per second, per chat and per group per minute', async () => {
    const t = setup({ limits: { perSecond: 30, perChatPerSecond: 1, perGroupPerMinute: 20 } });
    t.people(70);
    for (let i = 1; i <= 70; i++) await t.send(i);
    for (let i = 0; i < 3; i++) await t.send(1, `again:${i}`);
    for (let i = 0; i < 25; i++) await t.outbox.toBound(t.db, { kind: 'test.digest', key: `digest:${i}`, binding: 'management', scope: null, render: () => ({ text: `d${i}` }) }, t.clock.now());
    await t.outbox.deliver();
    const times = t.calls.map((c) => c.at);
    for (const s of times) expect(times.filter((x) => x >= s && x < s + 1).length).toBeLessThanOrEqual(30);
    const chat1 = t.calls.filter((c) => c.chatId === 'chat1').map((c) => c.at);
    expect(chat1).toHaveLength(4);
    chat1.slice(1).forEach((x, i) => expect(x - chat1[i]!).toBeGreaterThanOrEqual(1));
    const group = t.calls.filter((c) => c.chatId === '-100').map((c) => c.at);
    expect(group).toHaveLength(25);
    expect(group.filter((x) => x < group[0]! + 60)).toHaveLength(20);
    expect(t.rows().every((r) => r.status === 'sent')).toBe(true);
  });
});

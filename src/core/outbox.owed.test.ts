/**
 * What the outbox guarantees for the messages a handled message owes (replies, cards, relays,
 * crisis answers): their order against proactive traffic, crisis answers first, late replies
 * saying so, a crash, the hooks that replace closures, and how long their text is kept.
 */
import { describe, expect, it } from 'vitest';
import { LANE } from '../db/schema.js';
import { err, setup, until } from './outbox.fixtures.js';
import { pruneOutbox } from './outbox.repo.js';
import type { Owed } from './unit-of-work.js';

type Fixture = ReturnType<typeof setup>;

/** Writes an owed message as a unit would, without kicking the worker (the test delivers). */
function owe(t: Fixture, chatId: string, text: string, more: Partial<Owed> = {}): void {
  t.db.transaction(() => void t.outbox.owe(t.db, { platform: 'telegram', chatId, out: { text }, kind: 'reply', lane: LANE.reply, locale: 'zh-CN', ...more })); // SQLite: written at once
}

describe('messages a handled message owes', () => {
  it('go ahead of a proactive backlog, and a crisis answer ahead of everything', async () => {
    const t = setup({ limits: { perSecond: 2, perChatPerSecond: 1, perGroupPerMinute: 20 } });
    t.people(20);
    for (let i = 1; i <= 20; i++) await t.send(i); // a survey going out at 2 a second
    owe(t, 'chat-s', 'reply');
    owe(t, 'chat-c', 'crisis answer', { lane: LANE.crisis });
    await t.outbox.deliver();
    expect(t.calls.slice(0, 3).map((c) => [c.text, c.at])).toEqual([['crisis answer', 0], ['reply', 0], ['zh-CN:test:1', 1]]);
    expect(t.calls).toHaveLength(22);
  });

  it('let nothing else start while a crisis answer is under way', async () => {
    const t = setup();
    owe(t, 'staff-group', 'alert card', { kind: 'message', chatKind: 'group' });
    owe(t, 'chat-s', 'crisis answer', { lane: LANE.crisis });
    const release = t.hold();
    const delivering = t.outbox.deliver();
    await until(() => t.calls.length === 1);
    await new Promise((r) => setImmediate(r));
    expect(t.calls.map((c) => c.text)).toEqual(['crisis answer']);
    release();
    await delivering;
    expect(t.calls.map((c) => c.text)).toEqual(['crisis answer', 'alert card']);
  });

  it('keep one chat in order while an earlier message waits to be tried again', async () => {
    const t = setup();
    t.failIn('chat-s', err('transient'));
    owe(t, 'chat-s', 'first');
    owe(t, 'chat-s', 'second');
    owe(t, 'chat-x', 'elsewhere');
    await t.advance(60);
    expect(t.calls.map((c) => [c.chatId, c.text, c.at])).toEqual([
      ['chat-s', 'first', 0], ['chat-x', 'elsewhere', 0], ['chat-s', 'first', 2], ['chat-s', 'second', 2],
    ]);
  });

  it('say a reply is late when it leaves minutes after the message it answers, in its language', async () => {
    const t = setup();
    owe(t, 'chat-zh', '你好');
    owe(t, 'chat-en', 'Hello', { locale: 'en' });
    owe(t, 'staff-group', 'card', { kind: 'message' });
    t.clock.set(new Date(t.clock.now().getTime() + 10 * 60_000));
    owe(t, 'chat-zh', '刚才的');
    await t.outbox.deliver();
    expect(t.calls.map((c) => c.text)).toEqual([
      '（抱歉，这是对你 3月2日 08:00 那条消息的回复，因为系统中断现在才送到。）\n\n你好',
      '(Sorry, this answers your message of Mar 2, 08:00; it comes late because the bot was interrupted.)\n\nHello',
      'card',
      '刚才的',
    ]);
  });

  it('are never resent after a crash cut their call off, except a crisis answer, which goes again before anything else', async () => {
    const t = setup();
    owe(t, 'chat-s', 'reply');
    owe(t, 'chat-c', 'crisis answer', { lane: LANE.crisis });
    t.db.$client.prepare("update outbox set status = 'sending', attempts = 1").run(); // the crash
    const restarted = setup({ db: t.db });
    owe(restarted, 'chat-x', 'new reply');
    expect(await restarted.outbox.pump.nextDueAt()).toEqual(restarted.clock.now());
    await restarted.outbox.deliver();
    expect(restarted.calls.map((c) => c.text)).toEqual(['crisis answer', 'new reply']);
    expect(restarted.rows().map((r) => [r.payload.text, r.status, r.attempts])).toEqual([
      ['reply', 'unknown', 1], ['crisis answer', 'sent', 2], ['new reply', 'sent', 1],
    ]);
  });

  it('send a crisis answer again when its answer was lost, and edit earlier messages', async () => {
    const t = setup();
    t.fail(err('unknown'));
    owe(t, 'chat-c', 'crisis answer', { lane: LANE.crisis });
    owe(t, '-100', 'edited card', { kind: 'edit', editOf: '42', chatKind: 'group' });
    await t.advance(60);
    expect(t.calls.map((c) => c.text)).toEqual(['crisis answer', 'crisis answer']);
    expect(t.edits).toEqual([{ chatId: '-100', messageId: '42', text: 'edited card' }]);
    expect(t.rows().map((r) => r.status)).toEqual(['sent', 'sent']);
  });

  it('run the named hook of the feature once accepted, and forget anonymous content once final', async () => {
    const seen: unknown[] = [];
    const t = setup({ hooks: { 'tickets.card': (ref, meta) => void seen.push([ref.messageId, meta]) } });
    owe(t, '-100', 'card', { kind: 'message', onSent: 'tickets.card', meta: { ticketId: 7 } });
    owe(t, 'chat-s', 'your answer was 4', { identityId: 3, forget: true });
    await t.outbox.deliver();
    expect(seen).toEqual([['m1', { ticketId: 7 }]]);
    expect(t.rows().map((r) => [r.status, r.payload.text, r.chatId])).toEqual([['sent', 'card', '-100']]); // the anonymous one is gone
  });

  it('keep their text for the retention period, then the outcome alone; keyless rows are then deleted', async () => {
    const t = setup();
    t.people(1);
    await t.send(1, 'survey:1:invite:1');
    owe(t, 'chat-s', 'reply');
    await t.outbox.deliver();
    // What the daily privacy job runs with privacy.retention.outbox_text_days (7).
    const prune = (days: number) => pruneOutbox(t.db, new Date(t.clock.now().getTime() + (days - 7) * 86_400_000));
    await prune(6);
    expect(t.rows().map((r) => r.payload.text)).toEqual(['zh-CN:survey:1:invite:1', 'reply']);
    await prune(8);
    expect(t.rows().map((r) => [r.dedupeKey, r.status, r.payload.text])).toEqual([['survey:1:invite:1', 'sent', '']]);
  });
});

import { describe, expect, it } from 'vitest';
import { MAX_ATTEMPTS } from './outbox.outcome.js';
import { MAX_IN_FLIGHT } from './outbox.worker.js';
import { err, setup, until } from './outbox.fixtures.js';

describe('outbox', () => {
  it('creates one row per dedupe key and sends it once, rendered in the recipient language', async () => {
    const t = setup();
    t.people(1);
    expect((await t.send(1)).created).toBe(true);
    expect((await t.send(1)).created).toBe(false);
    await t.outbox.deliver();
    await t.outbox.deliver();
    expect(t.calls).toEqual([{ chatId: 'chat1', text: 'zh-CN:test:1', at: 0 }]);
    expect(t.rows()).toMatchObject([{ status: 'sent', attempts: 1, platformMessageId: 'm1', platform: 'telegram', chatId: 'chat1' }]);
  });

  it('marks a member without a reachable private chat unreachable at once, without a call', async () => {
    const t = setup({ targets: { 1: [] } });
    t.people(1);
    expect((await t.send(1)).row.status).toBe('unreachable');
    await t.outbox.deliver();
    expect(t.calls).toEqual([]);
  });

  it('honours 429 retry_after: once a call is refused, no other starts on that platform until it has passed', async () => {
    const t = setup();
    const n = MAX_IN_FLIGHT + 3;
    t.people(n);
    t.fail(err('rate_limited', 5000));
    for (let i = 1; i <= n; i++) await t.send(i);
    await t.outbox.deliver();
    // The first wave was under way when the 429 came back; nothing started after it.
    expect(t.calls.map((c) => c.at)).toEqual(Array(MAX_IN_FLIGHT).fill(0));
    await t.advance(4.9);
    expect(t.calls).toHaveLength(MAX_IN_FLIGHT);
    await t.advance(30);
    const later = [1, MAX_IN_FLIGHT + 1, MAX_IN_FLIGHT + 2, MAX_IN_FLIGHT + 3].map((i) => [`chat${i}`, 5]);
    expect(t.calls.slice(MAX_IN_FLIGHT).map((c) => [c.chatId, c.at])).toEqual(later);
    expect(t.rows().every((r) => r.status === 'sent' && r.attempts === (r.id === 1 ? 2 : 1))).toBe(true);
  });

  it('keeps the pause across a restart', async () => {
    const t = setup();
    t.people(2);
    t.fail(err('rate_limited', 60_000));
    await t.send(1);
    await t.outbox.deliver();
    const again = setup({ db: t.db });
    await again.send(2);
    await again.outbox.deliver();
    expect(again.calls).toEqual([]);
    await again.advance(61);
    expect(again.calls.map((c) => [c.chatId, c.at])).toEqual([['chat1', 60], ['chat2', 60]]);
  });

  it('marks a blocked identity unreachable, and tries the member\'s other private chat first', async () => {
    const two = { 1: [{ identityId: 11, platform: 'telegram' as const, chatId: 'tg1', locale: 'en' as const }, { identityId: 12, platform: 'telegram' as const, chatId: 'tg1b', locale: 'en' as const }] };
    const t = setup({ targets: { ...two, 2: [{ identityId: 21, platform: 'telegram', chatId: 'tg2', locale: 'zh-CN' }] } });
    t.people(2);
    t.failIn('tg1', err('blocked'));
    t.failIn('tg2', err('blocked'));
    await t.send(1);
    await t.send(2);
    await t.outbox.deliver();
    expect(t.unreachable).toEqual([11, 21]);
    expect(t.calls.map((c) => c.chatId)).toEqual(['tg1', 'tg2', 'tg1b']); // the other chat goes in the next wave
    expect(t.rows().map((r) => [r.memberId, r.status, r.chatId])).toEqual([[1, 'sent', 'tg1b'], [2, 'unreachable', 'tg2']]);
  });

  it('retries a 5xx with exponential backoff, then gives up as failed', async () => {
    const t = setup();
    t.people(1);
    t.fail(err('transient'), err('transient'));
    await t.send(1);
    await t.advance(3600);
    expect(t.calls.map((c) => c.at)).toEqual([0, 10, 70]);
    expect(t.rows()[0]).toMatchObject({ status: 'sent', attempts: 3 });

    const u = setup();
    u.people(1);
    u.fail(...Array.from({ length: 10 }, () => err('transient')));
    await u.send(1);
    await u.advance(24 * 3600);
    expect(u.calls).toHaveLength(MAX_ATTEMPTS);
    expect(u.rows()[0]).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS, lastError: 'fake transient' });
  });

  it('never resends a message whose response was lost, nor one the platform rejected', async () => {
    const t = setup();
    t.people(3);
    t.fail(err('unknown'), err('invalid'), () => { throw new Error('socket hang up'); });
    for (const i of [1, 2, 3]) await t.send(i);
    await t.advance(24 * 3600);
    expect(t.calls).toHaveLength(3);
    expect(t.rows().map((r) => r.status)).toEqual(['unknown', 'failed', 'unknown']);
    await t.outbox.confirmDelivered('test:1', t.clock.now());
    expect((await t.outbox.byKey('test:1'))!.status).toBe('sent');
  });

  it('marks a row sending before the call, and a crash mid-call leaves it unknown at the next start', async () => {
    const t = setup();
    t.people(1);
    t.hangForever();
    await t.send(1);
    void t.outbox.deliver();
    await until(() => t.calls.length === 1); // the platform was called (and never answers)
    expect(t.rows()[0]).toMatchObject({ status: 'sending', attempts: 1 });
    const restarted = setup({ db: t.db }); // a new process on the same database
    await restarted.outbox.deliver();
    expect(restarted.calls).toEqual([]);
    expect(restarted.rows()[0]).toMatchObject({ status: 'unknown' });
  });

  it('at shutdown lets the calls under way finish, starts no other, and leaves the rest pending for the next start', async () => {
    const t = setup();
    t.people(MAX_IN_FLIGHT + 2);
    for (let i = 1; i <= MAX_IN_FLIGHT + 2; i++) await t.send(i);
    const release = t.hold();
    const delivering = t.outbox.deliver();
    await until(() => t.calls.length === MAX_IN_FLIGHT);
    const stopping = t.outbox.pump.stop!();
    release();
    await Promise.all([stopping, delivering]);
    expect(t.calls).toHaveLength(MAX_IN_FLIGHT);
    expect(t.rows().map((r) => r.status)).toEqual([...Array(MAX_IN_FLIGHT).fill('sent'), 'pending', 'pending']);
  });

  it('at shutdown while waiting for the pace sends nothing more', async () => {
    let stopping: Promise<void> | undefined;
    const t = setup({ limits: { perSecond: 1, perChatPerSecond: 1, perGroupPerMinute: 20 }, onSleep: () => { stopping ??= t.outbox.pump.stop!(); } });
    t.people(3);
    for (const i of [1, 2, 3]) await t.send(i);
    await t.outbox.deliver();
    await stopping;
    expect(t.calls.map((c) => [c.chatId, c.at])).toEqual([['chat1', 0]]);
    expect(t.rows().map((r) => r.status)).toEqual(['sent', 'pending', 'pending']);
  });
});

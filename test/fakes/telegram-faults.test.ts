/**
 * Injected faults and the rate limit enforcer answer exactly like Telegram under stress:
 * 429 with retry_after, 403 for blocked users, 5xx, and connections dropped before or after the
 * message was stored.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { groupChat, startFakeTelegram, type FakeTelegram, type FakeTelegramOptions } from './telegram-api.js';

let fake: FakeTelegram;
const group = groupChat({ id: -1009876543210, title: '后勤值班' });
const other = groupChat({ id: -1001111111111, title: '2302 班' });

async function start(opts: FakeTelegramOptions = {}): Promise<void> {
  fake = await startFakeTelegram({ chats: [group, other], ...opts });
}

/** Sends a message over plain HTTP; resolves with status and JSON body, rejects on network errors. */
async function send(chatId: number, text: string): Promise<{ status: number; body: Record<string, any> }> {
  const res = await fetch(`${fake.apiRoot}/bot${fake.token}/sendMessage`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ chat_id: chatId, text }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

afterEach(async () => {
  await fake.close();
});

describe('fault rules', () => {
  it('answers 429 with retry_after, once, only for the matching chat', async () => {
    await start();
    fake.inject({ method: 'sendMessage', chatId: group.id, fault: { kind: 'retryAfter', seconds: 7 } });
    expect((await send(other.id, 'unaffected')).status).toBe(200);
    expect(await send(group.id, 'first try')).toEqual({
      status: 429,
      body: { ok: false, error_code: 429, description: 'Too Many Requests: retry after 7', parameters: { retry_after: 7 } },
    });
    expect((await send(group.id, 'second try')).status).toBe(200);
    expect(fake.sent.map((r) => r.text)).toEqual(['unaffected', 'second try']);
    expect(fake.pendingFaults).toEqual([]);
  });

  it('answers 403 for blocked users and chats the bot may not start, as many times as asked', async () => {
    await start({ allowUnknownChats: true });
    fake.inject({ method: ['sendMessage', 'sendPhoto'], chatId: 42, times: 2, fault: { kind: 'blocked' } });
    fake.inject({ method: 'sendMessage', chatId: 43, fault: { kind: 'cantInitiate' } });
    expect((await send(42, 'a')).body).toEqual({ ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    expect((await send(42, 'b')).status).toBe(403);
    expect((await send(43, 'c')).body.description).toBe("Forbidden: bot can't initiate conversation with a user");
    expect((await send(42, 'd')).status).toBe(200);
    expect(fake.callsTo('sendMessage').map((c) => c.status)).toEqual([403, 403, 403, 200]);
  });

  it('answers 500 and 502 as JSON, or 502 as the HTML page of Telegram nginx front', async () => {
    await start();
    fake.inject({ method: '*', fault: { kind: 'serverError' } });
    fake.inject({ method: '*', fault: { kind: 'serverError', status: 502 } });
    fake.inject({ method: '*', fault: { kind: 'serverError', status: 502, html: true } });
    expect((await send(group.id, 'x')).body).toEqual({ ok: false, error_code: 500, description: 'Internal Server Error' });
    expect((await send(group.id, 'x')).body).toEqual({ ok: false, error_code: 502, description: 'Bad Gateway' });
    const res = await fetch(`${fake.apiRoot}/bot${fake.token}/getMe`);
    expect([res.status, res.headers.get('content-type')]).toEqual([502, 'text/html']);
    expect(await res.text()).toContain('<h1>502 Bad Gateway</h1>');
    expect(fake.sent).toEqual([]);
  });

  it('drops the connection before storing: the client errors and nothing was sent', async () => {
    await start();
    fake.inject({ method: 'sendMessage', fault: { kind: 'dropBeforeRecord' } });
    await expect(send(group.id, 'lost')).rejects.toThrow();
    expect(fake.sent).toEqual([]);
  });

  it('drops the connection after storing: the client errors, and a blind retry duplicates the message', async () => {
    await start();
    fake.inject({ method: 'sendMessage', fault: { kind: 'dropAfterRecord' } });
    await expect(send(group.id, 'T-7 已受理')).rejects.toThrow();
    expect(fake.sent).toMatchObject([{ text: 'T-7 已受理', messageId: 1, responseDropped: true }]);
    expect(fake.callsTo('sendMessage')[0]?.status).toBe(0);
    expect((await send(group.id, 'T-7 已受理')).status).toBe(200);
    expect(fake.messagesTo(group.id).map((r) => [r.messageId, r.text, r.responseDropped])).toEqual([
      [1, 'T-7 已受理', true],
      [2, 'T-7 已受理', false],
    ]);
  });
});

describe('rate limit enforcer', () => {
  it('refuses sends over the per-chat and overall limits with a truthful retry_after', async () => {
    await start({ now: () => 1_800_000_000_000 }); // a frozen clock: every send falls in the same second
    fake.enforceRateLimit({ perSecond: 3, perChatPerSecond: 1 });
    expect((await send(group.id, '1')).status).toBe(200);
    expect((await send(group.id, '2')).body).toMatchObject({ error_code: 429, parameters: { retry_after: 1 } });
    expect((await send(other.id, '3')).status).toBe(200);
    fake.addChat(groupChat({ id: -1002222222222, title: 'c' }));
    expect((await send(-1002222222222, '4')).status).toBe(200);
    fake.addChat(groupChat({ id: -1003333333333, title: 'd' }));
    expect((await send(-1003333333333, '5')).body.error_code).toBe(429);
    expect(fake.rateViolations).toBe(2);
    expect(fake.rateLimitLog.map((v) => [v.limit, v.chatId])).toEqual([
      ['perChatPerSecond', group.id],
      ['perSecond', -1003333333333],
    ]);
    fake.enforceRateLimit(null);
    expect((await send(group.id, '6')).status).toBe(200);
  });

  it('counts group sends per rolling minute on the fake clock', async () => {
    let clock = 1_800_000_000_000;
    await start({ now: () => clock });
    fake.enforceRateLimit({ perGroupPerMinute: 2 });
    await send(group.id, 'a');
    clock += 10_000;
    await send(group.id, 'b');
    clock += 5_000;
    expect((await send(group.id, 'c')).body.parameters).toEqual({ retry_after: 45 });
    clock += 45_000;
    expect((await send(group.id, 'c')).status).toBe(200);
    expect(fake.rateViolations).toBe(1);
  });
});

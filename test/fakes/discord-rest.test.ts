/**
 * The fake Discord's REST API over plain HTTP answers like Discord: authentication, messages and
 * their history, nonces, DM channels and the DM refusals, the checks on message bodies, rate limit
 * headers and 429s, invalid request counting, and application commands.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeDiscord, type FakeDiscord, type FakeDiscordOptions } from './discord-api.js';

let fake: FakeDiscord;
afterEach(async () => {
  await fake.close();
});

interface Answer {
  status: number;
  body: any;
  headers: Headers;
}

async function call(method: string, path: string, body?: unknown, auth: string | null = `Bot ${fake.token}`): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (auth) headers.authorization = auth;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${fake.apiRoot}/v10${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}

/** A server with a channel and a member, and that member's DM channel. */
async function world(opts: FakeDiscordOptions = {}) {
  fake = await startFakeDiscord(opts);
  const { guild, channels } = fake.addGuild({ name: '一站 Campus', channels: ['general'] });
  const alice = fake.addUser({ username: 'lihua', globalName: '李华', guilds: [guild.id] });
  return { guild, channel: channels[0]!.id, alice, dm: fake.dmChannelId(alice.id) };
}

describe('authentication', () => {
  it('refuses a wrong bot token with 401 and counts it as invalid; interaction webhooks need no token', async () => {
    const { channel } = await world();
    expect(await call('GET', '/users/@me', undefined, 'Bot wrong')).toMatchObject({ status: 401, body: { message: '401: Unauthorized', code: 0 } });
    expect((await call('GET', '/users/@me')).body).toMatchObject({ id: fake.bot.id, username: 'yizhan', bot: true });
    expect((await call('POST', `/channels/${channel}/messages`, { content: 'x' }, null)).status).toBe(401);
    expect((await call('POST', '/webhooks/1300000000000000001/nope', { content: 'x' }, null)).body).toEqual({ message: 'Invalid Webhook Token', code: 50027 });
    expect(fake.invalidRequests).toBe(3);
    expect(fake.requests.map((r) => r.invalid)).toEqual([true, false, true, true]);
  });

  it('answers GET /gateway/bot with the gateway URL on the same host', async () => {
    await world();
    const { body } = await call('GET', '/gateway/bot');
    expect(body).toMatchObject({ url: fake.gateway.url, shards: 1, session_start_limit: { total: 1000, max_concurrency: 1 } });
    expect(body.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/gateway$/);
  });
});

describe('messages', () => {
  it('creates, edits and lists messages newest first, also with after (the oldest ones after it)', async () => {
    const { channel } = await world();
    const ids: string[] = [];
    for (const n of [1, 2, 3, 4]) ids.push((await call('POST', `/channels/${channel}/messages`, { content: `m${n}` })).body.id);
    const edit = await call('PATCH', `/channels/${channel}/messages/${ids[0]}`, { content: 'm1 (edited)', components: [] });
    expect(edit.body).toMatchObject({ content: 'm1 (edited)', edited_timestamp: expect.any(String) });
    const all = await call('GET', `/channels/${channel}/messages`);
    expect(all.body.map((m: any) => m.content)).toEqual(['m4', 'm3', 'm2', 'm1 (edited)']);
    const after = await call('GET', `/channels/${channel}/messages?after=${ids[0]}&limit=2`);
    expect(after.body.map((m: any) => m.content)).toEqual(['m3', 'm2']);
    expect((await call('GET', `/channels/${channel}/messages?limit=101`)).body.code).toBe(50035);
    expect((await call('GET', '/channels/42/messages')).body).toEqual({ message: 'Unknown Channel', code: 10003 });
    expect(fake.sent.map((r) => r.kind)).toEqual(['create', 'create', 'create', 'create', 'edit']);
  });

  it('returns the earlier message for a repeated nonce with enforce_nonce, within the window only', async () => {
    let now = Date.UTC(2026, 2, 2, 8);
    const { channel } = await world({ now: () => now, nonceWindowMs: 120_000 });
    const body = { content: 'T-1 已受理', nonce: 'outbox-7f3a9c', enforce_nonce: true };
    const first = await call('POST', `/channels/${channel}/messages`, body);
    const again = await call('POST', `/channels/${channel}/messages`, body);
    expect(again.body.id).toBe(first.body.id);
    const loose = await call('POST', `/channels/${channel}/messages`, { ...body, enforce_nonce: false });
    expect(loose.body.id).not.toBe(first.body.id);
    now += 121_000;
    expect((await call('POST', `/channels/${channel}/messages`, body)).body.id).not.toBe(first.body.id);
    expect(fake.messagesIn(channel)).toHaveLength(3);
    expect(fake.sent.filter((r) => r.deduplicated)).toHaveLength(1);
  });

  it('checks bodies like Discord: length, empty, custom ids, rows, nonce', async () => {
    const { channel } = await world({ rateLimits: { messageCreate: { limit: 50, windowMs: 5000 } } }); // refused bodies count too
    const post = (b: unknown) => call('POST', `/channels/${channel}/messages`, b);
    const row = (...ids: string[]) => ({ type: 1, components: ids.map((id) => ({ type: 2, style: 2, label: id.slice(0, 10), custom_id: id })) });
    expect((await post({ content: 'x'.repeat(2001) })).body).toEqual({
      message: 'Invalid Form Body', code: 50035,
      errors: { content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 2000 or fewer in length.' }] } },
    });
    expect((await post({ content: '汉'.repeat(2000) })).status).toBe(200);
    expect((await post({ content: '' })).body).toEqual({ message: 'Cannot send an empty message', code: 50006 });
    expect((await post({ content: 'x', components: [row('a'.repeat(101))] })).body.errors.components['0'].components['0'].custom_id._errors[0].code).toBe('BASE_TYPE_MAX_LENGTH');
    expect((await post({ content: 'x', components: [row('same', 'same')] })).body.errors.components['0'].components['1'].custom_id._errors[0].code).toBe('COMPONENT_CUSTOM_ID_DUPLICATED');
    expect((await post({ content: 'x', components: [row('1', '2', '3', '4', '5', '6')] })).status).toBe(400);
    expect((await post({ content: 'x', components: [1, 2, 3, 4, 5, 6].map((n) => row(`r${n}`)) })).status).toBe(400);
    expect((await post({ content: 'x', nonce: 'n'.repeat(26) })).body.errors.nonce).toBeDefined();
    const ok = await post({ content: 'x', components: [row('tickets:claim:1', 'tickets:resolve:1')] });
    expect(ok.body.components).toEqual([{ type: 1, id: 1, components: [
      { type: 2, id: 2, style: 2, label: 'tickets:cl', custom_id: 'tickets:claim:1' },
      { type: 2, id: 3, style: 2, label: 'tickets:re', custom_id: 'tickets:resolve:1' },
    ] }]);
  });

  it('hides content of server messages that do not mention the bot without the Message Content intent', async () => {
    const { channel, alice, dm } = await world();
    fake.userSends({ from: alice, channel, content: '今天食堂人好多' });
    fake.userSends({ from: alice, channel, content: '在吗', mention: true });
    fake.userSends({ from: alice, content: '私信内容' });
    expect((await call('GET', `/channels/${channel}/messages`)).body.map((m: any) => m.content)).toEqual([`<@${fake.bot.id}> 在吗`, '']);
    expect((await call('GET', `/channels/${dm}/messages`)).body.map((m: any) => m.content)).toEqual(['私信内容']);
  });
});

describe('DM channels', () => {
  it('opens one DM channel per user; DMs closed answer 50007, no shared server 50278', async () => {
    const { guild, alice, dm } = await world();
    const opened = await call('POST', '/users/@me/channels', { recipient_id: alice.id });
    expect(opened.body).toMatchObject({ id: dm, type: 1, recipients: [{ id: alice.id }] });
    expect((await call('POST', `/channels/${dm}/messages`, { content: 'hi' })).status).toBe(200);
    fake.setDmsClosed(alice.id);
    expect(await call('POST', `/channels/${dm}/messages`, { content: 'hi' })).toMatchObject({ status: 403, body: { code: 50007, message: 'Cannot send messages to this user' } });
    fake.setDmsClosed(alice.id, false);
    fake.removeMember(guild.id, alice.id);
    expect((await call('POST', `/channels/${dm}/messages`, { content: 'hi' })).body.code).toBe(50278);
    expect(fake.invalidRequests).toBe(2);
    expect(fake.messagesIn(dm).map((m) => m.content)).toEqual(['hi']);
  });
});

describe('rate limits', () => {
  it('counts down X-RateLimit-Remaining per channel and answers the 6th message in 5 s with 429', async () => {
    let now = Date.UTC(2026, 2, 2, 8);
    const { channel, dm } = await world({ now: () => now });
    const answers: Answer[] = [];
    for (let i = 0; i < 6; i++) answers.push(await call('POST', `/channels/${channel}/messages`, { content: `${i}` }));
    expect(answers.map((a) => a.headers.get('x-ratelimit-remaining'))).toEqual(['4', '3', '2', '1', '0', '0']);
    expect(answers[0]!.headers.get('x-ratelimit-limit')).toBe('5');
    expect(answers[0]!.headers.get('x-ratelimit-reset-after')).toBe('5.000');
    expect(answers[0]!.headers.get('x-ratelimit-bucket')).toMatch(/^[0-9a-f]{32}$/);
    const limited = answers[5]!;
    const h = (name: string) => limited.headers.get(name);
    expect([limited.status, h('retry-after'), h('x-ratelimit-scope'), h('x-ratelimit-global')]).toEqual([429, '5', 'user', null]);
    expect(limited.body).toEqual({ message: 'You are being rate limited.', retry_after: 5, global: false });
    expect((await call('POST', `/channels/${dm}/messages`, { content: 'other channel' })).status).toBe(200);
    now += 5000;
    expect((await call('POST', `/channels/${channel}/messages`, { content: 'later' })).status).toBe(200);
    expect(fake.rateViolations).toHaveLength(1);
    expect(fake.invalidRequests).toBe(1);
  });

  it('enforces the global limit with X-RateLimit-Global', async () => {
    const now = Date.UTC(2026, 2, 2, 8);
    await world({ now: () => now, rateLimits: { globalPerSecond: 3 } });
    for (let i = 0; i < 3; i++) expect((await call('GET', '/users/@me')).status).toBe(200);
    const limited = await call('GET', '/users/@me');
    expect([limited.status, limited.headers.get('x-ratelimit-global'), limited.headers.get('x-ratelimit-scope')]).toEqual([429, 'true', 'global']);
    expect(limited.body.global).toBe(true);
  });
});

describe('faults', () => {
  it('answers injected 429 (global), 50007, 500 and Cloudflare 502 once each, for the matching route', async () => {
    const { channel } = await world();
    const route = 'POST /channels/:channel/messages';
    fake.inject({ route, fault: { kind: 'rateLimited', retryAfter: 2.5, global: true } });
    fake.inject({ route, fault: { kind: 'cannotSendToUser' } });
    fake.inject({ route, fault: { kind: 'serverError' } });
    fake.inject({ route, fault: { kind: 'serverError', status: 502, html: true } });
    const post = () => call('POST', `/channels/${channel}/messages`, { content: 'x' }).catch(() => undefined);
    const limited = await post();
    expect([limited?.status, limited?.headers.get('x-ratelimit-global'), limited?.body]).toEqual([429, 'true', { message: 'You are being rate limited.', retry_after: 2.5, global: true }]);
    expect((await post())?.body).toEqual({ message: 'Cannot send messages to this user', code: 50007 });
    expect((await post())?.body).toEqual({ message: '500: Internal Server Error', code: 0 });
    const headers = { authorization: `Bot ${fake.token}`, 'content-type': 'application/json' };
    const res = await fetch(`${fake.apiRoot}/v10/channels/${channel}/messages`, { method: 'POST', headers, body: '{"content":"x"}' });
    expect([res.status, res.headers.get('content-type')]).toEqual([502, 'text/html']);
    expect((await post())?.status).toBe(200);
    expect(fake.messagesIn(channel)).toHaveLength(1);
  });

  it('drops the connection before or after the message was stored', async () => {
    const { channel } = await world();
    const route = 'POST /channels/:channel/messages';
    fake.inject({ route, fault: { kind: 'drop', when: 'before' } });
    fake.inject({ route, fault: { kind: 'drop', when: 'after', reset: true } });
    await expect(call('POST', `/channels/${channel}/messages`, { content: 'lost' })).rejects.toThrow();
    await expect(call('POST', `/channels/${channel}/messages`, { content: 'kept' })).rejects.toThrow();
    expect(fake.messagesIn(channel).map((m) => m.content)).toEqual(['kept']);
    expect(fake.sent).toMatchObject([{ kind: 'create', responseDropped: true }]);
    expect(fake.requestsTo(route).map((r) => r.status)).toEqual([0, 0]);
  });
});

describe('application commands', () => {
  const status = {
    name: 'status', description: 'Progress of a ticket', name_localizations: { 'zh-CN': '进度' },
    description_localizations: { 'zh-CN': '查看工单进度' }, options: [{ type: 3, name: 'ticket', description: 'Ticket id', required: false }],
  };

  it('overwrites guild and global commands in bulk; a command keeps its id while its name stays', async () => {
    const { guild } = await world();
    const first = await call('PUT', `/applications/${fake.applicationId}/guilds/${guild.id}/commands`, [status]);
    expect(first.body).toMatchObject([{ name: 'status', guild_id: guild.id, application_id: fake.applicationId, name_localizations: { 'zh-CN': '进度' } }]);
    const again = await call('PUT', `/applications/${fake.applicationId}/guilds/${guild.id}/commands`, [status, { name: 'help', description: 'Help' }]);
    expect(again.body[0].id).toBe(first.body[0].id);
    expect((await call('GET', `/applications/${fake.applicationId}/guilds/${guild.id}/commands`)).body).toHaveLength(2);
    expect((await call('PUT', `/applications/${fake.applicationId}/commands`, [status])).body[0].guild_id).toBeUndefined();
  });

  it('refuses names Discord refuses: upper case, spaces, unknown locales, duplicates, long descriptions', async () => {
    await world();
    const put = (cmds: unknown) => call('PUT', `/applications/${fake.applicationId}/commands`, cmds);
    expect((await put([{ ...status, name: 'Status' }])).body.errors['0'].name._errors[0].code).toBe('APPLICATION_COMMAND_INVALID_NAME');
    expect((await put([{ ...status, name: 'my tickets' }])).status).toBe(400);
    expect((await put([{ ...status, name_localizations: { zh: '进度' } }])).body.errors['0'].name_localizations.zh).toBeDefined();
    expect((await put([status, status])).body.errors['1'].name._errors[0].code).toBe('APPLICATION_COMMANDS_DUPLICATE_NAME');
    expect((await put([{ ...status, description: 'x'.repeat(101) }])).status).toBe(400);
    expect(fake.store.commands.get('global')).toBeUndefined();
  });
});

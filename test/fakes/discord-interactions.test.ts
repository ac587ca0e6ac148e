/**
 * Interactions on the fake Discord follow Discord's rules: one first response within 3 seconds
 * (types 4, 5, 6, 7, 9; 6 and 7 only for components; a modal only first), then the token works
 * as a webhook for 15 minutes to edit `@original` and to send follow-ups.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeDiscord, type FakeDiscord } from './discord-api.js';

let fake: FakeDiscord;
let now = Date.UTC(2026, 2, 2, 8);
afterEach(async () => {
  await fake.close();
});

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const init: RequestInit = { method, ...(body !== undefined ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}) };
  const res = await fetch(`${fake.apiRoot}/v10${path}`, init);
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** A staff channel with a ticket card (two buttons), a registered /status, and a student. */
async function world() {
  now = Date.UTC(2026, 2, 2, 8);
  fake = await startFakeDiscord({ now: () => now });
  const { guild, channels } = fake.addGuild({ name: '一站 Campus', channels: ['后勤值班'] });
  const channel = channels[0]!.id;
  const wang = fake.addUser({ username: 'wang', guilds: [guild.id] });
  const card = fake.store.channel(channel);
  const res = await fetch(`${fake.apiRoot}/v10/channels/${channel}/messages`, {
    method: 'POST', headers: { authorization: `Bot ${fake.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ content: '🆕 T-1 热水器坏了', components: [{ type: 1, components: [
      { type: 2, style: 1, label: '认领', custom_id: 'tickets:claim:1' }, { type: 2, style: 4, label: '驳回', custom_id: 'tickets:reject:1' },
    ] }] }),
  });
  const message = (await res.json()) as { id: string; channel_id: string };
  const status = { id: '1', application_id: fake.applicationId, version: '1', type: 1, name: 'status', description: 'Status', options: [] };
  fake.store.commands.set('global', [status] as never);
  return { guild, channel, wang, message, card };
}

const callback = (i: { id: string; token: string }, body: unknown, query = '') => call('POST', `/interactions/${i.id}/${i.token}/callback${query}`, body);
const original = (i: { token: string }) => `/webhooks/${fake.applicationId}/${i.token}/messages/@original`;

describe('the first response', () => {
  it('a button press deferred (6) and then the card edited through @original; a second answer is 40060', async () => {
    const { channel, wang, message } = await world();
    const press = fake.userClicks({ from: wang, message, label: '认领' });
    expect(press.payload).toMatchObject({ type: 3, data: { custom_id: 'tickets:claim:1', component_type: 2 }, member: { user: { id: wang.id } }, locale: 'zh-CN' });
    expect((await callback(press, { type: 6 })).status).toBe(204);
    expect((await callback(press, { type: 6 })).body).toEqual({ message: 'Interaction has already been acknowledged.', code: 40060 });
    const edit = await call('PATCH', original(press), { content: '🔧 T-1 王老师已认领', components: [] });
    expect(edit.body).toMatchObject({ id: message.id, content: '🔧 T-1 王老师已认领', components: [] });
    expect(fake.messagesIn(channel).map((m) => m.content)).toEqual(['🔧 T-1 王老师已认领']);
    expect(fake.interaction(press.id).callbacks.map((c) => [c.type, c.status])).toEqual([[6, 204], [6, 400]]);
  });

  it('a button press answered with 7 updates its message at once', async () => {
    const { channel, wang, message } = await world();
    const press = fake.userClicks({ from: wang, message, customId: 'tickets:reject:1' });
    expect((await callback(press, { type: 7, data: { content: 'T-1 驳回中…', components: [] } })).status).toBe(204);
    expect(fake.messagesIn(channel)[0]).toMatchObject({ id: message.id, content: 'T-1 驳回中…', edited_timestamp: expect.any(String) });
  });

  it('a slash command deferred (5) shows a loading reply that @original then fills; follow-ups and ephemeral ones', async () => {
    const { channel, wang } = await world();
    const cmd = fake.userRunsCommand({ from: wang, channel, name: 'status', locale: 'en-US' });
    expect(cmd.payload).toMatchObject({ type: 2, data: { name: 'status', type: 1 }, locale: 'en-US', guild_locale: 'zh-CN' });
    const deferred = await callback(cmd, { type: 5 }, '?with_response=true');
    expect(deferred.body).toMatchObject({ interaction: { id: cmd.id, type: 2, response_message_loading: true }, resource: { type: 5, message: { flags: 128 } } });
    const filled = await call('PATCH', original(cmd), { content: 'T-1: in progress' });
    expect(filled.body).toMatchObject({ content: 'T-1: in progress', flags: 0, interaction_metadata: { id: cmd.id, name: 'status' } });
    const follow = await call('POST', `/webhooks/${fake.applicationId}/${cmd.token}?wait=true`, { content: 'only for you', flags: 64 });
    expect(follow.body.flags).toBe(64);
    expect(fake.messagesIn(channel).map((m) => m.content)).toEqual(['🆕 T-1 热水器坏了', 'T-1: in progress']);
    expect(fake.ephemeralIn(channel).map((m) => m.content)).toEqual(['only for you']);
    expect((await call('PATCH', `/webhooks/${fake.applicationId}/${cmd.token}/messages/${follow.body.id}`, { content: 'edited' })).body.content).toBe('edited');
  });

  it('a reply (4) with with_response returns the message it created', async () => {
    const { channel, wang } = await world();
    const cmd = fake.userRunsCommand({ from: wang, channel, name: 'status' });
    const answer = await callback(cmd, { type: 4, data: { content: 'T-1 处理中' } }, '?with_response=true');
    expect(answer).toMatchObject({ status: 200, body: { resource: { type: 4, message: { content: 'T-1 处理中', type: 20, webhook_id: fake.applicationId } } } });
    expect((await call('GET', original(cmd))).body.id).toBe(answer.body.resource.message.id);
  });

  it('refuses 6 and 7 for commands, and a modal after another response', async () => {
    const { channel, wang, message } = await world();
    const cmd = fake.userRunsCommand({ from: wang, channel, name: 'status' });
    expect((await callback(cmd, { type: 6 })).body.code).toBe(50035);
    expect((await callback(cmd, { type: 9, data: modal('intake:modal') })).status).toBe(204);
    const press = fake.userClicks({ from: wang, message, label: '认领' });
    await callback(press, { type: 6 });
    expect((await callback(press, { type: 9, data: modal('x') })).body.code).toBe(40060);
  });
});

/** A modal with one required text input `place` (at most `max` characters) in a label. */
const modal = (customId: string, max = 40) => ({
  custom_id: customId, title: '报修',
  components: [{ type: 18, label: '地点', component: { type: 4, custom_id: 'place', style: 1, required: true, max_length: max } }],
});

describe('modals', () => {
  it('checks a modal as Discord does: custom id up to 100, inputs up to 4,000 characters, 1–5 components', async () => {
    const { channel, wang } = await world();
    const bad = [modal('x'.repeat(101)), modal('ok', 4001), { ...modal('ok'), components: [] }, { ...modal('ok'), title: '标'.repeat(46) }];
    for (const data of bad) {
      const cmd = fake.userRunsCommand({ from: wang, channel, name: 'status' });
      expect((await callback(cmd, { type: 9, data })).body.code).toBe(50035);
      expect(fake.interaction(cmd.id).response).toBe('none');
    }
  });

  it('a submitted modal is an interaction of type 5 with the values typed; the client refuses an empty required field or too long a value', async () => {
    const { channel, wang } = await world();
    const cmd = fake.userRunsCommand({ from: wang, channel, name: 'status' });
    await callback(cmd, { type: 9, data: modal('form:1') });
    expect(fake.sent.at(-1)).toMatchObject({ kind: 'callback', callbackType: 9, interactionId: cmd.id });
    expect(() => fake.userSubmitsModal({ from: wang, opened: cmd, values: {} })).toThrow(/required/);
    expect(() => fake.userSubmitsModal({ from: wang, opened: cmd, values: { place: 'x'.repeat(41) } })).toThrow(/41 characters/);
    const submit = fake.userSubmitsModal({ from: wang, opened: cmd, values: { place: '3号楼502' } });
    expect(submit.payload).toMatchObject({ type: 5, data: { custom_id: 'form:1', components: [{ type: 18, component: { type: 4, custom_id: 'place', value: '3号楼502' } }] } });
    expect((await callback(submit, { type: 9, data: modal('again') })).body.code).toBe(50035); // a modal cannot answer a modal
    expect((await callback(submit, { type: 4, data: { content: '收到' } })).status).toBe(204);
    const unchecked = fake.userSubmitsModal({ from: wang, opened: cmd, values: { place: 'x'.repeat(41) }, unchecked: true });
    expect(unchecked.payload).toMatchObject({ data: { components: [{ component: { value: 'x'.repeat(41) } }] } });
  });
});

describe('time limits', () => {
  it('the first response after 3 seconds is 10062 Unknown interaction', async () => {
    const { wang, message } = await world();
    const press = fake.userClicks({ from: wang, message, label: '认领' });
    now += 3001;
    expect(await callback(press, { type: 6 })).toEqual({ status: 404, body: { message: 'Unknown interaction', code: 10062 } });
  });

  it('the webhook token works for 15 minutes, not before the first response', async () => {
    const { channel, wang } = await world();
    const cmd = fake.userRunsCommand({ from: wang, channel, name: 'status' });
    expect((await call('PATCH', original(cmd), { content: 'too early' })).body.code).toBe(10015);
    await callback(cmd, { type: 5 });
    now += 14 * 60_000;
    expect((await call('PATCH', original(cmd), { content: 'slow but fine' })).status).toBe(200);
    now += 2 * 60_000;
    expect(await call('PATCH', original(cmd), { content: 'too late' })).toEqual({ status: 401, body: { message: 'Invalid Webhook Token', code: 50027 } });
  });
});

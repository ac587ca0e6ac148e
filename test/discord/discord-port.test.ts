/**
 * The Discord port against the fake Discord, through discord.js's REST client: messages with
 * buttons and long payloads, nonces from the outbox key, and every failure reaching the core as
 * the right DeliveryError (50007/50278 blocked, long 429 rate_limited, 5xx transient, a lost answer
 * asked again under the same nonce, never posted twice).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { REST } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock.js';
import { DeliveryError } from '../../src/core/message.js';
import { createUnitRunner } from '../../src/core/unit-of-work.js';
import type { Store } from '../../src/db/store.js';
import { openTestStore } from '../pg/app-store.js';
import { createRest } from '../../src/adapters/discord/discord.client.js';
import { createDiscordPort, nonceFor, type DiscordPort } from '../../src/adapters/discord/discord.port.js';
import { createButtonPayloads, type ButtonPayloads } from '../../src/adapters/shared/buttons.js';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord-api.js';
import { memoryLogger } from '../harness.js';

const CREATE = 'POST /channels/:channel/messages';
let fake: FakeDiscord;
let store: Store;
let rest: REST;
let payloads: ButtonPayloads;
let port: DiscordPort;
let channel: string;
let aliceId: string;

beforeEach(async () => {
  fake = await startFakeDiscord({ rateLimits: { messageCreate: { limit: 50, windowMs: 1000 } } });
  const { guild, channels } = fake.addGuild({ name: '一站 Campus', channels: ['后勤值班'] });
  channel = channels[0]!.id;
  aliceId = fake.addUser({ username: 'lihua', guilds: [guild.id] }).id;
  store = await openTestStore(join(mkdtempSync(join(tmpdir(), 'yizhan-discord-port-')), 'bot.db')); // PostgreSQL under npm run test:pg
  payloads = createButtonPayloads({ units: createUnitRunner({ store: store.units, log: memoryLogger([]) }), clock: systemClock });
  rest = createRest(fake.token, fake.apiRoot);
  port = createDiscordPort({ rest, payloads });
});
afterEach(async () => {
  await fake.close();
  await store.close();
});

async function failure(p: Promise<unknown>): Promise<DeliveryError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(DeliveryError);
  return err as DeliveryError;
}

describe('sending and editing', () => {
  it('posts the text with the buttons as components, never pinging, and edits text and buttons', async () => {
    const ref = await port.send(channel, { text: 'T-1 @everyone *热水器* 坏了', buttons: [[{ label: '认领', data: 'tickets:claim:1' }, { label: '解决', data: 'tickets:resolve:1' }]] });
    const [posted] = fake.messagesIn(channel);
    expect(ref).toEqual({ platform: 'discord', chatId: channel, messageId: posted!.id });
    const buttons = [{ label: '认领', custom_id: 'tickets:claim:1' }, { label: '解决', custom_id: 'tickets:resolve:1' }];
    expect(posted).toMatchObject({ content: 'T-1 @everyone \\*热水器\\* 坏了', components: [{ type: 1, components: buttons }] });
    expect(fake.requestsTo(CREATE)[0]!.body).toMatchObject({ allowed_mentions: { parse: [] }, enforce_nonce: true, nonce: expect.stringMatching(/^[\w-]{25}$/) });
    await port.edit(ref, { text: 'T-1 已认领', buttons: [[{ label: '解决', data: 'tickets:resolve:1' }]] });
    await port.edit(ref, { text: 'T-1 已解决' });
    expect(fake.messagesIn(channel)).toMatchObject([{ content: 'T-1 已解决', components: [] }]);
  });

  it('keeps payloads over 100 characters, and a payload repeated in one message, behind stored ids that resolve', async () => {
    const long = `surveys:answer:12:${'q'.repeat(90)}:c1`;
    await port.send(channel, { text: '选一个', buttons: [[{ label: 'A', data: long }, { label: 'B', data: 'menu:back' }, { label: 'C', data: 'menu:back' }]] });
    const ids = (fake.messagesIn(channel)[0]!.components![0] as { components: { custom_id: string }[] }).components.map((c) => c.custom_id);
    expect(ids[0]).toMatch(/^~[\w-]{16}$/);
    expect(ids[1]).toBe('menu:back');
    expect(ids[2]).toMatch(/^~/);
    expect(await Promise.all(ids.map(payloads.resolve))).toEqual([long, 'menu:back', 'menu:back']);
  });

  it('lays out more than 5 buttons a row in rows of 5, and splits text over 2,000 characters with the buttons last', async () => {
    const nps = Array.from({ length: 11 }, (_, n) => ({ label: String(n), data: `surveys:nps:${n}` }));
    await port.send(channel, { text: `${'甲'.repeat(1500)}\n\n${'乙'.repeat(1500)}`, buttons: [nps] });
    const [first, second] = fake.messagesIn(channel);
    expect([first!.content.length, first!.components, second!.content.length]).toEqual([1500, [], 1500]);
    expect((second!.components as { components: unknown[] }[]).map((r) => r.components.length)).toEqual([5, 5, 1]);
  });

  it('cuts relayed words with … so the message stays one, escapes counted', async () => {
    const words = `*${'好'.repeat(2500)}*`;
    const header = '💬 T-1 · 后勤 回复你：\n';
    await port.send(channel, { text: `${header}${words}\n（点按钮回复）`, relayed: { start: header.length, end: header.length + words.length }, buttons: [[{ label: '回复', data: 'tickets:answer:1' }]] });
    const [only, ...rest] = fake.messagesIn(channel);
    expect(rest).toEqual([]);
    expect(only!.content.length).toBeLessThanOrEqual(2000);
    expect(only!.content).toMatch(/^💬 T-1 · 后勤 回复你：\n\\\*好+…\n（点按钮回复）$/);
    expect(only!.components).toHaveLength(1);
  });

  it('attaches a file (an export) to the message with its text', async () => {
    await port.send(channel, { text: '投票 #3 的结果', file: { name: 'poll-3.csv', mime: 'text/csv', content: 'option,votes\n去,12\n' } });
    const [posted] = fake.messagesIn(channel);
    expect(posted).toMatchObject({ content: '投票 #3 的结果', attachments: [{ filename: 'poll-3.csv', content_type: 'text/csv' }] });
    expect(fake.files.get(posted!.attachments[0]!.url)?.data.toString()).toBe('option,votes\n去,12\n');
  });

  it('opens the DM of dm:<user id> once and remembers it', async () => {
    const ref = await port.send(`dm:${aliceId}`, { text: '问卷来了' });
    await port.send(`dm:${aliceId}`, { text: '提醒' });
    expect(ref.chatId).toBe(fake.dmChannelId(aliceId));
    expect(fake.requestsTo('POST /users/@me/channels')).toHaveLength(1);
  });
});

describe('nonces', () => {
  it('the same outbox key gives the same nonce: a repeated send returns the message already posted', async () => {
    const a = await port.send(channel, { text: '问卷邀请' }, { key: 'survey:3:invite:7' });
    const b = await port.send(channel, { text: '问卷邀请' }, { key: 'survey:3:invite:7' });
    expect(b).toEqual(a);
    expect(fake.messagesIn(channel)).toHaveLength(1);
    expect(nonceFor('survey:3:invite:7', 0)).not.toBe(nonceFor('survey:3:invite:8', 0));
  });

  it('asks again once when the answer was lost, and the message exists once', async () => {
    fake.inject({ route: CREATE, fault: { kind: 'drop', when: 'after' } });
    const ref = await port.send(channel, { text: 'T-2 已受理' });
    expect(fake.messagesIn(channel).map((m) => m.id)).toEqual([ref.messageId]);
    expect(fake.sent.map((r) => [r.kind, !!r.deduplicated, r.responseDropped])).toEqual([['create', false, true], ['create', true, false]]);
  });

  it('when the answer is lost twice the send is unknown (it may be there), not repeated again', async () => {
    fake.inject({ route: CREATE, times: 2, fault: { kind: 'drop', when: 'after' } });
    expect((await failure(port.send(channel, { text: 'x' }))).reason).toBe('unknown');
    expect(fake.requestsTo(CREATE)).toHaveLength(2);
    expect(fake.messagesIn(channel)).toHaveLength(1);
  });
});

describe('failures', () => {
  it('50007 (DMs closed) and 50278 (no server in common) are blocked, asked once', async () => {
    fake.setDmsClosed(aliceId);
    const closed = await failure(port.send(`dm:${aliceId}`, { text: '问卷' }));
    expect([closed.reason, closed.message]).toEqual(['blocked', expect.stringContaining('50007')]);
    fake.setDmsClosed(aliceId, false);
    fake.removeMember(fake.store.channel(channel).guildId!, aliceId);
    expect((await failure(port.send(`dm:${aliceId}`, { text: '问卷' }))).reason).toBe('blocked');
    expect(fake.requestsTo(CREATE).map((r) => r.code)).toEqual([50007, 50278]);
  });

  it('a long 429 is rate_limited with its wait (a short one discord.js waits out itself)', async () => {
    fake.inject({ route: CREATE, fault: { kind: 'rateLimited', retryAfter: 0.1 } });
    await port.send(channel, { text: 'after a short wait' });
    fake.inject({ route: CREATE, fault: { kind: 'rateLimited', retryAfter: 60, global: true } });
    const limited = await failure(port.send(channel, { text: 'later' }));
    expect(limited.reason).toBe('rate_limited');
    expect(limited.retryAfterMs).toBeGreaterThan(59_000);
    expect(fake.requestsTo(CREATE).map((r) => r.status)).toEqual([429, 200, 429]);
  });

  it('a 5xx that discord.js could not get past is transient; a 400 is invalid', async () => {
    fake.inject({ route: CREATE, times: 4, fault: { kind: 'serverError', status: 503 } });
    expect((await failure(port.send(channel, { text: 'x' }))).reason).toBe('transient');
    fake.inject({ route: CREATE, fault: { kind: 'error', status: 400, code: 50035, message: 'Invalid Form Body' } });
    expect((await failure(port.send(channel, { text: 'x' }))).reason).toBe('invalid');
    expect(fake.messagesIn(channel)).toEqual([]);
  });

  it('a refused connection is transient: nothing left the machine', async () => {
    const closedPort = createDiscordPort({ rest: createRest(fake.token, fake.apiRoot.replace(/:\d+/, ':1')), payloads });
    expect((await failure(closedPort.send(channel, { text: 'x' }))).reason).toBe('transient');
  });

  it('an edit of a message deleted meanwhile is no failure; an edit refused for a missing permission is blocked', async () => {
    const ref = await port.send(channel, { text: 'T-3' });
    fake.store.remove(channel, ref.messageId);
    await port.edit(ref, { text: 'T-3 已认领' });
    fake.inject({ route: 'PATCH /channels/:channel/messages/:message', fault: { kind: 'error', status: 403, code: 50013, message: 'Missing Permissions' } });
    expect((await failure(port.edit({ ...ref, messageId: (await port.send(channel, { text: 'T-4' })).messageId }, { text: 'x' }))).reason).toBe('blocked');
  });
});

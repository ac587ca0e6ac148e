/**
 * Interactions answered within Discord's rules, against the fake Discord (which refuses a first
 * answer after 3 seconds and a second first answer): a quick answer is the reply or the update of
 * the pressed message; a unit of work that takes longer is deferred in time and answered through
 * `@original` and follow-ups; an interaction nothing was said through is acknowledged anyway.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock.js';
import { createUnitRunner } from '../../src/core/unit-of-work.js';
import type { Store } from '../../src/db/store.js';
import { openTestStore } from '../pg/app-store.js';
import { createRest } from '../../src/adapters/discord/discord.client.js';
import { Interactions } from '../../src/adapters/discord/discord.interactions.js';
import { mapInteraction, type InteractionRef } from '../../src/adapters/discord/discord.mapping.js';
import { createDiscordPort, type DiscordPort } from '../../src/adapters/discord/discord.port.js';
import { createButtonPayloads } from '../../src/adapters/shared/buttons.js';
import type { SentRef } from '../../src/core/message.js';
import { startFakeDiscord, type FakeDiscord, type InteractionState } from '../fakes/discord-api.js';
import { memoryLogger } from '../harness.js';

let fake: FakeDiscord;
let store: Store;
let port: DiscordPort;
let interactions: Interactions;
let channel: string;
let card: SentRef;
let wang: { id: string; username: string };
let offset = 0;

async function setup(ackAfterMs: number): Promise<void> {
  offset = 0;
  fake = await startFakeDiscord({ now: () => Date.now() + offset });
  const { guild, channels } = fake.addGuild({ name: '一站 Campus', channels: ['后勤值班'] });
  channel = channels[0]!.id;
  wang = fake.addUser({ username: 'wang', guilds: [guild.id] });
  fake.store.commands.set('global', [{ id: '7', application_id: fake.applicationId, version: '1', type: 1, name: 'queue', description: 'Queue', options: [] }] as never);
  store = await openTestStore(join(mkdtempSync(join(tmpdir(), 'yizhan-discord-ix-')), 'bot.db')); // PostgreSQL under npm run test:pg
  const payloads = createButtonPayloads({ units: createUnitRunner({ store: store.units, log: memoryLogger([]) }), clock: systemClock });
  const rest = createRest(fake.token, fake.apiRoot);
  interactions = new Interactions({ rest, applicationId: fake.applicationId, log: memoryLogger([]), ackAfterMs });
  port = createDiscordPort({ rest, payloads, interactions });
  card = await port.send(channel, { text: '🆕 T-1 热水器坏了', buttons: [[{ label: '认领', data: 'tickets:claim:1' }]] });
}

afterEach(async () => {
  await fake.close();
  await store.close();
});

/** The interaction as the adapter receives it, with its responder started. */
function receive(state: InteractionState): { updateId: string; ref: InteractionRef } {
  const mapped = mapInteraction(state.payload);
  if (mapped.kind !== 'incoming' || !mapped.interaction) throw new Error('not an interaction');
  interactions.start(mapped.incoming.updateId!, mapped.interaction);
  return { updateId: mapped.incoming.updateId!, ref: mapped.interaction };
}

const callbacks = (state: InteractionState) => fake.interaction(state.id).callbacks.map((c) => [c.type, c.status]);

describe('answered quickly', () => {
  beforeEach(() => setup(60_000));

  it('a slash command gets its first message as the reply (4), the next as a follow-up', async () => {
    const state = fake.userRunsCommand({ from: wang as never, channel, name: 'queue' });
    const { updateId } = receive(state);
    const reply = await port.send(channel, { text: '待处理：T-1' }, { replyTo: updateId });
    const more = await port.send(channel, { text: '共 1 件' }, { replyTo: updateId });
    await interactions.finish(updateId);
    expect(callbacks(state)).toEqual([[4, 200]]);
    expect(fake.botMessagesIn(channel).map((m) => [m.id, m.content, m.type])).toEqual([
      [card.messageId, '🆕 T-1 热水器坏了', 0], [reply.messageId, '待处理：T-1', 20], [more.messageId, '共 1 件', 20],
    ]);
  });

  it('a button whose handler edits the pressed message updates it (7)', async () => {
    const state = fake.userClicks({ from: wang as never, message: { id: card.messageId, channel_id: channel }, label: '认领' });
    const { updateId } = receive(state);
    await port.edit(card, { text: '🔧 T-1 已认领' }, { replyTo: updateId });
    await interactions.finish(updateId);
    expect(callbacks(state)).toEqual([[7, 200]]);
    expect(fake.messagesIn(channel)[0]).toMatchObject({ id: card.messageId, content: '🔧 T-1 已认领', components: [] });
  });

  it('an interaction nothing was said through is acknowledged at the end (6; a command\'s "thinking…" taken back)', async () => {
    const press = fake.userClicks({ from: wang as never, message: { id: card.messageId, channel_id: channel }, label: '认领' });
    const command = fake.userRunsCommand({ from: wang as never, channel, name: 'queue' });
    const a = receive(press);
    const b = receive(command);
    await port.send(channel, { text: '在频道里说' }); // today's core: no replyTo
    await interactions.finish(a.updateId);
    await interactions.finish(b.updateId);
    expect([callbacks(press), callbacks(command)]).toEqual([[[6, 200]], [[5, 200]]]);
    expect(fake.sent.filter((r) => r.kind === 'deleteOriginal')).toHaveLength(1);
    expect(fake.botMessagesIn(channel).map((m) => m.content)).toEqual(['🆕 T-1 热水器坏了', '在频道里说']);
  });

  it("a press's notice is for the presser alone: an ephemeral reply (4, flag 64) when nothing else was said", async () => {
    const state = fake.userClicks({ from: wang as never, message: { id: card.messageId, channel_id: channel }, label: '认领' });
    const { updateId } = receive(state);
    await interactions.finish(updateId, '已投票');
    expect(callbacks(state)).toEqual([[4, 200]]);
    expect(fake.ephemeralIn(channel).map((m) => [m.content, m.flags])).toEqual([['已投票', 64]]);
    expect(fake.botMessagesIn(channel)).toHaveLength(1);
  });

  it('when the interaction cannot be answered any more (10062), the message goes to the channel', async () => {
    const state = fake.userRunsCommand({ from: wang as never, channel, name: 'queue' });
    const { updateId } = receive(state);
    offset = 4000; // Discord saw 4 seconds pass
    await port.send(channel, { text: '迟到的回答' }, { replyTo: updateId });
    expect(fake.requests.filter((r) => r.route.includes('callback')).map((r) => r.code)).toEqual([10062]);
    expect(fake.botMessagesIn(channel).map((m) => m.content)).toEqual(['🆕 T-1 热水器坏了', '迟到的回答']);
  });
});

describe('a unit of work that takes longer', () => {
  beforeEach(() => setup(30));

  it('a slash command is deferred (5) before 3 seconds; its answers fill @original, then follow up', async () => {
    const state = fake.userRunsCommand({ from: wang as never, channel, name: 'queue' });
    const { updateId } = receive(state);
    await fake.waitFor((r) => r.kind === 'callback' && r.interactionId === state.id);
    const first = await port.send(channel, { text: '待处理：T-1' }, { replyTo: updateId });
    await port.send(channel, { text: '共 1 件' }, { replyTo: updateId });
    await interactions.finish(updateId);
    expect(callbacks(state)).toEqual([[5, 200]]);
    expect(fake.sent.filter((r) => r.interactionId === state.id).map((r) => r.kind)).toEqual(['callback', 'editOriginal', 'followup']);
    expect(fake.botMessagesIn(channel).map((m) => [m.content, m.flags])).toEqual([['🆕 T-1 热水器坏了', 0], ['待处理：T-1', 0], ['共 1 件', 0]]);
    expect(first.messageId).toBe(fake.interaction(state.id).originalId);
  });

  it("a press's notice after a deferral is an ephemeral follow-up", async () => {
    const state = fake.userClicks({ from: wang as never, message: { id: card.messageId, channel_id: channel }, label: '认领' });
    const { updateId } = receive(state);
    await fake.waitFor((r) => r.kind === 'callback' && r.interactionId === state.id);
    await interactions.finish(updateId, '已投票');
    expect(callbacks(state)).toEqual([[6, 200]]);
    expect(fake.ephemeralIn(channel).map((m) => m.content)).toEqual(['已投票']);
  });

  it('a button is deferred (6); its edit of the pressed message goes through @original', async () => {
    const state = fake.userClicks({ from: wang as never, message: { id: card.messageId, channel_id: channel }, label: '认领' });
    const { updateId } = receive(state);
    await fake.waitFor((r) => r.kind === 'callback' && r.interactionId === state.id);
    await port.edit(card, { text: '🔧 T-1 已认领' }, { replyTo: updateId });
    await interactions.finish(updateId);
    expect(callbacks(state)).toEqual([[6, 200]]);
    expect(fake.sent.filter((r) => r.interactionId === state.id).map((r) => r.kind)).toEqual(['callback', 'editOriginal']);
    expect(fake.messagesIn(channel)[0]!.content).toBe('🔧 T-1 已认领');
  });
});

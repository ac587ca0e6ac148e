/**
 * The real discord.js v14 client against the fake Discord over the network: log in (the gateway
 * URL comes from GET /gateway/bot under `rest.api`), a DM answered, a button deferred then edited,
 * a slash command, gateway disconnects survived by RESUME, and the REST faults (429, 50007, 500,
 * dropped connections) as discord.js surfaces them; its REST queue keeps to the fake's limits.
 */
import {
  ActionRowBuilder, ButtonBuilder, ButtonStyle, Client, DiscordAPIError, Events, GatewayIntentBits, HTTPError, MessageFlags,
  Partials, RateLimitError, type ChatInputCommandInteraction, type ButtonInteraction, type Interaction, type Message, type RESTOptions,
} from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeDiscord, type FakeDiscord } from './discord-api.js';

let fake: FakeDiscord;
let client: Client | undefined;
afterEach(async () => {
  await client?.destroy();
  client = undefined;
  await fake.close();
});

/** A server with a general and a staff channel, a student (lihua) and a staff member (wang). */
async function world() {
  fake = await startFakeDiscord();
  const { guild, channels } = fake.addGuild({ name: '一站 Campus', channels: ['general', '后勤值班'] });
  const alice = fake.addUser({ username: 'lihua', globalName: '李华', guilds: [guild.id] });
  const wang = fake.addUser({ username: 'wang', guilds: [guild.id], locale: 'en-US' });
  return { guild, general: channels[0]!.id, staff: channels[1]!.id, alice, wang };
}

async function login(rest: Partial<RESTOptions> = {}): Promise<Client<true>> {
  const c = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages],
    partials: [Partials.Channel],
    rest: { api: fake.apiRoot, ...rest },
  });
  client = c;
  const ready = new Promise<void>((resolve) => c.once(Events.ClientReady, () => resolve()));
  await c.login(fake.token);
  await ready;
  return c as Client<true>;
}

function next<T>(c: Client, event: Events.MessageCreate | Events.InteractionCreate, match: (x: T) => boolean = () => true): Promise<T> {
  return new Promise((resolve) => {
    const on = (x: T) => {
      if (!match(x)) return;
      c.off(event, on as never);
      resolve(x);
    };
    c.on(event, on as never);
  });
}

describe('logging in and talking', () => {
  it('logs in through GET /gateway/bot, answers a DM, and posts in a server channel', async () => {
    const { general, alice } = await world();
    const c = await login();
    expect(c.user.id).toBe(fake.bot.id);
    expect(c.guilds.cache.first()?.channels.cache.map((ch) => ch.name)).toEqual(['general', '后勤值班']);
    const got = next<Message>(c, Events.MessageCreate, (m) => m.author.id === alice.id);
    fake.userSends({ from: alice, content: '3号楼502热水器坏了' });
    const msg = await got;
    expect([msg.content, msg.channel.isDMBased()]).toEqual(['3号楼502热水器坏了', true]);
    await msg.reply('收到');
    const channel = await c.channels.fetch(general);
    if (!channel?.isSendable()) throw new Error('general is not sendable');
    await channel.send('大家好');
    expect(fake.botMessagesIn(msg.channelId)).toMatchObject([{ content: '收到', type: 19, message_reference: { message_id: msg.id } }]);
    expect(fake.botMessagesIn(general).map((m) => m.content)).toEqual(['大家好']);
    expect(fake.requests.map((r) => r.route)).toEqual(['GET /gateway/bot', 'POST /channels/:channel/messages', 'POST /channels/:channel/messages']);
  });

  it('uploads a file as multipart: the message lists it as an attachment, the fake keeps its bytes', async () => {
    const { staff } = await world();
    const c = await login();
    const channel = await c.channels.fetch(staff);
    if (!channel?.isSendable()) throw new Error('staff channel is not sendable');
    const sent = await channel.send({ content: '投票结果', files: [{ attachment: Buffer.from('option,votes\n去,12\n'), name: 'poll-3.csv' }] });
    expect(sent.attachments.first()).toMatchObject({ name: 'poll-3.csv', size: 20 });
    const [stored] = fake.botMessagesIn(staff);
    expect(stored).toMatchObject({ content: '投票结果', attachments: [{ filename: 'poll-3.csv', content_type: 'text/csv; charset=utf-8' }] });
    expect(fake.files.get(stored!.attachments[0]!.url)?.data.toString()).toBe('option,votes\n去,12\n');
  });

  it('a button press: deferUpdate within 3 s, then editReply edits the card', async () => {
    const { staff, wang } = await world();
    const c = await login();
    const channel = await c.channels.fetch(staff);
    if (!channel?.isSendable()) throw new Error('staff channel is not sendable');
    const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
      new ButtonBuilder().setCustomId('tickets:claim:1').setLabel('认领').setStyle(ButtonStyle.Primary),
    );
    const card = await channel.send({ content: '🆕 T-1 热水器坏了', components: [row] });
    const pressed = next<Interaction>(c, Events.InteractionCreate);
    const state = fake.userClicks({ from: wang, message: { id: card.id, channel_id: staff }, label: '认领' });
    const interaction = (await pressed) as ButtonInteraction;
    expect([interaction.isButton(), interaction.customId, interaction.user.id, interaction.locale]).toEqual([true, 'tickets:claim:1', wang.id, 'en-US']);
    await interaction.deferUpdate();
    await interaction.editReply({ content: '🔧 T-1 wang 已认领', components: [] });
    expect(fake.interaction(state.id).callbacks.map((x) => [x.type, x.status])).toEqual([[6, 204]]);
    expect(fake.messagesIn(staff)).toMatchObject([{ id: card.id, content: '🔧 T-1 wang 已认领', components: [] }]);
  });

  it('a slash command registered per guild: deferReply, editReply, an ephemeral followUp', async () => {
    const { guild, general, alice } = await world();
    const c = await login();
    await c.application.commands.set([{ name: 'status', description: 'Progress of a ticket', nameLocalizations: { 'zh-CN': '进度' } }], guild.id);
    const ran = next<Interaction>(c, Events.InteractionCreate);
    fake.userRunsCommand({ from: alice, channel: general, name: 'status' });
    const cmd = (await ran) as ChatInputCommandInteraction;
    expect([cmd.commandName, cmd.locale, cmd.guildLocale]).toEqual(['status', 'zh-CN', 'zh-CN']);
    await cmd.deferReply();
    await cmd.editReply('T-1 处理中');
    await cmd.followUp({ content: '只有你能看到', flags: MessageFlags.Ephemeral });
    expect(fake.botMessagesIn(general).map((m) => [m.content, m.type])).toEqual([['T-1 处理中', 20]]);
    expect(fake.ephemeralIn(general).map((m) => m.content)).toEqual(['只有你能看到']);
  });
});

describe('gateway disconnects', () => {
  it.each([
    ['a close with 4000', () => fake.gateway.disconnect(4000)],
    ['a dropped connection (1006)', () => fake.gateway.drop()],
    ['op 7 Reconnect', () => fake.gateway.requestReconnect()],
  ])('survives %s by RESUME and gets what was sent meanwhile', async (_name, fault) => {
    const { alice } = await world();
    const c = await login();
    fault();
    await fake.waitUntil(() => (fake.gateway.connected === 0 ? true : undefined));
    const missed = next<Message>(c, Events.MessageCreate);
    fake.userSends({ from: alice, content: '断线时发的' });
    expect((await missed).content).toBe('断线时发的');
    const later = next<Message>(c, Events.MessageCreate);
    fake.userSends({ from: alice, content: '之后发的' });
    expect((await later).content).toBe('之后发的');
    expect(fake.gateway.received.filter((r) => r.op === 2 || r.op === 6).map((r) => [r.op, r.path])).toEqual([[2, '/gateway'], [6, '/gateway-resume']]);
  });
});

describe('REST faults as discord.js surfaces them', () => {
  it('keeps to the per-channel limit from the X-RateLimit headers: no 429 at all', async () => {
    const { general } = await world();
    fake.setRateLimits({ messageCreate: { limit: 3, windowMs: 300 } });
    const c = await login();
    const channel = await c.channels.fetch(general);
    if (!channel?.isSendable()) throw new Error('not sendable');
    await Promise.all([1, 2, 3, 4, 5, 6, 7].map((n) => channel.send(`m${n}`)));
    expect(fake.botMessagesIn(general)).toHaveLength(7);
    expect(fake.rateViolations).toEqual([]);
  });

  it('waits out a short 429 and sends once; rejectOnRateLimit turns a long one into RateLimitError', async () => {
    const { general } = await world();
    const route = 'POST /channels/:channel/messages';
    const c = await login({ rejectOnRateLimit: (data) => data.retryAfter > 5000 });
    const channel = await c.channels.fetch(general);
    if (!channel?.isSendable()) throw new Error('not sendable');
    fake.inject({ route, fault: { kind: 'rateLimited', retryAfter: 0.2 } });
    await channel.send('after a short wait');
    expect(fake.requestsTo(route).map((r) => r.status)).toEqual([429, 200]);
    fake.inject({ route, fault: { kind: 'rateLimited', retryAfter: 30, global: true } });
    const error = await channel.send('x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ global: true, retryAfter: expect.any(Number) });
    expect((error as RateLimitError).retryAfter).toBeGreaterThan(29_000);
    expect(fake.invalidRequests).toBe(2);
  });

  it('50007 when DMs are closed is a DiscordAPIError (403); 50278 likewise', async () => {
    const { guild, alice, wang } = await world();
    const c = await login();
    fake.setDmsClosed(alice.id);
    const closed = await (await c.users.fetch(alice.id)).send('问卷').catch((e: unknown) => e);
    expect(closed).toBeInstanceOf(DiscordAPIError);
    expect(closed).toMatchObject({ code: 50007, status: 403, method: 'POST' });
    fake.removeMember(guild.id, wang.id);
    expect(await (await c.users.fetch(wang.id)).send('x').catch((e: unknown) => e)).toMatchObject({ code: 50278, status: 403 });
  });

  it('repeats a 500 up to 3 times itself, then throws HTTPError', async () => {
    const { general } = await world();
    const route = 'POST /channels/:channel/messages';
    const c = await login();
    const channel = await c.channels.fetch(general);
    if (!channel?.isSendable()) throw new Error('not sendable');
    fake.inject({ route, fault: { kind: 'serverError' } });
    await channel.send('second try');
    fake.inject({ route, times: 4, fault: { kind: 'serverError' } });
    const error = await channel.send('never').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HTTPError);
    expect(error).toMatchObject({ status: 500 });
    expect(fake.requestsTo(route).map((r) => r.status)).toEqual([500, 200, 500, 500, 500, 500]);
  });

  it('repeats a request whose connection was reset: twice posted without a nonce, once with enforceNonce', async () => {
    const { general } = await world();
    const route = 'POST /channels/:channel/messages';
    const c = await login();
    const channel = await c.channels.fetch(general);
    if (!channel?.isSendable()) throw new Error('not sendable');
    fake.inject({ route, fault: { kind: 'drop', when: 'after', reset: true } });
    await channel.send('no nonce');
    fake.inject({ route, fault: { kind: 'drop', when: 'after', reset: true } });
    await channel.send({ content: 'with nonce', nonce: 'outbox-1', enforceNonce: true });
    expect(fake.botMessagesIn(general).map((m) => m.content)).toEqual(['no nonce', 'no nonce', 'with nonce']);
  });

  it('does not repeat a request whose connection was closed without an answer: the caller gets the error', async () => {
    const { general } = await world();
    const c = await login();
    const channel = await c.channels.fetch(general);
    if (!channel?.isSendable()) throw new Error('not sendable');
    fake.inject({ route: 'POST /channels/:channel/messages', fault: { kind: 'drop', when: 'after' } });
    await expect(channel.send('maybe delivered')).rejects.toThrow(/other side closed|socket/i);
    expect(fake.botMessagesIn(general).map((m) => m.content)).toEqual(['maybe delivered']);
  });
});

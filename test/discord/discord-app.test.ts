/**
 * The pieces together, in-process: the real app behind the Discord adapter's event path, the real
 * discord.js client logged in to the fake Discord. A DM is answered and registers a Discord
 * identity; server chatter gets nothing and a mention does; a button press and a slash command are
 * acknowledged within Discord's 3 seconds and answered.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIUser } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { systemClock } from '../../src/core/clock.js';
import type { Ports } from '../../src/core/message.js';
import { seededRng } from '../../src/core/rng.js';
import type { Store } from '../../src/db/store.js';
import { openTestStore, rowsOf } from '../pg/app-store.js';
import { connectDiscord, type DiscordConnection } from '../../src/adapters/discord/discord.client.js';
import { registerCommands, slashCommands } from '../../src/adapters/discord/discord.commands.js';
import { createDiscordAdapter, type DiscordAdapter } from '../../src/adapters/discord/discord.js';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord-api.js';
import { memoryLogger, testConfig } from '../harness.js';
import { until } from '../until.js';
import { addGrant } from '../../src/features/access/access.repo.js';
import { insertTicket } from '../../src/features/tickets/tickets.repo.js';

let fake: FakeDiscord;
let store: Store;
let rows: (sql: string) => unknown[];
let app: App;
let connection: DiscordConnection;
let adapter: DiscordAdapter;
let general: string;
let guildId: string;
let lihua: APIUser;
/** How far the fake Discord's clock is ahead (an interaction's token lives 15 minutes by it). */
let offset = 0;

beforeEach(async () => {
  offset = 0;
  fake = await startFakeDiscord({ rateLimits: { messageCreate: { limit: 5, windowMs: 200 } }, now: () => Date.now() + offset });
  const { guild, channels } = fake.addGuild({ name: '一站 Campus', channels: ['general'] });
  general = channels[0]!.id;
  guildId = guild.id;
  lihua = fake.addUser({ username: 'lihua', globalName: '李华', guilds: [guild.id], locale: 'zh-CN' });
  const path = join(mkdtempSync(join(tmpdir(), 'yizhan-discord-app-')), 'bot.db');
  store = await openTestStore(path); // PostgreSQL under npm run test:pg
  rows = rowsOf(store, path);
  const ports: Ports = new Map();
  const log = memoryLogger([]);
  app = createApp({ config: testConfig(), db: store.db, store, clock: systemClock, rng: seededRng(7), log, ports, botUsername: (p) => (p === 'discord' ? 'yizhan' : undefined) });
  connection = await connectDiscord({ token: fake.token, apiRoot: fake.apiRoot });
  adapter = createDiscordAdapter({ connection, app, clock: systemClock, log, ports });
  await adapter.start();
});
afterEach(async () => {
  await adapter.stop();
  await connection.client.destroy();
  await app.router.idle();
  await fake.close();
  await store.close();
});


/** Waits until `n` outbox rows exist and none is waiting to be sent. */
async function waitForOutbox(n: number): Promise<void> {
  const settled = () => rows(`select 1 from outbox where status not in ('pending', 'sending')`).length;
  await until(() => settled() >= n && settled() === rows('select 1 from outbox').length, 10_000, () => fake.dump());
}

describe('the Discord event path', () => {
  it('answers a DM in the DM and registers the Discord identity with its DM channel', async () => {
    fake.userSends({ from: lihua, content: '/start' });
    const dm = fake.dmChannelId(lihua.id);
    await fake.waitFor((r) => r.kind === 'create' && r.channelId === dm, 10_000);
    expect(rows(`select platform, platform_user_id as user, private_chat_id as chat from identities`)).toEqual([{ platform: 'discord', user: lihua.id, chat: dm }]);
  });

  it('gives server chatter nothing and answers a mention there', async () => {
    fake.userSends({ from: lihua, channel: general, content: '今天食堂人好多' });
    fake.userSends({ from: lihua, channel: general, content: '/help', mention: true });
    const answer = await fake.waitFor((r) => r.kind === 'create' && r.channelId === general, 10_000);
    expect(answer.message?.content).toContain('/repair');
    await app.router.idle();
    expect(fake.botMessagesIn(general)).toHaveLength(1);
  });

  it('a button press is acknowledged in time and handled (/lang → English)', async () => {
    fake.userSends({ from: lihua, content: '/lang' });
    const dm = fake.dmChannelId(lihua.id);
    const offer = await fake.waitFor((r) => r.kind === 'create' && r.channelId === dm && !!r.message?.components?.length, 10_000);
    const press = fake.userClicks({ from: lihua, message: offer.message!, label: 'English' });
    await fake.waitUntil(() => (fake.interaction(press.id).callbacks.length ? true : undefined), 10_000);
    expect(fake.interaction(press.id).callbacks.map((c) => c.status)).toEqual([200]);
    await app.router.idle();
    expect(rows(`select locale from members`)).toEqual([{ locale: 'en' }]);
  });

  it('a ticket option autocompletes with the tickets the caller may name: a student their own only, staff their department\'s', async () => {
    await registerCommands(connection.rest, connection.applicationId, slashCommands(app.router.commands, 'zh-CN', testConfig().departments), { guildIds: [guildId] });
    const zhang = fake.addUser({ username: 'zhang', globalName: '张三', guilds: [guildId], locale: 'zh-CN' });
    const wang = fake.addUser({ username: 'wang', globalName: '王师傅', guilds: [guildId], locale: 'zh-CN' });
    for (const u of [lihua, zhang, wang]) fake.userSends({ from: u, content: '/start' });
    await until(() => rows('select 1 from identities').length === 3, 10_000);
    const memberOf = (u: APIUser) => (rows(`select member_id as id from identities where platform_user_id = '${u.id}'`)[0] as { id: number }).id;
    const now = new Date();
    const ticket = async (reporter: APIUser, departmentId: string, description: string) => (await app.units.atomic((q) => insertTicket(q, {
      kind: 'repair', category: 'facilities', departmentId, description, reporterId: memberOf(reporter), alias: 'x', firstResponseDue: now, resolutionDue: now, createdAt: now, updatedAt: now,
    }))).id;
    const mine = await ticket(lihua, 'logistics', '3号楼201 热水器坏了');
    const theirs = await ticket(zhang, 'logistics', '5号楼 门锁坏了');
    const otherDept = await ticket(zhang, 'student_affairs', '宿舍分配问题');
    await app.units.atomic((q) => addGrant(q, memberOf(wang), { role: 'staff', scope: 'logistics' }, null, now));
    const offered = async (from: APIUser, name: string, typed = '') => {
      const ask = fake.userAutocompletes({ from, channel: general, name, option: 'ticket', typed });
      return (await fake.waitUntil(() => fake.interaction(ask.id).choices, 10_000)).map((c) => c.value);
    };
    expect(await offered(lihua, 'status')).toEqual([`T-${mine}`]);
    expect(await offered(zhang, 'cancel')).toEqual([`T-${otherDept}`, `T-${theirs}`]);
    expect(await offered(wang, 'claim')).toEqual([`T-${mine}`, `T-${theirs}`].sort()); // the logistics queue, never student_affairs'
    expect(await offered(lihua, 'claim', `T-${theirs}`)).toEqual([]); // typing another's id offers nothing
    expect(await offered(wang, 'claim', '门锁')).toEqual([`T-${theirs}`]);
    expect(rows('select 1 from discord_inbox')).toHaveLength(3); // the /start DMs: autocompletes are not stored
  });

  it('a private answer to a slash command in a server channel is ephemeral, in the member\'s language: nothing in the channel, nothing in the DM', async () => {
    await registerCommands(connection.rest, connection.applicationId, slashCommands(app.router.commands, 'zh-CN'), { guildIds: [guildId] });
    const run = fake.userRunsCommand({ from: lihua, channel: general, name: 'whoami', locale: 'en-US' });
    const answer = await fake.waitFor((r) => r.kind === 'followup' && r.interactionId === run.id && /^李华 \(member #1\)/.test(r.message?.content ?? ''), 10_000);
    expect(answer.message?.content).toMatch(/^李华 \(member #1\)\nRoles: student\nLanguage: English/);
    expect(answer.message?.flags).toBe(64);
    // Acknowledged in time with a "thinking…" only the member sees, taken back once the answers are there.
    expect(fake.interaction(run.id).callbacks.map((c) => [c.type, c.status])).toEqual([[5, 200]]);
    const thinking = fake.sent.find((r) => r.kind === 'callback' && r.interactionId === run.id);
    expect(thinking?.message?.flags).toBe(64 | 128);
    await waitForOutbox(2);
    expect(fake.ephemeralIn(general).map((m) => m.content)).toEqual([answer.message?.content, "That's not for this group, so I've answered you privately."]);
    expect(fake.botMessagesIn(general)).toEqual([]);
    expect(fake.sent.filter((r) => r.kind === 'create')).toEqual([]); // no DM either
    expect(rows(`select chat_kind as kind, status from outbox order by id`)).toEqual([{ kind: 'private', status: 'sent' }, { kind: 'group', status: 'sent' }]);
  });

  it('a private answer whose interaction expired before it could be sent goes to the DM, the channel reads the pointer', async () => {
    await registerCommands(connection.rest, connection.applicationId, slashCommands(app.router.commands, 'zh-CN'), { guildIds: [guildId] });
    fake.userRunsCommand({ from: lihua, channel: general, name: 'whoami', locale: 'en-US' });
    offset = 16 * 60_000; // the interaction is answered too late: its token works no more
    const dm = fake.dmChannelId(lihua.id);
    await waitForOutbox(2);
    expect(fake.botMessagesIn(dm).map((m) => m.content)).toEqual([expect.stringMatching(/^李华 \(member #1\)\nRoles: student/)]);
    expect(fake.botMessagesIn(general).map((m) => m.content)).toEqual(["That's not for this group, so I've answered you privately."]);
    expect(fake.ephemeralIn(general)).toEqual([]);
  });

  it('a private answer stays ephemeral when the member\'s DMs are closed: the DM is not even tried', async () => {
    await registerCommands(connection.rest, connection.applicationId, slashCommands(app.router.commands, 'zh-CN'), { guildIds: [guildId] });
    fake.setDmsClosed(lihua.id);
    const run = fake.userRunsCommand({ from: lihua, channel: general, name: 'mytickets', locale: 'en-US' });
    await waitForOutbox(2);
    expect(fake.sent.filter((r) => r.interactionId === run.id && r.kind === 'followup').map((r) => r.message?.flags)).toEqual([64, 64]);
    expect(fake.botMessagesIn(general)).toEqual([]);
    expect(fake.requests.filter((r) => r.invalid)).toEqual([]);
  });

  it('a request started in a server channel continues in the DM; with DMs closed, ephemerally: the details never reach the channel', async () => {
    await registerCommands(connection.rest, connection.applicationId, slashCommands(app.router.commands, 'zh-CN'), { guildIds: [guildId] });
    fake.setDmsClosed(lihua.id);
    const run = fake.userRunsCommand({ from: lihua, channel: general, name: 'repair', options: { text: '3号楼201 热水器坏了' }, locale: 'en-US' });
    const prompt = await fake.waitFor((r) => r.kind === 'followup' && r.interactionId === run.id, 10_000);
    expect(prompt.message?.flags).toBe(64);
    expect(prompt.message?.content).toContain('热水器');
    await waitForOutbox(2);
    // The channel reads the pointer (the request goes on privately), never what was asked.
    expect(fake.botMessagesIn(general).map((m) => m.content)).toEqual(["I've sent you a private message; let's continue there so the details stay out of the group."]);
    expect(rows(`select chat_kind as kind, status from outbox order by id`)).toEqual([{ kind: 'private', status: 'sent' }, { kind: 'group', status: 'sent' }]);
  });

  it('a request started in a server channel continues in the DM when DMs are open', async () => {
    await registerCommands(connection.rest, connection.applicationId, slashCommands(app.router.commands, 'zh-CN'), { guildIds: [guildId] });
    fake.userRunsCommand({ from: lihua, channel: general, name: 'repair', options: { text: '3号楼201 热水器坏了' }, locale: 'en-US' });
    const dm = fake.dmChannelId(lihua.id);
    await fake.waitFor((r) => r.kind === 'create' && r.channelId === dm, 10_000);
    await waitForOutbox(2);
    expect(fake.ephemeralIn(general)).toEqual([]);
    expect(fake.sent.filter((r) => r.kind === 'followup')).toEqual([]);
  });
});

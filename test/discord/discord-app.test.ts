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
import { closeDb, openDb, type Db } from '../../src/db/client.js';
import { connectDiscord, type DiscordConnection } from '../../src/adapters/discord/discord.client.js';
import { registerCommands, slashCommands } from '../../src/adapters/discord/discord.commands.js';
import { createDiscordAdapter, type DiscordAdapter } from '../../src/adapters/discord/discord.js';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord-api.js';
import { memoryLogger, testConfig } from '../harness.js';

let fake: FakeDiscord;
let db: Db;
let app: App;
let connection: DiscordConnection;
let adapter: DiscordAdapter;
let general: string;
let guildId: string;
let lihua: APIUser;

beforeEach(async () => {
  fake = await startFakeDiscord({ rateLimits: { messageCreate: { limit: 5, windowMs: 200 } } });
  const { guild, channels } = fake.addGuild({ name: '一站 Campus', channels: ['general'] });
  general = channels[0]!.id;
  guildId = guild.id;
  lihua = fake.addUser({ username: 'lihua', globalName: '李华', guilds: [guild.id], locale: 'zh-CN' });
  db = openDb(join(mkdtempSync(join(tmpdir(), 'yizhan-discord-app-')), 'bot.db'));
  const ports: Ports = new Map();
  const log = memoryLogger([]);
  app = createApp({ config: testConfig(), db, clock: systemClock, rng: seededRng(7), log, ports, botUsername: (p) => (p === 'discord' ? 'yizhan' : undefined) });
  connection = await connectDiscord({ token: fake.token, apiRoot: fake.apiRoot });
  adapter = createDiscordAdapter({ connection, app, db, clock: systemClock, log, ports });
  await adapter.start();
});
afterEach(async () => {
  await adapter.stop();
  await connection.client.destroy();
  await app.router.idle();
  await fake.close();
  closeDb(db);
});

const rows = (sql: string): unknown[] => db.$client.prepare(sql).all();

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

  it('a slash command is acknowledged in time; a private answer goes to the DM in the member\'s language, the server reads a pointer', async () => {
    await registerCommands(connection.rest, connection.applicationId, slashCommands(app.router.commands, 'zh-CN'), { guildIds: [guildId] });
    const dm = fake.dmChannelId(lihua.id);
    fake.userSends({ from: lihua, content: '/start' });
    await fake.waitFor((r) => r.kind === 'create' && r.channelId === dm, 10_000);
    const run = fake.userRunsCommand({ from: lihua, channel: general, name: 'whoami', locale: 'en-US' });
    // Today the core does not say which reply answers the interaction: it is acknowledged (5) and its "thinking…" taken back.
    await fake.waitFor((r) => r.kind === 'deleteOriginal' && r.interactionId === run.id, 10_000);
    expect(fake.interaction(run.id).callbacks.map((c) => [c.type, c.status])).toEqual([[5, 200]]);
    // The answer is an outbox row, sent once the command's unit committed: it may land after the acknowledgement.
    await fake.waitFor((r) => r.kind === 'create' && r.channelId === dm && /^李华 \(member #1\)/.test(fake.botMessagesIn(dm).at(-1)?.content ?? ''), 10_000);
    expect(fake.botMessagesIn(dm).at(-1)?.content).toMatch(/^李华 \(member #1\)\nRoles: student\nLanguage: English/);
    expect(fake.botMessagesIn(general).map((m) => m.content)).toEqual(["That's not for this group, so I've answered you privately."]);
  });
});

/**
 * The FAQ on Discord, through the real discord.js client and the fake Discord: a question in a DM is
 * answered with its buttons (a press on "this helped" is acknowledged and counted once), and an
 * @mention in a server channel is answered in the channel (FAQ answers are public).
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
import { createDiscordAdapter, type DiscordAdapter } from '../../src/adapters/discord/discord.js';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord-api.js';
import { memoryLogger, testConfig } from '../harness.js';

let fake: FakeDiscord;
let db: Db;
let app: App;
let connection: DiscordConnection;
let adapter: DiscordAdapter;
let general: string;
let lihua: APIUser;
let amy: APIUser;

beforeEach(async () => {
  fake = await startFakeDiscord();
  const { guild, channels } = fake.addGuild({ name: '一站 Campus', channels: ['general'] });
  general = channels[0]!.id;
  lihua = fake.addUser({ username: 'lihua', globalName: '李华', guilds: [guild.id], locale: 'zh-CN' });
  amy = fake.addUser({ username: 'amy', globalName: 'Amy', guilds: [guild.id], locale: 'en-US' });
  db = openDb(join(mkdtempSync(join(tmpdir(), 'yizhan-discord-faq-')), 'bot.db'));
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

describe('the FAQ on Discord', () => {
  it('answers a question in a DM with its buttons, and counts "this helped" once for two presses', async () => {
    fake.userSends({ from: lihua, content: '图书馆几点关门' });
    const dm = fake.dmChannelId(lihua.id);
    const answer = await fake.waitFor((r) => r.kind === 'create' && r.channelId === dm && !!r.message?.components?.length, 10_000);
    expect(answer.message!.content).toContain('图书馆主馆每天 7:30–22:30 开放');
    const labels = JSON.stringify(answer.message!.components);
    expect(labels).toContain('这个有帮助');
    expect(labels).toContain('找老师问问');
    const first = fake.userClicks({ from: lihua, message: answer.message!, label: '这个有帮助' });
    await fake.waitUntil(() => (fake.interaction(first.id).callbacks.length ? true : undefined), 10_000);
    const second = fake.userClicks({ from: lihua, message: answer.message!, label: '这个有帮助' });
    await fake.waitUntil(() => (fake.interaction(second.id).callbacks.length ? true : undefined), 10_000);
    await app.router.idle();
    expect(db.$client.prepare(`select entry_id as id, helped from faq_asks`).all()).toEqual([{ id: 'library-hours', helped: 1 }]);
    expect(db.$client.prepare(`select count(*) as n from tickets`).get()).toEqual({ n: 0 });
  });

  it('answers an @mention in a server channel in the channel (in the channel\'s language, as every group answer), and nothing unaddressed', async () => {
    fake.userSends({ from: amy, channel: general, content: 'what time does the library close?' });
    fake.userSends({ from: amy, channel: general, content: 'what time does the library close?', mention: true });
    const answer = await fake.waitFor((r) => r.kind === 'create' && r.channelId === general, 10_000);
    expect(answer.message!.content).toContain('图书馆主馆每天 7:30–22:30 开放');
    await app.router.idle();
    expect(fake.botMessagesIn(general)).toHaveLength(1);
  });
});

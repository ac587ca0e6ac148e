/**
 * The real app behind the Discord adapter, in-process, with the real discord.js client logged in to
 * a fresh fake Discord: one server with a #general channel (and any `channels` asked for), 李华
 * (zh-CN), Amy (en-US) and an admin of the campus (管理员, named in YIZHAN_ADMINS) in it.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIUser } from 'discord.js';
import { createApp, type App } from '../../src/app.js';
import { systemClock } from '../../src/core/clock.js';
import type { Ports } from '../../src/core/message.js';
import { seededRng } from '../../src/core/rng.js';
import type { Db } from '../../src/db/client.js';
import { openTestStore, rowsOf } from '../pg/app-store.js';
import { connectDiscord } from '../../src/adapters/discord/discord.client.js';
import { registerCommands, slashCommands } from '../../src/adapters/discord/discord.commands.js';
import { createDiscordAdapter } from '../../src/adapters/discord/discord.js';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord-api.js';
import { memoryLogger, testConfig } from '../harness.js';

export interface DiscordCampus {
  fake: FakeDiscord;
  db: Db;
  app: App;
  general: string;
  /** The server's other channels, by the names asked for. */
  channels: Record<string, string>;
  lihua: APIUser;
  amy: APIUser;
  admin: APIUser;
  /** Registers the slash commands in the server, as the platform does at start. */
  registerCommands(): Promise<void>;
  /** Rows of a query on the bot's database. */
  rows(sql: string): unknown[];
  stop(): Promise<void>;
}

export async function startDiscordCampus(opts: { channels?: string[] } = {}): Promise<DiscordCampus> {
  const fake = await startFakeDiscord();
  const { guild, channels } = fake.addGuild({ name: '一站 Campus', channels: ['general', ...(opts.channels ?? [])] });
  const lihua = fake.addUser({ username: 'lihua', globalName: '李华', guilds: [guild.id], locale: 'zh-CN' });
  const amy = fake.addUser({ username: 'amy', globalName: 'Amy', guilds: [guild.id], locale: 'en-US' });
  const admin = fake.addUser({ username: 'campus_admin', globalName: '管理员', guilds: [guild.id], locale: 'zh-CN' });
  const path = join(mkdtempSync(join(tmpdir(), 'yizhan-discord-')), 'bot.db');
  const store = await openTestStore(path); // PostgreSQL under npm run test:pg
  const db = store.db;
  const rows = rowsOf(store, path);
  const ports: Ports = new Map();
  const log = memoryLogger([]);
  const config = testConfig({ YIZHAN_ADMINS: `discord:${admin.id}` });
  const app = createApp({ config, db, store, clock: systemClock, rng: seededRng(7), log, ports, botUsername: (p) => (p === 'discord' ? 'yizhan' : undefined) });
  const connection = await connectDiscord({ token: fake.token, apiRoot: fake.apiRoot });
  const adapter = createDiscordAdapter({ connection, app, clock: systemClock, log, ports, defaultLocale: config.campus.default_locale });
  await adapter.start();
  return {
    fake, db, app, general: channels[0]!.id, lihua, amy, admin,
    channels: Object.fromEntries(channels.map((c) => [c.name, c.id])),
    registerCommands: () => registerCommands(connection.rest, connection.applicationId, slashCommands(app.router.commands, 'zh-CN', config.departments), { guildIds: [guild.id] }),
    rows: (sql) => rows(sql),
    async stop() {
      await adapter.stop();
      await connection.client.destroy();
      await app.router.idle();
      await fake.close();
      await store.close();
    },
  };
}

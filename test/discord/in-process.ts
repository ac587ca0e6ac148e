/**
 * The real app behind the Discord adapter, in-process, with the real discord.js client logged in to
 * a fresh fake Discord: one server with a #general channel, 李华 (zh-CN) and Amy (en-US) in it.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIUser } from 'discord.js';
import { createApp, type App } from '../../src/app.js';
import { systemClock } from '../../src/core/clock.js';
import type { Ports } from '../../src/core/message.js';
import { seededRng } from '../../src/core/rng.js';
import { closeDb, openDb, type Db } from '../../src/db/client.js';
import { connectDiscord } from '../../src/adapters/discord/discord.client.js';
import { createDiscordAdapter } from '../../src/adapters/discord/discord.js';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord-api.js';
import { memoryLogger, testConfig } from '../harness.js';

export interface DiscordCampus {
  fake: FakeDiscord;
  db: Db;
  app: App;
  general: string;
  lihua: APIUser;
  amy: APIUser;
  /** Rows of a query on the bot's database. */
  rows(sql: string): unknown[];
  stop(): Promise<void>;
}

export async function startDiscordCampus(): Promise<DiscordCampus> {
  const fake = await startFakeDiscord();
  const { guild, channels } = fake.addGuild({ name: '一站 Campus', channels: ['general'] });
  const lihua = fake.addUser({ username: 'lihua', globalName: '李华', guilds: [guild.id], locale: 'zh-CN' });
  const amy = fake.addUser({ username: 'amy', globalName: 'Amy', guilds: [guild.id], locale: 'en-US' });
  const db = openDb(join(mkdtempSync(join(tmpdir(), 'yizhan-discord-')), 'bot.db'));
  const ports: Ports = new Map();
  const log = memoryLogger([]);
  const app = createApp({ config: testConfig(), db, clock: systemClock, rng: seededRng(7), log, ports, botUsername: (p) => (p === 'discord' ? 'yizhan' : undefined) });
  const connection = await connectDiscord({ token: fake.token, apiRoot: fake.apiRoot });
  const adapter = createDiscordAdapter({ connection, app, db, clock: systemClock, log, ports });
  await adapter.start();
  return {
    fake, db, app, general: channels[0]!.id, lihua, amy,
    rows: (sql) => db.$client.prepare(sql).all(),
    async stop() {
      await adapter.stop();
      await connection.client.destroy();
      await app.router.idle();
      await fake.close();
      closeDb(db);
    },
  };
}

/**
 * A survey to 300 Discord members through the outbox and the real Discord port (discord.js against
 * the fake Discord, in-process). They were first met in a server channel, so the bot opens each DM
 * itself (`dm:<user id>`). A tenth of them closed DMs from server members: Discord refuses with
 * 50007, once each; they are marked unreachable and never tried again. Everyone else gets exactly one
 * invitation: none lost, none twice.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIUser } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import type { Incoming, Ports } from '../../src/core/message.js';
import { seededRng } from '../../src/core/rng.js';
import type { Store } from '../../src/db/store.js';
import { connectDiscord, type DiscordConnection } from '../../src/adapters/discord/discord.client.js';
import { createDiscordAdapter, type DiscordAdapter } from '../../src/adapters/discord/discord.js';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord-api.js';
import { campusMorningClock, memoryLogger } from '../harness.js';
import { WEEKLY, configWith } from '../survey-fixtures.js';
import { openTestStore, rowsOf } from '../pg/app-store.js';

let fake: FakeDiscord | undefined;
let store: Store | undefined;
let app: App | undefined;
let connection: DiscordConnection | undefined;
let adapter: DiscordAdapter | undefined;

afterEach(async () => {
  await adapter?.stop();
  await connection?.client.destroy();
  await app?.scheduler.stop();
  await fake?.close();
  await store?.close();
  fake = store = app = connection = adapter = undefined;
});

/** A message `u` wrote in a server channel, as the router registers its sender. */
const inServer = (u: APIUser, channel: string): Incoming => ({
  chat: { platform: 'discord', id: channel, kind: 'group' },
  sender: { id: u.id, name: u.username, username: u.username, privateChatId: `dm:${u.id}` },
  text: '',
});

describe('a survey fan-out on Discord', () => {
  it('reaches 300 members in DMs the bot opens: closed DMs are tried once and marked unreachable, nobody is lost or sent twice', { timeout: 120_000 }, async () => {
    fake = await startFakeDiscord({ rateLimits: { dmCreate: { limit: 1000, windowMs: 1000 } } });
    const { guild, channels } = fake.addGuild({ name: '一站 Campus', channels: ['general'] });
    const users = Array.from({ length: 300 }, (_, i) => fake!.addUser({ username: `s${i}`, guilds: [guild.id], locale: 'zh-CN' }));
    const closed = users.filter((_, i) => i % 10 === 3);
    for (const u of closed) fake.setDmsClosed(u.id);
    // 10:00 campus time whenever the test runs: at night the quiet hours would rightly hold the invitations back.
    const clock = campusMorningClock();
    const path = join(mkdtempSync(join(tmpdir(), 'yizhan-discord-fanout-')), 'bot.db');
    store = await openTestStore(path); // PostgreSQL under npm run test:pg
    const ports: Ports = new Map();
    const log = memoryLogger([]);
    app = createApp({ config: configWith({ ...WEEKLY, id: 'manual', schedule: undefined }), db: store.db, store, clock, rng: seededRng(3), log, ports });
    connection = await connectDiscord({ token: fake.token, apiRoot: fake.apiRoot });
    adapter = createDiscordAdapter({ connection, app, clock, log, ports });
    await adapter.start();
    await app.units.run(async () => {
      for (const u of users) await app!.members.identify(inServer(u, channels[0]!.id), clock.now());
    });

    await app.surveys.start('manual', null, clock.now());
    await app.scheduler.runDue(); // the outbox sends every invitation it may, paced for Discord

    const rows = rowsOf(store, path);
    expect(rows(`select status, count(*) as n from outbox where kind = 'survey.invite' group by status order by status`))
      .toEqual([{ status: 'sent', n: 270 }, { status: 'unreachable', n: 30 }]);
    expect(rows(`select count(*) as n from identities where platform = 'discord' and reachable = false`)).toEqual([{ n: 30 }]);
    expect(fake.rateViolations).toEqual([]); // 20 messages a second, each with its DM opening: Discord's 50 requests a second never met
    const createsIn = (u: APIUser) => fake!.requestsTo('POST /channels/:channel/messages').filter((r) => r.path === `/channels/${fake!.dmChannelId(u.id)}/messages`);
    for (const u of users) {
      const shut = closed.includes(u);
      expect(createsIn(u).map((r) => r.status)).toEqual([shut ? 403 : 200]); // one call each: no retry, no second copy
      expect(fake.botMessagesIn(fake.dmChannelId(u.id))).toHaveLength(shut ? 0 : 1);
    }
    expect(fake.invalidRequests).toBe(30); // far below Discord's 10,000 per 10 minutes
  });
});

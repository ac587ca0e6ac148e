/**
 * Announcements on Discord (issue 17 point 6), through the real discord.js client and the fake
 * Discord, in-process: /announce is a slash command with typed options (audience, text, a
 * "privately" switch, a time, an urgent reason). Staff of academic affairs in their bound staff
 * channel announce to every student privately: the preview with its count only they see, the
 * Send button, then the bound class channel and each student's DM; three students closed their
 * DMs (50007): tried once, counted unreachable, never again; the receipt in the sender's DM. A rep
 * announces in their class channel, to it only.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIMessage, APIUser } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import type { ShiftedClock } from '../../src/core/clock.js';
import type { Incoming, Ports } from '../../src/core/message.js';
import { seededRng } from '../../src/core/rng.js';
import type { Store } from '../../src/db/store.js';
import { openTestStore, rowsOf } from '../pg/app-store.js';
import { connectDiscord, type DiscordConnection } from '../../src/adapters/discord/discord.client.js';
import { registerCommands, slashCommands } from '../../src/adapters/discord/discord.commands.js';
import { createDiscordAdapter, type DiscordAdapter } from '../../src/adapters/discord/discord.js';
import { addGrant } from '../../src/features/access/access.repo.js';
import type { InteractionState } from '../fakes/discord-api.js';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord-api.js';
import { campusMorningClock, memoryLogger, testConfig } from '../harness.js';
import { until } from '../until.js';

let fake: FakeDiscord;
let store: Store;
let rows: (sql: string) => unknown[];
let app: App;
let connection: DiscordConnection;
let adapter: DiscordAdapter;
let clock: ShiftedClock;
let admin: APIUser;
let ch: { general: string; academic: string; class: string };
let guildId: string;

const memberOf = (u: APIUser) => (rows(`select member_id as id from identities where platform = 'discord' and platform_user_id = '${u.id}'`)[0] as { id: number }).id;

/** `u` speaking in a server channel, as the router registers them (a bound class channel makes them its members). */
const inServer = (u: APIUser, channel: string): Incoming => ({
  chat: { platform: 'discord', id: channel, kind: 'group' },
  sender: { id: u.id, name: u.global_name ?? u.username, username: u.username, privateChatId: `dm:${u.id}` },
  text: '',
});

beforeEach(async () => {
  fake = await startFakeDiscord({ rateLimits: { dmCreate: { limit: 1000, windowMs: 1000 } } });
  const { guild, channels } = fake.addGuild({ name: '一站 Campus', channels: ['general', 'academic', 'class-2301'] });
  ch = { general: channels[0]!.id, academic: channels[1]!.id, class: channels[2]!.id };
  guildId = guild.id;
  admin = fake.addUser({ username: 'campus_admin', globalName: '管理员', guilds: [guild.id], locale: 'zh-CN' });
  const path = join(mkdtempSync(join(tmpdir(), 'yizhan-discord-announce-')), 'bot.db');
  store = await openTestStore(path); // PostgreSQL under npm run test:pg
  rows = rowsOf(store, path);
  clock = campusMorningClock(); // whenever the test runs: no quiet hours in the way
  const ports: Ports = new Map();
  const log = memoryLogger([]);
  const config = testConfig({ YIZHAN_ADMINS: `discord:${admin.id}` });
  app = createApp({ config, db: store.db, store, clock, rng: seededRng(5), log, ports, botUsername: (p) => (p === 'discord' ? 'yizhan' : undefined) });
  connection = await connectDiscord({ token: fake.token, apiRoot: fake.apiRoot });
  adapter = createDiscordAdapter({ connection, app, clock, log, ports });
  await adapter.start();
  await registerCommands(connection.rest, connection.applicationId, slashCommands(app.router.commands, 'zh-CN', config.departments), { guildIds: [guild.id] });
  await bind(ch.academic, 'staff academic_affairs', /教务处/);
  await bind(ch.class, 'class class-2301', /class-2301/);
});
afterEach(async () => {
  await adapter.stop();
  await connection.client.destroy();
  await app.scheduler.stop();
  await app.router.idle();
  await fake.close();
  await store.close();
});

/** `/bind` with its typed options ("staff academic_affairs": as staff, that department; "class class-2301"). */
async function bind(channel: string, text: string, answer: RegExp): Promise<void> {
  const [as = '', scope = ''] = text.split(' ');
  fake.userRunsCommand({ from: admin, channel, name: 'bind', options: { as, ...(as === 'staff' ? { department: scope } : as === 'class' ? { class: scope } : {}) } });
  await fake.waitUntil(() => fake.botMessagesIn(channel).find((m) => answer.test(m.content)), 10_000);
}

/** People of the server the bot knows: each has spoken in the class channel (students) or somewhere (staff). */
async function meet(users: APIUser[], channel: string): Promise<void> {
  await app.units.run(async () => {
    for (const u of users) await app.members.identify(inServer(u, channel), clock.now());
  });
}

/** The first private answer (ephemeral follow-up) to an interaction that matches `text`. */
const privately = (run: InteractionState, text: RegExp): Promise<APIMessage> =>
  fake.waitUntil(() => fake.ephemeralIn(run.channelId).find((m) => text.test(m.content) && fake.sent.some((r) => r.interactionId === run.id && r.message?.id === m.id)), 10_000);

/** A refusal: said where the command was run, as every refusal of a command in a group (test/permissions: "refused here"). */
const inChannel = (channel: string, text: RegExp): Promise<APIMessage> =>
  fake.waitUntil(() => fake.botMessagesIn(channel).find((m) => text.test(m.content)), 10_000);

/** Waits until the outbox holds no row still to be sent. */
const settled = () => until(() => rows(`select 1 from outbox where status in ('pending', 'sending')`).length === 0, 20_000, () => JSON.stringify(rows('select kind, status, chat_id from outbox')));

describe('announcements on Discord', () => {
  it('staff in their bound staff channel reach every student privately and the class channel: closed DMs counted unreachable, tried once; the receipt in their DM', { timeout: 60_000 }, async () => {
    const students = Array.from({ length: 10 }, (_, i) => fake.addUser({ username: `s${i}`, globalName: `同学${i}`, guilds: [guildId], locale: 'zh-CN' }));
    const closed = students.filter((_, i) => i % 3 === 1); // 3 of them
    for (const u of closed) fake.setDmsClosed(u.id);
    const sun = fake.addUser({ username: 'sun', globalName: '孙老师', guilds: [guildId], locale: 'zh-CN' });
    await meet(students, ch.class);
    await meet([sun], ch.academic);
    await app.units.atomic((q) => addGrant(q, memberOf(sun), { role: 'staff', scope: 'academic_affairs' }, null, clock.now()));

    fake.userRunsCommand({ from: sun, channel: ch.academic, name: 'announce', options: { audience: 'building:3号楼', text: '停水' } });
    await inChannel(ch.academic, /^你只能给这些对象发通知：dept:academic\\_affairs、students、group:班级（任一班级群）。$/);
    const run = fake.userRunsCommand({ from: sun, channel: ch.academic, name: 'announce', options: { audience: 'students', text: '下学期选课下周一 9:00 开始。', private: true } });
    const preview = await privately(run, /^📣 通知预览/);
    expect(preview.content).toBe('📣 通知预览（发给全体学生：1 个群 + 10 人私信，立即发送）：\n\n下学期选课下周一 9:00 开始。\n\n确认发送吗？');
    expect(fake.botMessagesIn(ch.academic).filter((m) => m.content.includes('选课'))).toEqual([]); // the preview is the sender's alone
    fake.userClicks({ from: sun, message: preview, label: '确认发送' });
    await until(() => rows(`select 1 from outbox where dedupe_key like 'announce:1:%'`).length === 11, 10_000);
    await settled();

    const announcement = '📣 通知 · 教务处\n\n下学期选课下周一 9:00 开始。';
    expect(fake.botMessagesIn(ch.class).map((m) => m.content)).toContain(announcement);
    for (const u of students) {
      const shut = closed.includes(u);
      expect(fake.botMessagesIn(fake.dmChannelId(u.id)).map((m) => m.content)).toEqual(shut ? [] : [announcement]);
      const tries = fake.requestsTo('POST /channels/:channel/messages').filter((r) => r.path === `/channels/${fake.dmChannelId(u.id)}/messages`);
      expect(tries.map((r) => r.status)).toEqual([shut ? 403 : 200]); // one call each: no retry, no second copy
    }
    expect(rows(`select status, count(*) as n from outbox where dedupe_key like 'announce:1:%' group by status order by status`))
      .toEqual([{ status: 'sent', n: 8 }, { status: 'unreachable', n: 3 }]);

    // Ten minutes on, the receipt: the class channel and 7 DMs delivered, 3 unreachable.
    clock.skip(11 * 60_000);
    await app.scheduler.runDue();
    const dm = fake.dmChannelId(sun.id);
    const receipt = await fake.waitUntil(() => fake.botMessagesIn(dm).find((m) => m.content.startsWith('📣 通知 #1 发送完成')), 10_000);
    expect(receipt.content).toBe('📣 通知 #1 发送完成：送达 8，联系不上 3。');
    await settled();
    for (const u of closed) expect(fake.requestsTo('POST /channels/:channel/messages').filter((r) => r.path === `/channels/${fake.dmChannelId(u.id)}/messages`)).toHaveLength(1);
    expect(rows(`select department, audience, status, groups, people from announcements`)).toEqual([
      { department: 'academic_affairs', audience: 'students', status: 'confirmed', groups: 1, people: 10 },
    ]);
  });

  it('a rep announces in their class channel to it alone, and is refused another class', { timeout: 60_000 }, async () => {
    const zhao = fake.addUser({ username: 'zhao', globalName: '赵班长', guilds: [guildId], locale: 'zh-CN' });
    const li = fake.addUser({ username: 'lihua', globalName: '李华', guilds: [guildId], locale: 'zh-CN' });
    await meet([zhao, li], ch.class);
    await app.units.atomic((q) => addGrant(q, memberOf(zhao), { role: 'rep', scope: 'class-2301' }, null, clock.now()));

    fake.userRunsCommand({ from: zhao, channel: ch.class, name: 'announce', options: { audience: 'group:class-2302', text: '班会' } });
    await inChannel(ch.class, /^你只能给这些对象发通知：group:class-2301。$/);
    const run = fake.userRunsCommand({ from: zhao, channel: ch.class, name: 'announce', options: { text: '周五班会改到 302。' } });
    const preview = await privately(run, /^📣 通知预览/);
    expect(preview.content).toBe('📣 通知预览（发给 class-2301：1 个群，立即发送）：\n\n周五班会改到 302。\n\n确认发送吗？');
    fake.userClicks({ from: zhao, message: preview, label: '确认发送' });
    const posted = await fake.waitUntil(() => fake.botMessagesIn(ch.class).find((m) => m.content.includes('周五班会')), 10_000);
    expect(posted.content).toBe('📣 通知 · class-2301\n\n周五班会改到 302。');
    await settled();
    expect(fake.botMessagesIn(fake.dmChannelId(li.id))).toEqual([]); // the channel only: not privately
    expect(fake.botMessagesIn(ch.general)).toEqual([]);
    expect(rows(`select audience, status, groups, people from announcements`)).toEqual([{ audience: 'group:class-2301', status: 'confirmed', groups: 1, people: 0 }]);
  });
});

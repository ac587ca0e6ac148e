/**
 * Several bot instances on one PostgreSQL with Discord (issue 18, point 5), in one test process
 * against one fake Discord: each instance is the real app with the Discord platform as the runner
 * wires it (discord.platform.ts `ledDiscord`, leases of a short TTL): only the holder of
 * `discord.gateway` connects to the gateway and stores what arrives, deferring interactions at
 * once; every instance handles from the inbox and answers through its own REST client; only the
 * holder of `outbox.sender` sends. A "crash" ends an instance without giving its leases up (its
 * gateway connection drops, as when the process is killed): another takes over once they ran out.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { connectDiscordRest } from '../../src/adapters/discord/discord.client.js';
import { ledDiscord } from '../../src/adapters/discord/discord.platform.js';
import { systemClock } from '../../src/core/clock.js';
import { leaderOf, sendWhileLeading, type Lead, type Leadership } from '../../src/core/leadership.js';
import type { Ports } from '../../src/core/message.js';
import { seededRng } from '../../src/core/rng.js';
import { openPg } from '../../src/db/pg/client.js';
import { pgStore } from '../../src/db/store.js';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord-api.js';
import { memoryLogger, testConfig } from '../harness.js';
import { until } from '../until.js';
import { freshPgDatabase } from './db.js';
import { pgQuerySync } from './query.js';

/** Short leases for the fail-over tests (15 s in production); long ones where nobody should take over even on a loaded machine. */
const TTL = 3000;
const LONG_TTL = 60_000;

interface Instance {
  name: string;
  app: App;
  logs: Record<string, unknown>[];
  platform: ReturnType<typeof ledDiscord>;
  /** Stops as SIGTERM does: the leases are given up. */
  stop(): Promise<void>;
  /** Stops as SIGKILL would: the gateway connection drops, nothing more is done, the leases run out. */
  crash(): Promise<void>;
  /** The database stops answering this instance (its pool closed): it keeps running, its leases are not renewed. */
  loseDatabase(): Promise<void>;
}

let fake: FakeDiscord | undefined;
let running: Instance[] = [];

afterEach(async () => {
  for (const i of running.splice(0)) await i.stop().catch(() => undefined);
  await fake?.close();
  fake = undefined;
});

/** A fresh database and a fake Discord with one server (#general), 李华 and Amy in it. */
async function world() {
  const url = await freshPgDatabase();
  fake = await startFakeDiscord();
  const { guild, channels } = fake.addGuild({ name: '一站 Campus', channels: ['general'] });
  const lihua = fake.addUser({ username: 'lihua', globalName: '李华', guilds: [guild.id], locale: 'zh-CN' });
  const amy = fake.addUser({ username: 'amy', globalName: 'Amy', guilds: [guild.id], locale: 'en-US' });
  // The instances share the data key beside this path, as instances of one deployment do.
  const keyPath = join(mkdtempSync(join(tmpdir(), 'yizhan-dinst-')), 'bot.db');
  return { url, general: channels[0]!.id, lihua, amy, keyPath, rows: <T = Record<string, unknown>>(sql: string) => pgQuerySync<T>(url, sql, []) };
}

/** One instance as the runner makes it on PostgreSQL: its own pool, leases, outbox sender and Discord platform. */
async function instance(name: string, w: { url: string; keyPath: string }, opts: { ttlMs?: number; sweepMs?: number } = {}): Promise<Instance> {
  const base = testConfig();
  const config = { ...base, discord: { ...base.discord, token: fake!.token, api_root: fake!.apiRoot, application_id: fake!.applicationId } };
  const logs: Record<string, unknown>[] = [];
  const log = memoryLogger(logs, 'debug');
  const store = pgStore(await openPg(w.url, { max: 4 }), w.keyPath);
  const ports: Ports = new Map();
  const app = createApp({ config, db: store.db, store, clock: systemClock, rng: seededRng(7), log, ports, botUsername: (p) => (p === 'discord' ? 'yizhan' : undefined) });
  const leaderships: Leadership[] = [];
  const leaderOfThis = leaderOf({ clock: systemClock, log, units: app.units, ttlMs: opts.ttlMs ?? TTL, holder: name });
  const lead: Lead = (role, work) => {
    const l = leaderOfThis(role, work);
    leaderships.push(l);
    return l;
  };
  const sending = sendWhileLeading(app.outbox, lead, { pollMs: 200 });
  const connection = await connectDiscordRest({ token: fake!.token, apiRoot: fake!.apiRoot, applicationId: fake!.applicationId });
  const platform = ledDiscord({ connection, config, app, clock: systemClock, log, ports, lead, sweepMs: opts.sweepMs ?? 200 });
  await sending.start();
  await platform.platform.start();
  let stopped = false;
  const end = async (release: boolean) => {
    if (stopped) return;
    stopped = true;
    running = running.filter((i) => i.name !== name);
    for (const l of leaderships) await l.stop({ release }); // a crash: the gateway drops, the leases stay until they run out
    await platform.platform.stop();
    await app.scheduler.stop();
    await app.router.idle();
    await closeStore();
  };
  let closing: Promise<void> | undefined;
  const closeStore = () => (closing ??= store.close());
  const i: Instance = { name, app, logs, platform, stop: () => end(true), crash: () => end(false), loseDatabase: closeStore };
  running.push(i);
  return i;
}

/** When an instance began and stopped leading `role`, from its log. */
function termsOf(i: Instance, role: string): { from: number; to: number }[] {
  const terms: { from: number; to: number }[] = [];
  for (const l of i.logs.filter((x) => x.role === role)) {
    if (l.msg === 'leading this role now') terms.push({ from: l.time as number, to: Infinity });
    else if (l.msg === 'no longer leading this role' && terms.length) terms.at(-1)!.to = l.time as number;
  }
  return terms;
}

const holderOf = (w: { rows: (sql: string) => Record<string, unknown>[] }, role: string) =>
  w.rows(`select holder from leases where name = '${role}'`)[0]?.holder;
const inboxStatus = (w: { rows: (sql: string) => Record<string, unknown>[] }) =>
  w.rows('select status, count(*)::int as n from discord_inbox group by status order by status');

/** The bot's messages in a channel whose text matches. */
const botSaid = (channel: string, text: RegExp) => fake!.botMessagesIn(channel).filter((m) => text.test(m.content));

describe('Discord with several instances on one PostgreSQL', () => {
  it('one gateway session between two instances; a DM, a slash command and a button are each handled once', async () => {
    const w = await world();
    const a = await instance('a', w, { ttlMs: LONG_TTL });
    const b = await instance('b', w, { ttlMs: LONG_TTL });
    await until(() => a.platform.gateway.live(), 10_000);
    expect([a.platform.gateway.leading(), b.platform.gateway.leading()]).toEqual([true, false]);
    expect(holderOf(w, 'discord.gateway')).toBe('a');
    expect(fake!.gateway.connected).toBe(1);
    expect(fake!.requestsTo('PUT /applications/:app/guilds/:guild/commands')).toHaveLength(1); // by the holder only

    const dm = fake!.dmChannelId(w.lihua.id);
    fake!.userSends({ from: w.lihua, content: '/lang' });
    const offer = await fake!.waitUntil(() => fake!.botMessagesIn(dm).find((m) => m.components?.length), 10_000);
    const press = fake!.userClicks({ from: w.lihua, message: offer, label: 'English' });
    const command = fake!.userRunsCommand({ from: w.amy, name: 'help', channel: w.general });
    await until(() => w.rows(`select locale from members where locale = 'en'`).length === 1 && botSaid(w.general, /\/repair/).length > 0, 15_000, () => fake!.dump());
    await until(() => inboxStatus(w).length === 1 && fake!.interaction(command.id).callbacks.length > 0, 10_000, () => JSON.stringify(inboxStatus(w)));
    await Promise.all([a, b].map((i) => i.platform.adapter.inbox.idle()));

    expect(inboxStatus(w)).toEqual([{ status: 'done', n: 3 }]);
    expect(fake!.botMessagesIn(dm).filter((m) => m.components?.length)).toHaveLength(1); // /lang answered once
    expect(botSaid(w.general, /\/repair/)).toHaveLength(1); // /help answered once
    expect(w.rows(`select count(*)::int as n from members`)).toEqual([{ n: 2 }]);
    // Each interaction acknowledged once, in time (the holder defers on receipt).
    for (const i of [press, command]) expect(fake!.interaction(i.id).callbacks.map((c) => c.status)).toEqual([200]);
    expect(fake!.gateway.peakConnected).toBe(1);
    expect(fake!.gateway.sessionStarts).toBe(1);
  }, 60_000);

  it('what the gateway\'s holder stores, another instance handles: the holder defers the command, the other answers it through REST', async () => {
    const w = await world();
    const a = await instance('a', w, { ttlMs: LONG_TTL });
    await until(() => a.platform.gateway.live(), 10_000);
    await a.platform.adapter.inbox.stop(); // a stores, and handles nothing
    const b = await instance('b', w, { ttlMs: LONG_TTL });
    const dm = fake!.dmChannelId(w.lihua.id);

    fake!.userSends({ from: w.lihua, content: '/start' });
    const command = fake!.userRunsCommand({ from: w.amy, name: 'help', channel: w.general });
    await until(() => fake!.botMessagesIn(dm).length === 1 && botSaid(w.general, /\/repair/).length === 1, 15_000, () => fake!.dump());
    await until(() => inboxStatus(w).length === 1 && inboxStatus(w)[0]!.status === 'done', 10_000, () => JSON.stringify(inboxStatus(w)));
    await b.platform.adapter.inbox.idle();

    expect(inboxStatus(w)).toEqual([{ status: 'done', n: 2 }]);
    // The command was deferred by a ("thinking…", within Discord's 3 seconds), and b took the unanswered "thinking…" back.
    expect(fake!.interaction(command.id).callbacks.map((c) => ({ type: c.type, status: c.status }))).toEqual([{ type: 5, status: 200 }]);
    await until(() => fake!.sent.some((r) => r.kind === 'deleteOriginal'), 5000, () => fake!.dump());
    expect(b.logs.some((l) => l.msg === 'leading this role now' && l.role === 'discord.gateway')).toBe(false);
    expect(fake!.gateway.peakConnected).toBe(1);
  }, 60_000);

  it('when the holder dies another instance connects within the TTL, catches up on the DM sent meanwhile and answers it once; never two sessions', async () => {
    const w = await world();
    const a = await instance('a', w);
    const b = await instance('b', w);
    await until(() => a.platform.gateway.live(), 10_000);
    const dm = fake!.dmChannelId(w.lihua.id);
    fake!.userSends({ from: w.lihua, content: '/start' });
    await fake!.waitUntil(() => fake!.botMessagesIn(dm)[0], 10_000);

    await a.crash();
    await until(() => fake!.gateway.connected === 0, 5000); // the connection dropped with the process
    fake!.userSends({ from: w.lihua, content: '/whoami' }); // nobody is connected: Discord keeps it in the history only
    // a's leases run out (the TTL), b's next ask (every TTL/3) takes them: b connects, catches up, handles and sends.
    // On a timeout: the fake's record and b's last log lines (where its take-over, login and catch-up stood).
    await until(() => b.platform.gateway.live() && fake!.botMessagesIn(dm).length === 2, TTL * 5, () => `${fake!.dump()}\n${b.logs.slice(-40).map((l) => JSON.stringify(l)).join('\n')}`);
    await until(() => inboxStatus(w).length === 1, 5000, () => JSON.stringify(inboxStatus(w)));
    await b.platform.adapter.inbox.idle();

    expect(fake!.botMessagesIn(dm)).toHaveLength(2); // /start and /whoami, each once
    expect(inboxStatus(w)).toEqual([{ status: 'done', n: 2 }]);
    expect(holderOf(w, 'discord.gateway')).toBe('b');
    expect(fake!.gateway.sessionStarts).toBeGreaterThanOrEqual(2); // a's, then b's (more if a loaded machine delayed a renewal)
    expect(fake!.gateway.peakConnected).toBe(1);
    const [aTerm] = termsOf(a, 'discord.gateway');
    const [bTerm] = termsOf(b, 'discord.gateway');
    expect(aTerm!.to).toBeLessThanOrEqual(bTerm!.from);
  }, 60_000);

  it('a holder that stops gives the gateway up: another connects at its next ask, and a button pressed then is handled once', async () => {
    const w = await world();
    const a = await instance('a', w);
    const b = await instance('b', w);
    await until(() => a.platform.gateway.live(), 10_000);
    const dm = fake!.dmChannelId(w.lihua.id);
    fake!.userSends({ from: w.lihua, content: '/lang' });
    const offer = await fake!.waitUntil(() => fake!.botMessagesIn(dm).find((m) => m.components?.length), 10_000);

    await a.stop(); // SIGTERM: the lease is given up at once
    await until(() => b.platform.gateway.live(), TTL * 2, () => JSON.stringify(b.logs.slice(-5)));
    const press = fake!.userClicks({ from: w.lihua, message: offer, label: 'English' });
    await until(() => w.rows(`select locale from members where locale = 'en'`).length === 1, 10_000, () => fake!.dump());
    await until(() => inboxStatus(w).length === 1, 5000, () => JSON.stringify(inboxStatus(w)));
    expect(inboxStatus(w)).toEqual([{ status: 'done', n: 2 }]);
    expect(fake!.interaction(press.id).callbacks.map((c) => c.status)).toEqual([200]);
    expect(fake!.gateway.peakConnected).toBe(1);
  }, 60_000);

  it('a holder the database stops answering disconnects before its lease runs out: the next one connects after it, never two sessions', async () => {
    const w = await world();
    const a = await instance('a', w);
    const b = await instance('b', w);
    await until(() => a.platform.gateway.live(), 10_000);

    await a.loseDatabase(); // a runs on, but cannot renew its lease
    await until(() => b.platform.gateway.live(), TTL * 5, () => JSON.stringify(b.logs.slice(-5)));
    const [aTerm] = termsOf(a, 'discord.gateway');
    const [bTerm] = termsOf(b, 'discord.gateway');
    expect(aTerm!.to).toBeLessThanOrEqual(bTerm!.from); // a stopped leading (and disconnected) first
    expect(a.logs.some((l) => l.msg === 'could not renew the lease; leading until it runs out' && l.role === 'discord.gateway')).toBe(true);
    expect(fake!.gateway.peakConnected).toBe(1);
    expect(fake!.gateway.connected).toBe(1);

    const dm = fake!.dmChannelId(w.lihua.id);
    fake!.userSends({ from: w.lihua, content: '/start' });
    await fake!.waitUntil(() => fake!.botMessagesIn(dm)[0], 10_000);
    await until(() => inboxStatus(w).length === 1, 5000, () => JSON.stringify(inboxStatus(w)));
    expect(inboxStatus(w)).toEqual([{ status: 'done', n: 1 }]);
    expect(fake!.botMessagesIn(dm)).toHaveLength(1);
  }, 60_000);

  it('a holder whose login fails tries again while it holds the lease, then connects and answers', async () => {
    const w = await world();
    fake!.inject({ route: 'GET /gateway/bot', times: 4, fault: { kind: 'serverError' } }); // discord.js's own three repeats fail too
    const a = await instance('a', w, { ttlMs: LONG_TTL });
    await until(() => a.platform.gateway.live(), 15_000, () => JSON.stringify(a.logs.slice(-5)));
    expect(a.logs.filter((l) => l.msg === 'discord: connecting to the gateway failed; trying again while holding its lease')).toHaveLength(1);
    expect(fake!.requestsTo('GET /gateway/bot').map((r) => r.status)).toEqual([500, 500, 500, 500, 200]);
    const dm = fake!.dmChannelId(w.lihua.id);
    fake!.userSends({ from: w.lihua, content: '/start' });
    await fake!.waitUntil(() => fake!.botMessagesIn(dm)[0], 10_000);
    expect(fake!.gateway.sessionStarts).toBe(1);
  }, 60_000);
});

/**
 * The fake gateway speaks Discord's protocol to a plain WebSocket client: HELLO, IDENTIFY → READY
 * and GUILD_CREATE, heartbeat ACKs, intents (what is dispatched, content without the privileged
 * intent, 4014 for privileged intents the app lacks), RESUME with the missed events replayed, and
 * op 9 for a session that cannot be resumed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { INTENTS, startFakeDiscord, type FakeDiscord, type FakeDiscordOptions } from './discord-api.js';

interface Payload {
  op: number;
  t?: string | null;
  s?: number | null;
  d?: any;
}

/** A raw gateway connection that keeps every payload it received. */
class RawShard {
  readonly got: Payload[] = [];
  closed: number | undefined;
  private readonly ws: WebSocket;
  private readonly changed = new Set<() => void>();

  constructor(url: string) {
    this.ws = new WebSocket(`${url}?v=10&encoding=json`);
    this.ws.on('message', (raw) => this.push(JSON.parse(String(raw)) as Payload));
    this.ws.on('close', (code) => {
      this.closed = code;
      for (const f of this.changed) f();
    });
  }

  private push(p: Payload): void {
    this.got.push(p);
    for (const f of this.changed) f();
  }

  send(op: number, d: unknown): void {
    this.ws.send(JSON.stringify({ op, d }));
  }

  /** Resolves with the first payload (after `from`) matching; rejects after 2 s. */
  next(match: (p: Payload) => boolean, from = 0): Promise<Payload> {
    return this.until(() => this.got.slice(from).find(match));
  }

  until<T>(probe: () => T | undefined): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const v = probe();
        if (v === undefined) return;
        this.changed.delete(check);
        clearTimeout(timer);
        resolve(v);
      };
      const timer = setTimeout(() => {
        this.changed.delete(check);
        reject(new Error(`gateway: no match; got ${JSON.stringify(this.got.map((p) => [p.op, p.t, p.s]))}, closed ${this.closed}`));
      }, 2000);
      this.changed.add(check);
      check();
    });
  }

  dispatches(): string[] {
    return this.got.filter((p) => p.op === 0).map((p) => p.t!);
  }

  close(code = 4200): void {
    this.ws.close(code);
  }
}

let fake: FakeDiscord;
const shards: RawShard[] = [];
afterEach(async () => {
  for (const s of shards.splice(0)) s.close(1000);
  await fake.close();
});

const ALL = INTENTS.guilds | INTENTS.guildMessages | INTENTS.directMessages;

async function setup(opts: FakeDiscordOptions = {}) {
  fake = await startFakeDiscord(opts);
  const { guild, channels } = fake.addGuild({ name: '一站 Campus', channels: ['general', '后勤值班'] });
  const alice = fake.addUser({ username: 'lihua', guilds: [guild.id] });
  return { guild, channel: channels[0]!.id, alice };
}

function connect(url = fake.gateway.url): RawShard {
  const shard = new RawShard(url);
  shards.push(shard);
  return shard;
}

async function identify(intents = ALL): Promise<RawShard> {
  const shard = connect();
  const hello = await shard.next((p) => p.op === 10);
  expect(hello.d.heartbeat_interval).toBe(41_250);
  shard.send(2, { token: fake.token, intents, properties: { os: 'linux', browser: 'test', device: 'test' } });
  await shard.next((p) => p.t === 'GUILD_CREATE' || (p.t === 'READY' && !(intents & INTENTS.guilds)));
  return shard;
}

describe('connecting', () => {
  it('HELLO, IDENTIFY → READY with a resume URL, then GUILD_CREATE with the channels', async () => {
    const { guild } = await setup();
    const shard = await identify();
    const ready = shard.got.find((p) => p.t === 'READY')!;
    expect(ready).toMatchObject({ op: 0, s: 1, d: { v: 10, user: { id: fake.bot.id, bot: true }, guilds: [{ id: guild.id, unavailable: true }], application: { id: fake.applicationId } } });
    expect(ready.d.resume_gateway_url).toBe(fake.gateway.resumeUrl);
    const created = shard.got.find((p) => p.t === 'GUILD_CREATE')!;
    expect(created.s).toBe(2);
    expect(created.d.channels.map((c: any) => c.name)).toEqual(['general', '后勤值班']);
    expect(created.d.members.map((m: any) => m.user.id)).toEqual([fake.bot.id]);
  });

  it('answers heartbeats with op 11 until told not to', async () => {
    await setup();
    const shard = await identify();
    shard.send(1, 2);
    await shard.next((p) => p.op === 11);
    fake.gateway.ackHeartbeats = false;
    const count = shard.got.length;
    shard.send(1, 2);
    await fake.waitUntil(() => (fake.gateway.received.filter((r) => r.op === 1).length === 2 ? true : undefined));
    expect(shard.got.slice(count).filter((p) => p.op === 11)).toEqual([]);
  });

  it('closes with 4004 for a wrong token and 4014 for a privileged intent the app lacks', async () => {
    await setup();
    const wrong = connect();
    await wrong.next((p) => p.op === 10);
    wrong.send(2, { token: 'nope', intents: ALL, properties: {} });
    expect(await wrong.until(() => wrong.closed)).toBe(4004);
    const greedy = connect();
    await greedy.next((p) => p.op === 10);
    greedy.send(2, { token: fake.token, intents: ALL | INTENTS.messageContent, properties: {} });
    expect(await greedy.until(() => greedy.closed)).toBe(4014);
  });
});

describe('dispatching', () => {
  it('sends server messages only with GUILD_MESSAGES, DMs only with DIRECT_MESSAGES, interactions always', async () => {
    const { channel, alice } = await setup();
    const dmsOnly = await identify(INTENTS.guilds | INTENTS.directMessages);
    fake.userSends({ from: alice, channel, content: 'x', mention: true });
    fake.userSends({ from: alice, content: '私信' });
    await dmsOnly.next((p) => p.t === 'MESSAGE_CREATE');
    expect(dmsOnly.got.filter((p) => p.t === 'MESSAGE_CREATE').map((p) => p.d.content)).toEqual(['私信']);
    expect(dmsOnly.got.find((p) => p.t === 'MESSAGE_CREATE')!.d).toMatchObject({ channel_type: 1, author: { id: alice.id } });
  });

  it('without MESSAGE_CONTENT a server message has content only when it mentions the bot (a ping on reply counts)', async () => {
    const { channel, alice } = await setup();
    const shard = await identify();
    fake.userSends({ from: alice, channel, content: '食堂好咸' });
    const mention = fake.userSends({ from: alice, channel, content: '在吗', mention: true });
    fake.userSends({ from: alice, channel, content: '回复不提醒', replyTo: mention.id, ping: false });
    await shard.until(() => (shard.dispatches().filter((t) => t === 'MESSAGE_CREATE').length === 3 ? true : undefined));
    const seen = shard.got.filter((p) => p.t === 'MESSAGE_CREATE').map((p) => p.d);
    expect(seen.map((d) => d.content)).toEqual(['', `<@${fake.bot.id}> 在吗`, '']);
    expect(seen[1]).toMatchObject({ guild_id: expect.any(String), channel_type: 0, member: { roles: [] }, mentions: [{ id: fake.bot.id, member: expect.any(Object) }] });
  });

  it('with MESSAGE_CONTENT enabled for the app, every server message has its content', async () => {
    const { channel, alice } = await setup({ privilegedIntents: INTENTS.messageContent });
    const shard = await identify(ALL | INTENTS.messageContent);
    fake.userSends({ from: alice, channel, content: '食堂好咸' });
    expect((await shard.next((p) => p.t === 'MESSAGE_CREATE')).d.content).toBe('食堂好咸');
  });
});

describe('resuming', () => {
  it('RESUME on the resume URL replays what was missed in order, then RESUMED', async () => {
    const { alice } = await setup();
    const first = await identify();
    const ready = first.got.find((p) => p.t === 'READY')!;
    const seq = first.got.at(-1)!.s!;
    fake.gateway.disconnect(4000);
    await first.until(() => first.closed);
    fake.userSends({ from: alice, content: '离线时的第一条' });
    fake.userSends({ from: alice, content: '第二条' });
    const again = connect(ready.d.resume_gateway_url);
    await again.next((p) => p.op === 10);
    again.send(6, { token: fake.token, session_id: ready.d.session_id, seq });
    await again.next((p) => p.t === 'RESUMED');
    expect(again.got.filter((p) => p.op === 0).map((p) => [p.t, p.s, p.d.content])).toEqual([
      ['MESSAGE_CREATE', seq + 1, '离线时的第一条'], ['MESSAGE_CREATE', seq + 2, '第二条'], ['RESUMED', seq + 3, undefined],
    ]);
    expect(fake.gateway.received.map((r) => [r.op, r.path])).toEqual([[2, '/gateway'], [6, '/gateway-resume']]);
  });

  it('answers op 9 (not resumable) after the bot closed with 1000 or the session expired', async () => {
    await setup();
    const first = await identify();
    const ready = first.got.find((p) => p.t === 'READY')!;
    first.close(1000);
    await first.until(() => first.closed);
    const again = connect(fake.gateway.resumeUrl);
    await again.next((p) => p.op === 10);
    again.send(6, { token: fake.token, session_id: ready.d.session_id, seq: 2 });
    expect((await again.next((p) => p.op === 9)).d).toBe(false);
  });
});

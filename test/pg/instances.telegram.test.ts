/**
 * Several bot instances on one PostgreSQL (issue 18, points 4 and 7), in one test process: each
 * instance is the real app with the Telegram adapter (test/telegram/harness.ts `instance`), wired as
 * the runner wires it: every instance's webhook stores updates and every instance handles from the
 * inbox by claiming a chat's oldest pending update; only the holder of `telegram.poller` polls and
 * only the holder of `outbox.sender` sends. A "crash" stops an instance without giving its leases
 * up: another takes over once they ran out (a short TTL here; 15 s in production).
 */
import pino from 'pino';
import type { User } from 'grammy/types';
import { afterEach, describe, expect, it } from 'vitest';
import { webhookRoute } from '../../src/adapters/telegram/telegram.webhook.js';
import type { Feature } from '../../src/core/feature.js';
import { startHttpServer, type HttpServer } from '../../src/runner.http.js';
import { freePort } from '../fakes/free-port.js';
import { postWebhook, startFakeTelegram, user, type FakeTelegram } from '../fakes/telegram-api.js';
import { telegramHarness, type TelegramHarness } from '../telegram/harness.js';
import { until } from '../until.js';
import { freshPgDatabase } from './db.js';

/** Short leases for the fail-over tests (15 s in production), long ones where nobody should take over even on a loaded machine. */
const TTL = 3000;
const LONG_TTL = 60_000;
const SECRET = 'S3cret_token-1';

/** `/echo <n>` is answered `echo <n>`: what each chat got, in order, says what was handled, how often and in which order. */
const echo: Feature = {
  name: 'echo',
  commands: [{ name: 'echo', summary: () => 'echo', run: async (ctx, args) => ctx.reply(`echo ${args}`) }],
};

let fake: FakeTelegram | undefined;
let running: TelegramHarness[] = [];
const servers: HttpServer[] = [];

afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
  for (const t of running.splice(0)) await t.stop().catch(() => undefined);
  await fake?.close();
  fake = undefined;
});

/** `n` instances on a fresh database and one fake Bot API, started one after the other (the first takes the leases). */
async function instances(n: number, opts: { polling: boolean; ttlMs?: number }): Promise<TelegramHarness[]> {
  const pgUrl = await freshPgDatabase();
  fake = await startFakeTelegram();
  for (let i = 0; i < n; i++) {
    running.push(await telegramHarness({ reuseFake: fake, polling: opts.polling, extraFeatures: [echo], instance: { pgUrl, ttlMs: opts.ttlMs ?? TTL } }));
  }
  return [...running];
}

/** Each instance's webhook on a server of its own, as behind a load balancer; returns their URLs. */
async function webhooks(ts: TelegramHarness[]): Promise<string[]> {
  const urls: string[] = [];
  for (const t of ts) {
    const port = await freePort();
    servers.push(await startHttpServer({
      port, host: '127.0.0.1', log: pino({ level: 'silent' }), health: () => true,
      routes: [webhookRoute({ path: '/telegram/hook', secret: SECRET, accept: t.adapter.accept })],
    }));
    urls.push(`http://127.0.0.1:${port}/telegram/hook`);
  }
  return urls;
}

/** The instances whose log says they lead `role` now (the last of their lines about it). */
function leadersOf(ts: TelegramHarness[], role: string): TelegramHarness[] {
  const about = (l: Record<string, unknown>) => l.role === role && (l.msg === 'leading this role now' || l.msg === 'no longer leading this role');
  return ts.filter((t) => t.logs.filter(about).at(-1)?.msg === 'leading this role now');
}

/** When an instance began and stopped leading `role`, from its log. */
function termsOf(t: TelegramHarness, role: string): { from: number; to: number }[] {
  const terms: { from: number; to: number }[] = [];
  for (const l of t.logs.filter((x) => x.role === role)) {
    if (l.msg === 'leading this role now') terms.push({ from: l.time as number, to: Infinity });
    else if (l.msg === 'no longer leading this role' && terms.length) terms.at(-1)!.to = l.time as number;
  }
  return terms;
}

const echoes = (t: TelegramHarness, u: User) => t.textsTo(u.id).filter((x) => x.startsWith('echo '));
const count = (t: TelegramHarness, sql: string) => Number(t.rows<{ n: number }>(sql)[0]!.n);

describe('several instances on one PostgreSQL', () => {
  it('updates delivered by webhook to three instances in turn are each handled once, each chat\'s in order; one instance sends', async () => {
    const ts = await instances(3, { polling: false, ttlMs: LONG_TTL });
    const urls = await webhooks(ts);
    const people = Array.from({ length: 10 }, (_, i) => user({ id: 5000 + i, first_name: `学生${i}` }));
    const ROUNDS = 6;
    let next = 0;
    for (let r = 0; r < ROUNDS; r++) {
      // Each round: every chat's next update, each to the next instance (a load balancer's round robin).
      await Promise.all(people.map((p) => {
        const update = fake!.userSends({ from: p, text: `/echo ${r}` });
        return postWebhook(urls[next++ % urls.length]!, update, SECRET).then((res) => expect(res.status).toBe(200));
      }));
    }
    const all = ROUNDS * people.length;
    await until(() => people.every((p) => echoes(ts[0]!, p).length >= ROUNDS) && count(ts[0]!, `select count(*) as n from outbox where status <> 'sent'`) === 0, 60_000,
      () => `inbox: ${JSON.stringify(ts[0]!.rows('select status, count(*) as n from telegram_inbox group by status'))}`);
    await Promise.all(ts.map((t) => t.adapter.inbox.idle()));
    for (const p of people) expect(echoes(ts[0]!, p)).toEqual(Array.from({ length: ROUNDS }, (_, r) => `echo ${r}`));
    expect(ts[0]!.rows('select status, count(*) as n from telegram_inbox group by status').map((r) => ({ ...r, n: Number(r.n) }))).toEqual([{ status: 'done', n: all }]);
    expect(count(ts[0]!, 'select count(*) as n from outbox')).toBe(all);
    // One sender all along: the first instance, which took the lease first.
    expect(ts.map((t) => t.logs.some((l) => l.msg === 'leading this role now' && l.role === 'outbox.sender'))).toEqual([true, false, false]);
    expect(leadersOf(ts, 'outbox.sender')).toEqual([ts[0]]);
  }, 120_000);

  it('long polling runs on the lease holder only; when it dies another polls within the TTL, and Telegram never saw two pollers', async () => {
    const [a, b] = await instances(2, { polling: true });
    const alice = user({ id: 6001, first_name: '爱丽丝' });
    expect(a!.rows(`select holder from leases where name = 'telegram.poller'`)).toHaveLength(1);
    expect(leadersOf([a!, b!], 'telegram.poller')).toEqual([a]);
    a!.userSends({ from: alice, text: '/echo 1' });
    await a!.waitFor((r) => r.chatId === alice.id && r.text === 'echo 1', 10_000);

    await a!.stop({ crash: true }); // its leases stay until they run out
    running = running.filter((t) => t !== a);
    b!.userSends({ from: alice, text: '/echo 2' });
    // a's leases run out (the TTL), b's next ask (every TTL/3) takes them: b polls, handles and sends.
    await b!.waitFor((r) => r.chatId === alice.id && r.text === 'echo 2', TTL * 4);
    expect(leadersOf([b!], 'telegram.poller')).toEqual([b]);
    expect(echoes(b!, alice)).toEqual(['echo 1', 'echo 2']);
    expect(fake!.callsTo('getUpdates').filter((c) => c.status === 409)).toEqual([]);
    // a stopped polling (its leadership ended) before b started.
    const [aTerm] = termsOf(a!, 'telegram.poller');
    const [bTerm] = termsOf(b!, 'telegram.poller');
    expect(aTerm!.to).toBeLessThanOrEqual(bTerm!.from);
  }, 60_000);

  it('the outbox sends from one instance at a time: rows another instance writes wait for the sender, and a dead sender\'s successor sends them once', async () => {
    const [a, b] = await instances(2, { polling: false });
    const [, urlB] = await webhooks([a!, b!]);
    const bob = user({ id: 7001, first_name: '鲍勃' });
    await postWebhook(urlB!, fake!.userSends({ from: bob, text: '/echo 1' }), SECRET);
    await a!.waitFor((r) => r.chatId === bob.id && r.text === 'echo 1', 10_000); // handled by b, sent by a
    expect(leadersOf([a!, b!], 'outbox.sender')).toEqual([a]);

    await a!.stop({ crash: true });
    running = running.filter((t) => t !== a);
    await postWebhook(urlB!, fake!.userSends({ from: bob, text: '/echo 2' }), SECRET);
    await b!.waitFor((r) => r.chatId === bob.id && r.text === 'echo 2', TTL * 4);
    await until(() => count(b!, `select count(*) as n from outbox where status <> 'sent'`) === 0, 5000);
    expect(echoes(b!, bob)).toEqual(['echo 1', 'echo 2']);
    const [aTerm] = termsOf(a!, 'outbox.sender');
    const [bTerm] = termsOf(b!, 'outbox.sender');
    expect(aTerm!.to).toBeLessThanOrEqual(bTerm!.from);
  }, 60_000);
});

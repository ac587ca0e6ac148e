/**
 * Never losing an update, never applying one twice: the inbox stores each update before it is
 * confirmed, a redelivered update_id has one effect, a restart picks up what was pending, an
 * update that keeps failing is dead-lettered while the rest keep moving; webhooks are accepted only
 * with the secret; command menus follow the features and the bindings.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { startHttpServer, type HttpServer } from '../../src/runner.http.js';
import { webhookRoute } from '../../src/adapters/telegram/telegram.webhook.js';
import { insertUpdates } from '../../src/adapters/telegram/telegram.repo.js';
import { tables } from '../../src/db/tables.js';
import { onPgStore } from '../pg/app-store.js';
import { freePort } from '../fakes/free-port.js';
import { groupChat, postWebhook, startFakeTelegram, user, type FakeTelegram } from '../fakes/telegram-api.js';
import { until } from '../until.js';
import { telegramHarness, type TelegramHarness } from './harness.js';

let t: TelegramHarness | undefined;
let server: HttpServer | undefined;
afterEach(async () => {
  await server?.close();
  await t?.stop();
  server = t = undefined;
});

const lihua = user({ id: 1001, first_name: '华', last_name: '李', username: 'lihua', language_code: 'zh-hans' });
const admin = user({ id: 2001, first_name: '管理员', username: 'campus_admin', language_code: 'en' });
const staffGroup = groupChat({ id: -1009876543210, title: '后勤保障处 · 值班群' });
const oldGroup = groupChat({ id: -4012345678, title: '后勤值班', type: 'group' });

const count = (h: TelegramHarness, table: string) => h.rows<{ n: number }>(`select count(*) as n from ${table}`)[0]!.n;

describe('exactly one effect per update', () => {
  it('ignores the same update_id delivered twice in one batch, again later, and after its inbox row is gone', async () => {
    t = await telegramHarness({ admins: [admin.id] });
    const first = t.userSends({ from: admin, text: '/invite staff logistics' });
    t.fake.pushUpdate(first); // the same update again, same update_id
    await t.settle();
    t.fake.pushUpdate(first);
    await t.settle();
    t.exec('delete from telegram_inbox'); // even once the inbox forgot it, the router's claim holds
    await t.adapter.accept(first);
    await t.settle();
    expect(count(t, 'join_codes')).toBe(1);
    expect(t.textsTo(admin.id)).toHaveLength(1);
    expect(t.rows('select update_id, status, attempts from telegram_inbox')).toEqual([{ update_id: first.update_id, status: 'done', attempts: 1 }]);
  });

  it('stores every update before it confirms it', async () => {
    t = await telegramHarness();
    for (let i = 0; i < 30; i++) t.userSends({ from: user({ id: 6000 + i }), text: '/start' });
    const stored: number[] = [];
    const probe = setInterval(() => {
      const confirmed = t!.fake.confirmedUpTo;
      const have = t!.rows<{ m: number | null }>('select max(update_id) as m from telegram_inbox')[0]!.m ?? 0;
      stored.push(have - confirmed);
    }, onPgStore ? 20 : 1); // on PostgreSQL a sample holds the thread for a round trip: more often would stall the app
    try {
      await t.settle();
    } finally {
      clearInterval(probe); // also when settling fails: the probe must not outlive the harness
    }
    expect(stored.every((d) => d >= 0)).toBe(true);
    expect(count(t, 'telegram_inbox')).toBe(30);
  });
});

describe('after a restart', () => {
  it('processes what was stored but not handled, and does not re-run what was handled', async () => {
    const fake = await startFakeTelegram();
    const dbPath = join(mkdtempSync(join(tmpdir(), 'yizhan-restart-')), 'bot.db');
    const first = await telegramHarness({ reuseFake: fake, admins: [admin.id], dbPath });
    first.userSends({ from: admin, text: '/start' });
    await first.settle();
    // As a crash would leave it: one update stored, not handled; one handled (claimed) but not marked done.
    const invite = { update_id: 900, message: { message_id: 90, date: 1772409600, chat: { id: admin.id, type: 'private', first_name: '管理员' }, from: admin, text: '/invite staff logistics' } };
    const handled = { ...invite, update_id: 901, message: { ...invite.message, message_id: 91 } };
    await first.app.units.run(async (unit) => {
      await insertUpdates(unit.q, [900, 901].map((id, i) => ({ updateId: id, chatKey: String(admin.id), payload: JSON.stringify([invite, handled][i]) })), new Date());
      const { processedUpdates } = tables(unit.q);
      await unit.q.insert(processedUpdates).values({ platform: 'telegram', updateId: '901', at: new Date() });
    });
    await first.stop();
    t = await telegramHarness({ reuseFake: fake, admins: [admin.id], dbPath });
    await t.settle();
    expect(count(t, 'join_codes')).toBe(1);
    expect(t.textsTo(admin.id)).toHaveLength(2);
    expect(t.rows('select update_id, status from telegram_inbox where update_id >= 900')).toEqual([
      { update_id: 900, status: 'done' }, { update_id: 901, status: 'done' },
    ]);
    await t.stop();
    t = undefined;
    await fake.close();
  });
});

describe('a backlog', () => {
  it('is worked through completely even when it is larger than one pick-up, one chat in order', async () => {
    t = await telegramHarness({ pickUp: 4, polling: false });
    const updates = Array.from({ length: 23 }, (_, i) => t!.fake.userSends({ from: i % 3 ? user({ id: 6100 + i }) : lihua, text: i % 3 ? '/start' : `/lang ${i % 2 ? 'en' : 'zh'}` }));
    await t.app.units.run((unit) => insertUpdates(unit.q, updates.map((u) => ({ updateId: u.update_id, chatKey: String(u.message!.chat.id), payload: JSON.stringify(u) })), new Date()));
    t.adapter.inbox.kick();
    await until(() => count(t!, 'processed_updates') === 23, 10_000, () => t!.fake.dump());
    await t.adapter.inbox.idle();
    // Stored as by a process that stopped before taking them up (their first attempt counted then),
    // each counted once more when taken up here, also those counted ahead in the commit of the
    // chat's update before them.
    expect(t.rows(`select status, attempts, count(*) as n from telegram_inbox group by status, attempts`)).toEqual([{ status: 'done', attempts: 2, n: 23 }]);
    const zh = '好的，以后我会用简体中文和你交流。';
    const en = "OK, I'll talk to you in English from now on.";
    // The replies are outbox rows, sent (in order, one at a time per chat) after their commits.
    for (let i = 0; i < 100 && t.textsTo(lihua.id).length < 8; i++) await new Promise((r) => setTimeout(r, 20));
    expect(t.textsTo(lihua.id)).toEqual([zh, en, zh, en, zh, en, zh, en]); // one chat, in update order
  });
});

describe('dead letters', () => {
  it('gives up on an update that keeps failing after N attempts, and the chat keeps moving', async () => {
    t = await telegramHarness({ maxAttempts: 3 });
    await t.app.units.run((unit) => insertUpdates(unit.q, [{ updateId: 1, chatKey: String(lihua.id), payload: '{"update_id": 1, "message": {' }], new Date()));
    t.userSends({ from: lihua, text: '/start', update_id: 2 });
    await t.settle();
    expect(t.rows('select update_id, status, attempts, last_error from telegram_inbox order by update_id')).toEqual([
      { update_id: 1, status: 'dead', attempts: 3, last_error: expect.stringContaining('SyntaxError') },
      { update_id: 2, status: 'done', attempts: 1, last_error: null },
    ]);
    expect(t.textsTo(lihua.id)).toHaveLength(1);
    expect(t.logs.filter((l) => l.msg === 'telegram update dead-lettered')).toHaveLength(1);
  });
});

describe('what is kept of an update once it is finished', () => {
  it('keeps its id, the mark, the attempts and the day: no chat, no content, no time of day, and no sender in a dead letter', async () => {
    t = await telegramHarness({ maxAttempts: 2 });
    const noChat = { update_id: 1, message: { message_id: 5, date: 1772409600, from: lihua, text: '我是李华，学号 2023001' } }; // cannot be handled
    await t.app.units.run((unit) => insertUpdates(unit.q, [{ updateId: 1, chatKey: String(lihua.id), payload: JSON.stringify(noChat) }], new Date()));
    t.userSends({ from: lihua, text: '/start', update_id: 2 });
    t.userSends({ from: lihua, chat: staffGroup, text: '大家好', update_id: 3 }); // group chatter: settled as it arrives
    await t.settle();
    const rows = t.rows<Record<string, unknown> & { received_at: number; done_at: number }>('select * from telegram_inbox order by update_id');
    expect(rows.map(({ received_at: r, done_at: d, ...rest }) => ({ ...rest, days: r % 86_400_000 === 0 && d === r }))).toEqual([
      {
        update_id: 1, chat_key: '', payload: '{"update_id":1,"message":{"message_id":5,"date":1772409600,"text":"我是李华，学号 2023001"}}',
        status: 'dead', attempts: 2, last_error: expect.stringContaining('TypeError'), days: true,
      },
      { update_id: 2, chat_key: '', payload: '', status: 'done', attempts: 1, last_error: null, days: true },
      { update_id: 3, chat_key: '', payload: '', status: 'done', attempts: 0, last_error: null, days: true },
    ]);
    expect(t.rows<{ at: number }>('select at from processed_updates').map((r) => r.at % 86_400_000)).toEqual([0]);
  });
});

describe('webhooks and health', () => {
  async function webhookBot(fake?: FakeTelegram) {
    t = await telegramHarness({ polling: false, ...(fake ? { reuseFake: fake } : {}) });
    const h = t;
    const port = await freePort();
    server = await startHttpServer({
      port, host: '127.0.0.1', log: pino({ level: 'silent' }),
      health: () => h.store.answers(),
      routes: [webhookRoute({ path: '/telegram/hook', secret: 'S3cret_token-1', accept: h.adapter.accept })],
    });
    const url = `http://127.0.0.1:${port}/telegram/hook`;
    await h.adapter.startWebhook(url, 'S3cret_token-1');
    return { url, port };
  }

  it('refuses webhook requests without the right secret, and answers 200 once the update is stored', async () => {
    const { url } = await webhookBot();
    expect(t!.fake.webhook).toMatchObject({ url, secretToken: 'S3cret_token-1' });
    const update = t!.fake.userSends({ from: lihua, text: '/start' });
    expect((await postWebhook(url, update)).status).toBe(401);
    expect((await postWebhook(url, update, 'wrong')).status).toBe(401);
    expect(count(t!, 'telegram_inbox')).toBe(0);
    const accepted = await t!.fake.deliverToWebhook(update);
    expect(accepted.status).toBe(200);
    expect(t!.rows('select update_id from telegram_inbox')).toEqual([{ update_id: update.update_id }]);
    await t!.fake.waitFor((r) => r.chatId === lihua.id);
    expect((await t!.fake.deliverToWebhook(update)).status).toBe(200); // Telegram retrying: stored once, handled once
    await t!.adapter.inbox.idle();
    expect(t!.textsTo(lihua.id)).toHaveLength(1);
  });

  it('serves /healthz', async () => {
    const { port } = await webhookBot();
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect([res.status, await res.json()]).toEqual([200, { ok: true }]);
    expect((await fetch(`http://127.0.0.1:${port}/nothing`)).status).toBe(404);
  });
});

describe('chats changing shape', () => {
  it('keeps the binding when a group becomes a supergroup', async () => {
    t = await telegramHarness({ admins: [admin.id] });
    t.userSends({ from: admin, chat: oldGroup, text: '/bind staff logistics' });
    await t.settle();
    t.fake.pushUpdate({ message: { message_id: 5, date: 1772409613, chat: oldGroup, from: admin, migrate_to_chat_id: staffGroup.id } as never });
    await t.settle();
    expect(t.rows('select platform_chat_id, binding, scope from chats')).toEqual([{ platform_chat_id: String(staffGroup.id), binding: 'staff', scope: 'logistics' }]);
  });
});

describe('command menus', () => {
  it('sets private, group and bound staff chat menus in zh, en and the campus default', async () => {
    t = await telegramHarness({ admins: [admin.id], menus: true });
    const api = t.connection.api;
    await t.fake.waitForCall((c) => c.method === 'setMyCommands' && (c.params.scope as { type?: string } | undefined)?.type === 'all_group_chats' && c.params.language_code === undefined);
    const names = async (scope: Parameters<typeof api.getMyCommands>[0]) => (await api.getMyCommands(scope)).map((c) => c.command);
    const student = ['start', 'help', 'lang', 'whoami', 'repair', 'feedback', 'complaint', 'ask', 'status', 'mytickets', 'cancel'];
    expect(await names({ scope: { type: 'all_private_chats' }, language_code: 'zh' })).toEqual([...student, 'faq', 'talk', 'join', 'link', 'survey', 'mydata', 'forgetme']);
    expect(await names({ scope: { type: 'all_group_chats' }, language_code: 'en' })).toEqual([...student, 'faq', 'talk', 'survey', 'mydata']);
    const zh = await api.getMyCommands({ scope: { type: 'all_private_chats' } });
    expect(zh[0]).toEqual({ command: 'start', description: '开始使用，查看欢迎信息' });
    const en = await api.getMyCommands({ scope: { type: 'all_private_chats' }, language_code: 'en' });
    expect(en[0]).toEqual({ command: 'start', description: 'Get started and see the welcome message' });
    t.userSends({ from: admin, chat: staffGroup, text: '/bind staff logistics' });
    await t.settle();
    const chatScope = { type: 'chat' as const, chat_id: staffGroup.id };
    await t.fake.waitForCall((c) => c.method === 'setMyCommands' && c.params.language_code === undefined && (c.params.scope as { type?: string } | undefined)?.type === 'chat');
    expect(await names({ scope: chatScope, language_code: 'en' })).toEqual([
      ...student, 'queue', 'claim', 'reply', 'note', 'transfer', 'resolve', 'reject', 'priority', 'faq', 'talk', 'cases', 'close', 'reveal', 'digest', 'survey', 'announce', 'mydata', // a plain staff member's: leads and admins get their own
    ]);
    t.userSends({ from: admin, chat: staffGroup, text: '/unbind' });
    await t.settle();
    await t.fake.waitForCall((c) => c.method === 'deleteMyCommands' && c.params.language_code === undefined);
    expect(await names({ scope: chatScope, language_code: 'en' })).toEqual([]);
  });
});

/**
 * The real grammY client against the fake: plain API calls and errors, long polling with
 * bot.start()/bot.stop() and with @grammyjs/runner (which confirms an update before its handler
 * finishes), @grammyjs/auto-retry under 429s, rate limits and dropped connections, uploads, webhooks.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { autoRetry } from '@grammyjs/auto-retry';
import { run } from '@grammyjs/runner';
import { Bot, GrammyError, HttpError, InputFile, webhookCallback } from 'grammy';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { groupChat, postWebhook, startFakeTelegram, user, type FakeTelegram } from './telegram-api.js';

let fake: FakeTelegram;
const alice = user({ id: 1001, first_name: '李华', username: 'lihua' });
const group = groupChat({ id: -1001234567890, title: '2301 班' });

/** A grammY bot pointed at the fake; botInfo is given so no getMe call is needed. */
const newBot = (): Bot => new Bot(fake.token, { client: { apiRoot: fake.apiRoot }, botInfo: fake.botInfo });

/** A promise and the function that settles it, to hold a handler open. */
function gate(): { open: () => void; opened: Promise<void> } {
  let open = (): void => {};
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

beforeEach(async () => {
  fake = await startFakeTelegram({ chats: [group] });
});
afterEach(async () => {
  await fake.close();
});

describe('grammY API calls', () => {
  it('sends through bot.api and surfaces Telegram errors as GrammyError', async () => {
    const bot = new Bot(fake.token, { client: { apiRoot: fake.apiRoot } });
    await bot.init();
    expect(bot.botInfo.username).toBe('yizhan_test_bot');
    const msg = await bot.api.sendMessage(group.id, '<b>T-7</b> 已转交', { parse_mode: 'HTML' });
    expect(msg).toMatchObject({ chat: { id: group.id }, text: 'T-7 已转交', entities: [{ type: 'bold', length: 3 }] });
    const error = await bot.api.sendMessage(group.id, 'x'.repeat(4097)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GrammyError);
    expect(error).toMatchObject({ error_code: 400, description: 'Bad Request: message is too long', method: 'sendMessage' });
    fake.inject({ method: 'sendMessage', fault: { kind: 'blocked' } });
    await expect(bot.api.sendMessage(group.id, 'hi')).rejects.toMatchObject({ error_code: 403 });
    fake.inject({ method: 'sendMessage', fault: { kind: 'retryAfter', seconds: 30 } });
    const limited = { error_code: 429, parameters: { retry_after: 30 } };
    await expect(bot.api.sendMessage(group.id, 'hi')).rejects.toMatchObject(limited);
  });

  it('uploads photos as multipart and reuses file_ids as JSON', async () => {
    const bot = newBot();
    const file = new InputFile(Buffer.from('fake jpeg'), 'heater.jpg');
    const up = await bot.api.sendPhoto(group.id, file, { caption: '报修照片' });
    const fileId = up.photo.at(-1)?.file_id as string;
    await bot.api.sendPhoto(group.id, fileId);
    expect(fake.sent.map((r) => r.photo)).toEqual([
      { fileId, uploaded: true, filename: 'heater.jpg', size: 9 },
      { fileId, uploaded: false },
    ]);
    expect(fake.sent[0]?.text).toBe('报修照片');
  });
});

describe('long polling', () => {
  it('bot.start() handles group commands addressed to it and confirms them only after the handler', async () => {
    const bot = newBot();
    const hold = gate();
    bot.command('report', async (ctx) => {
      await hold.opened;
      await ctx.reply(`收到: ${ctx.match}`);
    });
    const polling = bot.start({ timeout: 1 });
    const ours = fake.userSends({ from: alice, chat: group, text: '/report@yizhan_test_bot 热水坏了' });
    fake.userSends({ from: alice, chat: group, text: '/report@other_bot 不是给我的' });
    await fake.waitForCall((c) => c.method === 'getUpdates' && fake.getUpdatesCalls.some((g) => g.returned.length > 0));
    await sleep(100);
    expect(fake.confirmedUpTo).toBe(0); // sequential polling: no new getUpdates while a handler runs
    hold.open();
    await fake.waitFor((r) => r.text === '收到: 热水坏了');
    await fake.waitForConfirmed(ours.update_id + 1);
    await bot.stop();
    await polling;
    expect(fake.messagesTo(group.id)).toHaveLength(1);
    expect(fake.calls[0]?.method).toBe('deleteWebhook');
    expect(fake.getUpdatesCalls.at(-1)).toMatchObject({ offset: ours.update_id + 2, limit: 1 });
  });

  it('bot.stop() confirms an update whose handler has not finished', async () => {
    const bot = newBot();
    const started = gate();
    const hold = gate();
    let finished = false;
    bot.on('message', async () => {
      started.open();
      await hold.opened;
      finished = true;
    });
    const polling = bot.start({ timeout: 1 });
    const update = fake.userSends({ from: alice, text: '我要投诉' });
    await started.opened;
    await bot.stop();
    expect([fake.confirmedUpTo, finished]).toEqual([update.update_id, false]);
    hold.open();
    await polling;
  });

  it('@grammyjs/runner confirms an update before its handler finishes, and stop() does not wait for it', async () => {
    const bot = newBot();
    const hold = gate();
    let finished = false;
    bot.on('message', async (ctx) => {
      await hold.opened;
      await ctx.reply('已登记');
      finished = true;
    });
    const runner = run(bot, { runner: { fetch: { timeout: 1 }, silent: true } });
    const update = fake.userSends({ from: alice, text: '宿舍停电了' });
    await fake.waitForConfirmed(update.update_id);
    expect(finished).toBe(false); // a crash now would lose this update: Telegram will not send it again
    expect(fake.pendingUpdates).toEqual([]);
    await runner.stop();
    expect(finished).toBe(false); // stop() resolved with the handler still running
    hold.open();
    await fake.waitFor((r) => r.text === '已登记');
    expect(fake.getUpdatesCalls.map((c) => c.offset)).toEqual([0, update.update_id + 1]);
  });
});

describe('@grammyjs/auto-retry', () => {
  it('waits retry_after and retries a 429', async () => {
    const bot = newBot();
    bot.api.config.use(autoRetry());
    fake.inject({ method: 'sendMessage', fault: { kind: 'retryAfter', seconds: 1 } });
    const t0 = Date.now();
    await bot.api.sendMessage(group.id, '提醒: T-7 即将超时');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(990);
    expect(fake.callsTo('sendMessage').map((c) => c.status)).toEqual([429, 200]);
    expect(fake.sent).toHaveLength(1);
  });

  it('delivers everything under the rate limit enforcer, after honouring retry_after', async () => {
    const bot = newBot();
    bot.api.config.use(autoRetry());
    fake.enforceRateLimit({ perSecond: 5 });
    await Promise.all(Array.from({ length: 8 }, (_, i) => bot.api.sendMessage(group.id, `第 ${i + 1} 条`)));
    expect(fake.sent).toHaveLength(8);
    expect(fake.rateViolations).toBeGreaterThanOrEqual(3);
    expect(fake.rateLimitLog.every((v) => v.retryAfter === 1 && v.limit === 'perSecond')).toBe(true);
  });

  it('turns a connection dropped after sending into an HttpError, which auto-retry blindly repeats', async () => {
    const plain = newBot();
    fake.inject({ method: 'sendMessage', fault: { kind: 'dropAfterRecord' } });
    await expect(plain.api.sendMessage(group.id, '工单 T-9 已创建')).rejects.toBeInstanceOf(HttpError);
    expect(fake.sent).toHaveLength(1);
    const retrying = newBot();
    retrying.api.config.use(autoRetry()); // retries HttpErrors after 3 s by default
    fake.inject({ method: 'sendMessage', fault: { kind: 'dropAfterRecord' } });
    await retrying.api.sendMessage(group.id, '工单 T-10 已创建');
    expect(fake.messagesTo(group.id).map((r) => [r.text, r.responseDropped])).toEqual([
      ['工单 T-9 已创建', true],
      ['工单 T-10 已创建', true],
      ['工单 T-10 已创建', false],
    ]);
  });
});

describe('webhooks', () => {
  it('postWebhook reaches a grammY webhook server, which checks the secret token', async () => {
    const bot = newBot();
    bot.on('message:text', (ctx) => ctx.reply(`echo ${ctx.message.text}`));
    const server = createServer(webhookCallback(bot, 'http', { secretToken: 's3cret' }));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    await bot.api.setWebhook(url, { secret_token: 's3cret' });
    const update = fake.userSends({ from: alice, text: 'ping' });
    expect((await postWebhook(url, update, 'wrong')).status).toBe(401);
    expect((await fake.deliverToWebhook(update)).status).toBe(200);
    expect(fake.messagesTo(alice.id).map((r) => r.text)).toEqual(['echo ping']);
    await new Promise((r) => server.close(r));
  });
});

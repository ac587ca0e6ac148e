/**
 * Sending on Telegram: photos by file_id, long texts split, long button payloads kept server-side,
 * edits, pacing within Telegram's limits, 429s honoured with nothing lost and no call while
 * waiting, blocked users marked unreachable.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { button, type Feature } from '../../src/core/feature.js';
import { TELEGRAM_LIMITS } from '../../src/adapters/telegram/telegram.limiter.js';
import { user } from '../fakes/telegram-api.js';
import { telegramHarness, type TelegramHarness } from './harness.js';

let t: TelegramHarness;
afterEach(async () => {
  await t?.stop();
});

const lihua = user({ id: 1001, first_name: '华', last_name: '李', username: 'lihua', language_code: 'zh-hans' });
const admin = user({ id: 2001, first_name: '管理员', username: 'campus_admin', language_code: 'zh-hans' });
const LONG_ARG = 'building-7-room-312-water-heater-leaking-since-monday-night';

/** A test feature: shows photos back, sends a long text, offers a long button, edits on press. */
const probe: Feature = {
  name: 'probe',
  interceptors: [async (ctx) => {
    const photos = (ctx.msg.attachments ?? []).filter((a) => a.kind === 'photo').map((a) => a.ref);
    if (!photos.length) return false;
    ctx.reply({ text: `收到照片：${ctx.msg.text}`, photos });
    return true;
  }],
  commands: [
    { name: 'long', summary: () => 'long', run: async (ctx) => {
      const para = (c: string) => c.repeat(1500);
      ctx.reply({ text: [para('甲'), para('乙'), para('丙'), para('丁')].join('\n\n'), buttons: [[button('OK', 'probe', 'ok')]] });
    } },
    { name: 'longbutton', summary: () => 'long button', run: async (ctx) => {
      ctx.reply({ text: '选择：', buttons: [[button('认领', 'probe', 'claim', LONG_ARG), button('OK', 'probe', 'ok')]] });
    } },
  ],
  buttons: {
    claim: async (ctx, [arg]) => ctx.reply(`claimed ${arg}`),
    ok: async (ctx) => {
      if (ctx.msg.pressedMessage) ctx.edit(ctx.msg.pressedMessage, { text: '选择：', buttons: [[button('认领', 'probe', 'claim', LONG_ARG), button('OK', 'probe', 'ok')]] });
    },
  },
};

describe('what the bot sends', () => {
  it('shows photos again by file_id with the text as caption', async () => {
    t = await telegramHarness({ extraFeatures: [probe] });
    const update = t.userSends({ from: lihua, text: '3号楼502 热水器漏水', photo: true });
    await t.settle();
    const largest = update.message!.photo!.at(-1)!.file_id;
    expect(t.fake.messagesTo(lihua.id)).toMatchObject([
      { method: 'sendPhoto', text: '收到照片：3号楼502 热水器漏水', photo: { fileId: largest, uploaded: false } },
    ]);
  });

  it('splits a text longer than 4096 characters at paragraph breaks, with the buttons on the last part', async () => {
    t = await telegramHarness({ extraFeatures: [probe] });
    t.userSends({ from: lihua, text: '/long' });
    await t.settle();
    const parts = t.fake.messagesTo(lihua.id);
    expect(parts.map((p) => p.text)).toEqual([`${'甲'.repeat(1500)}\n\n${'乙'.repeat(1500)}`, `${'丙'.repeat(1500)}\n\n${'丁'.repeat(1500)}`]);
    expect(parts.map((p) => p.replyMarkup)).toEqual([undefined, { inline_keyboard: [[{ text: 'OK', callback_data: 'probe:ok' }]] }]);
  });

  it('keeps button payloads over 64 bytes in SQLite and resolves them when pressed; unknown ids expire', async () => {
    t = await telegramHarness({ extraFeatures: [probe] });
    t.userSends({ from: lihua, text: '/longbutton' });
    const offer = await t.waitFor((r) => r.chatId === lihua.id);
    const [claim, ok] = (offer.replyMarkup as { inline_keyboard: { callback_data: string }[][] }).inline_keyboard[0]!;
    expect(claim!.callback_data).toMatch(/^~[A-Za-z0-9_-]{16}$/);
    expect(ok!.callback_data).toBe('probe:ok');
    expect(t.rows('select data from telegram_buttons')).toEqual([{ data: `probe:claim:${LONG_ARG}` }]);
    t.press({ from: lihua, label: '认领' });
    await t.settle();
    expect(t.textsTo(lihua.id).at(-1)).toBe(`claimed ${LONG_ARG}`);
    t.fake.userPresses({ from: lihua, message_id: 999, data: '~AAAAAAAAAAAAAAAA' });
    await t.settle();
    expect(t.textsTo(lihua.id).at(-1)).toBe(`claimed ${LONG_ARG}`); // no chat message for an expired button...
    const answers = t.fake.sent.filter((r) => r.method === 'answerCallbackQuery');
    expect(answers.map((r) => r.text)).toEqual([undefined, '这个按钮已经失效了，请重新开始操作。']); // ...a toast
  });

  it('treats an edit that changes nothing as done', async () => {
    t = await telegramHarness({ extraFeatures: [probe] });
    t.userSends({ from: lihua, text: '/longbutton' });
    await t.settle();
    t.press({ from: lihua, label: 'OK' });
    await t.settle();
    const edits = t.fake.callsTo('editMessageText');
    expect(edits.map((c) => [c.status, c.description])).toEqual([[400, expect.stringMatching(/message is not modified/)]]);
    expect(t.logs.filter((l) => l.msg === 'message not delivered')).toEqual([]);
  });
});

describe('within Telegram limits', () => {
  it('paces sends to 1/s per chat and 30/s overall, so Telegram never refuses one', async () => {
    t = await telegramHarness({ limits: TELEGRAM_LIMITS });
    t.fake.enforceRateLimit(TELEGRAM_LIMITS);
    for (const text of ['/start', '/help', '/whoami']) t.userSends({ from: lihua, text });
    for (let i = 0; i < 35; i++) t.userSends({ from: user({ id: 3000 + i }), text: '/start' });
    await t.settle(15_000);
    expect(t.fake.rateLimitLog).toEqual([]);
    expect(t.textsTo(lihua.id)).toHaveLength(3);
    const times = t.fake.messagesTo(lihua.id).map((r) => r.at);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(1000);
    expect(t.fake.sent.filter((r) => r.method === 'sendMessage')).toHaveLength(38);
  });

  it('after a 429 makes no call at all until retry_after has passed, then delivers everything once', async () => {
    t = await telegramHarness();
    t.fake.inject({ method: 'sendMessage', fault: { kind: 'retryAfter', seconds: 2 } });
    t.userSends({ from: lihua, text: '/start' });
    const limited = await t.fake.waitForCall((c) => c.status === 429);
    const others = Array.from({ length: 8 }, (_, i) => user({ id: 4000 + i }));
    for (const u of others) t.userSends({ from: u, text: '/start' });
    await t.settle(10_000);
    const during = t.fake.calls.filter((c) => c.at > limited.at && c.at < limited.at + 2000);
    expect(during.map((c) => c.method)).toEqual([]);
    for (const u of [lihua, ...others]) expect(t.textsTo(u.id)).toHaveLength(1);
  });

  it('loses nothing when Telegram is stricter than our pacing: every 429 is waited out and retried once delivered', async () => {
    t = await telegramHarness();
    t.fake.enforceRateLimit({ perSecond: 8 });
    const users = Array.from({ length: 20 }, (_, i) => user({ id: 5000 + i }));
    for (const u of users) t.userSends({ from: u, text: '/start' });
    await t.settle(20_000);
    expect(t.fake.rateViolations).toBeGreaterThan(0);
    for (const u of users) expect(t.textsTo(u.id)).toHaveLength(1);
  });
});

describe('people who blocked the bot', () => {
  it('marks a Telegram identity unreachable when a message to it is refused with 403', async () => {
    t = await telegramHarness({ admins: [admin.id] });
    t.userSends({ from: lihua, text: '/start' });
    t.userSends({ from: admin, text: '/start' });
    await t.settle();
    t.fake.inject({ method: 'sendMessage', chatId: lihua.id, times: 5, fault: { kind: 'blocked' } });
    t.userSends({ from: admin, text: '/grant staff logistics @lihua' });
    await t.settle();
    expect(t.textsTo(admin.id).at(-1)).toContain('华 李');
    expect(t.rows(`select reachable from identities where platform_user_id = '1001'`)).toEqual([{ reachable: 0 }]);
    expect(t.fake.callsTo('sendMessage').filter((c) => c.status === 403)).toHaveLength(1); // not retried
  });

  it('marks them unreachable as soon as Telegram reports the block (my_chat_member)', async () => {
    t = await telegramHarness();
    t.userSends({ from: lihua, text: '/start' });
    await t.settle();
    t.fake.pushUpdate({
      my_chat_member: {
        chat: { id: lihua.id, type: 'private', first_name: lihua.first_name }, from: lihua, date: 1772409612,
        old_chat_member: { user: { ...t.fake.botInfo }, status: 'member' },
        new_chat_member: { user: { ...t.fake.botInfo }, status: 'kicked', until_date: 0 },
      } as never,
    });
    await t.settle();
    expect(t.rows(`select reachable from identities`)).toEqual([{ reachable: 0 }]);
    t.userSends({ from: lihua, text: '/start' });
    await t.settle();
    expect(t.rows(`select reachable from identities`)).toEqual([{ reachable: 1 }]);
  });
});

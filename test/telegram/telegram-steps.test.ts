/**
 * Stale and repeated presses on Telegram (issue 13 point 1): a double tap on "Submit" files one
 * ticket and the second tap is answered with a toast (answerCallbackQuery), not a chat message;
 * the keyboard of a finished step is taken off; an old "Not fixed" after "Fixed" reopens nothing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { InlineKeyboardMarkup } from 'grammy/types';
import { user } from '../fakes/telegram-api.js';
import { telegramHarness, type TelegramHarness } from './harness.js';

let t: TelegramHarness;
afterEach(async () => {
  await t?.stop();
});

const lihua = user({ id: 1001, first_name: '华', last_name: '李', username: 'lihua', language_code: 'zh-hans' });
const admin = user({ id: 2001, first_name: '管理员', username: 'campus_admin', language_code: 'zh-hans' });

async function step(run: () => unknown): Promise<void> {
  run();
  await t.settle();
}

/** The bot's latest message to the student offering `label`, and that button's callback data. */
function buttonOf(label: string): { messageId: number; data: string } {
  const msg = t.fake.messagesTo(lihua.id).filter((r) => JSON.stringify(r.replyMarkup ?? '').includes(label)).at(-1)!;
  const button = (msg.replyMarkup as InlineKeyboardMarkup).inline_keyboard.flat().find((b) => b.text === label)!;
  return { messageId: msg.messageId!, data: (button as { callback_data: string }).callback_data };
}

/** Taps the button twice before the bot answered the first tap (a double tap). */
function doubleTap(label: string): void {
  const { messageId, data } = buttonOf(label);
  t.fake.userPresses({ from: lihua, message_id: messageId, data });
  t.fake.userPresses({ from: lihua, message_id: messageId, data });
}

const toasts = () => t.fake.sent.filter((r) => r.method === 'answerCallbackQuery').map((r) => r.text ?? '');

describe('presses on Telegram', () => {
  it('a double tap on Submit files one ticket, toasts "already submitted" and takes the keyboard off', async () => {
    t = await telegramHarness({ admins: [admin.id] });
    await step(() => t.userSends({ from: lihua, text: '3号楼502热水器坏了' }));
    const card = buttonOf('确认提交').messageId;
    const before = t.fake.messagesTo(lihua.id).length;
    await step(() => doubleTap('确认提交'));

    expect(t.rows('select count(*) as n from tickets')).toEqual([{ n: 1 }]);
    const texts = t.textsTo(lihua.id).slice(before);
    expect(texts).toEqual([expect.stringMatching(/^已提交！单号 T-1/)]); // one chat message for two taps
    expect(toasts()).toEqual(['', '已经提交过了，单号 T-1。发送 /status T-1 查看进度。']);
    const cleared = t.fake.sent.filter((r) => r.method === 'editMessageReplyMarkup' && r.messageId === card);
    expect(cleared.length).toBeGreaterThan(0);
    expect(t.fake.message(lihua.id, card)?.reply_markup).toBeUndefined();
  });

  it('one tap on a question\'s button answers the press silently and takes that question\'s keyboard off; the next question is a new message', async () => {
    t = await telegramHarness({ admins: [admin.id] });
    await step(() => t.userSends({ from: lihua, text: '/feedback' }));
    const question = buttonOf('学业教务');
    await step(() => t.fake.userPresses({ from: lihua, message_id: question.messageId, data: question.data }));

    expect(toasts()).toEqual(['']); // acknowledged, no toast text, no chat message about the press
    expect(t.fake.sent.filter((r) => r.method === 'editMessageReplyMarkup' && r.messageId === question.messageId)).toHaveLength(1);
    expect(t.fake.message(lihua.id, question.messageId)?.reply_markup).toBeUndefined();
    expect(t.fake.message(lihua.id, question.messageId)?.text).toMatch(/请先选择类别/); // the question's text stays
    expect(t.textsTo(lihua.id).at(-1)).toMatch(/^请描述/);
  });

  it('"Not fixed" tapped right after "Fixed" gets a toast and reopens nothing', async () => {
    t = await telegramHarness({ admins: [admin.id] });
    await step(() => t.userSends({ from: admin, text: '/start' }));
    await step(() => t.userSends({ from: lihua, text: '3号楼502热水器坏了' }));
    await step(() => t.press({ from: lihua, label: '确认提交' }));
    await step(() => t.userSends({ from: admin, text: '/resolve T-1 换了加热棒' }));
    const [fixed, notFixed] = [buttonOf('已解决'), buttonOf('还没解决')];
    const before = t.fake.messagesTo(lihua.id).length;
    await step(() => { // "Fixed", then "Not fixed" at once, before the keyboard was redrawn
      t.fake.userPresses({ from: lihua, message_id: fixed.messageId, data: fixed.data });
      t.fake.userPresses({ from: lihua, message_id: notFixed.messageId, data: notFixed.data });
    });
    expect(t.fake.message(lihua.id, fixed.messageId)?.reply_markup).toBeUndefined(); // the answered question has no buttons left
    expect(t.textsTo(lihua.id).slice(before)).toEqual(['谢谢确认！请为 T-1 的处理打个分（1–5 分，5 分最满意）：']);
    expect(toasts().at(-1)).toBe('你已经确认 T-1 解决了。');
    expect(t.rows('select status from tickets')).toEqual([{ status: 'resolved' }]);
    expect(t.rows(`select count(*) as n from ticket_events where type = 'reopened'`)).toEqual([{ n: 0 }]);
  });
});

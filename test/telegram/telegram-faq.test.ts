/**
 * The FAQ on Telegram (issue 17): a question in a private chat and one @mentioning the bot in a
 * class group get the entry's answer with its buttons; "this helped" is a toast, pressed twice it
 * is counted once, and another member of the group cannot press the asker's buttons.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { InlineKeyboardMarkup } from 'grammy/types';
import { groupChat, user } from '../fakes/telegram-api.js';
import { telegramHarness, type TelegramHarness } from './harness.js';

let t: TelegramHarness;
afterEach(async () => {
  await t?.stop();
});

const lihua = user({ id: 1001, first_name: '华', last_name: '李', username: 'lihua', language_code: 'zh-hans' });
const amy = user({ id: 1002, first_name: 'Amy', username: 'amy', language_code: 'en' });
const classGroup = groupChat({ id: -1001234567890, title: '2301 班' });
const toasts = () => t.fake.sent.filter((r) => r.method === 'answerCallbackQuery').map((r) => r.text ?? '');

describe('the FAQ on Telegram', () => {
  it('answers in private with buttons, and "this helped" is one toast-acknowledged count on a double tap', async () => {
    t = await telegramHarness();
    t.userSends({ from: amy, text: 'I lost my student card' });
    await t.settle();
    expect(t.textsTo(amy.id)[0]).toMatch(/^📖 I lost my campus card\. What should I do\?\n\nReport it lost first/);
    const msg = t.fake.messagesTo(amy.id).at(-1)!;
    const data = (msg.replyMarkup as InlineKeyboardMarkup).inline_keyboard[0]![0] as { callback_data: string };
    t.fake.userPresses({ from: amy, message_id: msg.messageId!, data: data.callback_data });
    t.fake.userPresses({ from: amy, message_id: msg.messageId!, data: data.callback_data }); // a double tap
    await t.settle();
    expect(t.fake.message(amy.id, msg.messageId!)?.reply_markup).toBeUndefined();
    expect(toasts()).toEqual(['Thanks for telling me, glad it helped 🙂', 'Already noted, thank you.']);
    expect(t.rows('select entry_id, helped from faq_asks')).toEqual([{ entry_id: 'campus-card-lost', helped: 1 }]);
    expect(t.rows('select count(*) as n from tickets')).toEqual([{ n: 0 }]);
  });

  it('answers an addressed question in the group, in the group', async () => {
    t = await telegramHarness();
    t.userSends({ from: lihua, chat: classGroup, text: '快递站在哪', mention: true });
    t.userSends({ from: lihua, chat: classGroup, text: '图书馆几点关门' }); // not addressed: no answer
    await t.settle();
    expect(t.textsTo(classGroup.id)).toEqual([expect.stringMatching(/^📖 快递站在哪里？几点营业？/)]);
    t.press({ from: amy, chat: classGroup, label: '这个有帮助' });
    await t.settle();
    expect(t.rows('select helped from faq_asks')).toEqual([{ helped: null }]);
  });
});

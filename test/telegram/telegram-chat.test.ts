/**
 * The bot on Telegram, end to end: the real grammY client talks HTTP to the fake Bot API server,
 * updates go through the inbox, the router and SQLite, replies come back through the port.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { groupChat, user } from '../fakes/telegram-api.js';
import { telegramHarness, type TelegramHarness } from './harness.js';

let t: TelegramHarness;
afterEach(async () => {
  await t?.stop();
});

const lihua = user({ id: 1001, first_name: '华', last_name: '李', username: 'lihua', language_code: 'zh-hans' });
const amy = user({ id: 1002, first_name: 'Amy', username: 'amy_w', language_code: 'en' });
const admin = user({ id: 2001, first_name: '管理员', username: 'campus_admin', language_code: 'zh-hans' });
const classGroup = groupChat({ id: -1001234567890, title: '2301 班' });
const staffGroup = groupChat({ id: -1009876543210, title: '后勤保障处 · 值班群' });

describe('private chats', () => {
  it('welcomes and helps in Chinese for zh-hans and in English for en', async () => {
    t = await telegramHarness();
    t.userSends({ from: lihua, text: '/start' });
    t.userSends({ from: amy, text: '/start' });
    t.userSends({ from: lihua, text: '/help' });
    t.userSends({ from: amy, text: '/help' });
    await t.settle();
    const [zhStart, zhHelp] = t.textsTo(lihua.id);
    const [enStart, enHelp] = t.textsTo(amy.id);
    expect(zhStart).toMatch(/^你好，华 李！我是「一站」/);
    expect(zhHelp).toMatch(/^你可以使用这些命令：\n\/start — /);
    expect(enStart).toMatch(/^Hi Amy! I'm Yizhan/);
    expect(enHelp).toMatch(/^Commands you can use:\n\/start — /);
    expect(zhHelp).not.toContain('/grant');
    expect(t.fake.messagesTo(lihua.id).every((r) => r.parseMode === 'HTML')).toBe(true);
    expect(t.rows('select platform, platform_user_id, private_chat_id, reachable from identities order by id')).toEqual([
      { platform: 'telegram', platform_user_id: '1001', private_chat_id: '1001', reachable: 1 },
      { platform: 'telegram', platform_user_id: '1002', private_chat_id: '1002', reachable: 1 },
    ]);
  });

  it('switches language with the /lang buttons, answering each callback query once', async () => {
    t = await telegramHarness();
    t.userSends({ from: amy, text: '/lang' });
    const offer = await t.waitFor((r) => r.chatId === amy.id);
    expect(offer.replyMarkup).toEqual({ inline_keyboard: [[{ text: '中文', callback_data: 'members:lang:zh-CN' }, { text: 'English', callback_data: 'members:lang:en' }]] });
    const press = t.press({ from: amy, label: '中文' });
    await t.settle();
    expect(t.textsTo(amy.id).at(-1)).toBe('好的，以后我会用简体中文和你交流。');
    const answers = t.fake.sent.filter((r) => r.method === 'answerCallbackQuery');
    expect(answers.map((a) => a.callbackQueryId)).toEqual([press.callback_query!.id]);
    t.userSends({ from: amy, text: '/help' });
    await t.settle();
    expect(t.textsTo(amy.id).at(-1)).toMatch(/^你可以使用这些命令：/);
  });

  it('answers a voice message, sticker or file in private with what it can read, asks what a photo is about, and ignores a group sticker', async () => {
    t = await telegramHarness();
    const say = (chat: object, content: object) => t.fake.pushUpdate({ message: { message_id: 77, date: 1772409600, chat, from: amy, ...content } as never });
    say({ id: amy.id, type: 'private', first_name: 'Amy' }, { voice: { file_id: 'v1', file_unique_id: 'v1', duration: 4 } });
    say(classGroup, { sticker: { file_id: 's1', file_unique_id: 's1', type: 'regular', width: 512, height: 512, is_animated: false, is_video: false } });
    say({ id: amy.id, type: 'private', first_name: 'Amy' }, { document: { file_id: 'd1', file_unique_id: 'd1', file_name: 'form.pdf' } });
    say({ id: amy.id, type: 'private', first_name: 'Amy' }, { photo: [{ file_id: 'p1', file_unique_id: 'p1', width: 800, height: 600 }] });
    await t.settle();
    const unreadable = "I can't read that kind of message yet 🙈 I read text and photos (not files); please type it out.";
    expect(t.textsTo(amy.id)).toEqual([unreadable, unreadable, 'Got your photo 📷 What is it about? You can also tell me in words first.']);
    expect(t.textsTo(classGroup.id)).toEqual([]);
  });

  it('escapes text for HTML, so "<", ">" and "&" arrive as typed', async () => {
    t = await telegramHarness({ admins: [admin.id] });
    t.userSends({ from: admin, chat: classGroup, text: '/bind staff <b>R&D</b>' });
    await t.settle();
    const [reply] = t.fake.messagesTo(classGroup.id);
    expect(reply?.text).toContain('<b>R&D</b>');
    expect(reply?.params.text).toContain('&lt;b&gt;R&amp;D&lt;/b&gt;');
  });
});

describe('groups', () => {
  it('stays silent on chit-chat and answers commands, @mentions and replies to the bot', async () => {
    t = await telegramHarness();
    t.userSends({ from: lihua, chat: classGroup, text: '明天几点上课？' });
    t.userSends({ from: lihua, chat: classGroup, text: '/help@other_bot' });
    await t.settle();
    expect(t.textsTo(classGroup.id)).toEqual([]);
    t.userSends({ from: lihua, chat: classGroup, text: '/help@yizhan_test_bot' });
    await t.settle();
    expect(t.textsTo(classGroup.id)).toHaveLength(1);
    expect(t.textsTo(classGroup.id)[0]).toContain('在群里，请用命令、@我 或回复我的消息，我才会回应。');
    t.userSends({ from: amy, chat: classGroup, text: 'are you there?', mention: true });
    await t.settle();
    expect(t.textsTo(classGroup.id)).toHaveLength(2);
    t.userSends({ from: amy, chat: classGroup, text: 'thanks', replyTo: 'bot' });
    await t.settle();
    expect(t.textsTo(classGroup.id)).toHaveLength(3);
    t.userSends({ from: amy, chat: classGroup, text: 'ok everyone' });
    await t.settle();
    expect(t.textsTo(classGroup.id)).toHaveLength(3);
    // Chit-chat is settled as it is stored: done at once, never attempted, its text never kept.
    expect(t.rows(`select status, attempts, payload, count(*) as n from telegram_inbox group by status, attempts, payload order by status, attempts`)).toEqual([
      { status: 'done', attempts: 0, payload: '', n: 3 },
      { status: 'done', attempts: 1, payload: '', n: 3 },
    ]);
    expect(t.rows(`select count(*) as n from processed_updates`)).toEqual([{ n: 3 }]);
  });

  it('registers a group when the bot is added and marks it left when removed, keeping its binding', async () => {
    t = await telegramHarness({ admins: [admin.id] });
    const change = (status: 'member' | 'left') => t.fake.pushUpdate({
      my_chat_member: {
        chat: staffGroup, from: admin, date: 1772409610,
        old_chat_member: { user: { ...t.fake.botInfo }, status: status === 'member' ? 'left' : 'member' },
        new_chat_member: { user: { ...t.fake.botInfo }, status },
      } as never,
    });
    change('member');
    await t.settle();
    expect(t.rows('select platform_chat_id, kind, title, binding from chats')).toEqual([
      { platform_chat_id: String(staffGroup.id), kind: 'group', title: '后勤保障处 · 值班群', binding: null },
    ]);
    t.userSends({ from: admin, chat: staffGroup, text: '/bind staff logistics' });
    await t.settle();
    change('left');
    await t.settle();
    expect(t.rows('select status from telegram_chats')).toEqual([{ status: 'left' }]);
    expect(t.rows('select binding, scope from chats')).toEqual([{ binding: 'staff', scope: 'logistics' }]);
    const before = t.fake.sent.length;
    await t.app.units.run(async () => void (await t.app.messenger.toBound('staff', 'logistics', () => ({ text: '不会发出' }))));
    await t.settle(); // sent (or not) by the outbox once the unit committed
    expect(t.fake.sent.length).toBe(before); // nothing is sent to a group the bot left
    expect(t.rows(`select status from outbox where cast(payload as text) like '%不会发出%'`)).toEqual([{ status: 'unreachable' }]);
    change('member');
    await t.settle();
    await t.app.units.run(async () => void (await t.app.messenger.toBound('staff', 'logistics', () => ({ text: '又回来了' }))));
    await t.settle();
    expect(t.textsTo(staffGroup.id).at(-1)).toBe('又回来了');
  });
});

describe('binding chats', () => {
  it('lets a config admin bind a Telegram group as logistics staff chat, which then receives staff posts', async () => {
    t = await telegramHarness({ admins: [admin.id] });
    t.userSends({ from: lihua, chat: staffGroup, text: '/bind staff logistics' });
    await t.settle();
    expect(t.textsTo(staffGroup.id)).toEqual(['抱歉，/bind 只对有相应权限的老师或同学开放。发送 /help 查看你可以用的命令。']);
    t.userSends({ from: admin, chat: staffGroup, text: '/bind@yizhan_test_bot staff logistics' });
    await t.settle();
    expect(t.textsTo(staffGroup.id).at(-1)).toContain('后勤保障处');
    expect(t.rows('select platform, platform_chat_id, binding, scope from chats')).toEqual([
      { platform: 'telegram', platform_chat_id: String(staffGroup.id), binding: 'staff', scope: 'logistics' },
    ]);
    const n = await t.app.units.run(() => t.app.messenger.toBound('staff', 'logistics', (l) => ({ text: l === 'en' ? 'New ticket' : '新工单 T-1：3号楼502 热水器漏水' })));
    expect(n).toBe(1);
    await t.settle();
    expect(t.textsTo(staffGroup.id).at(-1)).toBe('新工单 T-1：3号楼502 热水器漏水');
    expect(t.rows('select action, target from audit_log')).toEqual([{ action: 'chat.bind', target: `telegram:${staffGroup.id}` }]);
  });
});

import { readFileSync } from 'node:fs';
import type { Update } from 'grammy/types';
import { describe, expect, it } from 'vitest';
import { chatKeyOf, mapUpdate, type BotIdentity } from './telegram.mapping.js';

const fixtures = JSON.parse(readFileSync('test/fixtures/telegram/updates.json', 'utf8')) as Record<string, Update>;
const bot: BotIdentity = { id: 7000000001, username: 'yizhan_test_bot' };
const map = (name: string, resolve?: (d: string) => string) => mapUpdate(fixtures[name]!, bot, resolve);

const lihua = { id: '1001', name: '华 李', username: 'lihua', locale: 'zh-hans' };
const zhao = { id: '1003', name: 'Zhao', username: 'zhao_2301', locale: 'zh-hans' };
const supergroup = { platform: 'telegram', id: '-1001234567890', kind: 'group', title: '2301 班 · 学习交流' };

describe('mapping Telegram updates', () => {
  it('maps a private text message: chat id = user id, ids as strings, locale from language_code', () => {
    expect(map('privateText')).toEqual({
      kind: 'incoming',
      incoming: { updateId: '815224001', chat: { platform: 'telegram', id: '1001', kind: 'private' }, sender: lihua, text: '宿舍热水器坏了' },
    });
    expect(map('privateStartEn')).toMatchObject({ incoming: { text: '/start', sender: { id: '1002', name: 'Amy', locale: 'en' } } });
  });

  it('keeps a group command with @botname for the router, in a basic group', () => {
    expect(map('groupCommand')).toEqual({
      kind: 'incoming',
      incoming: { updateId: '815224003', chat: { platform: 'telegram', id: '-4012345678', kind: 'group', title: '2301 班' }, sender: lihua, text: '/help@yizhan_test_bot' },
    });
  });

  it('leaves supergroup chatter unmarked (ambient) and marks @mentions and text_mentions of the bot only', () => {
    expect(map('supergroupChatter')).toEqual({ kind: 'incoming', incoming: { updateId: '815224004', chat: supergroup, sender: zhao, text: '明天几点上课？' } });
    expect(map('supergroupMention')).toEqual({ kind: 'incoming', incoming: { updateId: '815224005', chat: supergroup, sender: zhao, text: '食堂几点关门？', mentioned: true } });
    expect(map('mentionOfSomeoneElse')).toMatchObject({ incoming: { text: '@lihua 作业交了吗' } });
    expect(map('mentionOfSomeoneElse')).not.toMatchObject({ incoming: { mentioned: true } });
    expect(map('textMention')).toMatchObject({ incoming: { text: 'Yizhan help please', mentioned: true, sender: { locale: 'en-US' } } });
  });

  it('marks replies to the bot, with the message they reply to', () => {
    expect(map('replyToBot')).toEqual({ kind: 'incoming', incoming: { updateId: '815224008', chat: supergroup, sender: zhao, text: '好的，谢谢', replyToBot: true, replyTo: { messageId: '8814' } } });
  });

  it('takes the caption as text and the largest photo size as the attachment', () => {
    expect(map('photoWithCaption')).toMatchObject({
      incoming: { text: '3号楼502 热水器漏水', attachments: [{ kind: 'photo', ref: 'AgACAgUAAxkBAAIBQ2Xs_large' }] },
    });
  });

  it('maps a callback query to a press on the message it belongs to, to be answered', () => {
    expect(map('callbackQuery')).toEqual({
      kind: 'incoming',
      callbackQueryId: '4382000000000000123',
      incoming: {
        updateId: '815224010', chat: { platform: 'telegram', id: '1002', kind: 'private' },
        sender: { id: '1002', name: 'Amy', locale: 'en' }, text: '', press: 'members:lang:zh-CN',
        pressedMessage: { platform: 'telegram', chatId: '1002', messageId: '3' },
      },
    });
  });

  it('resolves stored button ids, also on inaccessible (old) messages', () => {
    const mapped = map('callbackStoredId', (d) => (d === '~Qk3bZ0cXl1mTtA9e' ? 'tickets:claim:17:a-very-long-argument' : d));
    expect(mapped).toMatchObject({ incoming: { press: 'tickets:claim:17:a-very-long-argument', chat: { id: '-1001234567890', kind: 'group' }, pressedMessage: { messageId: '4' } } });
  });

  it('reports the bot joining and leaving groups, and users blocking it privately', () => {
    const chat = { platform: 'telegram', id: '-1009876543210', kind: 'group', title: '后勤保障处 · 值班群' };
    const admin = { id: '2001', name: '管理员', username: 'campus_admin', locale: 'zh-hans' };
    expect(map('botAdded')).toEqual({ kind: 'membership', chat, member: true, by: admin });
    expect(map('botRemoved')).toEqual({ kind: 'membership', chat, member: false, by: admin });
    expect(map('userBlockedBot')).toMatchObject({ kind: 'membership', chat: { id: '1002', kind: 'private' }, member: false });
  });

  it('reports group → supergroup migration and ignores what the bot cannot use', () => {
    expect(map('groupMigrated')).toEqual({ kind: 'migrated', fromChatId: '-4012345678', toChatId: '-1002000000001' });
    const groupSticker = { ...fixtures.sticker!, message: { ...fixtures.sticker!.message!, chat: { id: -1001234567890, type: 'supergroup', title: '2301 班' } } } as Update;
    expect(mapUpdate(groupSticker, bot)).toMatchObject({ kind: 'ignored' });
    const pinned = { ...fixtures.sticker!, message: { ...fixtures.sticker!.message!, sticker: undefined, pinned_message: fixtures.privateText!.message } } as Update;
    expect(mapUpdate(pinned, bot)).toMatchObject({ kind: 'ignored' });
    expect(map('channelPost')).toEqual({ kind: 'ignored', reason: 'channel_post' });
  });

  it('marks a private sticker, voice message or location as unreadable, so it gets an answer', () => {
    expect(map('sticker')).toMatchObject({ kind: 'incoming', incoming: { text: '', unreadable: true, chat: { kind: 'private' } } });
    const voice = { ...fixtures.sticker!, message: { ...fixtures.sticker!.message!, sticker: undefined, voice: { file_id: 'v', file_unique_id: 'v', duration: 3 } } } as Update;
    expect(mapUpdate(voice, bot)).toMatchObject({ kind: 'incoming', incoming: { unreadable: true } });
  });

  it('keys updates by chat so one chat is handled in order', () => {
    expect(chatKeyOf(fixtures.supergroupMention!)).toBe('-1001234567890');
    expect(chatKeyOf(fixtures.callbackQuery!)).toBe('1002');
    expect(chatKeyOf(fixtures.botAdded!)).toBe('-1009876543210');
    expect(chatKeyOf(fixtures.channelPost!)).toBe('other');
  });
});

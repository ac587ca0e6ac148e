import { readFileSync } from 'node:fs';
import type { APIInteraction } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { isForBot } from '../../core/addressing.js';
import { chatKeyOf, mapInteraction, mapMessage, type DiscordMessage } from './discord.mapping.js';

const fixture = <T>(name: string): T => JSON.parse(readFileSync(`test/fixtures/discord/${name}.json`, 'utf8')) as T;
const bot = { id: '1300000000000000001', username: 'yizhan' };
const dm = fixture<DiscordMessage>('message-create-dm');
const inGuild = fixture<DiscordMessage>('message-create-guild');
const botMessage = fixture<DiscordMessage>('message-bot');

describe('messages', () => {
  it('a DM is a private message by channel id, named by global name; messages carry no locale', () => {
    expect(mapMessage(dm, bot)).toEqual({
      kind: 'incoming',
      incoming: {
        updateId: '1346000000000000501', text: '3号楼502热水器坏了',
        chat: { platform: 'discord', id: '1300000000000000301', kind: 'private' },
        sender: { id: '1300000000000000201', name: '李华', username: 'lihua', privateChatId: 'dm:1300000000000000201' },
      },
    });
  });

  it('a server message that mentions the bot is addressed, without the mention, under the member nickname', () => {
    const mapped = mapMessage(inGuild, bot);
    expect(mapped).toMatchObject({
      kind: 'incoming',
      incoming: { text: '食堂的饭太咸了', mentioned: true, chat: { id: '1300000000000000101', kind: 'group' }, sender: { name: '小李' } },
    });
    expect(mapped.kind === 'incoming' && isForBot(mapped.incoming, bot.username)).toBe(true);
    expect(chatKeyOf(mapped)).toBe('1300000000000000101');
  });

  it('server chatter is not for the bot; without the content intent it has no text at all and is ignored', () => {
    const chatter = { ...inGuild, content: '今天食堂人好多', mentions: [] };
    const mapped = mapMessage(chatter, bot);
    expect(mapped.kind === 'incoming' && isForBot(mapped.incoming, bot.username)).toBe(false);
    expect(mapMessage({ ...chatter, content: '' }, bot)).toEqual({ kind: 'ignored', reason: 'no text or attachment' });
  });

  it('a reply to the bot is addressed; a command typed as text is the command', () => {
    const reply = { ...inGuild, type: 19, content: '好的', mentions: [botMessage.author], referenced_message: botMessage };
    expect(mapMessage(reply, bot)).toMatchObject({ incoming: { text: '好的', replyToBot: true, replyTo: { messageId: botMessage.id }, mentioned: true } });
    expect(mapMessage({ ...inGuild, content: '<@!1300000000000000001> /status T-1', mentions: [] }, bot)).toMatchObject({ incoming: { text: '/status T-1', mentioned: true } });
  });

  it('ignores the bot itself, other bots and webhooks, and service messages', () => {
    expect(mapMessage(botMessage, bot)).toEqual({ kind: 'ignored', reason: 'from a bot' });
    expect(mapMessage({ ...dm, webhook_id: '1' }, bot).kind).toBe('ignored');
    expect(mapMessage({ ...inGuild, type: 7 }, bot)).toEqual({ kind: 'ignored', reason: 'service message' });
  });

  it('images are photos and other files files, by URL; a sticker in a DM is unreadable, in a server chatter', () => {
    const image = { id: '1', filename: 'heater.jpg', size: 1, url: 'https://cdn.discordapp.com/attachments/1/2/heater.jpg', proxy_url: '', content_type: 'image/jpeg' };
    const pdf = { ...image, filename: 'form.pdf', url: 'https://cdn.discordapp.com/attachments/1/3/form.pdf', content_type: 'application/pdf' };
    expect(mapMessage({ ...dm, content: '', attachments: [image, pdf] }, bot)).toMatchObject({
      incoming: { text: '', attachments: [{ kind: 'photo', ref: image.url }, { kind: 'file', ref: pdf.url }] },
    });
    const sticker = { content: '', sticker_items: [{ id: '9', name: 'wave', format_type: 1 }] };
    expect(mapMessage({ ...dm, ...sticker }, bot)).toMatchObject({ incoming: { unreadable: true } });
    expect(mapMessage({ ...inGuild, ...sticker, mentions: [] }, bot).kind).toBe('ignored');
  });

  it('a message fetched over REST (no guild_id) is mapped as the caller says', () => {
    const { guild_id: _g, member: _m, ...fetched } = inGuild;
    expect(mapMessage(fetched, bot, true)).toMatchObject({ incoming: { chat: { kind: 'group' }, sender: { name: '李华' } } });
  });
});

describe('interactions', () => {
  const button = fixture<APIInteraction>('interaction-button-guild');
  const command = fixture<APIInteraction>('interaction-command-dm');

  it('a button press carries its payload, the pressed message, the member locale and what answers it', () => {
    expect(mapInteraction(button, (id) => (id === 'tickets:claim:1' ? 'tickets:claim:1' : '?'))).toEqual({
      kind: 'incoming',
      incoming: {
        updateId: '1346000000000000801', text: '', press: 'tickets:claim:1',
        chat: { platform: 'discord', id: '1300000000000000102', kind: 'group' },
        sender: { id: '1300000000000000202', name: '王老师', username: 'wang', locale: 'zh-CN', privateChatId: 'dm:1300000000000000202' },
        fromChatAdmin: false,
        pressedMessage: { platform: 'discord', chatId: '1300000000000000102', messageId: '1346000000000000702' },
      },
      interaction: { id: '1346000000000000801', token: button.token, kind: 'component', channelId: '1300000000000000102', messageId: '1346000000000000702' },
    });
  });

  it('a member with Administrator, Manage Server or Manage Channels there administers the channel', () => {
    const withPermissions = (p: bigint) => ({ ...button, member: { ...(button as { member: object }).member, permissions: String(p) } }) as APIInteraction;
    expect([1n << 3n, 1n << 5n, 1n << 4n, (1n << 11n) | (1n << 10n)].map((p) => mapInteraction(withPermissions(p)))).toMatchObject([
      { incoming: { fromChatAdmin: true } }, { incoming: { fromChatAdmin: true } }, { incoming: { fromChatAdmin: true } }, { incoming: { fromChatAdmin: false } },
    ]);
    expect(mapInteraction(command)).not.toHaveProperty('incoming.fromChatAdmin');
  });

  it('resolves a stored custom id', () => {
    const stored = { ...button, data: { component_type: 2, custom_id: '~abc' } } as APIInteraction;
    expect(mapInteraction(stored, (id) => (id === '~abc' ? 'surveys:answer:12:q1:long-option' : id))).toMatchObject({ incoming: { press: 'surveys:answer:12:q1:long-option' } });
  });

  it('a slash command becomes the command text with its options, in the locale of the person', () => {
    expect(mapInteraction(command)).toMatchObject({
      kind: 'incoming',
      incoming: { text: '/status T-1', chat: { id: '1300000000000000301', kind: 'private' }, sender: { name: '李华', locale: 'zh-CN' } },
      interaction: { kind: 'command', channelId: '1300000000000000301' },
    });
    const noOptions = { ...command, locale: 'en-US', data: { ...command.data, options: undefined } } as APIInteraction;
    expect(mapInteraction(noOptions)).toMatchObject({ incoming: { text: '/status', sender: { locale: 'en-US' } } });
  });

  it('the repair form\'s submission is the /repair line of its fields (in labels or the older action rows), answered as a command', () => {
    const input = (custom_id: string, value: string) => ({ type: 4, custom_id, value });
    const submit = (components: unknown[], custom_id = 'yizhan:repair') => ({ ...command, type: 5, data: { custom_id, components } }) as unknown as APIInteraction;
    const labels = submit([{ type: 18, component: input('place', ' 3号楼502 ') }, { type: 18, component: input('item', '') }, { type: 18, component: input('description', '热水器\n没有热水') }]);
    expect(mapInteraction(labels)).toMatchObject({
      kind: 'incoming', incoming: { text: '/repair 3号楼502 热水器\n没有热水', sender: { locale: 'zh-CN' } },
      interaction: { id: command.id, kind: 'command', form: true },
    });
    const rows = submit([{ type: 1, components: [input('place', '一食堂')] }, { type: 1, components: [input('description', '灯坏了')] }]);
    expect(mapInteraction(rows)).toMatchObject({ incoming: { text: '/repair 一食堂 灯坏了' } });
    expect(mapInteraction(submit([], 'another:form'))).toMatchObject({ kind: 'ignored', interaction: { kind: 'command' } });
  });

  it('an interaction the bot does not handle is ignored but still to be acknowledged', () => {
    const menu = { ...command, data: { ...command.data, type: 3, name: 'Report message' } } as unknown as APIInteraction;
    expect(mapInteraction(menu)).toMatchObject({ kind: 'ignored', interaction: { id: command.id, kind: 'command' } });
  });
});

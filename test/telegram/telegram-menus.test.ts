/**
 * Issue 13 point 7: command menus per role on Telegram. A staff chat's own menu is a plain staff
 * member's (no lead or admin commands); its leads and the admins get their own there
 * (`chat_member`), and everyone with a role a private menu of what their roles allow (`chat`).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { BotCommandScope } from 'grammy/types';
import { groupChat, user } from '../fakes/telegram-api.js';
import { telegramHarness, type TelegramHarness } from './harness.js';

const admin = user({ id: 2001, first_name: '管理员', username: 'campus_admin', language_code: 'en' });
const wang = user({ id: 3001, first_name: '王', username: 'wang', language_code: 'en' });
const chen = user({ id: 3002, first_name: '陈', username: 'chen', language_code: 'en' });
const staffGroup = groupChat({ id: -1009876543210, title: '后勤保障处 · 值班群' });
const STAFF = ['queue', 'claim', 'reply', 'note', 'transfer', 'resolve', 'reject', 'priority', 'digest'];
const LEAD_ONLY = ['assign', 'grant', 'revoke', 'invite'];

let t: TelegramHarness | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

describe('command menus per role', () => {
  it('keep lead-only commands out of a plain staff member\'s menus, in the staff chat and in private', async () => {
    t = await telegramHarness({ admins: [admin.id], menus: true });
    const h = t;
    const api = h.connection.api;
    const names = async (scope: BotCommandScope) => (await api.getMyCommands({ scope, language_code: 'en' })).map((c) => c.command);
    const scopeOf = (c: { params: Record<string, unknown> }) => c.params.scope as { type?: string; user_id?: number; chat_id?: number } | undefined;
    const memberCall = (type: string, userId: number, method = 'setMyCommands') => (c: { method: string; params: Record<string, unknown> }) =>
      c.method === method && c.params.language_code === undefined && scopeOf(c)?.type === type && (type === 'chat' ? scopeOf(c)?.chat_id : scopeOf(c)?.user_id) === userId;

    for (const u of [admin, wang, chen]) h.userSends({ from: u, text: '/start' });
    await h.settle();
    h.userSends({ from: admin, chat: staffGroup, text: '/bind staff logistics' });
    h.userSends({ from: admin, text: '/grant staff logistics @wang' });
    h.userSends({ from: admin, text: '/grant lead logistics @chen' });
    await h.settle();
    await h.fake.waitForCall(memberCall('chat_member', chen.id));
    await h.fake.waitForCall(memberCall('chat', wang.id));

    const staffChat = await names({ type: 'chat', chat_id: staffGroup.id });
    expect(staffChat).toEqual(expect.arrayContaining(STAFF));
    expect(staffChat.filter((c) => LEAD_ONLY.includes(c))).toEqual([]);
    expect(await names({ type: 'chat_member', chat_id: staffGroup.id, user_id: chen.id })).toEqual(expect.arrayContaining([...STAFF, ...LEAD_ONLY]));
    expect(await names({ type: 'chat_member', chat_id: staffGroup.id, user_id: wang.id })).toEqual([]); // the chat's own menu applies
    expect(await names({ type: 'chat_member', chat_id: staffGroup.id, user_id: admin.id })).toEqual(expect.arrayContaining([...LEAD_ONLY, 'bind']));

    const wangPrivate = await names({ type: 'chat', chat_id: wang.id });
    expect(wangPrivate).toEqual(expect.arrayContaining(['start', 'help', ...STAFF]));
    expect(wangPrivate.filter((c) => LEAD_ONLY.includes(c))).toEqual([]);
    expect(await names({ type: 'chat', chat_id: chen.id })).toEqual(expect.arrayContaining(LEAD_ONLY));
    const adminMenu = await api.getMyCommands({ scope: { type: 'chat', chat_id: admin.id }, language_code: 'en' });
    expect(adminMenu.find((c) => c.command === 'survey')?.description).toMatch(/^Surveys: list all · send/);

    h.userSends({ from: admin, text: '/revoke lead logistics @chen' });
    await h.settle();
    await h.fake.waitForCall(memberCall('chat_member', chen.id, 'deleteMyCommands'));
    await h.fake.waitForCall(memberCall('chat', chen.id, 'deleteMyCommands'));
    expect(await names({ type: 'chat_member', chat_id: staffGroup.id, user_id: chen.id })).toEqual([]);
    expect(await names({ type: 'chat', chat_id: chen.id })).toEqual([]); // back to everyone's private menu
  });
});

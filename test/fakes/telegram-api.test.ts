/**
 * The fake Telegram server behaves like the Bot API when spoken to over plain HTTP:
 * request encodings, getUpdates offsets and long polling, validation, message bookkeeping.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Message, Update } from 'grammy/types';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { until } from '../until.js';
import { groupChat, postWebhook, startFakeTelegram, user, type FakeTelegram } from './telegram-api.js';

let fake: FakeTelegram;
const alice = user({ id: 1001, first_name: '李华', username: 'lihua' });
const group = groupChat({ id: -1001234567890, title: '2301 班' });

/** Calls the fake like a minimal HTTP client would; returns Telegram's JSON reply. */
async function api(method: string, body: Record<string, unknown> = {}): Promise<Record<string, any>> {
  const res = await fetch(`${fake.apiRoot}/bot${fake.token}/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as Record<string, any>;
  if (!json.ok) expect(res.status).toBe(json.error_code);
  return json;
}

const ids = (r: Record<string, any>): number[] => (r.result as Update[]).map((u) => u.update_id);

beforeEach(async () => {
  fake = await startFakeTelegram();
});
afterEach(async () => {
  await fake.close();
});

describe('requests', () => {
  it('answers getMe with the configured bot and rejects unknown methods and tokens', async () => {
    expect((await api('getMe')).result).toMatchObject({ id: 7000000001, is_bot: true, username: 'yizhan_test_bot' });
    expect(await api('noSuchMethod')).toEqual({ ok: false, error_code: 404, description: 'Not Found' });
    const strict = await startFakeTelegram({ token: '42:secret', bot: { username: 'other_bot' } });
    const wrong = await fetch(`${strict.apiRoot}/bot42:wrong/getMe`);
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ ok: false, error_code: 401, description: 'Unauthorized' });
    const right = (await (await fetch(`${strict.apiRoot}/bot42:secret/getMe`)).json()) as Record<string, any>;
    expect(right.result).toMatchObject({ id: 42, username: 'other_bot' });
    await strict.close();
  });

  it('accepts query strings, urlencoded and multipart bodies, methods case-insensitively', async () => {
    fake.addChat(group);
    const base = `${fake.apiRoot}/bot${fake.token}`;
    await fetch(`${base}/sendmessage?chat_id=${group.id}&text=one`);
    const markup = JSON.stringify({ inline_keyboard: [[{ text: 'OK', callback_data: 'ok' }]] });
    const form = new URLSearchParams({ chat_id: String(group.id), text: 'two', reply_markup: markup });
    await fetch(`${base}/sendMessage`, { method: 'POST', body: form });
    const multipart = new FormData();
    multipart.set('chat_id', String(group.id));
    multipart.set('photo', new Blob([Buffer.from('jpeg bytes')]), 'room-301.jpg');
    multipart.set('caption', 'three');
    await fetch(`${base}/sendPhoto`, { method: 'POST', body: multipart });
    expect(fake.sent.map((r) => r.text)).toEqual(['one', 'two', 'three']);
    expect(fake.sent[1]?.replyMarkup).toEqual(JSON.parse(markup));
    expect(fake.sent[2]?.photo).toMatchObject({ uploaded: true, filename: 'room-301.jpg', size: 10 });
  });
});

describe('getUpdates', () => {
  it('keeps updates until an offset confirms them, honours limit and negative offsets', async () => {
    for (const text of ['a', 'b', 'c', 'd']) fake.userSends({ from: alice, text });
    expect(ids(await api('getUpdates'))).toEqual([1, 2, 3, 4]);
    expect(ids(await api('getUpdates'))).toEqual([1, 2, 3, 4]);
    expect(fake.confirmedUpTo).toBe(0);
    expect(ids(await api('getUpdates', { offset: 3, limit: 1 }))).toEqual([3]);
    expect(fake.confirmedUpTo).toBe(2);
    expect(ids(await api('getUpdates', { offset: -1 }))).toEqual([4]);
    expect(fake.confirmedUpTo).toBe(3);
    expect(fake.getUpdatesCalls.map((c) => c.offset)).toEqual([undefined, undefined, 3, -1]);
    expect(fake.getUpdatesCalls[2]).toMatchObject({ limit: 1, returned: [3] });
  });

  it('long-polls until an update arrives or the timeout elapses', async () => {
    const t0 = Date.now();
    expect((await api('getUpdates', { timeout: 0.3 })).result).toEqual([]);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(280);
    const pending = api('getUpdates', { timeout: 10 });
    await fake.waitForCall((c) => c.method === 'getUpdates' && c.status === 0); // waiting
    fake.userSends({ from: alice, text: 'hi' });
    expect(ids(await pending)).toEqual([1]); // woken by the update (not woken, it would answer [] after 10 s)
  });

  it('ends a waiting getUpdates with 409 when another one starts', async () => {
    const first = api('getUpdates', { timeout: 5 });
    await fake.waitForCall((c) => c.method === 'getUpdates');
    const second = api('getUpdates', { timeout: 0 });
    const conflict = expect.stringContaining('terminated by other getUpdates');
    expect(await first).toMatchObject({ ok: false, error_code: 409, description: conflict });
    expect((await second).ok).toBe(true);
  });

  it('drops update types outside allowed_updates, and chat_member ones by default', async () => {
    const member = { status: 'member' as const, user: alice };
    const change = { chat: group, from: alice, date: 0, old_chat_member: member, new_chat_member: member };
    fake.pushUpdate({ chat_member: change });
    await api('getUpdates', { allowed_updates: ['callback_query'] });
    fake.userSends({ from: alice, text: 'ignored' });
    expect(fake.filteredUpdates.map((u) => Object.keys(u)[1])).toEqual(['chat_member', 'message']);
    expect(fake.pendingUpdates).toEqual([]);
  });

  it('refuses getUpdates while a webhook is set, and posts updates to it with the secret', async () => {
    const seen: Array<{ secret: unknown; update: Update }> = [];
    const hook = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen.push({ secret: req.headers['x-telegram-bot-api-secret-token'], update: JSON.parse(body) });
        res.end('{}');
      });
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/tg`;
    expect((await api('setWebhook', { url, secret_token: 's3cret' })).result).toBe(true);
    expect((await api('getWebhookInfo')).result).toMatchObject({ url, pending_update_count: 0 });
    expect(await api('getUpdates')).toMatchObject({ ok: false, error_code: 409 });
    const update = fake.userSends({ from: alice, text: 'via hook' });
    expect((await fake.deliverToWebhook(update)).status).toBe(200);
    expect((await postWebhook(url, update)).status).toBe(200);
    expect(seen.map((s) => s.secret)).toEqual(['s3cret', undefined]);
    expect(seen[0]?.update.message?.text).toBe('via hook');
    await api('deleteWebhook', { drop_pending_updates: true });
    expect((await api('getUpdates')).result).toEqual([]);
    await new Promise((r) => hook.close(r));
  });

  it('delivers round robin to several webhooks: a chat\'s updates one at a time and in order, a failed one again to the next', async () => {
    const got: string[] = [];
    const open = new Set<number>();
    let overlapping = 0;
    // One backend answers after a pause (a chat's next update must wait for it), the other 500 to everything.
    const slow = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const u = JSON.parse(body) as Update;
        if (open.has(u.message!.chat.id)) overlapping++;
        open.add(u.message!.chat.id);
        setTimeout(() => (open.delete(u.message!.chat.id), got.push(u.message!.text!), res.end('{}')), 20);
      });
    });
    const failing = createServer((_req, res) => ((res.statusCode = 500), res.end('{}')));
    const urls = await Promise.all([slow, failing].map(async (s) => {
      await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
      return `http://127.0.0.1:${(s.address() as AddressInfo).port}/tg`;
    }));
    const bob = user({ id: 1002 });
    const updates = [1, 2, 3].flatMap((n) => [fake.userSends({ from: alice, text: `a${n}` }), fake.userSends({ from: bob, text: `b${n}` })]);
    const delivery = fake.deliverRoundRobin({ backends: urls, retryMs: 1 });
    await until(() => delivery.delivered.size === updates.length, 5000);
    expect(got.filter((t) => t.startsWith('a'))).toEqual(['a1', 'a2', 'a3']);
    expect(got.filter((t) => t.startsWith('b'))).toEqual(['b1', 'b2', 'b3']);
    expect(overlapping).toBe(0);
    expect(new Set(delivery.attempts.map((a) => a.backend))).toEqual(new Set([0, 1]));
    expect(delivery.attempts.filter((a) => a.backend === 1).map((a) => a.status)).toEqual(delivery.attempts.filter((a) => a.backend === 1).map(() => 500));
    expect(fake.pendingUpdates).toEqual([]);
    await Promise.all([slow, failing].map((s) => new Promise((r) => s.close(r))));
  });
});

describe('validation', () => {
  beforeEach(() => fake.addChat(group));
  const send = (extra: Record<string, unknown>) => api('sendMessage', { chat_id: group.id, ...extra });

  it('enforces 1..4096 characters after entity parsing, counting code points', async () => {
    expect(await send({ text: '   ' })).toMatchObject({ error_code: 400, description: 'Bad Request: message text is empty' });
    expect((await send({ text: 'x'.repeat(4096) })).ok).toBe(true);
    expect((await send({ text: '😀'.repeat(4096) })).ok).toBe(true);
    expect(await send({ text: 'x'.repeat(4097) })).toMatchObject({ description: 'Bad Request: message is too long' });
    expect((await send({ text: `<b>${'x'.repeat(4096)}</b>`, parse_mode: 'HTML' })).ok).toBe(true);
  });

  it('limits callback_data to 1..64 bytes', async () => {
    const keyboard = (data: string) => ({ reply_markup: { inline_keyboard: [[{ text: '认领', callback_data: data }]] } });
    expect((await send({ text: 'ok', ...keyboard('t'.repeat(64)) })).ok).toBe(true);
    const invalid = { ok: false, error_code: 400, description: 'Bad Request: BUTTON_DATA_INVALID' };
    expect(await send({ text: 'no', ...keyboard('t'.repeat(65)) })).toEqual(invalid);
    expect(await send({ text: 'no', ...keyboard('工单认领'.repeat(6)) })).toEqual(invalid); // 72 bytes
    expect(await send({ text: 'no', ...keyboard('') })).toEqual(invalid);
    expect(fake.sent).toHaveLength(1);
  });

  it('reports HTML and MarkdownV2 entity errors like Telegram', async () => {
    expect((await send({ text: 'a <x> b', parse_mode: 'HTML' })).description).toBe(
      `Bad Request: can't parse entities: Unsupported start tag "x" at byte offset 2`,
    );
    const unclosed = await send({ text: '<b>open', parse_mode: 'HTML' });
    expect(unclosed.description).toMatch(/Can't find end tag corresponding to start tag "b"/);
    expect((await send({ text: 'T-12 done.', parse_mode: 'MarkdownV2' })).description).toBe(
      `Bad Request: can't parse entities: Character '-' is reserved and must be escaped with the preceding '\\'`,
    );
    const ok = await send({ text: '*T\\-12* _done_ \\(ok\\) [link](https://example.com)', parse_mode: 'MarkdownV2' });
    expect(ok.result).toMatchObject({ text: 'T-12 done (ok) link' });
    expect((ok.result as Message).entities?.map((e) => e.type)).toEqual(['bold', 'italic', 'text_link']);
  });

  it('only writes to chats it knows', async () => {
    expect(await api('sendMessage', { chat_id: 555, text: 'hi' })).toMatchObject({ description: 'Bad Request: chat not found' });
    const open = await startFakeTelegram({ allowUnknownChats: true });
    const res = await fetch(`${open.apiRoot}/bot${open.token}/sendMessage?chat_id=555&text=hi`);
    expect(((await res.json()) as Record<string, any>).ok).toBe(true);
    await open.close();
  });
});

describe('messages', () => {
  it('numbers messages per chat, shared by users and the bot, and builds realistic group payloads', async () => {
    const cmd = fake.userSends({ from: alice, chat: group, text: '/report@yizhan_test_bot 宿舍热水坏了' }).message;
    expect(cmd?.entities).toEqual([{ type: 'bot_command', offset: 0, length: 23 }]);
    const sent = (await api('sendMessage', { chat_id: group.id, text: '请私聊我' })).result as Message;
    const reply = fake.userSends({ from: alice, chat: group, text: '好的', replyTo: 'bot' }).message;
    const mention = fake.userSends({ from: alice, chat: group, text: '在吗', mention: true }).message;
    expect([cmd?.message_id, sent.message_id, reply?.message_id, mention?.message_id]).toEqual([1, 2, 3, 4]);
    expect(reply?.reply_to_message).toMatchObject({ message_id: 2, from: { is_bot: true }, text: '请私聊我' });
    expect(mention).toMatchObject({ text: '@yizhan_test_bot 在吗', entities: [{ type: 'mention', offset: 0, length: 16 }] });
    expect(fake.userSends({ from: alice, text: 'dm' }).message?.message_id).toBe(1);
  });

  it('edits and deletes like Telegram, including "message is not modified"', async () => {
    fake.addChat(group);
    const kb = { inline_keyboard: [[{ text: '赞成', callback_data: 'poll:1:yes' }]] };
    const msg = (await api('sendMessage', { chat_id: group.id, text: '投票: 0', reply_markup: kb })).result as Message;
    const target = { chat_id: group.id, message_id: msg.message_id };
    const edit = (extra: Record<string, unknown>) => api('editMessageText', { ...target, ...extra });
    const same = await edit({ text: '投票: 0', reply_markup: kb });
    expect(same.description).toMatch(/^Bad Request: message is not modified: specified new message content/);
    const changed = await edit({ text: '投票: 1', reply_markup: kb });
    expect(changed.result).toMatchObject({ text: '投票: 1', edit_date: expect.any(Number) });
    expect((await api('editMessageReplyMarkup', { chat_id: group.id, message_id: msg.message_id })).ok).toBe(true);
    expect(fake.message(group.id, msg.message_id)?.reply_markup).toBeUndefined();
    expect((await edit({ text: 'x', message_id: 99 })).description).toBe('Bad Request: message to edit not found');
    expect((await api('deleteMessage', { chat_id: group.id, message_id: msg.message_id })).result).toBe(true);
    expect((await api('deleteMessage', { chat_id: group.id, message_id: msg.message_id })).description).toBe(
      'Bad Request: message to delete not found',
    );
    const methods = ['sendMessage', 'editMessageText', 'editMessageReplyMarkup', 'deleteMessage'];
    expect(fake.sent.map((r) => r.method)).toEqual(methods);
  });

  it('sends photos by a known file_id and refuses unknown ones', async () => {
    const photoMsg = fake.userSends({ from: alice, text: '暖气片漏水 @yizhan_test_bot', photo: true }).message;
    expect(photoMsg).toMatchObject({ caption: '暖气片漏水 @yizhan_test_bot', caption_entities: [{ type: 'mention' }] });
    const largest = photoMsg?.photo?.at(-1)?.file_id as string;
    const ok = await api('sendPhoto', { chat_id: alice.id, photo: largest, caption: 'T-7' });
    expect((ok.result as Message).photo?.at(-1)?.file_id).toBe(largest);
    const record = fake.messagesTo(alice.id)[0];
    expect(record).toMatchObject({ method: 'sendPhoto', text: 'T-7', photo: { fileId: largest, uploaded: false } });
    expect((await api('sendPhoto', { chat_id: alice.id, photo: 'nope' })).description).toBe(
      'Bad Request: wrong file identifier/HTTP URL specified',
    );
  });

  it('issues callback queries that can be answered once', async () => {
    const kb = { inline_keyboard: [[{ text: '认领', callback_data: 'claim:T-7' }]] };
    const msg = (await api('sendMessage', { chat_id: alice.id, text: 'T-7', reply_markup: kb })).ok;
    expect(msg).toBe(false); // alice's private chat is unknown until she writes
    fake.userSends({ from: alice, text: '/start' });
    const sent = (await api('sendMessage', { chat_id: alice.id, text: 'T-7', reply_markup: kb })).result as Message;
    const press = fake.userPressesButton({ from: alice, label: '认领' }).callback_query;
    const message = { message_id: sent.message_id };
    expect(press).toMatchObject({ data: 'claim:T-7', message, chat_instance: expect.any(String) });
    expect(() => fake.userPresses({ from: alice, message_id: sent.message_id, data: 'forged' })).toThrow(/no button/);
    expect((await api('answerCallbackQuery', { callback_query_id: press?.id, text: '已认领' })).result).toBe(true);
    expect((await api('answerCallbackQuery', { callback_query_id: press?.id })).description).toMatch(/query is too old/);
    const old = fake.userPresses({ from: alice, message_id: 999, data: 'x' }).callback_query;
    expect(old?.message).toMatchObject({ date: 0 }); // an InaccessibleMessage
  });

  it('stores commands per scope and language, reports members and chats', async () => {
    fake.addChat(group);
    await api('setMyCommands', { commands: [{ command: 'report', description: '报修' }] });
    await api('setMyCommands', { commands: [{ command: 'report', description: 'Report' }], language_code: 'en' });
    const scope = { type: 'chat', chat_id: group.id };
    await api('setMyCommands', { commands: [{ command: 'poll', description: '投票' }], scope });
    expect((await api('getMyCommands')).result).toEqual([{ command: 'report', description: '报修' }]);
    expect((await api('getMyCommands', { language_code: 'en' })).result).toEqual([{ command: 'report', description: 'Report' }]);
    expect((await api('getMyCommands', { scope })).result).toEqual([{ command: 'poll', description: '投票' }]);
    const bad = await api('setMyCommands', { commands: [{ command: 'Bad-Cmd', description: 'x' }] });
    expect(bad.description).toBe('Bad Request: BOT_COMMAND_INVALID');
    const member = () => api('getChatMember', { chat_id: group.id, user_id: alice.id });
    expect((await member()).result).toMatchObject({ status: 'member' });
    fake.setChatMember(group.id, alice.id, 'administrator');
    expect((await member()).result).toMatchObject({ status: 'administrator', can_pin_messages: true });
    const chat = await api('getChat', { chat_id: group.id });
    expect(chat.result).toMatchObject({ id: group.id, type: 'supergroup', title: '2301 班' });
  });
});

describe('helpers and shutdown', () => {
  it('waitFor resolves on a match and rejects with a readable dump', async () => {
    fake.addChat(group);
    const waiting = fake.waitFor((r) => r.text === '第二条');
    await api('sendMessage', { chat_id: group.id, text: '第一条' });
    await api('sendMessage', { chat_id: group.id, text: '第二条' });
    expect((await waiting).seq).toBe(2);
    await expect(fake.waitFor((r) => r.text === 'never', 50)).rejects.toThrow(
      /nothing matched within 50 ms[\s\S]*#1 sendMessage chat=-1001234567890 msg=1 "第一条"/,
    );
  });

  it('close() ends a pending long poll at once and stops listening', async () => {
    const poll = api('getUpdates', { timeout: 30 });
    await fake.waitForCall((c) => c.method === 'getUpdates');
    const t0 = Date.now();
    await fake.close();
    expect((await poll).result).toEqual([]);
    expect(Date.now() - t0).toBeLessThan(500);
    await expect(fetch(`${fake.apiRoot}/bot${fake.token}/getMe`)).rejects.toThrow();
  });
});

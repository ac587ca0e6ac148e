/**
 * What the Telegram benchmark (telegram.bench.ts) feeds the bot with: mixed traffic, and an
 * in-process Bot API (a grammY API transformer answering every call with a canned result, so no
 * HTTP is involved).
 */
import type { Transformer } from 'grammy';
import type { Chat, Update, User, UserFromGetMe } from 'grammy/types';

export const TOKEN = '7000000001:AAbench';
export const BOT: UserFromGetMe = {
  id: 7000000001, is_bot: true, first_name: 'Yizhan', username: 'yizhan_bench_bot', can_join_groups: true,
  can_read_all_group_messages: false, supports_inline_queries: false, can_connect_to_business: false, has_main_web_app: false,
} as UserFromGetMe;

const USERS = 1000;
const GROUPS = 20;
const person = (i: number): User => ({ id: 100_000 + i, is_bot: false, first_name: `学生${i}`, language_code: i % 2 ? 'en' : 'zh-hans' });
const privateChat = (u: User): Chat.PrivateChat => ({ id: u.id, type: 'private', first_name: u.first_name });
const group = (g: number): Chat.SupergroupChat => ({ id: -1_001_000_000_000 - g, type: 'supergroup', title: `${2300 + g} 班` });
const COMMANDS = ['/start', '/help', '/whoami', '/lang en'];

/** Mixed traffic: private commands and plain text, button presses, group chatter, group commands and mentions (zh and en). */
export function traffic(n: number, firstId: number): Update[] {
  return Array.from({ length: n }, (_, k) => {
    const i = firstId + k;
    const u = person(i % USERS);
    const g = group(Math.floor(i / 10) % GROUPS); // not i % GROUPS: with i % 10 choosing the kind, only 4 groups would get addressed messages
    const message = (chat: Chat, text: string, entities?: { type: 'mention' | 'bot_command'; offset: number; length: number }[]) =>
      ({ update_id: i, message: { message_id: i, date: 1772409600, chat, from: u, text, ...(entities ? { entities } : {}) } }) as Update;
    switch (i % 10) {
      case 0: case 1: return message(privateChat(u), COMMANDS[(i >> 1) % COMMANDS.length]!, [{ type: 'bot_command', offset: 0, length: 5 }]);
      case 2: case 3: return message(privateChat(u), u.language_code === 'en' ? 'the heater in my room is broken' : '宿舍热水器坏了');
      case 4: case 5: return {
        update_id: i,
        callback_query: {
          id: String(i), from: u, chat_instance: '1', data: i % 4 ? 'members:lang:en' : 'members:lang:zh-CN',
          message: { message_id: 1, date: 1772409600, chat: privateChat(u), from: { id: BOT.id, is_bot: true, first_name: 'Yizhan' }, text: '…' },
        },
      } as Update;
      case 6: case 7: return message(g, i % 3 ? '明天几点上课？' : 'anyone going to the library?');
      case 8: return message(g, `/help@${BOT.username}`, [{ type: 'bot_command', offset: 0, length: 22 }]);
      default: return message(g, `@${BOT.username} 在吗`, [{ type: 'mention', offset: 0, length: 17 }]);
    }
  });
}

/** How far the poller got: every update below `offset` was confirmed (stored, then asked past). */
export interface Confirmed {
  offset: number;
}

/**
 * Answers every call like Telegram would, without HTTP; getUpdates hands out `queue` in batches of
 * 100 (moving a position rather than shifting the array: 20,000 shifts cost this fake ~5% of the run)
 * and records the offset it was asked for in `confirmed`. A group's administrators are its first
 * student (Telegram answers with a list, which the adapter keeps for a few minutes; an answer it
 * cannot read would make it ask again for every addressed group message).
 */
export function cannedApi(queue: Update[] = [], confirmed: Confirmed = { offset: 0 }): Transformer {
  let messageId = 1_000_000;
  let next = 0; // queue[next] is the first update not confirmed yet
  return async (_prev, method, payload) => {
    const p = payload as Record<string, unknown>;
    switch (method) {
      case 'getMe': return { ok: true, result: BOT } as never;
      case 'getUpdates': {
        const offset = Number(p.offset ?? 0);
        confirmed.offset = Math.max(confirmed.offset, offset);
        while (next < queue.length && queue[next]!.update_id < offset) next++;
        if (next === queue.length) await new Promise((r) => setTimeout(r, 20));
        return { ok: true, result: queue.slice(next, next + 100) } as never;
      }
      case 'getChatAdministrators': return { ok: true, result: [{ status: 'creator', user: person(0), is_anonymous: false }] } as never;
      case 'sendMessage': case 'sendPhoto': case 'editMessageText':
        return { ok: true, result: { message_id: ++messageId, date: 1772409600, chat: { id: Number(p.chat_id), type: 'private' }, text: String(p.text ?? '') } } as never;
      default: return { ok: true, result: true } as never;
    }
  };
}

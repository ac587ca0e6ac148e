/**
 * Counselling on Telegram: an anonymous /talk relayed both ways, and a counsellor answering by
 * replying (Telegram's reply reference) to the relayed message in the counselling chat.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { groupChat, user } from '../fakes/telegram-api.js';
import { telegramHarness, type TelegramHarness } from './harness.js';

let t: TelegramHarness;
afterEach(async () => {
  await t?.stop();
});

const lihua = user({ id: 1001, first_name: '华', last_name: '李', username: 'lihua', language_code: 'zh-hans' });
const xu = user({ id: 3003, first_name: '老师', last_name: '徐', username: 'xu_counsellor', language_code: 'zh-hans' });
const admin = user({ id: 2001, first_name: '管理员', username: 'campus_admin', language_code: 'zh-hans' });
const counselling = groupChat({ id: -1005550001, title: '心理中心 · 值班群' });

async function step(run: () => unknown): Promise<void> {
  run();
  await t.settle();
}

describe('counselling on Telegram', () => {
  it('relays /talk both ways; a reply to the relayed message in the counselling chat reaches the student', async () => {
    t = await telegramHarness({ admins: [admin.id] });
    await step(() => t.userSends({ from: admin, chat: counselling, text: '/bind staff counselling' }));
    await step(() => t.userSends({ from: xu, text: '/start' }));
    await step(() => t.userSends({ from: admin, text: '/grant staff counselling @xu_counsellor' }));
    await step(() => t.userSends({ from: lihua, text: '/talk 最近总是睡不好，想找人说说' }));
    const relayed = t.fake.messagesTo(counselling.id).find((m) => m.text?.includes('最近总是睡不好'))!;
    expect(relayed.text).toMatch(/^💬 新的匿名倾诉 C-1 · 匿名同学 #[0-9A-F]{4}：\n最近总是睡不好，想找人说说$/);

    await step(() => t.userSends({ from: xu, chat: counselling, text: '我在，愿意多说说吗？', replyTo: relayed.messageId }));
    expect(t.textsTo(lihua.id).slice(-2)).toEqual(['一位心理老师已经在了，接下来会通过我和你聊。', '💬 一位心理老师：\n我在，愿意多说说吗？']);
    expect(t.textsTo(counselling.id).at(-1)).toMatch(/^已转达给 C-1 的匿名同学 #[0-9A-F]{4}。$/);
    await step(() => t.userSends({ from: lihua, text: '主要是考试压力' }));
    expect(t.textsTo(xu.id).at(-1)).toMatch(/^💬 C-1 · 匿名同学 #[0-9A-F]{4}：\n主要是考试压力$/);
    for (const chat of [counselling.id, xu.id]) for (const text of t.textsTo(chat)) expect(text).not.toMatch(/华|lihua|1001/);
    expect(t.rows("select author from case_messages order by id")).toEqual([{ author: 'student' }, { author: 'counsellor' }, { author: 'student' }]);
  });
});

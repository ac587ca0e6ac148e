/**
 * Polls on Telegram through the fake Bot API: a group's own admin (getChatAdministrators) starts
 * one, 300 members vote within 10 s and the poll message is edited at most once per 3 s with no
 * 429, each vote confirmed in the press's answer; the export arrives as a CSV document.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { TELEGRAM_LIMITS } from '../../src/adapters/telegram/telegram.limiter.js';
import { groupChat, user } from '../fakes/telegram-api.js';
import { telegramHarness, type TelegramHarness } from './harness.js';

let t: TelegramHarness;
afterEach(async () => {
  await t?.stop();
});

const admin = user({ id: 2001, first_name: '管理员', language_code: 'zh-hans' });
const monitor = user({ id: 3001, first_name: '班长', language_code: 'zh-hans' });
const classGroup = groupChat({ id: -1001234567890, title: '2301 班' });
const N = 300;

describe('polls on Telegram', () => {
  it('a group admin starts a poll; 300 votes in 10 s give at most one edit per 3 s and no 429; the export is a CSV document', async () => {
    t = await telegramHarness({ admins: [admin.id], limits: TELEGRAM_LIMITS });
    t.fake.enforceRateLimit({ perSecond: 30, perChatPerSecond: 1, perGroupPerMinute: 20 });
    t.fake.setChatMember(classGroup.id, monitor.id, 'administrator');
    t.userSends({ from: admin, chat: classGroup, text: '/bind class class-2301' });
    t.userSends({ from: monitor, chat: classGroup, text: '/poll 春游去哪 | 爬山 | 海边 | 实名' });
    const poll = await t.waitFor((r) => r.method === 'sendMessage' && !!r.text?.startsWith('📊 投票 #1'), 10_000);
    await t.app.scheduler.start();

    const started = Date.now();
    for (let i = 0; i < N; i++) {
      t.fake.userPresses({ from: user({ id: 10_000 + i }), chat: classGroup, message_id: poll.messageId!, data: i % 3 ? 'polls:v:1:0' : 'polls:v:1:1' });
      if (i % 30 === 29) await new Promise((r) => setTimeout(r, 1000 - ((Date.now() - started) % 1000))); // 30 a second, as people would
    }
    await t.waitFor((r) => r.method === 'editMessageText' && !!r.text?.includes(`已投 ${N} / ${N + 1} 人`), 30_000);
    await t.settle(10_000);

    const edits = t.fake.sent.filter((r) => r.method === 'editMessageText' && r.chatId === classGroup.id);
    const gaps = edits.slice(1).map((e, i) => e.at - edits[i]!.at);
    expect(edits.length).toBeGreaterThan(1);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(3000);
    expect(t.fake.rateViolations).toBe(0);
    const answers = t.fake.sent.filter((r) => r.method === 'answerCallbackQuery');
    expect(answers).toHaveLength(N);
    expect(new Set(answers.map((a) => a.text))).toEqual(new Set(['已投：爬山', '已投：海边']));
    expect(t.fake.messagesTo(classGroup.id).map((r) => r.text)).toHaveLength(2); // the bind answer and the poll: no message per vote
    expect(t.rows(`select count(*) as n from memberships where group_key = 'class-2301'`)).toEqual([{ n: N + 1 }]);

    t.userSends({ from: monitor, text: '/start' });
    t.userSends({ from: monitor, chat: classGroup, text: '/poll export' });
    const doc = await t.waitFor((r) => r.method === 'sendDocument', 10_000);
    expect(doc).toMatchObject({ chatId: monitor.id, text: `投票 #1「春游去哪」导出，参与 ${N}/${N + 1}` });
    expect(doc.document!.filename).toBe('poll-1.csv');
    expect(doc.document!.content.split('\n')[0]).toBe('member_id,member_name,choices');
    expect(doc.document!.content.trim().split('\n')).toHaveLength(N + 1);
    expect(t.fake.callsTo('getChatAdministrators').length).toBeLessThanOrEqual(2); // kept for a few minutes per group
  }, 90_000);

  it('a member who is not an admin of the group is told who may start a poll', async () => {
    t = await telegramHarness({ admins: [admin.id] });
    t.userSends({ from: admin, chat: classGroup, text: '/bind class class-2301' });
    t.userSends({ from: monitor, chat: classGroup, text: '/poll 春游去哪 | 爬山 | 海边' });
    const answer = await t.waitFor((r) => !!r.text?.includes('只有 class-2301'), 10_000);
    expect(answer.text).toBe('只有 class-2301 的班委、本群的群管理员或系统管理员可以发起或管理投票。');
  });
});

/**
 * Catch-up after a 5-day outage through the real scheduler (issue 12 point 5): the bot's clock
 * moves five days on and `scheduler.start()` runs what was missed, as after a restart. Due tasks
 * run in due-time order, each told how late it is; reminders whose moment passed are dropped (no
 * "due before 10:00" days later, no "is it fixed?" once the ticket closed for no answer); the
 * escalations of deadlines that passed meanwhile reach the management as one summary instead of
 * a burst of alerts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { groupChat, user } from '../fakes/telegram-api.js';
import { telegramHarness, type TelegramHarness } from './harness.js';

let t: TelegramHarness;
afterEach(async () => {
  await t?.stop();
});

const HOUR = 3_600_000;
const T0 = new Date('2026-03-02T10:00:00+08:00'); // a Monday morning, outside quiet hours
const admin = user({ id: 2001, first_name: '管理员', username: 'campus_admin', language_code: 'zh-hans' });
const wang = user({ id: 3001, first_name: '老师', last_name: '王', username: 'wang_teacher', language_code: 'zh-hans' });
const students = [1001, 1002, 1003, 1004].map((id) => user({ id, first_name: `同学${id}`, language_code: 'zh-hans' }));
const [li, zhang, zhao, qian] = students as [ReturnType<typeof user>, ReturnType<typeof user>, ReturnType<typeof user>, ReturnType<typeof user>];
const staffGroup = groupChat({ id: -1009876543210, title: '后勤保障处 · 值班群' });
const mgmtGroup = groupChat({ id: -1001111111111, title: '校领导群' });

async function step(run: () => unknown): Promise<void> {
  run();
  await t.settle();
}

async function report(from: ReturnType<typeof user>, text: string): Promise<void> {
  await step(() => t.userSends({ from, text }));
  await step(() => t.press({ from, label: '确认提交' }));
}

describe('after a 5-day outage', () => {
  it('runs what was missed in due order, drops stale reminders and sends the management one summary', async () => {
    const clock = new ManualClock(T0);
    t = await telegramHarness({ admins: [admin.id], clock });
    await step(() => t.userSends({ from: admin, chat: staffGroup, text: '/bind staff logistics' }));
    await step(() => t.userSends({ from: admin, chat: mgmtGroup, text: '/bind management' }));
    await step(() => t.userSends({ from: wang, text: '/start' }));
    await step(() => t.userSends({ from: admin, text: '/grant staff logistics @wang_teacher' }));
    await report(li, '3号楼502热水器坏了'); // T-1: resolved now, closes by itself after 72 h
    await report(zhang, '5号楼101灯不亮'); // T-2: nobody answers
    await report(zhao, '2号楼203窗户关不上'); // T-3: nobody answers
    await report(qian, '7号楼310门锁坏了'); // T-4: resolved an hour later than T-1
    await step(() => t.userSends({ from: wang, chat: staffGroup, text: '/resolve T-1 已更换热水器' }));
    clock.set(new Date(T0.getTime() + HOUR));
    await step(() => t.userSends({ from: wang, chat: staffGroup, text: '/resolve T-4 已换锁' }));
    const before = t.fake.sent.length;

    clock.set(new Date(T0.getTime() + 5 * 24 * HOUR)); // the bot was down for five days
    await t.app.scheduler.start();
    await t.settle(15_000);
    const after = (chatId: number) => t.fake.sent.slice(before).filter((r) => r.chatId === chatId && r.method === 'sendMessage').map((r) => r.text ?? '');

    // The reporters of the resolved tickets: closed for no answer, and no "is it fixed?" after it (or before).
    expect(after(li.id)).toEqual(['工单 T-1 在 72 小时内没有收到确认，已自动关闭。如果问题还在，可以重新提交。']);
    expect(after(qian.id)).toEqual(['工单 T-4 在 72 小时内没有收到确认，已自动关闭。如果问题还在，可以重新提交。']);
    // Staff: the closes in due order; no reminder of a deadline long passed, no escalation of its own.
    const staff = after(staffGroup.id);
    expect(staff.filter((x) => x.startsWith('🔒'))).toEqual(['🔒 T-1 学生未在期限内确认，已自动关闭。', '🔒 T-4 学生未在期限内确认，已自动关闭。']);
    expect(staff.filter((x) => x.startsWith('⏰') || x.startsWith('🚨'))).toEqual([]);
    // The management: one summary of the deadlines that passed, not an alert per ticket.
    const mgmt = after(mgmtGroup.id);
    expect(mgmt.filter((x) => x.startsWith('🚨'))).toEqual([]);
    const summaries = mgmt.filter((x) => x.startsWith('⏱'));
    expect(summaries).toHaveLength(1);
    expect(summaries[0]!.split('\n')).toEqual([
      expect.stringMatching(/^⏱ 系统中断期间（3月2日 1\d:\d\d 起）错过的事项：$/u),
      expect.stringMatching(/^• T-2（后勤保障处）首次响应期限 3月2日 \d\d:\d\d 已过，仍未回复学生$/u),
      expect.stringMatching(/^• T-3（后勤保障处）首次响应期限 3月2日 \d\d:\d\d 已过，仍未回复学生$/u),
      expect.stringMatching(/^• T-2（后勤保障处）解决期限 3月\d日 \d\d:\d\d 已过，仍未解决$/u),
      expect.stringMatching(/^• T-3（后勤保障处）解决期限 3月\d日 \d\d:\d\d 已过，仍未解决$/u),
    ]);

    // Rows: every task whose moment passed is stale (not run), the closes ran; the escalations are on the tickets.
    expect(t.rows(`select kind, payload ->> 'step' as step, status, count(*) as n from scheduled_tasks
      where kind like 'tickets.%' group by 1, 2, 3 order by 1, 2, 3`)).toEqual([
      { kind: 'tickets.autoclose', step: null, status: 'done', n: 2 },
      { kind: 'tickets.followup', step: 'escalate', status: 'stale', n: 8 }, // the resolved tickets' ones give no line
      { kind: 'tickets.followup', step: 'remind', status: 'stale', n: 8 },
      { kind: 'tickets.rating_nudge', step: null, status: 'stale', n: 2 },
    ]);
    expect(t.rows(`select ticket_id as id, count(*) as n from ticket_events where type = 'escalation' group by 1 order by 1`)).toEqual([
      { id: 2, n: 2 }, { id: 3, n: 2 },
    ]);
    expect(t.rows(`select status from tickets order by id`).map((r) => r.status)).toEqual(['closed', 'open', 'open', 'closed']);
  });
});

/**
 * A crisis at night on Telegram, through the fake Bot API: the student's answer first, the counsellor
 * on duty privately with "I'm on it" and the counselling chat; unacknowledged it goes on to the head
 * of counselling (a due task row, moved by the app's clock), and a press stops it and tells the student.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { groupChat, user } from '../fakes/telegram-api.js';
import { telegramHarness, type TelegramHarness } from './harness.js';

let t: TelegramHarness;
afterEach(async () => {
  await t?.stop();
});

const lihua = user({ id: 1001, first_name: '华', last_name: '李', username: 'lihua', language_code: 'zh-hans' });
const he = user({ id: 3004, first_name: '老师', last_name: '何', username: 'he_counsellor', language_code: 'zh-hans' });
const lin = user({ id: 3005, first_name: '主任', last_name: '林', username: 'lin_lead', language_code: 'zh-hans' });
const admin = user({ id: 2001, first_name: '管理员', username: 'campus_admin', language_code: 'zh-hans' });
const counselling = groupChat({ id: -1005550001, title: '心理中心 · 值班群' });
const SATURDAY_NIGHT = new Date('2026-03-07T23:10:00+08:00');
const MIN = 60_000;

const buttonsOf = (markup: unknown) =>
  ((markup as { inline_keyboard?: { text: string }[][] } | undefined)?.inline_keyboard ?? []).map((row) => row.map((b) => b.text));

describe('a crisis at night on Telegram', () => {
  it('alerts the counsellor on duty privately and the counselling chat, escalates unacknowledged, and stops at "I\'m on it"', async () => {
    const clock = new ManualClock(new Date(SATURDAY_NIGHT.getTime() - 10 * MIN));
    const escalation = [{ role: 'lead' as const, who: `telegram:${lin.id}` }, { role: 'management' as const }];
    const duty = { acknowledge_minutes: 5, show_names: false, rota: [], out_of_hours: `telegram:${he.id}`, escalation };
    t = await telegramHarness({ admins: [admin.id], clock, duty });
    const h = t;
    const step = async (act: () => unknown) => {
      act();
      await h.settle();
    };
    await step(() => h.userSends({ from: admin, chat: counselling, text: '/bind staff counselling' }));
    for (const who of [he, lin, lihua]) await step(() => h.userSends({ from: who, text: '/start' }));
    await step(() => h.userSends({ from: admin, text: '/grant staff counselling @he_counsellor' }));

    await h.app.scheduler.advanceTo(SATURDAY_NIGHT, clock);
    await step(() => h.userSends({ from: lihua, text: '我真的不想活了，今晚就想结束这一切' }));
    expect(h.textsTo(lihua.id).at(-1)).toMatch(/我已经通知了值班心理老师和心理中心.*12356 \/ 110 \/ 120/s);
    const alert = h.fake.messagesTo(he.id).at(-1)!;
    expect(alert.text).toMatch(/^你是现在的值班心理老师。\n🚨 危机预警（高风险） C-1\n匿名同学 #[0-9A-F]{4}：\n我真的不想活了/);
    expect(buttonsOf(alert.replyMarkup)).toEqual([['我来处理', '回复', '结束']]);
    expect(h.textsTo(counselling.id).at(-1)).toMatch(/🚨 危机预警（高风险） C-1/);
    expect(h.textsTo(lin.id).filter((x) => x.includes('C-1'))).toEqual([]);

    await h.app.scheduler.advanceTo(new Date(SATURDAY_NIGHT.getTime() + 5 * MIN + 1000), clock);
    await h.settle();
    expect(h.textsTo(lin.id).at(-1)).toMatch(/^⏫ 5 分钟无人确认，现在通知你（心理中心负责人）。\n🚨 危机预警（高风险） C-1/);
    expect(h.textsTo(lihua.id).at(-1)).toMatch(/^还没有老师回复你，我已经又通知了心理中心负责人。/);

    await step(() => h.press({ from: he, label: '我来处理' }));
    expect(h.textsTo(lihua.id).at(-1)).toBe('一位心理老师已经在了，接下来会通过我和你聊。');
    expect(h.rows('select acked_by is not null as acked from case_alerts')).toEqual([{ acked: 1 }]);
    expect(h.rows("select count(*) as n from scheduled_tasks where kind = 'cases.escalate' and status = 'pending'")).toEqual([{ n: 0 }]);
    await h.app.scheduler.advanceTo(new Date(SATURDAY_NIGHT.getTime() + 20 * MIN), clock);
    await h.settle();
    expect(h.textsTo(admin.id).filter((x) => x.includes('C-1'))).toEqual([]); // management is never reached: someone is on it
    for (const chat of [counselling.id, he.id, lin.id]) for (const text of h.textsTo(chat)) expect(text).not.toMatch(/华|lihua|1001/);
  });
});

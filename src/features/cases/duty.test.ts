/**
 * Someone is responsible now: a crisis alert goes privately to the counsellor on duty and to the
 * counselling chat, escalates along the chain until someone presses "I'm on it" (kept in rows, so a
 * restart changes nothing), and the student is told the truth at every step.
 */
import { describe, expect, it } from 'vitest';
import { at, press, say, simulate, to } from '../../../test/harness.js';
import { CENTRE, MANAGEMENT, PEOPLE, rows, texts, tmpDb } from './cases.fixtures.js';

const SATURDAY_NIGHT = '2026-03-07T23:10:00+08:00';
const CRISIS = '我真的不想活了，今晚就想结束这一切';

describe('a crisis at 23:10 on a Saturday', () => {
  it('alerts the counsellor on duty and the counselling chat at once, and tells the student who was alerted', async () => {
    const dbPath = tmpDb();
    const r = await simulate([...PEOPLE, at(SATURDAY_NIGHT), say('li', CRISIS)], { dbPath });
    expect(r.err).toEqual([]);
    expect(r.out.filter((l) => l.at >= SATURDAY_NIGHT).map((l) => l.to)).toEqual(['private:li', 'private:he', CENTRE]); // the student's answer first
    expect(texts(r, 'private:li')[0]).toMatch(/我已经通知了值班心理老师和心理中心，老师会通过我联系你，你不是一个人。如果几分钟内还没有人回复你，请直接拨打 12356 \/ 110 \/ 120。/);
    expect(texts(r, 'private:li')[0]).not.toContain('何老师'); // a role, not a name (show_names: false)
    expect(to(r, 'private:he')[0]).toMatchObject({ text: expect.stringMatching(/^你是现在的值班心理老师。\n🚨 危机预警（高风险） C-1\n匿名同学 #[0-9A-F]{4}：\n我真的不想活了/), buttons: [['我来处理', '回复', '结束']] });
    expect(texts(r, 'private:he')[0]).toContain('5 分钟内无人确认将通知心理中心负责人。');
    expect(texts(r, CENTRE)[0]).not.toContain('李华');
    expect(texts(r, 'private:xu')).toEqual([]); // the weekday counsellor is off duty
    expect(rows(dbPath, 'select kind, status, revealed from cases')).toEqual([{ kind: 'crisis', status: 'open', revealed: 0 }]);
    expect(rows(dbPath, 'select concern, level, step, acked_at from case_alerts')).toEqual([{ concern: 'self', level: 'high', step: 0, acked_at: null }]);
    expect(rows(dbPath, "select due_at from scheduled_tasks where kind = 'cases.escalate' and status = 'pending'")).toEqual([{ due_at: Date.parse('2026-03-07T23:15:00+08:00') }]);
    expect(rows(dbPath, 'select count(*) as n from tickets')).toEqual([{ n: 0 }]); // a case, not a ticket
  });

  it('unacknowledged, escalates to the head of counselling and then to management, across a restart, until someone is on it', async () => {
    const dbPath = tmpDb();
    const first = await simulate([...PEOPLE, at(SATURDAY_NIGHT), say('li', CRISIS), at('2026-03-07T23:12:00+08:00')], { dbPath });
    expect(first.err).toEqual([]);
    expect(texts(first, 'private:lin')).toEqual([]);

    // The bot restarts (a new process on the same database) and the clock goes on; at 23:22 management presses "I'm on it",
    // then the duty counsellor's late press and a second press get one clear answer.
    const second = await simulate([
      at('2026-03-07T23:16:00+08:00'), at('2026-03-07T23:21:00+08:00'),
      at('2026-03-07T23:22:00+08:00'), press('boss', '我来处理', MANAGEMENT), say('he', '/claim C-1'), press('boss', '我来处理', MANAGEMENT), // he's alert is from before the restart
      at('2026-03-09T09:01:00+08:00'), // Monday: the weekly digest
    ], { dbPath });
    expect(second.err).toEqual([]);
    const night = second.out.filter((l) => l.at >= '2026-03-07T23' && l.at < '2026-03-07T23:22');
    expect(to(second, 'private:lin')).toEqual([expect.objectContaining({ at: '2026-03-07T23:15:00+08:00', text: expect.stringMatching(/^⏫ 5 分钟无人确认，现在通知你（心理中心负责人）。\n🚨 危机预警（高风险） C-1/) })]);
    expect(to(second, MANAGEMENT).filter((l) => l.at >= '2026-03-07T23' && l.at < '2026-03-07T23:22')).toEqual([expect.objectContaining({
      at: '2026-03-07T23:20:00+08:00', text: expect.stringMatching(/^⏫ 10 分钟无人确认，现在通知你（学校值班领导）。\n🚨 危机预警（高风险） C-1\n匿名同学 #[0-9A-F]{4}：\n我真的不想活了/), buttons: [['我来处理', '回复', '结束']],
    })]);
    expect(night.filter((l) => l.to === CENTRE).map((l) => l.text)).toEqual(['⏫ C-1 的预警 5 分钟无人确认，已通知心理中心负责人。', '⏫ C-1 的预警 10 分钟无人确认，已通知学校值班领导。']);
    expect(night.filter((l) => l.to === 'private:li').map((l) => l.text)).toEqual([
      '还没有老师回复你，我已经又通知了心理中心负责人。如果你现在有危险，请立刻拨打 12356 / 110 / 120，不用等我们。',
      '还没有老师回复你，我已经又通知了学校值班领导。如果你现在有危险，请立刻拨打 12356 / 110 / 120，不用等我们。',
    ]);
    const third = { ...second, out: second.out.filter((l) => l.at >= '2026-03-07T23:22' && l.at < '2026-03-08') };
    expect(texts(third, 'private:li')).toEqual(['学校的一位老师已经在了，接下来会通过我和你聊。']);
    expect(texts(third, CENTRE)).toEqual(['✅ C-1：管理员 已确认跟进（12 分钟后）。']);
    expect(texts(third, 'private:he')).toEqual(['C-1 已由 管理员 在 3月7日 23:22 确认跟进，不用重复处理。']);
    expect(texts(third, MANAGEMENT)).toEqual([expect.stringMatching(/^好的，C-1 由你跟进/), '你已经在跟进 C-1 了。']);
    expect(rows(dbPath, 'select step, acked_at, acked_step from case_alerts')).toEqual([{ step: 2, acked_at: Date.parse('2026-03-07T23:22:00+08:00'), acked_step: 2 }]);
    expect(rows(dbPath, "select status from scheduled_tasks where kind = 'cases.escalate'")).toEqual([{ status: 'done' }]); // one row per alert, moved on at each step
    expect(rows(dbPath, 'select status, counsellor_id from cases')).toEqual([{ status: 'in_contact', counsellor_id: 8 }]);

    // Management's weekly digest shows how long the crisis waited, never who the student was.
    const weekly = to(second, MANAGEMENT).find((l) => l.at.startsWith('2026-03-09T09:00'))!.text;
    expect(weekly).toContain('危机预警 1 次（确认用时）：\n· 3月7日 23:10 本人危机：12 分钟，升级 2 次，管理员确认');
    expect(weekly).not.toMatch(/匿名同学|C-1|李华|不想活/);
  });

  it('stops escalating once the duty counsellor is on it', async () => {
    const dbPath = tmpDb();
    const r = await simulate([...PEOPLE, at(SATURDAY_NIGHT), say('li', CRISIS), at('2026-03-07T23:13:00+08:00'), press('he', '我来处理'), at('2026-03-07T23:40:00+08:00')], { dbPath });
    expect(texts(r, 'private:lin')).toEqual([]);
    expect(texts(r, 'private:li').at(-1)).toBe('一位心理老师已经在了，接下来会通过我和你聊。');
    expect(rows(dbPath, 'select acked_step, acked_by from case_alerts')).toEqual([{ acked_step: 0, acked_by: 4 }]);
  });

  it('goes straight to the next person when the one on duty never talked to the bot', async () => {
    const withoutHe = PEOPLE.filter((p) => p.user !== 'he');
    const r = await simulate([...withoutHe, at(SATURDAY_NIGHT), say('li', CRISIS)]);
    expect(texts(r, 'private:lin')).toEqual([expect.stringMatching(/^⏫ 值班名单上排在前面的人联系不上，所以直接通知你（心理中心负责人）。/)]);
    expect(texts(r, 'private:li')[0]).toContain('我已经通知了心理中心负责人和心理中心');
  });
});

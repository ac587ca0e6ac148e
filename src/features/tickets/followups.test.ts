import { describe, expect, it } from 'vitest';
import { at, person, press, say, simulate, to } from '../../../test/harness.js';

const LOGISTICS = 'group:staff-logistics';
const people = [
  person('li', '李华'),
  person('wang', '王老师', { roles: ['staff'], department: 'logistics' }),
  person('chen', '陈主任', { roles: ['lead'], department: 'logistics' }),
  person('xu', '徐老师', { roles: ['staff'], department: 'counselling' }),
];
const repair = [say('li', '/repair'), press('li', '设施设备'), say('li', '3号楼502 灯不亮'), press('li', '跳过'), press('li', '实名提交'), press('li', '确认提交')];
const lines = (r: Awaited<ReturnType<typeof simulate>>, chat: string) => to(r, chat).filter((l) => !l.edit && !l.text.startsWith('📊')).map((l) => `${l.at.slice(5, 16)} ${l.text.split('\n')[0]}`);

describe('follow-ups on tickets', () => {
  it('reminds the department before the first-response deadline and escalates to the lead and management when it passes', async () => {
    const r = await simulate([...people, ...repair, at('2026-03-02T12:30:00+08:00')]);
    expect(lines(r, LOGISTICS).slice(1)).toEqual(['03-02T11:00 ⏰ T-1 需要在 3月2日 12:00 前首次响应，目前还没有回复学生。']);
    expect(lines(r, 'private:chen')).toEqual(['03-02T12:00 🚨 T-1（后勤保障处）已超过首次响应期限（3月2日 12:00），仍未回复学生。']);
    expect(lines(r, 'group:management')).toEqual(['03-02T12:00 🚨 T-1（后勤保障处）已超过首次响应期限（3月2日 12:00），仍未回复学生。']);
    expect(lines(r, 'private:li').every((l) => !l.includes('⏰') && !l.includes('🚨'))).toBe(true);
  });

  it('reminds the assignee privately about the resolution deadline once the ticket was answered', async () => {
    const r = await simulate([...people, ...repair, press('wang', '认领', LOGISTICS), at('2026-03-04T08:30:00+08:00')]);
    // 07:00, an hour before, is in quiet hours: the reminder waits for 07:30.
    expect(lines(r, 'private:wang')).toEqual(['03-04T07:30 ⏰ T-1 需要在 3月4日 08:00 前解决。']);
    expect(lines(r, 'private:chen')).toEqual(['03-04T08:00 🚨 T-1（后勤保障处）已超过解决期限（3月4日 08:00），仍未解决。']);
    expect(lines(r, LOGISTICS).filter((l) => l.includes('⏰') || l.includes('🚨'))).toEqual([]);
  });

  it('waits for the end of quiet hours, unless the ticket is urgent', async () => {
    const talk = [say('li', '/ask'), press('li', '心理健康'), say('li', '最近压力很大，想约咨询'), press('li', '跳过'), press('li', '匿名提交'), press('li', '确认提交')];
    const r = await simulate([...people, at('2026-03-02T20:30:00+08:00'), ...talk, at('2026-03-03T09:00:00+08:00')]);
    expect(lines(r, 'group:staff-counselling').slice(1)).toEqual(['03-02T21:30 ⏰ T-1 需要在 3月2日 22:30 前首次响应，目前还没有回复学生。']);
    expect(lines(r, 'group:management')).toEqual(['03-03T07:30 🚨 T-1（心理健康教育与咨询中心）已超过首次响应期限（3月2日 22:30），仍未回复学生。']);
    const urgent = await simulate([...people, at('2026-03-02T20:30:00+08:00'), ...talk, say('xu', '/priority T-1 urgent', 'group:staff-counselling'), at('2026-03-03T09:00:00+08:00')]);
    expect(lines(urgent, 'group:management')[0]).toMatch(/^03-02T22:30 🚨 T-1/);
  });

  it('nudges a student that staff wait on, and a student who has not confirmed a resolution', async () => {
    const r = await simulate([
      ...people, ...repair,
      say('wang', '/reply T-1 请问灯是完全不亮还是闪烁？', LOGISTICS),
      at('2026-03-04T09:00:00+08:00'),
      say('wang', '/resolve T-1 换了灯管', LOGISTICS),
      at('2026-03-05T10:00:00+08:00'),
    ]);
    expect(lines(r, 'private:li').filter((l) => /等你的答复|解决了吗？告诉/.test(l))).toEqual([
      '03-04T08:00 「后勤保障处」在工单 T-1 上回复了你，正在等你的答复。',
      '03-05T09:00 工单 T-1 已经处理过了，问题解决了吗？告诉我们一声，方便老师改进。',
    ]);
  });

  it('does not nudge a student who answered', async () => {
    const r = await simulate([...people, ...repair, say('wang', '/reply T-1 灯是完全不亮吗？', LOGISTICS), press('li', '回复 T-1'), say('li', '完全不亮'), at('2026-03-05T09:00:00+08:00')]);
    expect(lines(r, 'private:li').filter((l) => l.includes('等你的答复'))).toEqual([]);
  });
});

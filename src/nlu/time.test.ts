import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { extractTime } from './slots/time.js';

const TZ = 'Asia/Shanghai';
/** Monday 2 March 2026, 10:00 in Shanghai. */
const MONDAY = new Date('2026-03-02T10:00:00+08:00');
/** Friday 6 March 2026, 16:30 in Shanghai. */
const FRIDAY_AFTERNOON = new Date('2026-03-06T16:30:00+08:00');

const ON_MONDAY: [string, string][] = [
  ['明天下午三点预约心理咨询', '2026-03-03T15:00:00+08:00'],
  ['周五上午10点的辅导', '2026-03-06T10:00:00+08:00'],
  ['帮我约一下周五上午10点的学业辅导', '2026-03-06T10:00:00+08:00'],
  ['下午3点到4点约研讨室', '2026-03-02T15:00:00+08:00'],
  ['后天', '2026-03-04T12:00:00+08:00'],
  ['大后天上午', '2026-03-05T09:00:00+08:00'],
  ['这周六', '2026-03-07T12:00:00+08:00'],
  ['下周三下午两点', '2026-03-11T14:00:00+08:00'],
  ['两点可以吗', '2026-03-02T14:00:00+08:00'],
  ['三点半', '2026-03-02T15:30:00+08:00'],
  ['下午有空吗，三点可以吗', '2026-03-02T15:00:00+08:00'],
  ['明天3点', '2026-03-03T15:00:00+08:00'],
  ['明天 07:00', '2026-03-03T07:00:00+08:00'], // a zero-padded hour is the 24-hour clock
  ['tomorrow 06:30', '2026-03-03T06:30:00+08:00'],
  ['明天 7:00', '2026-03-03T19:00:00+08:00'], // unpadded and unsaid: nobody books 7 a.m.
  ['晚上8点', '2026-03-02T20:00:00+08:00'],
  ['明早九点', '2026-03-03T09:00:00+08:00'],
  ['周三晚上7点', '2026-03-04T19:00:00+08:00'],
  ['3月10日下午2点', '2026-03-10T14:00:00+08:00'],
  ['next Monday 2pm', '2026-03-09T14:00:00+08:00'],
  ['tomorrow at 3', '2026-03-03T15:00:00+08:00'],
  ['friday 10am', '2026-03-06T10:00:00+08:00'],
  ['book a study room 3-5pm today', '2026-03-02T15:00:00+08:00'],
  ['book个自习室 tomorrow 3pm', '2026-03-03T15:00:00+08:00'],
  ['the day after tomorrow', '2026-03-04T12:00:00+08:00'],
  ['10号下午三点', '2026-03-10T15:00:00+08:00'],
  ['1号上午10点', '2026-04-01T10:00:00+08:00'],
  ['下下周一上午9点', '2026-03-16T09:00:00+08:00'],
  ['this Friday at 4', '2026-03-06T16:00:00+08:00'],
  ['明天晚上七点半到九点', '2026-03-03T19:30:00+08:00'],
  ['半小时后', '2026-03-02T10:30:00+08:00'],
  ['两个小时以后', '2026-03-02T12:00:00+08:00'],
  ['三天后下午3点', '2026-03-05T15:00:00+08:00'],
  ['in two hours', '2026-03-02T12:00:00+08:00'],
];

const ON_FRIDAY_AFTERNOON: [string, string][] = [
  ['周五上午10点', '2026-03-13T10:00:00+08:00'],
  ['周三晚上', '2026-03-11T19:00:00+08:00'],
  ['这周六下午', '2026-03-07T15:00:00+08:00'],
  ['两点', '2026-03-07T14:00:00+08:00'],
  ['晚上7点', '2026-03-06T19:00:00+08:00'],
];

describe('extractTime', () => {
  it.each(ON_MONDAY)('on Monday 10:00 reads %j as %s', (text, iso) => {
    expect(extractTime(text, MONDAY, TZ)?.start).toBe(iso);
  });

  it.each(ON_FRIDAY_AFTERNOON)('on Friday 16:30 reads %j as %s (forward-dated)', (text, iso) => {
    expect(extractTime(text, FRIDAY_AFTERNOON, TZ)?.start).toBe(iso);
  });

  it('gives the end of a range', () => {
    expect(extractTime('下午3点到4点', MONDAY, TZ)).toEqual({ start: '2026-03-02T15:00:00+08:00', end: '2026-03-02T16:00:00+08:00', precision: 'minute' });
  });

  it('uses the offset of the campus zone, daylight saving included', () => {
    const now = new Date('2026-03-06T12:00:00Z');
    expect(extractTime('tomorrow at 3pm', now, 'America/New_York')?.start).toBe('2026-03-07T15:00:00-05:00');
    expect(extractTime('next Monday 2pm', now, 'America/New_York')?.start).toBe('2026-03-09T14:00:00-04:00');
  });

  it.each(['3号楼502', '12号工单', 'T-12', 'room 215', '10-305', '13812345678', '吃啥'])('finds no time in %j', (text) => {
    expect(extractTime(text, MONDAY, TZ)).toBeUndefined();
  });

  it('does not take the building for a date', () => {
    expect(extractTime('明天去3号楼502', MONDAY, TZ)).toEqual({ start: '2026-03-03T12:00:00+08:00', precision: 'day' });
  });

  it('says how precise a time is when no clock time was given', () => {
    expect(extractTime('后天', MONDAY, TZ)?.precision).toBe('day');
    expect(extractTime('明天下午', MONDAY, TZ)).toEqual({ start: '2026-03-03T15:00:00+08:00', precision: 'part-of-day' });
    expect(extractTime('tomorrow morning', MONDAY, TZ)).toEqual({ start: '2026-03-03T09:00:00+08:00', precision: 'part-of-day' });
    expect(extractTime('明天下午三点', MONDAY, TZ)?.precision).toBe('minute');
  });

  it('never throws and always returns an ISO date-time with an offset', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.integer({ min: 1577836800000, max: 2000000000000 }), (text, ms) => {
        const t = extractTime(text, new Date(ms), TZ);
        if (t) expect(t.start).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00[+-]\d{2}:\d{2}$/);
      }),
      { numRuns: 200 },
    );
  });
});

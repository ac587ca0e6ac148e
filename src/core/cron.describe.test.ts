import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cronProblem } from './scheduler.js';
import { describeCron } from './cron.describe.js';

describe('describeCron', () => {
  it('phrases the schedules of the config in both languages', () => {
    const cases: [string, string, string][] = [
      ['0 10 15 1,6 *', '每年1月15日和6月15日 10:00', '15 Jan and 15 Jun, 10:00'],
      ['30 8 * * *', '每天 08:30', 'Every day, 08:30'],
      ['0 9 * * 1', '每周一 09:00', 'Mondays, 09:00'],
      ['0 12 * * 5', '每周五 12:00', 'Fridays, 12:00'],
      ['0 9 * * 1-5', '每周一至周五 09:00', 'Monday to Friday, 09:00'],
      ['0 9,14 * * 1,3,5', '每周一、周三和周五 09:00和14:00', 'Mondays, Wednesdays and Fridays, 09:00 and 14:00'],
      ['0 8 1,15 * *', '每月1日和15日 08:00', 'The 1st and 15th of each month, 08:00'],
      ['0 8 1 3,6,9,12 *', '每年3月1日、6月1日、9月1日和12月1日 08:00', '1 Mar, 1 Jun, 1 Sep and 1 Dec, 08:00'],
      ['0 8 1,15 3,6,9 *', '每年3月、6月和9月的1日和15日 08:00', 'The 1st and 15th of Mar, Jun and Sep, 08:00'],
      ['0 7 * 7,8 0', '每年7月和8月的每周日 07:00', 'Sundays in Jul and Aug, 07:00'],
    ];
    for (const [cron, zh, en] of cases) {
      expect(describeCron(cron, 'zh-CN'), cron).toBe(zh);
      expect(describeCron(cron, 'en'), cron).toBe(en);
    }
  });

  it('leaves other shapes to cronstrue rather than showing them raw', () => {
    expect(describeCron('*/15 9-17 * * 1-5', 'en')).toBe('Every 15 minutes, between 09:00 and 17:59, Monday through Friday');
    expect(describeCron('*/15 9-17 * * 1-5', 'zh-CN')).toBe('每隔 15 分钟, 在 09:00 和 17:59 之间, 星期一至星期五');
  });

  const field = (min: number, max: number) => fc.uniqueArray(fc.integer({ min, max }), { minLength: 1, maxLength: 4 }).map((xs) => xs.sort((a, b) => a - b));
  const simple = fc.record({
    minute: fc.integer({ min: 0, max: 59 }),
    hours: field(0, 23),
    days: fc.option(field(1, 28), { nil: undefined }),
    months: fc.option(field(1, 12), { nil: undefined }),
    weekdays: fc.option(field(0, 6), { nil: undefined }),
  }).map((c) => ({ ...c, weekdays: c.days ? undefined : c.weekdays }));
  type Shape = { minute: number; hours: number[]; days?: number[] | undefined; months?: number[] | undefined; weekdays?: number[] | undefined };
  const cronOf = (c: Shape) =>
    [c.minute, c.hours.join(','), c.days?.join(',') ?? '*', c.months?.join(',') ?? '*', c.weekdays?.join(',') ?? '*'].join(' ');

  it('names every time, month and day of a simple schedule, never a cron field', () => {
    fc.assert(fc.property(simple, (c) => {
      const cron = cronOf(c);
      expect(cronProblem(cron)).toBeUndefined();
      const zh = describeCron(cron, 'zh-CN');
      const en = describeCron(cron, 'en');
      const times = c.hours.map((h) => `${String(h).padStart(2, '0')}:${String(c.minute).padStart(2, '0')}`);
      for (const text of [zh, en]) {
        for (const t of times) expect(text).toContain(t);
        expect(text).not.toMatch(/\d,\d|\*|\d-\d|\//);
      }
      for (const m of c.months ?? []) expect(zh).toContain(`${m}月`);
      for (const d of c.days ?? []) expect(zh).toMatch(new RegExp(`(^|[^0-9])${d}日`));
      if (!c.days && !c.weekdays) expect(zh).toContain('每天');
    }));
  });

  it('describes any expression the scheduler accepts without throwing', () => {
    const part = fc.constantFrom('*', '*/5', '1-5', '0', '7', '1,2', '10-20/2');
    fc.assert(fc.property(fc.tuple(part, part, part, part, part), (fields) => {
      const cron = fields.join(' ');
      if (cronProblem(cron)) return;
      expect(describeCron(cron, 'en').length).toBeGreaterThan(0);
      expect(describeCron(cron, 'zh-CN').length).toBeGreaterThan(0);
    }));
  });
});

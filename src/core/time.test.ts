import { describe, expect, it } from 'vitest';
import { formatDateTime, isoInZone, parseDuration } from './time.js';
import { matchLocale } from './i18n.js';

describe('time and locale helpers', () => {
  it('writes ISO date-times with the campus offset', () => {
    expect(isoInZone(new Date('2026-03-02T01:00:00Z'), 'Asia/Shanghai')).toBe('2026-03-02T09:00:00+08:00');
    expect(isoInZone(new Date('2026-07-01T12:00:00Z'), 'America/New_York')).toBe('2026-07-01T08:00:00-04:00');
    expect(isoInZone(new Date('2026-03-01T16:30:00Z'), 'Asia/Kolkata')).toBe('2026-03-01T22:00:00+05:30');
  });

  it('formats dates for people in both languages', () => {
    const d = new Date('2026-03-09T00:05:00Z');
    expect(formatDateTime(d, 'Asia/Shanghai', 'zh-CN')).toBe('3月9日 08:05');
    expect(formatDateTime(d, 'Asia/Shanghai', 'en')).toBe('Mar 9, 08:05');
  });

  it('parses durations and rejects anything else', () => {
    expect(parseDuration('3d')).toBe(3 * 86_400_000);
    expect(parseDuration(' 90m ')).toBe(90 * 60_000);
    expect(parseDuration('2H')).toBe(7_200_000);
    for (const bad of ['', 'd', '3 days', '-1d', '1.5h', '999999d']) expect(parseDuration(bad)).toBeUndefined();
  });

  it('maps platform locales to the ones we speak', () => {
    expect(matchLocale('zh-hans')).toBe('zh-CN');
    expect(matchLocale('zh_TW')).toBe('zh-CN');
    expect(matchLocale('en-GB')).toBe('en');
    expect(matchLocale('fr')).toBeUndefined();
    expect(matchLocale(undefined)).toBeUndefined();
  });
});

import { defineMessages } from './i18n.js';

/** How schedules read: "每年1月15日和6月15日 10:00" / "15 Jan and 15 Jun, 10:00". */
export const cronMessages = defineMessages({
  'zh-CN': {
    at: (p: { days: string; times: string }) => `${p.days} ${p.times}`,
    everyDay: '每天',
    weekdays: (p: { days: string }) => `每${p.days}`,
    weekday: (p: { n: number }) => `周${'日一二三四五六日'[p.n]}`,
    weekdayRange: (p: { from: string; to: string }) => `${p.from}至${p.to}`,
    monthDays: (p: { days: string }) => `每月${p.days}`,
    monthDay: (p: { day: number }) => `${p.day}日`,
    yearDays: (p: { days: string }) => `每年${p.days}`,
    date: (p: { month: number; day: number }) => `${p.month}月${p.day}日`,
    inMonths: (p: { months: string; days: string }) => `每年${p.months}的${p.days}`,
    datesInMonths: (p: { months: string; days: string }) => `每年${p.months}的${p.days}`,
    month: (p: { month: number }) => `${p.month}月`,
    and: '和',
    sep: '、',
  },
  en: {
    at: (p: { days: string; times: string }) => `${p.days.charAt(0).toUpperCase()}${p.days.slice(1)}, ${p.times}`,
    everyDay: 'every day',
    weekdays: (p: { days: string }) => p.days,
    weekday: (p: { n: number }) => ['Sundays', 'Mondays', 'Tuesdays', 'Wednesdays', 'Thursdays', 'Fridays', 'Saturdays', 'Sundays'][p.n]!,
    weekdayRange: (p: { from: string; to: string }) => `${p.from.replace(/s$/, '')} to ${p.to.replace(/s$/, '')}`,
    monthDays: (p: { days: string }) => `the ${p.days} of each month`,
    monthDay: (p: { day: number }) => ordinal(p.day),
    yearDays: (p: { days: string }) => p.days,
    date: (p: { month: number; day: number }) => `${p.day} ${MONTHS[p.month - 1]}`,
    inMonths: (p: { months: string; days: string }) => `${p.days} in ${p.months}`,
    datesInMonths: (p: { months: string; days: string }) => `the ${p.days} of ${p.months}`,
    month: (p: { month: number }) => MONTHS[p.month - 1]!,
    and: ' and ',
    sep: ', ',
  },
});

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th';
  return `${n}${suffix}`;
}

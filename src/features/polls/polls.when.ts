/**
 * When a poll closes, from what its starter wrote after 截止 / until / for, or alone ("2天"):
 * a duration ("2d", "for 36h", "3天", "两周"), a date and time in the campus time zone
 * ("2026-12-01 18:00", "12-01 18:00", "12月1日 18:00", "12/1", "18:00"), or else whatever the
 * bilingual time extractor reads ("周五 18:00", "Friday 6pm", "明天晚上8点"). Pure functions.
 */
import { extractTime } from '../../nlu/index.js';
import { civilAt, formatDateTime, type CivilDateTime } from '../../nlu/slots/zone.js';

export type When = { kind: 'at'; at: Date } | { kind: 'bad' };

const UNIT_MS: Record<string, number> = {
  m: 60_000, min: 60_000, mins: 60_000, minute: 60_000, minutes: 60_000, 分钟: 60_000, 分: 60_000,
  h: 3_600_000, hr: 3_600_000, hrs: 3_600_000, hour: 3_600_000, hours: 3_600_000, 小时: 3_600_000, 个小时: 3_600_000,
  d: 86_400_000, day: 86_400_000, days: 86_400_000, 天: 86_400_000,
  w: 604_800_000, week: 604_800_000, weeks: 604_800_000, 周: 604_800_000, 星期: 604_800_000, 个星期: 604_800_000,
};
const ZH_NUMBERS: Record<string, number> = { 一: 1, 两: 2, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };

/** "2d", "36 hours", "3天", "两周" → milliseconds; undefined when `text` is not a duration. */
export function durationMs(text: string): number | undefined {
  const m = /^(\d{1,4}|[一两二三四五六七八九十])\s*([a-z]+|分钟|分|个小时|小时|天|周|个星期|星期)$/iu.exec(text.trim());
  if (!m) return undefined;
  const unit = UNIT_MS[m[2]!.toLowerCase()];
  const n = /^\d+$/.test(m[1]!) ? Number(m[1]) : ZH_NUMBERS[m[1]!]!;
  return unit && n > 0 ? n * unit : undefined;
}

const DATE_TIME = /^(?:(\d{4})[-/.])?(\d{1,2})[-/.](\d{1,2})(?:\s+|T)?(?:(\d{1,2})[:：](\d{2}))?$/u;
const ZH_DATE_TIME = /^(?:(\d{4})年)?(\d{1,2})月(\d{1,2})[日号]\s*(?:(\d{1,2})[:：点](\d{2})?分?)?$/u;
const TIME_ONLY = /^(\d{1,2})[:：](\d{2})$/u;

/** A civil date-time written as digits; a date alone means the end of that day. */
function digitsDateTime(text: string, now: CivilDateTime): CivilDateTime | undefined {
  const t = text.trim();
  const time = TIME_ONLY.exec(t);
  if (time) return { ...now, hour: Number(time[1]), minute: Number(time[2]) };
  const m = DATE_TIME.exec(t) ?? ZH_DATE_TIME.exec(t);
  if (!m) return undefined;
  const hasTime = m[4] !== undefined;
  const yearGiven = m[1] !== undefined;
  const civil = {
    year: yearGiven ? Number(m[1]) : now.year, month: Number(m[2]), day: Number(m[3]),
    hour: hasTime ? Number(m[4]) : 23, minute: hasTime ? Number(m[5] ?? 0) : 59,
  };
  // Without a year, a date more than two months back means next year's (a December poll closing in January).
  const monthsBack = (now.year - civil.year) * 12 + now.month - civil.month;
  return !yearGiven && monthsBack > 2 ? { ...civil, year: civil.year + 1 } : civil;
}

function valid(c: CivilDateTime): boolean {
  const d = new Date(Date.UTC(c.year, c.month - 1, c.day));
  return c.month >= 1 && c.month <= 12 && d.getUTCDate() === c.day && c.hour <= 23 && c.minute <= 59;
}

/** The moment `text` names, seen from `now` in `timeZone`; `bad` when it names none. */
export function parseWhen(text: string, now: Date, timeZone: string): When {
  const t = text.normalize('NFKC').trim().replace(/^(?:for|in)\s+/i, '').replace(/^(?:持续|为期)/u, '');
  if (!t) return { kind: 'bad' };
  const ms = durationMs(t.replace(/[后後]$/u, ''));
  if (ms !== undefined) return { kind: 'at', at: new Date(now.getTime() + ms) };
  const civil = digitsDateTime(t, civilAt(now, timeZone));
  if (civil) return valid(civil) ? { kind: 'at', at: new Date(formatDateTime(civil, timeZone)) } : { kind: 'bad' };
  if (/^\d+$/.test(t)) return { kind: 'bad' };
  const found = extractTime(t, now, timeZone);
  return found ? { kind: 'at', at: new Date(found.start) } : { kind: 'bad' };
}

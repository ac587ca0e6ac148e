/**
 * Chinese relative days, resolved against "today" in the campus zone: 今天/明天/后天/大后天,
 * 这周六, 下周三, 下下周一, 周五 (weeks start on Monday), and a bare day of the month (10号). chrono's zh parser mis-dates a weekday
 * followed by 晚上/下午 ("周三晚上" → today), so these are resolved here instead.
 */
import { addDays, weekday, type CivilDate } from './zone.js';

export interface RelativeDay {
  date: CivilDate;
  /** True for a bare weekday ("周五"), which moves a week on when its time has already passed. */
  bareWeekday: boolean;
}

const DAY_WORDS: readonly [RegExp, number][] = [
  [/大后天|大後天/u, 3],
  [/后天|後天/u, 2],
  [/明天|明早|明晚|明日|明儿|明兒|明天早上|明个/u, 1],
  [/今天|今晚|今早|今日|今儿|今兒|今天下午|今夜/u, 0],
];
const WEEKDAY = /(下下|(?<!一)下|这|這|本|这个|這個)?(?:个|個)?(?:周|週|星期|礼拜|禮拜)([一二三四五六日天1-7])/u;
const INDEX: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 7, 天: 7, '1': 1, '2': 2, '3': 3, '4': 4, '5': 5, '6': 6, '7': 7 };

/** A bare day of the month ("10号", "5日"): this month, or next month once that day has passed. */
const DAY_OF_MONTH = /(?<![月\d])(\d{1,2})\s?[号號日](?!楼|樓|院|房|宿舍|工单|單|单|床|窗口|线|線)/u;

function dayOfMonth(text: string, today: CivilDate): CivilDate | undefined {
  const day = Number.parseInt(DAY_OF_MONTH.exec(text)?.[1] ?? '', 10);
  if (!(day >= 1 && day <= 31)) return undefined;
  const month = day >= today.day ? today : addDays({ ...today, day: 1 }, 32);
  const date = { year: month.year, month: month.month, day };
  return addDays(date, 0).month === date.month ? date : undefined;
}

/** The day named in `text` relative to `today`, or undefined when none is named. */
export function findRelativeDay(text: string, today: CivilDate): RelativeDay | undefined {
  for (const [pattern, offset] of DAY_WORDS) {
    if (pattern.test(text)) return { date: addDays(today, offset), bareWeekday: false };
  }
  const byDay = dayOfMonth(text, today);
  if (byDay) return { date: byDay, bareWeekday: false };
  const m = WEEKDAY.exec(text);
  if (!m) return undefined;
  const target = INDEX[m[2] ?? ''] ?? 1;
  const monday = addDays(today, -((weekday(today) + 6) % 7));
  const qualifier = m[1] ?? '';
  const weeks = qualifier === '下下' ? 2 : qualifier === '下' ? 1 : 0;
  let date = addDays(monday, weeks * 7 + target - 1);
  if (weeks === 0 && Date.UTC(date.year, date.month - 1, date.day) < Date.UTC(today.year, today.month - 1, today.day)) {
    date = addDays(date, 7);
  }
  return { date, bareWeekday: qualifier === '' };
}

/**
 * Chinese relative days, resolved against "today" in the campus zone: 今天/明天/后天/大后天,
 * 这周六, 下周三, 下下周一, 周五 (weeks start on Monday). chrono's zh parser mis-dates a weekday
 * followed by 晚上/下午 ("周三晚上" → today), so these are resolved here instead.
 */
import { addDays, weekday, type CivilDate } from './zone';

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
const WEEKDAY = /(下下|下|这|這|本|这个|這個)?(?:个|個)?(?:周|週|星期|礼拜|禮拜)([一二三四五六日天1-7])/u;
const INDEX: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 7, 天: 7, '1': 1, '2': 2, '3': 3, '4': 4, '5': 5, '6': 6, '7': 7 };

/** The day named in `text` relative to `today`, or undefined when none is named. */
export function findRelativeDay(text: string, today: CivilDate): RelativeDay | undefined {
  for (const [pattern, offset] of DAY_WORDS) {
    if (pattern.test(text)) return { date: addDays(today, offset), bareWeekday: false };
  }
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

/**
 * Chinese relative durations ("半小时后", "两个小时以后", "三天后"), computed from `now` in the campus
 * zone. chrono's zh parser computes these in the machine's own zone, so they are resolved here.
 */
import { addDays, civilAt, type CivilDate, type CivilDateTime } from './zone.js';

export const ZH_DURATION = /(半|[\d一二两兩三四五六七八九十]+)\s?(?:个|個)?(半)?\s?(小时|小時|钟头|鐘頭|分钟|分鐘|天|周|週|星期|礼拜)(?:之|以)?[后後]/u;

const DIGITS: Record<string, number> = { 一: 1, 二: 2, 两: 2, 兩: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** "十二" → 12, "两" → 2, "3" → 3, "半" → 0.5. */
function amount(word: string): number {
  if (word === '半') return 0.5;
  if (/^\d+$/u.test(word)) return Number.parseInt(word, 10);
  const [tens, ones] = word.includes('十') ? word.split('十') : ['', word];
  const t = tens === undefined ? 0 : tens === '' && word.includes('十') ? 1 : (DIGITS[tens] ?? 0);
  return t * 10 + (DIGITS[ones ?? ''] ?? 0);
}

export type Duration = { kind: 'instant'; at: CivilDateTime } | { kind: 'day'; date: CivilDate };

/** The moment (for hours and minutes) or the day (for days and weeks) the text points to. */
export function findZhDuration(text: string, now: Date, timeZone: string): Duration | undefined {
  const m = ZH_DURATION.exec(text);
  if (!m) return undefined;
  const n = amount(m[1] ?? '') + (m[2] ? 0.5 : 0);
  const unit = m[3] ?? '';
  if (/天|周|週|星期|礼拜/u.test(unit)) {
    const days = Math.round(/天/u.test(unit) ? n : n * 7);
    return { kind: 'day', date: addDays(civilAt(now, timeZone), days) };
  }
  const minutes = /分/u.test(unit) ? n : n * 60;
  const at = civilAt(new Date(now.getTime() + Math.round(minutes) * 60_000), timeZone);
  return { kind: 'instant', at };
}

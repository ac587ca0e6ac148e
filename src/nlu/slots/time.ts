/**
 * Booking times: chrono-node's Chinese (zh.hans) and English parsers in the campus time zone,
 * forward-dated, resolved to ISO 8601 with the zone's offset ("2026-03-03T15:00:00+08:00").
 * Fixes on top of chrono: Chinese relative days and weekdays (see relative-day.ts); a clock time
 * without 上午/am (and not zero-padded: "07:00" is the 24-hour clock) is read as afternoon when 1–7
 * o'clock (nobody books 2 a.m.) or when 下午/晚上/pm
 * was said; "下午3点到4点" ends at 16:00; building, room and ticket numbers are masked first;
 * Chinese durations ("半小时后") are computed here (chrono computes them in the machine's zone).
 * The result is always a date-time (the contract). Without a clock time, the part of the day
 * decides it — morning 09:00, noon 12:00, afternoon 15:00, evening 19:00, otherwise 12:00 —
 * and `precision` says so, so a booking flow can still ask "what time?".
 */
// Only the two locales used: the package's index loads all sixteen (~0.1 s more at start).
import * as chronoEn from 'chrono-node/en';
import * as chronoZh from 'chrono-node/zh/hans';
import type { ParsedResult } from 'chrono-node';
import { toSimplified } from '../hant.js';
import { hasHan } from '../normalize.js';
import { findRelativeDay } from './relative-day.js';
import { findZhDuration, ZH_DURATION } from './zh-duration.js';
import { addDays, civilAt, compareCivil, formatDateTime, offsetMinutes, type CivilDate, type CivilDateTime } from './zone.js';

export interface TimeMatch {
  /** ISO date-time with the zone's offset, e.g. "2026-03-03T15:00:00+08:00". */
  start: string;
  /** End of a range ("3点到4点"), when one was given with a clock time. */
  end?: string;
  /** `minute`: a clock time was given; `part-of-day`: only 上午/下午/evening…; `day`: only a date. */
  precision: 'minute' | 'part-of-day' | 'day';
}

/** Default hours for a day without a clock time, by the part of the day that was named. */
const PARTS_OF_DAY: readonly [RegExp, number][] = [
  [/早上|上午|早晨|明早|今早|清早|\bmorning\b/iu, 9],
  [/中午|\bnoon\b|\blunch/iu, 12],
  [/下午|\bafternoon\b/iu, 15],
  [/傍晚|晚上|今晚|明晚|晚间|夜里|\bevening\b|\btonight\b|\bnight\b/iu, 19],
];

const NOT_TIME = /\d+\s*(?:号楼|號樓|栋|棟|幢|#楼|#|号公寓|号工单|号单|号房|号院)|[A-Za-z]?\d{1,2}\s?-\s?\d{3,4}(?!\s?(?:点|點|pm|am))|\bt-?\d+\b|#\s?\d+|\b(?:room|rm|building|bldg|block|dorm)\.?\s?#?\s?\d+(?![\d:.]|\s?-|\s?(?:pm|am|点|o.clock))|\d{3,4}\s?(?:室|房间|寝室)|\d{7,}|(?:工单|单号|ticket)\s*(?:号|是)?\s*\d+/giu;
/** Cheap pre-check: without any of these there is no time to find, so chrono is skipped. */
const TIME_HINT = /\d|[今明后後昨前这這本下上大][天日晚早午周週个個]|[周週星礼禮]|[早中下晚]午|晚上|早上|傍晚|凌晨|半夜|[一二两三四五六七八九十][点點]|号|號|月|小时|分钟|\b(?:hours?|min(?:ute)?s?|today|tonight|tomorrow|tmr|morning|afternoon|evening|noon|midnight|week|weekend|day|mon|tue|wed|thu|fri|sat|sun)|\b(?:am|pm|o'clock)\b/iu;
const PM_CONTEXT = /下午|晚上|傍晚|今晚|明晚|夜里|晚间|\bp\.?m\b|afternoon|evening|tonight/iu;

interface ClockTime {
  hour: number;
  minute: number;
  endHour?: number;
  endMinute?: number;
}

const blank = (m: string) => ' '.repeat(m.length);

/** Replaces building, room, ticket and phone numbers by spaces so chrono cannot read them. */
function maskNonTimes(text: string): string {
  return text.replace(NOT_TIME, blank);
}


function parseAll(text: string, now: Date, offset: number): ParsedResult[] {
  const ref = { instant: now, timezone: offset };
  const zh = hasHan(text) ? chronoZh.parse(text, ref, { forwardDate: true }) : [];
  const en = /[a-z]/iu.test(text) || !hasHan(text) ? chronoEn.parse(text, ref, { forwardDate: true }) : [];
  return [...zh, ...en].sort((a, b) => a.index - b.index);
}

/** "07:00", "08:30": a zero-padded hour is the 24-hour clock, as certain as 上午 or am. */
const ZERO_PADDED = /(?<!\d)0\d[:：]\d\d/u;

/** Reads an uncertain-meridiem hour as afternoon when that is the only sensible reading. */
function afternoon(hour: number, meridiemCertain: boolean, pmContext: boolean): number {
  if (meridiemCertain || hour >= 12 || hour === 0) return hour;
  return hour <= 7 || pmContext ? hour + 12 : hour;
}

function clockTime(results: ParsedResult[], pmContext: boolean): ClockTime | undefined {
  const r = results.find((x) => x.start.isCertain('hour'));
  if (!r) return undefined;
  const hour = afternoon(r.start.get('hour') ?? 0, r.start.isCertain('meridiem') || ZERO_PADDED.test(r.text), pmContext);
  const clock: ClockTime = { hour, minute: r.start.get('minute') ?? 0 };
  if (r.end?.isCertain('hour')) {
    let endHour = r.end.get('hour') ?? 0;
    if (endHour < hour && endHour + 12 > hour && endHour < 12) endHour += 12;
    if (endHour > hour || (endHour === hour && (r.end.get('minute') ?? 0) > clock.minute)) {
      clock.endHour = endHour;
      clock.endMinute = r.end.get('minute') ?? 0;
    }
  }
  return clock;
}

function chronoDate(results: ParsedResult[]): CivilDate | undefined {
  const r = results.find((x) => x.start.isCertain('day') || x.start.isCertain('weekday') || x.start.isCertain('month'));
  if (!r) return undefined;
  return { year: r.start.get('year') ?? 0, month: r.start.get('month') ?? 1, day: r.start.get('day') ?? 1 };
}

/** Combines an optional date and a clock time into a forward-dated civil date-time. */
function resolve(date: CivilDate | undefined, bareWeekday: boolean, clock: ClockTime, now: CivilDateTime): CivilDateTime {
  const at = (d: CivilDate): CivilDateTime => ({ ...d, hour: clock.hour, minute: clock.minute });
  if (!date) {
    const today = at(now);
    return compareCivil(today, now) < 0 ? at(addDays(now, 1)) : today;
  }
  const dt = at(date);
  return bareWeekday && compareCivil(dt, now) < 0 ? at(addDays(date, 7)) : dt;
}

/** The time named in `text`, resolved at `now` in `timeZone`; undefined when none is named. */
export function extractTime(text: string, now: Date, timeZone: string): TimeMatch | undefined {
  const folded = maskNonTimes(toSimplified(text.normalize('NFKC')));
  if (!TIME_HINT.test(folded)) return undefined;
  const nowCivil = civilAt(now, timeZone);
  const results = parseAll(folded.replace(ZH_DURATION, blank), now, offsetMinutes(now, timeZone));
  const duration = hasHan(folded) ? findZhDuration(folded, now, timeZone) : undefined;
  if (duration?.kind === 'instant') return { start: formatDateTime(duration.at, timeZone), precision: 'minute' };
  const relative = hasHan(folded) ? findRelativeDay(folded, nowCivil) : undefined;
  const date = (duration?.kind === 'day' ? duration.date : undefined) ?? relative?.date ?? chronoDate(results);
  const clock = clockTime(results, PM_CONTEXT.test(folded));
  if (!clock) return date ? dayOnly(folded, date, timeZone) : undefined;
  const start = resolve(date, relative?.bareWeekday ?? false, clock, nowCivil);
  if (clock.endHour === undefined) return { start: formatDateTime(start, timeZone), precision: 'minute' };
  const end = { ...start, hour: clock.endHour, minute: clock.endMinute ?? 0 };
  return { start: formatDateTime(start, timeZone), end: formatDateTime(end, timeZone), precision: 'minute' };
}

/** A date without a clock time, at the default hour of the part of the day named (else 12:00). */
function dayOnly(text: string, date: CivilDate, timeZone: string): TimeMatch {
  const part = PARTS_OF_DAY.find(([pattern]) => pattern.test(text));
  const start = formatDateTime({ ...date, hour: part?.[1] ?? 12, minute: 0 }, timeZone);
  return { start, precision: part ? 'part-of-day' : 'day' };
}

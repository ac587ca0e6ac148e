/** Dates in the campus time zone, for output and for people. */
import type { Locale } from './i18n.js';

export interface ZonedParts {
  year: number; month: number; day: number; hour: number; minute: number; second: number;
  /** 0 = Sunday. */
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function formatterFor(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz, hourCycle: 'h23', weekday: 'short',
      year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formatters.set(tz, f);
  }
  return f;
}

/**
 * Recent answers: a batch of messages (5,000 survey invitations) formats the same few instants
 * over and over, and formatToParts is the slow part. Forgotten wholesale when it fills up.
 */
const recentParts = new Map<string, Readonly<ZonedParts>>();

/** The wall-clock fields of `date` in `tz`. */
export function zonedParts(date: Date, tz: string): Readonly<ZonedParts> {
  const key = `${tz}|${date.getTime()}`;
  let parts = recentParts.get(key);
  if (parts) return parts;
  parts = Object.freeze(computeParts(date, tz));
  if (recentParts.size >= 64) recentParts.clear();
  recentParts.set(key, parts);
  return parts;
}

function computeParts(date: Date, tz: string): ZonedParts {
  const parts: Record<string, string> = {};
  for (const p of formatterFor(tz).formatToParts(date)) parts[p.type] = p.value;
  return {
    year: Number(parts.year), month: Number(parts.month), day: Number(parts.day),
    hour: Number(parts.hour), minute: Number(parts.minute), second: Number(parts.second),
    weekday: WEEKDAYS.indexOf(parts.weekday ?? 'Sun'),
  };
}

/** Minutes east of UTC that `tz` is at `date`. */
export function offsetMinutes(date: Date, tz: string): number {
  const p = zonedParts(date, tz);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((asUtc - Math.floor(date.getTime() / 1000) * 1000) / 60_000);
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** ISO 8601 with the zone's offset: 2026-03-02T09:00:00+08:00. */
export function isoInZone(date: Date, tz: string): string {
  const p = zonedParts(date, tz);
  const off = offsetMinutes(date, tz);
  const sign = off < 0 ? '-' : '+';
  const abs = Math.abs(off);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A short date and time for people: "3月2日 09:00" / "Mar 2, 09:00". */
export function formatDateTime(date: Date, tz: string, locale: Locale): string {
  const p = zonedParts(date, tz);
  const hm = `${pad(p.hour)}:${pad(p.minute)}`;
  return locale === 'zh-CN' ? `${p.month}月${p.day}日 ${hm}` : `${EN_MONTHS[p.month - 1]} ${p.day}, ${hm}`;
}

/** Parses "90m", "2h", "3d", "1w" into milliseconds; undefined when it is not such a duration. */
export function parseDuration(text: string): number | undefined {
  const m = /^\s*(\d{1,5})\s*(m|min|h|d|w)\s*$/i.exec(text);
  if (!m) return undefined;
  const unit = { m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[m[2]!.toLowerCase() as 'm'];
  return Number(m[1]) * unit;
}

/** "22:00" → minutes after midnight; undefined when not a time of day. */
export function parseTimeOfDay(text: string): number | undefined {
  const m = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(text.trim());
  return m ? Number(m[1]) * 60 + Number(m[2]) : undefined;
}

/**
 * `date` itself when it falls outside the quiet hours [start, end) of `tz` (which may wrap past
 * midnight), else the moment the quiet hours end.
 */
export function afterQuietHours(date: Date, tz: string, quiet: { start: string; end: string }): Date {
  const start = parseTimeOfDay(quiet.start)!;
  const end = parseTimeOfDay(quiet.end)!;
  const p = zonedParts(date, tz);
  const now = p.hour * 60 + p.minute;
  const inside = start <= end ? now >= start && now < end : now >= start || now < end;
  if (!inside || start === end) return date;
  const wait = (end - now + 24 * 60) % (24 * 60);
  return new Date(date.getTime() + wait * 60_000 - p.second * 1000 - (date.getTime() % 1000));
}

/** Midnight (campus time) of the day `date` falls on. */
export function startOfDay(date: Date, tz: string): Date {
  const p = zonedParts(date, tz);
  return new Date(date.getTime() - ((p.hour * 60 + p.minute) * 60 + p.second) * 1000 - (date.getTime() % 1000));
}

/** Midnight (campus time) of the Monday of the week `date` falls in. */
export function startOfWeek(date: Date, tz: string): Date {
  const day = startOfDay(date, tz);
  const weekday = zonedParts(day, tz).weekday;
  return startOfDay(new Date(day.getTime() - ((weekday + 6) % 7) * 86_400_000 + 3_600_000), tz);
}

/**
 * The UTC day `date` falls in, as its first millisecond. What is kept about a person's activity
 * (last seen, handled updates, dialogue rows) keeps this rather than the moment, so that no time
 * in the database can be matched to when someone answered an anonymous survey.
 */
export function dayOf(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 86_400_000) * 86_400_000);
}

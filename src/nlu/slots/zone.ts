/**
 * Civil-time arithmetic in an IANA time zone, on plain numbers, with the zone's offset from Intl.
 * Used by the time extractor so results never depend on the machine's own time zone.
 */
export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

export interface CivilDateTime extends CivilDate {
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock date and time of `instant` in `timeZone` (throws RangeError for an unknown zone). */
export function civilAt(instant: Date, timeZone: string): CivilDateTime & { second: number } {
  const parts = Object.fromEntries(formatter(timeZone).formatToParts(instant).map((p) => [p.type, p.value]));
  const n = (key: string) => Number.parseInt(parts[key] ?? '0', 10);
  return { year: n('year'), month: n('month'), day: n('day'), hour: n('hour') % 24, minute: n('minute'), second: n('second') };
}

/** Minutes east of UTC that `timeZone` observes at `instant` (480 for Asia/Shanghai). */
export function offsetMinutes(instant: Date, timeZone: string): number {
  const c = civilAt(instant, timeZone);
  const asUtc = Date.UTC(c.year, c.month - 1, c.day, c.hour, c.minute, c.second);
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60000);
}

/** The date `days` after `date` (negative goes back). */
export function addDays(date: CivilDate, days: number): CivilDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: CivilDate): number {
  return new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
}

/** Orders two civil date-times (negative when a is earlier). */
export function compareCivil(a: CivilDateTime, b: CivilDateTime): number {
  return Date.UTC(a.year, a.month - 1, a.day, a.hour, a.minute) - Date.UTC(b.year, b.month - 1, b.day, b.hour, b.minute);
}

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0');

/** "2026-03-03". */
export function formatDate(d: CivilDate): string {
  return `${pad(d.year, 4)}-${pad(d.month)}-${pad(d.day)}`;
}

/** "2026-03-03T15:00:00+08:00": the wall time with the offset the zone observes at that moment. */
export function formatDateTime(t: CivilDateTime, timeZone: string): string {
  const wall = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute);
  const guess = wall - offsetMinutes(new Date(wall), timeZone) * 60000;
  const offset = offsetMinutes(new Date(guess), timeZone);
  const sign = offset < 0 ? '-' : '+';
  return `${formatDate(t)}T${pad(t.hour)}:${pad(t.minute)}:00${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
}

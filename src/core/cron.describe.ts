/**
 * A cron expression as people read it, in zh-CN and en: "0 10 15 1,6 *" is "每年1月15日和6月15日 10:00"
 * / "15 Jan and 15 Jun, 10:00". The shapes configs use (a fixed minute, fixed hours, lists and
 * ranges of days, months and weekdays) are phrased here; anything else (steps, minute ranges,
 * names, day-of-month and weekday both set) is described by cronstrue, so no schedule is shown raw.
 */
import cronstrueModule from 'cronstrue/i18n.js';
import { cronMessages } from './cron.messages.js';
import { tr, type Locale } from './i18n.js';

/** Node hands over cronstrue's CommonJS exports object, vitest and bundlers its default export: the describer either way. */
const cronstrue = 'default' in cronstrueModule ? cronstrueModule.default : cronstrueModule;

type Span = { from: number; to: number };
interface Simple {
  minute: number;
  hours: number[];
  days: Span[] | '*';
  months: number[] | '*';
  weekdays: Span[] | '*';
}

/** "15 Jan and 15 Jun, 10:00" / "每年1月15日和6月15日 10:00". */
export function describeCron(expr: string, locale: Locale): string {
  const simple = parseSimple(expr);
  if (simple) return phrase(simple, locale);
  try {
    return cronstrue.toString(expr, { locale: locale === 'en' ? 'en' : 'zh_CN', use24HourTimeFormat: true, verbose: true });
  } catch {
    return expr;
  }
}

const NUMBER = /^\d{1,2}$/;

/** A list of numbers and ranges ("1,3-5") within [min, max]; undefined for anything else. */
function spans(field: string, min: number, max: number): Span[] | undefined {
  const out: Span[] = [];
  for (const part of field.split(',')) {
    const [a = '', b, extra] = part.split('-');
    if (extra !== undefined || !NUMBER.test(a) || (b !== undefined && !NUMBER.test(b))) return undefined;
    const span = { from: Number(a), to: Number(b ?? a) };
    if (span.from < min || span.to > max || span.from > span.to) return undefined;
    out.push(span);
  }
  return out;
}

const singles = (s: Span[] | undefined) => (s && s.every((x) => x.from === x.to) ? s.map((x) => x.from) : undefined);

function parseSimple(expr: string): Simple | undefined {
  const fields = expr.trim().split(/\s+/);
  if (fields.length !== 5) return undefined;
  const [m = '', h = '', dom = '', mon = '', dow = ''] = fields;
  const minute = singles(spans(m, 0, 59));
  const hours = singles(spans(h, 0, 23));
  const days = dom === '*' ? '*' : singles(spans(dom, 1, 31))?.map((d) => ({ from: d, to: d }));
  const months = mon === '*' ? '*' : singles(spans(mon, 1, 12));
  const weekdays = dow === '*' ? '*' : spans(dow, 0, 7);
  if (minute?.length !== 1 || !hours || !days || !months || !weekdays) return undefined;
  if (days !== '*' && weekdays !== '*') return undefined; // cron's "either" rule: left to cronstrue
  return { minute: minute[0]!, hours: [...new Set(hours)].sort((a, b) => a - b), days, months, weekdays };
}

function list(items: string[], l: Locale): string {
  const t = tr(cronMessages, l);
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(t.sep)}${t.and}${items.at(-1)}`;
}

function phrase(s: Simple, l: Locale): string {
  const t = tr(cronMessages, l);
  const pad = (n: number) => String(n).padStart(2, '0');
  const times = list(s.hours.map((h) => `${pad(h)}:${pad(s.minute)}`), l);
  return t.at({ days: days(s, l), times });
}

function days(s: Simple, l: Locale): string {
  const t = tr(cronMessages, l);
  const weekdays = s.weekdays === '*' ? undefined : t.weekdays({ days: list(s.weekdays.map((w) => weekdaySpan(w, l)), l) });
  const months = s.months === '*' ? undefined : s.months;
  if (s.days !== '*') {
    const dayList = s.days.map((d) => d.from);
    if (!months) return t.monthDays({ days: list(dayList.map((day) => t.monthDay({ day })), l) });
    if (months.length * dayList.length <= 4) return t.yearDays({ days: list(months.flatMap((month) => dayList.map((day) => t.date({ month, day }))), l) });
    return t.datesInMonths({ months: list(months.map((month) => t.month({ month })), l), days: list(dayList.map((day) => t.monthDay({ day })), l) });
  }
  const every = weekdays ?? t.everyDay;
  return months ? t.inMonths({ months: list(months.map((month) => t.month({ month })), l), days: every }) : every;
}

function weekdaySpan(w: Span, l: Locale): string {
  const t = tr(cronMessages, l);
  return w.from === w.to ? t.weekday({ n: w.from }) : t.weekdayRange({ from: t.weekday({ n: w.from }), to: t.weekday({ n: w.to }) });
}

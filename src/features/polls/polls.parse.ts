/**
 * The `/poll` grammar: `question | option | option … [| settings]`. Segments are separated by `|`
 * (or the full-width `｜`); the trailing segments that start with a setting are settings, the rest
 * are options (quote an option, "实名", to keep it an option). Settings, in either language,
 * separated by spaces or commas: 匿名/anonymous (the default), 实名/named, 单选/single (the default),
 * 多选/multi, 结束后公布/hide results, and a closing time: 截止 <time>, until <time>, for <duration>,
 * or a duration alone (2天, 2d). Pure: the same text and clock give the same result.
 */
import { parseWhen } from './polls.when.js';

export const MIN_OPTIONS = 2;
export const MAX_OPTIONS = 12;
export const MAX_OPTION_LENGTH = 100;
export const MAX_QUESTION_LENGTH = 300;

export interface PollSettings {
  anonymous: boolean;
  multi: boolean;
  hideResults: boolean;
  /** Undefined: the configured default duration. */
  closesAt?: Date;
}

export interface PollSpec extends PollSettings {
  question: string;
  options: string[];
}

/** What is wrong with a `/poll` line, for a localized answer. */
export type PollProblem =
  | { code: 'no_question' }
  | { code: 'question_too_long'; max: number }
  | { code: 'too_few_options'; min: number }
  | { code: 'too_many_options'; max: number; count: number }
  | { code: 'empty_option'; position: number }
  | { code: 'option_too_long'; position: number; max: number }
  | { code: 'duplicate_option'; option: string }
  | { code: 'bad_time'; text: string }
  | { code: 'past_time'; text: string }
  | { code: 'unknown_setting'; text: string };

export type Parsed = { ok: true; spec: PollSpec } | { ok: false; problems: PollProblem[] };

type Flag = 'anonymous' | 'named' | 'multi' | 'single' | 'hide';
/** Setting words, longest first so "hide results" wins over a shorter word at the same place. */
const FLAGS: [string, Flag][] = ([
  ['匿名', 'anonymous'], ['anonymous', 'anonymous'], ['anon', 'anonymous'],
  ['实名', 'named'], ['记名', 'named'], ['named', 'named'],
  ['多选', 'multi'], ['multiple', 'multi'], ['multi', 'multi'],
  ['单选', 'single'], ['single', 'single'],
  ['结束后公布', 'hide'], ['截止后公布', 'hide'], ['结束后公布结果', 'hide'], ['hide results', 'hide'], ['hide-results', 'hide'], ['hidden', 'hide'],
] as [string, Flag][]).sort((a, b) => b[0].length - a[0].length);
/** Words that start a closing time; what follows, up to the next setting, is the time. */
const TIME_WORDS = ['截止到', '截止', '截至', '结束于', 'until', 'for'];
/** These make a segment a settings one even when the time after them cannot be read (then that is the answer). */
const SURE_TIME_WORDS = ['截止到', '截止', '截至', '结束于', 'until'];
const SEPARATOR = /^[\s,，、;；]+/u;
const DURATION_START = /^(?:\d{1,4}|[一两二三四五六七八九十])\s*(?:个小时|小时|分钟|天|周|个星期|星期|(?:d|h|m|w|days?|hours?|mins?|minutes?|weeks?)\b)/iu;
/** A duration on its own ends a poll only with a Chinese unit ("2天"); "2d" needs "for" ("30m | 1h" are options). */
const BARE_DURATION = /^(?:\d{1,4}|[一两二三四五六七八九十])\s*(?:个小时|小时|分钟|天|周|个星期|星期)/u;

interface Scan {
  pos: number;
  text: string;
}

function wordAt(s: Scan, word: string): boolean {
  const next = s.text.slice(s.pos, s.pos + word.length);
  if (next.toLowerCase() !== word) return false;
  const after = s.text[s.pos + word.length];
  // An English word must end at a boundary ("for" is not the start of "format").
  return !/[a-z]/i.test(word) || after === undefined || !/[a-z]/i.test(after);
}

/** The setting starting at the scan's position, without consuming it. */
function settingAt(s: Scan): { flag: Flag; length: number } | { time: string; length: number } | { duration: true } | undefined {
  const flag = FLAGS.find(([w]) => wordAt(s, w));
  if (flag) return { flag: flag[1], length: flag[0].length };
  const time = TIME_WORDS.find((w) => wordAt(s, w));
  if (time) return { time, length: time.length };
  return DURATION_START.test(s.text.slice(s.pos)) ? { duration: true } : undefined;
}

/**
 * Whether a trailing segment holds settings: it starts with a setting word, 截止 or until, or it
 * reads entirely as settings ("for 2d", "2天"); "for" or "for fun" alone stays an option.
 */
export function isSettings(segment: string, now: Date, tz: string): boolean {
  const text = segment.normalize('NFKC').trim();
  const found = /^["“「]/u.test(text) ? undefined : settingAt({ pos: 0, text });
  if (!found) return false;
  if ('flag' in found || ('time' in found && SURE_TIME_WORDS.includes(found.time))) return true;
  if ('duration' in found && !BARE_DURATION.test(text)) return false;
  const problems: PollProblem[] = [];
  readSettings(text, { anonymous: true, multi: false, hideResults: false }, now, tz, problems);
  return !problems.some((p) => p.code === 'bad_time' || p.code === 'unknown_setting');
}

/** The text from the scan's position up to the next setting word (a closing time's words). */
function untilNextSetting(s: Scan): string {
  const start = s.pos;
  while (s.pos < s.text.length) {
    const sep = SEPARATOR.exec(s.text.slice(s.pos));
    const word = s.pos + (sep?.[0].length ?? 0);
    const probe = { pos: word, text: s.text };
    if (sep && word < s.text.length && settingAt(probe) && !('duration' in settingAt(probe)!)) break;
    s.pos += sep ? sep[0].length : 1;
  }
  return s.text.slice(start, s.pos).trim();
}

/** Reads one settings segment into `into`; problems are appended. */
function readSettings(segment: string, into: PollSettings, now: Date, tz: string, problems: PollProblem[]): void {
  const s: Scan = { pos: 0, text: segment.normalize('NFKC').trim() };
  while (s.pos < s.text.length) {
    const sep = SEPARATOR.exec(s.text.slice(s.pos));
    if (sep) { s.pos += sep[0].length; continue; }
    const found = settingAt(s);
    if (!found) {
      problems.push({ code: 'unknown_setting', text: s.text.slice(s.pos).split(/[\s,，、;；]/u)[0]! });
      return;
    }
    if ('flag' in found) {
      s.pos += found.length;
      applyFlag(found.flag, into);
      continue;
    }
    if ('time' in found) s.pos += found.length;
    const words = untilNextSetting(s);
    const when = parseWhen(words, now, tz);
    if (when.kind === 'bad') problems.push({ code: 'bad_time', text: words });
    else if (when.at <= now) problems.push({ code: 'past_time', text: words });
    else into.closesAt = when.at;
  }
}

function applyFlag(flag: Flag, into: PollSettings): void {
  if (flag === 'anonymous' || flag === 'named') into.anonymous = flag === 'anonymous';
  else if (flag === 'multi' || flag === 'single') into.multi = flag === 'multi';
  else into.hideResults = true;
}

/** Splits at `|` / `｜` (a `\|` stays a bar inside its segment). */
export function segments(text: string): string[] {
  return text.split(/(?<!\\)[|｜]/u).map((x) => x.replace(/\\([|｜])/gu, '$1').trim());
}

const unquote = (s: string) => s.replace(/^["“「](.*)["”」]$/su, '$1').trim();
const sameOption = (s: string) => s.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ');

/** Checks the options: 2–12, none empty, none over 100 characters, no two the same. */
export function optionProblems(options: string[]): PollProblem[] {
  const problems: PollProblem[] = [];
  if (options.length < MIN_OPTIONS) problems.push({ code: 'too_few_options', min: MIN_OPTIONS });
  if (options.length > MAX_OPTIONS) problems.push({ code: 'too_many_options', max: MAX_OPTIONS, count: options.length });
  options.forEach((o, i) => {
    if (!o) problems.push({ code: 'empty_option', position: i + 1 });
    else if ([...o].length > MAX_OPTION_LENGTH) problems.push({ code: 'option_too_long', position: i + 1, max: MAX_OPTION_LENGTH });
  });
  const seen = new Set<string>();
  for (const o of options.filter(Boolean)) {
    if (seen.has(sameOption(o))) problems.push({ code: 'duplicate_option', option: o });
    seen.add(sameOption(o));
  }
  return problems;
}

/** Reads settings text alone ("实名 多选 2天"), as the step-by-step dialogue takes it. */
export function parseSettings(text: string, base: PollSettings, now: Date, tz: string): { settings: PollSettings; problems: PollProblem[] } {
  const settings = { ...base };
  const problems: PollProblem[] = [];
  readSettings(text, settings, now, tz, problems);
  return { settings, problems };
}

/** Parses the arguments of `/poll`. */
export function parsePoll(text: string, now: Date, tz: string): Parsed {
  const parts = segments(text);
  let end = parts.length;
  // "1天 | 2天 | 3天" are options: a bare duration is a closing time only when the options are not durations too.
  const bare = (p: string) => BARE_DURATION.test(p.normalize('NFKC').trim());
  while (end > 1 && isSettings(parts[end - 1]!, now, tz) && !(bare(parts[end - 1]!) && parts.slice(1, end - 1).some(bare))) end--;
  const question = parts[0] ?? '';
  const settings: PollSettings = { anonymous: true, multi: false, hideResults: false };
  const problems: PollProblem[] = [];
  if (!question) problems.push({ code: 'no_question' });
  else if ([...question].length > MAX_QUESTION_LENGTH) problems.push({ code: 'question_too_long', max: MAX_QUESTION_LENGTH });
  const options = parts.slice(1, end).map(unquote);
  problems.push(...optionProblems(options));
  for (const segment of parts.slice(end)) readSettings(segment, settings, now, tz, problems);
  return problems.length ? { ok: false, problems } : { ok: true, spec: { question, options, ...settings } };
}

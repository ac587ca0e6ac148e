/** What polls look like: the poll message (live and closed), results, reminders, CSV. Pure. */
import { button } from '../../core/feature.js';
import { tr, type Locale } from '../../core/i18n.js';
import type { Outgoing } from '../../core/message.js';
import { formatDateTime } from '../../core/time.js';
import { csvField } from '../../core/csv.js';
import { pollsMessages } from './polls.messages.js';
import type { PollProblem, PollSettings } from './polls.parse.js';
import type { PollRow } from './polls.repo.js';

export const F = 'polls';
const LABEL_MAX = 40;

/** Counts per option, and how many voted out of the roster. */
export interface Tally {
  counts: number[];
  voters: number;
  roster: number;
}

export const pct = (n: number, of: number) => (of ? Math.round((n / of) * 100) : 0);
const label = (s: string) => ([...s].length > LABEL_MAX ? `${[...s].slice(0, LABEL_MAX - 1).join('')}…` : s);

/** "匿名 · 单选" (and "结束后公布结果" when so). */
function flagsLine(s: PollSettings, l: Locale): string {
  const m = tr(pollsMessages, l);
  return [s.anonymous ? m.anonymous : m.named, s.multi ? m.multi : m.single, ...(s.hideResults ? [m.hidden] : [])].join(' · ');
}

/** "匿名 · 单选 · 截止 3月5日 08:00" */
export function settingsLine(s: PollSettings & { closesAt: Date }, tz: string, l: Locale, isDefault = false): string {
  const m = tr(pollsMessages, l);
  const when = formatDateTime(s.closesAt, tz, l);
  return `${flagsLine(s, l)} · ${isDefault ? m.defaultClose({ when }) : m.closes({ when })}`;
}

function lines(poll: PollRow, t: Tally, l: Locale, show: boolean): string[] {
  const m = tr(pollsMessages, l);
  return poll.options.map((option, i) => (show
    ? m.line({ n: i + 1, option, count: t.counts[i] ?? 0, pct: pct(t.counts[i] ?? 0, t.voters) })
    : m.hiddenLine({ n: i + 1, option })));
}

/** The poll message while it is open: counts unless hidden, turnout, and a button per option. */
export function pollOut(poll: PollRow, t: Tally, tz: string, l: Locale): Outgoing {
  const m = tr(pollsMessages, l);
  const text = [
    m.header({ id: poll.id, question: poll.question }), settingsLine(poll, tz, l), '',
    ...lines(poll, t, l, !poll.hideResults), ...(poll.hideResults ? ['', m.hiddenNote] : []),
    '', m.turnout({ voters: t.voters, roster: t.roster }), m.howTo({ multi: poll.multi, anonymous: poll.anonymous }),
  ].join('\n');
  return { text, buttons: [...voteButtons(poll), [button(m.btnClose, F, 'close', poll.id)]] };
}

/** One button per option (two per row when they are short). */
export function voteButtons(poll: PollRow) {
  const all = poll.options.map((o, i) => button(label(o), F, 'v', poll.id, i));
  const perRow = poll.options.every((o) => [...o].length <= 12) ? 2 : 1;
  const rows = [];
  for (let i = 0; i < all.length; i += perRow) rows.push(all.slice(i, i + perRow));
  return rows;
}

/** The poll message once closed: final counts, no buttons. */
export function closedOut(poll: PollRow, t: Tally, tz: string, l: Locale): Outgoing {
  const m = tr(pollsMessages, l);
  return {
    text: [m.closedHeader({ id: poll.id, question: poll.question }), m.closedAt({ when: formatDateTime(poll.closedAt ?? poll.closesAt, tz, l) }), '',
      ...lines(poll, t, l, true), '', m.turnout({ voters: t.voters, roster: t.roster })].join('\n'),
  };
}

/** The results: counts, percentages, turnout; `nonVoters` (named polls, for the rep) lists who has not voted. */
export function resultsText(poll: PollRow, t: Tally, tz: string, l: Locale, nonVoters?: string[]): string {
  const m = tr(pollsMessages, l);
  const state = poll.status === 'open' ? m.openFor({ when: formatDateTime(poll.closesAt, tz, l) }) : m.closedAt({ when: formatDateTime(poll.closedAt ?? poll.closesAt, tz, l) });
  const bar = (n: number) => '█'.repeat(Math.round(pct(n, t.voters) / 10));
  return [
    m.resultsTitle({ id: poll.id, question: poll.question }), `${flagsLine(poll, l)} · ${state}`, '',
    ...poll.options.map((option, i) => `${m.line({ n: i + 1, option, count: t.counts[i] ?? 0, pct: pct(t.counts[i] ?? 0, t.voters) })} ${bar(t.counts[i] ?? 0)}`.trimEnd()),
    '', m.resultsTurnout({ voters: t.voters, roster: t.roster, pct: pct(t.voters, t.roster) }),
    ...(nonVoters ? [m.nonVoters({ count: nonVoters.length, names: nonVoters.join('、') || '—' })] : []),
  ].join('\n');
}

/** Anonymous polls: counts only. */
export function anonymousCsv(poll: PollRow, t: Tally, l: Locale): string {
  const rows = poll.options.map((o, i) => [o, String(t.counts[i] ?? 0), String(pct(t.counts[i] ?? 0, t.voters))]);
  return [tr(pollsMessages, l).csvAnonymousHead, ...rows.map((r) => r.map(csvField).join(','))].join('\n') + '\n';
}

/** Named polls: who chose what, one row per voter (choices joined with "; "). */
export function namedCsv(poll: PollRow, ballots: { memberId: number; name: string; choices: number }[], l: Locale): string {
  const rows = ballots.map((b) => [String(b.memberId), b.name, chosen(poll, b.choices).join('; ')]);
  return [tr(pollsMessages, l).csvNamedHead, ...rows.map((r) => r.map(csvField).join(','))].join('\n') + '\n';
}

/** The options set in a choices bit mask, in option order. */
export function chosen(poll: PollRow, choices: number): string[] {
  return poll.options.filter((_, i) => choices & (1 << i));
}

export function problemsText(problems: PollProblem[], l: Locale): string {
  const m = tr(pollsMessages, l);
  return m.problems({ lines: problems.map((p) => m[p.code](p as never)).join('\n') });
}

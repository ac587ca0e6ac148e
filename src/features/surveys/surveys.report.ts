/** Survey results as a message for people (admins), in their language. */
import { pick, tr, type Locale } from '../../core/i18n.js';
import { formatDateTime } from '../../core/time.js';
import { surveysMessages } from './surveys.messages.js';
import type { QuestionResult, RunResults } from './surveys.results.js';

const percent = (x: number) => `${(x * 100).toFixed(1)}%`;
const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

/**
 * `texts: false` leaves the text answers out (their count and where to read them stay): for a
 * message kept as an outbox row addressed to someone, which must not carry respondents' words.
 */
export function resultsText(r: RunResults, tz: string, locale: Locale, opts: { texts?: boolean } = {}): string {
  const m = tr(surveysMessages, locale);
  const when = (d: Date) => formatDateTime(d, tz, locale);
  const lines = [
    m.resultsHead({
      title: pick(r.title, locale), run: r.runId, from: when(r.openedAt), to: when(r.closesAt),
      status: r.status === 'open' ? m.open : m.closed, privacy: r.anonymous ? m.anonymousShort : m.namedShort,
    }),
    m.reach(r.reach),
    m.responses({ completed: r.completed, rate: percent(r.responseRate), partial: r.partial }),
  ];
  const texts = opts.texts ?? true;
  r.questions.forEach((q, i) => lines.push('', `${i + 1}. ${pick(q.text, locale)}`, ...(q.type === 'text' && !texts && q.answered
    ? [`   ${m.textResult({ n: q.answered })} ${m.textsElsewhere({ run: r.runId })}`]
    : questionLines(q, locale))));
  return lines.join('\n');
}

function questionLines(q: QuestionResult, locale: Locale): string[] {
  const m = tr(surveysMessages, locale);
  if (!q.answered) return [`   ${m.noAnswersYet}${q.skipped ? m.skipped({ n: q.skipped }) : ''}`];
  const skipped = q.skipped ? m.skipped({ n: q.skipped }) : '';
  switch (q.type) {
    case 'rating':
      return [`   ${m.ratingResult({ n: q.answered, mean: q.mean!.toFixed(2), dist: q.distribution.map((c, i) => `${i + 1}★ ${c}`).join(' · ') })}${skipped}`];
    case 'nps':
      return [`   ${m.npsResult({ score: signed(q.score!), promoters: q.promoters, passives: q.passives, detractors: q.detractors, n: q.answered })}${skipped}`];
    case 'choice':
    case 'multi':
      return [`   ${m.countsResult({ n: q.answered, items: q.options.map((o) => `${pick(o.text, locale)} ${o.count}`).join(' · ') })}${skipped}`];
    case 'text':
      return [`   ${m.textResult({ n: q.answered })}`, ...q.answers.map((a) => `   - ${a.replace(/\s*\n\s*/g, ' ')}`)];
  }
}

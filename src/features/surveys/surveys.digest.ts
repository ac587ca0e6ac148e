/**
 * What the management digest shows of surveys: every run open during the period, with its
 * response rate, the mean of its rating questions and its NPS, so evaluation feeds improvement.
 */
import { pick, tr, type Locale } from '../../core/i18n.js';
import type { DigestSection } from '../digests/digests.service.js';
import { surveysMessages } from './surveys.messages.js';
import { runsDuring } from './surveys.repo.js';
import type { RunResults, SurveyResults } from './surveys.results.js';

export function surveysDigestSection(deps: { results: SurveyResults }): DigestSection {
  return async (q, department, period) => {
    if (department !== null) return () => [];
    const results: RunResults[] = [];
    for (const run of await runsDuring(q, period.from, period.to)) results.push((await deps.results.results(run.id))!);
    return (locale) => (results.length ? lines(results, locale) : []);
  };

  function lines(results: RunResults[], locale: Locale): string[] {
    const m = tr(surveysMessages, locale);
    return [m.digestTitle, ...results.map((r) => {
      const ratings = r.questions.flatMap((q) => (q.type === 'rating' && q.mean !== null ? [q.mean] : []));
      const nps = r.questions.find((q) => q.type === 'nps');
      return m.digestLine({
        title: pick(r.title, locale), run: r.runId, completed: r.completed, audience: r.reach.audience,
        rate: Math.round(r.responseRate * 100),
        mean: ratings.length ? (ratings.reduce((a, b) => a + b, 0) / ratings.length).toFixed(1) : '—',
        nps: nps?.type === 'nps' && nps.score !== null ? (nps.score > 0 ? `+${Math.round(nps.score)}` : String(Math.round(nps.score))) : '—',
      });
    })];
  }
}

/**
 * What the management digest shows of surveys: every run open during the period, with its
 * response rate, the mean of its rating questions and its NPS, so evaluation feeds improvement.
 */
import type { Db } from '../../db/client.js';
import { pick, tr } from '../../core/i18n.js';
import type { DigestSection } from '../digests/digests.service.js';
import { surveysMessages } from './surveys.messages.js';
import { runsDuring } from './surveys.repo.js';
import type { SurveyResults } from './surveys.results.js';

export function surveysDigestSection(deps: { db: Db; results: SurveyResults }): DigestSection {
  return (department, period, locale) => {
    if (department !== null) return [];
    const runs = runsDuring(deps.db, period.from, period.to);
    if (!runs.length) return [];
    const m = tr(surveysMessages, locale);
    return [m.digestTitle, ...runs.map((run) => {
      const r = deps.results.results(run.id)!;
      const ratings = r.questions.flatMap((q) => (q.type === 'rating' && q.mean !== null ? [q.mean] : []));
      const nps = r.questions.find((q) => q.type === 'nps');
      return m.digestLine({
        title: pick(r.title, locale), run: r.runId, completed: r.completed, audience: r.reach.audience,
        rate: Math.round(r.responseRate * 100),
        mean: ratings.length ? (ratings.reduce((a, b) => a + b, 0) / ratings.length).toFixed(1) : '—',
        nps: nps?.type === 'nps' && nps.score !== null ? (nps.score > 0 ? `+${Math.round(nps.score)}` : String(Math.round(nps.score))) : '—',
      });
    })];
  };
}

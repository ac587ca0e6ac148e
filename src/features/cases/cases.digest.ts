/**
 * What the digests show of crisis alerts: for the management (and the counselling centre's own
 * digest), each alert of the period with the time it waited to be acknowledged, how often it was
 * escalated and who acknowledged it. Never who the student was: no alias, no case number, no words.
 */
import type { Config } from '../../config.js';
import { tr, type Locale } from '../../core/i18n.js';
import { formatDateTime } from '../../core/time.js';
import type { DigestSection } from '../digests/digests.service.js';
import { caseStaffMessages } from './cases.staff.messages.js';
import { alertsBetween, type AlertRow } from './cases.repo.js';

const st = (l: Locale) => tr(caseStaffMessages, l);

export function casesDigestSection(deps: { config: Config; nameOf: (memberId: number | null) => Promise<string> }): DigestSection {
  const { config } = deps;
  return async (q, department, period) => {
    if (department !== null && department !== config.crisis.department) return () => [];
    const alerts = await alertsBetween(q, period.from, period.to);
    const names = new Map<number, string>();
    for (const a of alerts) if (a.ackedBy !== null && !names.has(a.ackedBy)) names.set(a.ackedBy, await deps.nameOf(a.ackedBy));
    return (l) => (alerts.length ? lines(alerts, names, l) : []);
  };

  function lines(alerts: AlertRow[], names: ReadonlyMap<number, string>, l: Locale): string[] {
    const wait = (ms: number) => (l === 'en' ? `${Math.max(1, Math.round(ms / 60_000))} min` : `${Math.max(1, Math.round(ms / 60_000))} 分钟`);
    return [st(l).digestTitle({ n: alerts.length }), ...alerts.map((a) => st(l).digestLine({
      at: formatDateTime(a.raisedAt, config.campus.timezone, l),
      kind: st(l)[`digestKind_${a.concern}`],
      wait: a.ackedAt ? wait(a.ackedAt.getTime() - a.raisedAt.getTime()) : st(l).digestUnacked,
      steps: Math.max(0, Math.min(a.ackedStep ?? a.step, a.chain.length - 1)),
      by: a.ackedBy === null ? '' : names.get(a.ackedBy) ?? '',
    }))];
  }
}

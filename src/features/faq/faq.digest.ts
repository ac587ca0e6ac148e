/**
 * What the digests show of the FAQ over the period: how many questions were asked, how many were
 * answered outright and the "this helped" rate (presses of "this helped" among the answers that
 * got a press); the entries asked most; and the gaps: questions with no good answer, or whose
 * asker wanted a person, to add as entries. A department's digest counts the questions that
 * reached its entries; the management digest all of them. Questions near the counselling
 * department's entries are counted but never quoted (small numbers stay private).
 */
import type { Config } from '../../config.js';
import { pick, tr, type Locale } from '../../core/i18n.js';
import type { DigestSection } from '../digests/digests.service.js';
import { clip } from '../tickets/tickets.render.js';
import { faqMessages } from './faq.messages.js';
import { asksBetween, type AskRow } from './faq.repo.js';
import type { FaqService } from './faq.service.js';

const shown = (a: AskRow) => a.chosenId ?? (a.outcome === 'answered' ? a.entryId : null);
const isGap = (a: AskRow) => a.outcome === 'none' || a.helped === false;

function topOf(values: string[], limit = 3): { value: string; n: number }[] {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].map(([value, n]) => ({ value, n })).sort((a, b) => b.n - a.n || (a.value < b.value ? -1 : 1)).slice(0, limit);
}

/** Reads on the digest's handle, with the entries in use brought up to date first. */
export function faqDigestSection(deps: { config: Config; faq: FaqService }): DigestSection {
  const departmentOf = (id: string | null) => (id ? deps.faq.entry(id)?.department : undefined);
  return async (q, department, period) => {
    await deps.faq.refresh();
    const all = await asksBetween(q, period.from, period.to);
    const asks = department === null ? all : all.filter((a) => departmentOf(shown(a) ?? a.entryId) === department);
    return (locale) => (asks.length ? lines(asks, locale) : []);
  };

  function lines(asks: AskRow[], l: Locale): string[] {
    const m = tr(faqMessages, l);
    const pressed = asks.filter((a) => shown(a) && a.helped !== null);
    const yes = pressed.filter((a) => a.helped).length;
    const rate = pressed.length ? `${Math.round((yes / pressed.length) * 100)}% (${yes}/${pressed.length})` : m.noRate;
    const out = [m.digestTitle, m.digestAsked({ n: asks.length, answered: asks.filter((a) => a.outcome === 'answered').length, helped: rate })];
    const most = topOf(asks.flatMap((a) => (shown(a) ? [shown(a)!] : [])));
    const question = (id: string) => { const e = deps.faq.entry(id); return e ? clip(pick(e.question, l), 30, l) : id; };
    if (most.length) out.push(m.digestTop({ list: most.map((t) => `${question(t.value)} ×${t.n}`).join(l === 'en' ? '; ' : '；') }));
    const quotable = (a: AskRow) => a.text && departmentOf(a.entryId) !== deps.config.crisis.department;
    const gaps = topOf(asks.filter((a) => isGap(a) && quotable(a)).map((a) => clip(a.text!, 40, l)));
    if (gaps.length) out.push(m.digestGaps({ list: gaps.map((g) => `“${g.value}”${g.n > 1 ? ` ×${g.n}` : ''}`).join(l === 'en' ? '; ' : '；') }));
    return out;
  }
}

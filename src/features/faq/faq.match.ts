/**
 * How sure the FAQ is. The best entry is answered when its best phrasing holds half of what the
 * question says (coverage, by IDF) and scores a fifth above the next entry, or when it holds less
 * but stands far above the next one (paraphrases share few characters with the entry's words, yet
 * nothing else comes close) — either way only when the entry holds what the question is about
 * (`content`, faq.content.ts: "游泳馆几点开门" is not the library's hours). Otherwise entries that hold a little are offered as choices; below
 * that the FAQ has no answer. Tuned on bench/faq-dev.yaml (`npm run bench -- faq` prints how they
 * do on the held-out set): a wrong answer outright counts four times a question sent to the choices.
 */
import type { FaqIndex, FaqMatch } from './faq.index.js';

export const CONFIDENCE = { coverage: 0.5, margin: 1.2, lowCoverage: 0.2, wideMargin: 1.6, choices: 0.15, content: 0.25 };

export type FaqVerdict =
  | { kind: 'answer'; best: FaqMatch; others: FaqMatch[] }
  | { kind: 'choices'; choices: FaqMatch[] }
  | { kind: 'none'; near?: FaqMatch };

export function verdict(matches: readonly FaqMatch[]): FaqVerdict {
  const [best, second] = matches;
  if (!best || best.coverage < CONFIDENCE.choices) return best ? { kind: 'none', near: best } : { kind: 'none' };
  const ratio = second ? best.score / second.score : Infinity;
  const sure = best.content >= CONFIDENCE.content && ((best.coverage >= CONFIDENCE.coverage && ratio >= CONFIDENCE.margin)
    || (best.coverage >= CONFIDENCE.lowCoverage && ratio >= CONFIDENCE.wideMargin));
  if (sure) return { kind: 'answer', best, others: matches.slice(1) };
  return { kind: 'choices', choices: matches.filter((m) => m.coverage >= CONFIDENCE.choices).slice(0, 3) };
}

/** An answer by the first rule: most of the question matched, and clearly the best entry. */
export function isStrict(v: FaqVerdict): boolean {
  if (v.kind !== 'answer') return false;
  const second = v.others[0];
  return v.best.coverage >= CONFIDENCE.coverage && v.best.content >= CONFIDENCE.content && (!second || v.best.score >= second.score * CONFIDENCE.margin);
}

/** The verdict of the index for a text. */
export const judge = (index: FaqIndex, text: string): FaqVerdict => verdict(index.search(text, 3));

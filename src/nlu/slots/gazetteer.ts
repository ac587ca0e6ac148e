/**
 * A tiny keyword gazetteer: each entry maps patterns (Chinese or English) to a canonical value,
 * with a weight so specific nouns ("马桶") beat symptoms ("堵了"). Shared by the item, category
 * and service extractors.
 */
import { toSimplified } from '../hant.js';
export interface Entry<V extends string> {
  value: V;
  /** Case-insensitive, for text whose lower case changes its length (rare: 'İ'). */
  pattern: RegExp;
  /** The same pattern in lower case without the `i` flag, for lower-cased text: ten times faster. */
  lower: RegExp;
  /** Higher wins; ties go to the earliest match in the text. */
  weight: number;
}

export interface Hit<V extends string> {
  value: V;
  words: string;
  index: number;
  weight: number;
}

/** Builds one entry; `source` is matched case-insensitively against NFKC-folded text. */
export function entry<V extends string>(value: V, source: string, weight = 2): Entry<V> {
  const lowered = source.replace(/(\\.)|[A-Z]+/g, (m, escape?: string) => escape ?? m.toLowerCase());
  return { value, pattern: new RegExp(source, 'giu'), lower: new RegExp(lowered, 'gu'), weight };
}

/**
 * Every hit of every entry in `text`, in no particular order; `words` as written. Matching runs on
 * the lower-cased text when that keeps every index in place, and uses `exec` with `lastIndex`
 * rather than `matchAll`, which clones each pattern on every call.
 */
export function findHits<V extends string>(text: string, entries: readonly Entry<V>[]): Hit<V>[] {
  const folded = toSimplified(text.normalize('NFKC'));
  const lowered = folded.toLowerCase();
  const inPlace = lowered.length === folded.length;
  const scanned = inPlace ? lowered : folded;
  const hits: Hit<V>[] = [];
  for (const { value, pattern, lower, weight } of entries) {
    const re = inPlace ? lower : pattern;
    re.lastIndex = 0;
    for (let m = re.exec(scanned); m; m = re.exec(scanned)) {
      hits.push({ value, words: folded.slice(m.index, m.index + m[0].length), index: m.index, weight });
      if (!m[0]) re.lastIndex++; // an empty match must not stop the scan at the same place
    }
  }
  return hits;
}

/** The best hit: highest weight, then earliest, then longest. */
export function bestHit<V extends string>(hits: readonly Hit<V>[]): Hit<V> | undefined {
  return [...hits].sort((a, b) => b.weight - a.weight || a.index - b.index || b.words.length - a.words.length)[0];
}

/** Sums weights per value and returns the value with the highest total (ties: entry order). */
export function topScoring<V extends string>(hits: readonly Hit<V>[], order: readonly V[]): V | undefined {
  const totals = new Map<V, number>();
  for (const hit of hits) totals.set(hit.value, (totals.get(hit.value) ?? 0) + hit.weight);
  let best: V | undefined;
  for (const value of order) {
    if ((totals.get(value) ?? 0) > (best === undefined ? 0 : (totals.get(best) ?? 0))) best = value;
  }
  return best;
}

/**
 * The FAQ's retrieval index: BM25 over the NLU's own features (src/nlu/features.ts: Han character
 * 1–3-grams, Latin words, their bigrams and character 3–5-grams, after folding width, case and
 * traditional characters), so Chinese, English and mixed text need no segmenter and tolerate
 * typos and inflections the way the intent classifier does. Every phrasing of an entry (its
 * question and each variant, in either language) is a document of its own, its tags and answer
 * weaker ones; an entry scores as its best document. Built in milliseconds, so an entry added in
 * the chat is searchable at once, with no training.
 */
import { extractFeatures } from '../../nlu/features.js';
import { contentOf } from './faq.content.js';
import type { FaqEntry } from './faq.schema.js';

export interface FaqMatch {
  id: string;
  score: number;
  /** The share of the question's information (IDF) the entry's best document contains, 0–1. */
  coverage: number;
  /** The share (IDF) of what the question is about (faq.content.ts) some phrasing of the entry holds; 1 when it is only frame. */
  content: number;
}

export interface FaqIndex {
  readonly size: number;
  /** The best `k` entries for `text`, best first; empty when nothing shares a feature with it. */
  search(text: string, k?: number): FaqMatch[];
}

/** BM25's usual constants; how much the weaker documents count. Tuned on bench/faq-dev.yaml. */
export const TUNING = { k1: 1.2, b: 0.5, tagWeight: 0.6, answerWeight: 0.5 };

interface Doc {
  entry: number;
  weight: number;
  features: Map<string, number>;
  length: number;
}

/** The texts an entry is found by, each with its weight. */
function documentsOf(e: FaqEntry): { text: string; weight: number }[] {
  const phrasings = [e.question['zh-CN'], e.question.en, ...e.variants['zh-CN'], ...e.variants.en, ...e.variants.mixed];
  return [
    ...phrasings.map((text) => ({ text, weight: 1 })),
    ...(e.tags.length ? [{ text: e.tags.join(' '), weight: TUNING.tagWeight }] : []),
    { text: e.answer['zh-CN'], weight: TUNING.answerWeight },
    { text: e.answer.en, weight: TUNING.answerWeight },
  ];
}

/**
 * Each feature's documents, with BM25's term-frequency part of the score already computed, all in
 * two flat arrays: feature `slot.get(f)` = i has its postings from `start[i]` up to `start[i + 1]`,
 * documents ascending (a few typed arrays in all, where one per feature made building slow).
 */
interface Postings { slot: Map<string, number>; start: Int32Array; docs: Int32Array; part: Float64Array }

function postingsOf(docs: readonly Doc[], avgLength: number): Postings {
  const slot = new Map<string, number>();
  const counts: number[] = [];
  let total = 0;
  for (const d of docs) {
    for (const f of d.features.keys()) {
      const i = slot.get(f);
      if (i === undefined) { slot.set(f, counts.length); counts.push(1); } else counts[i]!++;
      total++;
    }
  }
  const start = new Int32Array(counts.length + 1);
  for (let i = 0; i < counts.length; i++) start[i + 1] = start[i]! + counts[i]!;
  const next = start.slice(0, counts.length);
  const out: Postings = { slot, start, docs: new Int32Array(total), part: new Float64Array(total) };
  docs.forEach((d, doc) => {
    const norm = TUNING.k1 * (1 - TUNING.b + (TUNING.b * d.length) / avgLength);
    for (const [f, tf] of d.features) {
      const at = next[slot.get(f)!]!++;
      out.docs[at] = doc;
      out.part[at] = (tf * (TUNING.k1 + 1)) / (tf + norm);
    }
  });
  return out;
}

/** English words that say nothing about which entry is meant; their many letter n-grams would outweigh the word that does. */
const STOP = /\b(?:a|an|the|is|are|am|was|be|do|does|did|i|i'm|me|my|you|your|we|our|it|its|to|of|in|on|at|for|and|or|can|could|should|would|will|what|there|this|that|with|from|any|some|get)\b/giu;
const featuresOf = (text: string) => extractFeatures(text.replace(STOP, ' '));

const lengthOf = (f: Map<string, number>) => { let n = 0; for (const c of f.values()) n += c; return n; };

export function buildFaqIndex(entries: readonly FaqEntry[]): FaqIndex {
  const built: Doc[] = entries.flatMap((e, entry) => documentsOf(e).map(({ text, weight }) => {
    const features = featuresOf(text);
    return { entry, weight, features, length: lengthOf(features) };
  }));
  const n = built.length;
  const avgLength = built.reduce((a, d) => a + d.length, 0) / Math.max(1, n);
  const idf = (df: number) => Math.log(1 + (n - df + 0.5) / (df + 0.5));
  const { slot, start, docs: postedDocs, part } = postingsOf(built, avgLength);
  /** How many documents have feature slot `i`. */
  const df = (i: number | undefined) => (i === undefined ? 0 : start[i + 1]! - start[i]!);
  // Only typed arrays are kept: a smaller heap is shorter garbage collection pauses, i.e. a lower p99.
  const docEntry = Int32Array.from(built, (d) => d.entry);
  const docWeight = Float64Array.from(built, (d) => d.weight);
  // An entry's documents are consecutive: entry e has those from firstDoc[e] up to firstDoc[e + 1].
  const firstDoc = new Int32Array(entries.length + 1).fill(n);
  for (let i = n - 1; i >= 0; i--) firstDoc[docEntry[i]!] = i;
  const scores = new Float64Array(n);
  const matched = new Float64Array(n);

  function search(text: string, k = 3): FaqMatch[] {
    const query = featuresOf(text);
    if (!query.size || !n) return [];
    scores.fill(0);
    matched.fill(0);
    let total = 0;
    for (const f of query.keys()) {
      const i = slot.get(f);
      const w = idf(df(i));
      total += w;
      if (i === undefined) continue;
      for (let j = start[i]!; j < start[i + 1]!; j++) {
        const doc = postedDocs[j]!;
        scores[doc]! += w * part[j]!;
        matched[doc]! += w;
      }
    }
    const content = featuresOf(contentOf(text));
    return best(total, k).map((e) => ({ id: entries[e]!.id, score: entryScore[e]!, coverage: entryCoverage[e]!, content: contentShare(content, e) }));
  }

  /** The share (IDF) of `content`'s features that some document of entry `e` other than its answer holds; 1 without any. */
  function contentShare(content: Map<string, number>, e: number): number {
    let total = 0;
    let held = 0;
    for (const f of content.keys()) {
      const i = slot.get(f);
      const w = idf(df(i));
      total += w;
      if (i !== undefined && holds(start[i]!, start[i + 1]!, e)) held += w;
    }
    return total ? held / total : 1;
  }

  /** Whether the postings `begin`…`end` (documents ascending) include one of entry `e`'s phrasings or tags (its answers are the last two documents). */
  function holds(begin: number, end: number, e: number): boolean {
    const from = firstDoc[e]!;
    const to = firstDoc[e + 1]! - 2;
    let lo = begin;
    let hi = end;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (postedDocs[mid]! < from) lo = mid + 1;
      else hi = mid;
    }
    return lo < end && postedDocs[lo]! < to;
  }

  const entryScore = new Float64Array(entries.length);
  const entryCoverage = new Float64Array(entries.length);

  /** Each entry's best document (its score and coverage kept in entryScore, entryCoverage), then the top `k` entries. */
  function best(total: number, k: number): number[] {
    entryScore.fill(0);
    for (let i = 0; i < n; i++) {
      if (!scores[i]) continue;
      const e = docEntry[i]!;
      const score = scores[i]! * docWeight[i]!;
      if (score > entryScore[e]!) { entryScore[e] = score; entryCoverage[e] = matched[i]! / total; }
    }
    const top: number[] = [];
    for (let e = 0; e < entries.length; e++) {
      if (!entryScore[e]) continue;
      top.push(e);
      top.sort((x, y) => entryScore[y]! - entryScore[x]! || x - y);
      if (top.length > k) top.pop();
    }
    return top;
  }

  return { size: entries.length, search };
}

/**
 * Feature extraction for the joint zh/en classifier. One function turns any text (Chinese,
 * English or mixed) into sparse feature counts, so a single model sees both languages:
 * - Han runs: character 1-, 2- and 3-grams (no word segmentation needed);
 * - Latin words: word unigrams and bigrams, plus character 3–5-grams of `<word>` for typos and
 *   inflections;
 * - emoji as their own tokens; digits are folded to `0` so "3号楼" and "12号楼" look alike.
 */
import { foldText } from './normalize.js';

export type FeatureCounts = Map<string, number>;

const TOKEN = /(\p{Script=Han}+)|([a-z0-9]+(?:'[a-z]+)?)|(\p{Extended_Pictographic})/gu;

function add(counts: FeatureCounts, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

/** Adds the 1–3-grams of one Han run, plus 2-grams marking where the run starts and ends. */
function addHan(counts: FeatureCounts, run: string): void {
  const chars = Array.from(run);
  // Without characters outside the BMP (the usual case) a code point is one UTF-16 unit, so the
  // n-grams are plain substrings: no array slice and join per n-gram.
  const bmp = chars.length === run.length;
  for (let n = 1; n <= 3; n++) {
    for (let i = 0; i + n <= chars.length; i++) add(counts, `h:${bmp ? run.slice(i, i + n) : chars.slice(i, i + n).join('')}`);
  }
  add(counts, `h:^${chars[0]}`);
  add(counts, `h:${chars[chars.length - 1]}$`);
}

/** Adds the word unigram and the character 3–5-grams of one Latin word. */
function addWord(counts: FeatureCounts, word: string): void {
  add(counts, `w:${word}`);
  const padded = `<${word}>`;
  if (padded.length <= 4) return;
  for (let n = 3; n <= 5; n++) {
    for (let i = 0; i + n <= padded.length; i++) add(counts, `s:${padded.slice(i, i + n)}`);
  }
}

/** Sparse feature counts of a text; deterministic, never throws, empty map for empty text. */
export function extractFeatures(text: string): FeatureCounts {
  const counts: FeatureCounts = new Map();
  const folded = foldText(text).replace(/\d+/gu, '0');
  let previousWord: string | null = null;
  for (const match of folded.matchAll(TOKEN)) {
    const [, han, word, emoji] = match;
    if (han) {
      addHan(counts, han);
    } else if (word) {
      addWord(counts, word);
      if (previousWord) add(counts, `b:${previousWord}_${word}`);
      previousWord = word;
    } else if (emoji) {
      add(counts, `e:${emoji}`);
    }
  }
  return counts;
}

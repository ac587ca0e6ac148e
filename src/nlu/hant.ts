/**
 * Traditional → simplified Chinese with OpenCC's tables (opencc-js): its phrase table first (回覆 →
 * 回复, 乾淨 → 干净, but 乾隆 stays), then every traditional character it knows (TSCharacters,
 * ~3,500), after the Hong Kong and Taiwan variant forms (衞, 衹, 著…). The training data and the
 * lexicons are simplified Chinese; folding lets Hong Kong, Macau and Taiwan students be understood
 * too ("已經決定了", "這週末", "劃手").
 *
 * Text without a traditional character (most messages) is returned as it is after one scan; a
 * variant that is itself a simplified character (么, 台) is never converted, so simplified text
 * maps to itself and folding twice changes nothing.
 */
import { ConverterFactory } from 'opencc-js/core';
import HK_VARIANTS from 'opencc-js/dict/HKVariantsRev';
import TS_CHARACTERS from 'opencc-js/dict/TSCharacters';
import TS_PHRASES from 'opencc-js/dict/TSPhrases';
import TW_VARIANTS from 'opencc-js/dict/TWVariantsRev';

/** OpenCC's dictionary format: "from to|from to|…" (a "to" may list alternatives; the first is the default). */
function pairs(dict: string): [string, string][] {
  return dict.split('|').map((entry) => entry.split(' ')).filter((p) => p.length >= 2).map((p) => [p[0]!, p[1]!]);
}

const CHARACTERS = new Map(pairs(TS_CHARACTERS).filter(([from, to]) => from !== to));
const SIMPLIFIED = new Set(CHARACTERS.values());
/** Hong Kong and Taiwan variants of standard traditional characters, unless simplified text uses them too. */
const VARIANTS = [...pairs(HK_VARIANTS), ...pairs(TW_VARIANTS)].filter(([from, to]) => from !== to && !CHARACTERS.has(from) && !SIMPLIFIED.has(from));
const TRADITIONAL = new Set([...CHARACTERS.keys(), ...VARIANTS.map(([from]) => from)]);
const convert = ConverterFactory([VARIANTS], [TS_PHRASES, TS_CHARACTERS]);

function hasTraditional(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    // Below U+2E80 (CJK radicals) nothing is traditional Chinese: most text is checked in one pass.
    if (text.charCodeAt(i) >= 0x2e80 && TRADITIONAL.has(String.fromCodePoint(text.codePointAt(i)!))) return true;
  }
  return false;
}

/**
 * The text with its traditional characters and phrases in simplified form; everything else stays.
 * A few table entries chain (薴 → 苧 → 苎): converting until nothing changes makes folding idempotent.
 */
export function toSimplified(text: string): string {
  let out = text;
  for (let round = 0; round < 4 && hasTraditional(out); round++) {
    const next = convert(out);
    if (next === out) break;
    out = next;
  }
  return out;
}

/** Whether a character is one that toSimplified replaces (for tests of the lexicons). */
export function isTraditional(ch: string): boolean {
  return TRADITIONAL.has(ch);
}

/**
 * Crisis detection: a lexicon pass that runs before (and independently of) the intent classifier.
 * It favours recall — a missed crisis is the worst error the product can make — while hyperbole
 * ("累死了", "this exam is killing me") is removed first so it stays silent.
 */
import { anyOf, EN_CUES, EN_HYPERBOLE, ZH_CUES, ZH_HYPERBOLE, type Cue } from './crisis-lexicon.js';
import { standardWords } from './chat-words.js';
import { foldText } from './normalize.js';

export type CrisisLevel = 'high' | 'medium' | 'none';

export interface CrisisVerdict {
  level: CrisisLevel;
  /** The phrases that matched, as normalised text (e.g. "不想活了", "kill myself"). */
  cues: string[];
}

export interface CrisisAnalysis extends CrisisVerdict {
  /** True when hyperbole such as "累死了" or "killing me" was found (and ignored). */
  hyperbole: boolean;
}

const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '@': 'a', $: 's', '!': 'i' };

const ANY_ZH_CUE = anyOf(ZH_CUES.map((c) => c.pattern));
const ANY_EN_CUE = anyOf(EN_CUES.map((c) => c.pattern));
const ANY_ZH_HYPERBOLE = anyOf(ZH_HYPERBOLE);
const ANY_EN_HYPERBOLE = anyOf(EN_HYPERBOLE);

/** Chinese matching form: folded, with spaces, punctuation, symbols and emoji removed. */
export function zhForm(folded: string): string {
  return folded.replace(/[\s\p{P}\p{S}\p{Extended_Pictographic}\u200b-\u200d\ufe0f]/gu, '');
}

/**
 * English matching form: lower-case words separated by single spaces, apostrophes straightened,
 * leetspeak inside words undone ("k1ll" → "kill"), stars inside words dropped ("s*icide"), and
 * letters repeated three or more times collapsed ("dieee" → "die"), and chat spellings made
 * standard ("dont wanna b" → "don't want to be", chat-words.ts).
 */
export function enForm(folded: string): string {
  const words = folded
    .replace(/[\u2018\u2019`´]/gu, "'")
    .replace(/(?<=[a-z])[*.\-_](?=[a-z])/gu, '')
    // "!" counts as an "i" only inside a word ("k!ll"), never as the "!" after one ("kill myself!").
    .replace(/(?<=[a-z])[0134@$5]|(?<=[a-z])!(?=[a-z])|[0134@$!5](?=[a-z])/gu, (c) => LEET[c] ?? c)
    .replace(/([a-z])\1{2,}/gu, '$1')
    .replace(/[^\p{L}\p{N}']+/gu, ' ')
    .trim();
  return standardWords(words);
}

/** Removes every hyperbole span (replaced by a separator so no cue can span it). */
function stripHyperbole(text: string, patterns: readonly RegExp[], any: RegExp, separator: string): { rest: string; found: boolean } {
  if (!any.test(text)) return { rest: text, found: false };
  let rest = text;
  let found = false;
  for (const pattern of patterns) {
    rest = rest.replace(pattern, () => {
      found = true;
      return separator;
    });
  }
  return { rest, found };
}

/** The two matching forms of folded text with hyperbole removed, and whether any was. */
export interface Forms {
  zh: string;
  en: string;
  hyperbole: boolean;
}

export function formsOf(folded: string): Forms {
  const zh = stripHyperbole(zhForm(folded), ZH_HYPERBOLE, ANY_ZH_HYPERBOLE, '|');
  const en = stripHyperbole(enForm(folded), EN_HYPERBOLE, ANY_EN_HYPERBOLE, ' | ');
  return { zh: zh.rest, en: en.rest, hyperbole: zh.found || en.found };
}

/** One cue found in a matching form: its phrase, tier and where it starts. */
export interface CueMatch {
  phrase: string;
  level: Cue['level'];
  index: number;
  /** Blood or a wound: the victim's when the message reports danger (Cue.injury). */
  injury: boolean;
}

/** Every crisis cue in a matching form (`lang` says which list applies), in no particular order. */
export function crisisCuesIn(form: string, lang: 'zh' | 'en'): CueMatch[] {
  const [cues, any] = lang === 'zh' ? [ZH_CUES, ANY_ZH_CUE] : [EN_CUES, ANY_EN_CUE];
  if (!any.test(form)) return [];
  const found: CueMatch[] = [];
  for (const cue of cues) {
    for (const match of form.matchAll(cue.pattern)) {
      const phrase = match[0].trim();
      if (phrase) found.push({ phrase, level: cue.level, index: match.index, injury: !!cue.injury });
    }
  }
  return found;
}

function matchCues(form: string, lang: 'zh' | 'en', into: Map<string, Cue['level']>): void {
  for (const { phrase, level } of crisisCuesIn(form, lang)) {
    if ((into.get(phrase) ?? 'medium') !== 'high') into.set(phrase, level);
  }
}

/** Every cue phrase of the text with its tier (the higher when found twice), and whether hyperbole was seen. */
export function crisisCueLevels(text: string): { found: Map<string, Cue['level']>; hyperbole: boolean } {
  const forms = formsOf(foldText(text));
  const found = new Map<string, Cue['level']>();
  matchCues(forms.zh, 'zh', found);
  matchCues(forms.en, 'en', found);
  return { found, hyperbole: forms.hyperbole };
}

/** Full analysis: level, matched cues, and whether hyperbole was seen. Never throws. */
export function analyzeCrisis(text: string): CrisisAnalysis {
  const { found, hyperbole } = crisisCueLevels(text);
  const levels = [...found.values()];
  const level: CrisisLevel = levels.includes('high') ? 'high' : levels.length > 0 ? 'medium' : 'none';
  return { level, cues: [...found.keys()], hyperbole };
}

/**
 * Tiered crisis verdict for one message. `high`: immediate danger, suicidal intent, self-harm or
 * means; `medium`: hopelessness; `none`: no cue (hyperbole is ignored). Pure and deterministic.
 */
export function detectCrisis(text: string): CrisisVerdict {
  const { level, cues } = analyzeCrisis(text);
  return { level, cues };
}

/**
 * Text normalisation shared by the classifier, the crisis detector and the slot extractors.
 * Everything here is pure and total: any string in, a string out.
 */
import { toSimplified } from './hant';

/**
 * Folds width, case and script: full-width ASCII becomes half-width (NFKC), common traditional
 * characters become simplified (hant.ts), Latin letters become lower case, and every run of
 * whitespace becomes one space.
 */
export function foldText(text: string): string {
  return toSimplified(text.normalize('NFKC')).toLowerCase().replace(/\s+/gu, ' ').trim();
}

/**
 * A compact form for phrase matching: folded, then with whitespace, punctuation, symbols and
 * emoji removed ("不 想 活 了!!" → "不想活了", "kill  my-self" → "killmyself").
 */
export function compactText(text: string): string {
  return foldText(text).replace(/[\s\p{P}\p{S}\p{Extended_Pictographic}\u200b-\u200d\ufe0f]/gu, '');
}

/**
 * Latin words of the folded text separated by single spaces, for English phrase matching
 * ("I   can't go-on!!" → "i can't go on"). Apostrophes are kept, curly ones straightened.
 */
export function wordText(text: string): string {
  return foldText(text)
    .replace(/[\u2018\u2019`´]/gu, "'")
    .replace(/[^\p{L}\p{N}']+/gu, ' ')
    .trim();
}

/** True when the text contains at least one Han character. */
export function hasHan(text: string): boolean {
  return /\p{Script=Han}/u.test(text);
}

/** True when the text contains at least one Latin letter. */
export function hasLatin(text: string): boolean {
  return /[a-zA-Z]/u.test(text);
}

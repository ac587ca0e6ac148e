/**
 * Text normalisation shared by the classifier, the crisis detector and the slot extractors.
 * Everything here is pure and total: any string in, a string out.
 */
import { toSimplified } from './hant.js';

/**
 * Folds width, case and script: full-width ASCII becomes half-width (NFKC), common traditional
 * characters become simplified (hant.ts), Latin letters become lower case, and every run of
 * whitespace becomes one space.
 */
export function foldText(text: string): string {
  return toSimplified(text.normalize('NFKC')).toLowerCase().replace(/\s+/gu, ' ').trim();
}

/** True when the text contains at least one Han character. */
export function hasHan(text: string): boolean {
  return /\p{Script=Han}/u.test(text);
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHAT_WORDS, standardWords } from './chat-words.js';
import { analyzeConcern } from './concern.js';
import { DANGER, OTHER, RISK, WELLBEING } from './crisis.fixtures.js';
import { enForm } from './crisis.js';

/** Standard words and one chat spelling for each, as students type them. */
const SPELLINGS: [RegExp, string[]][] = [
  [/\bwant to\b/giu, ['wanna', 'wana']], [/\bgoing to\b/giu, ['gonna']], [/\bdon't\b/giu, ['dont', 'dnt']], [/\bcan't\b/giu, ['cant']],
  [/\bwon't\b/giu, ['wont']], [/\bi'm\b/giu, ['im']], [/\bbe\b/giu, ['b']], [/\breally\b/giu, ['rly', 'realy']], [/\byou\b/giu, ['u']],
  [/\banymore\b/giu, ['any more', 'anymor']], [/\bmyself\b/giu, ['myslef']], [/\btonight\b/giu, ['tonite', '2nite']], [/\bsorry\b/giu, ['sry']],
];
const english = [...RISK.map(([t]) => t), ...OTHER, ...DANGER, ...WELLBEING].filter((t) => SPELLINGS.some(([re]) => new RegExp(re.source, 'iu').test(t)));

describe('standardWords (chat spellings)', () => {
  it('reads "dont wanna b alive" as "don\'t want to be alive"', () => {
    expect(enForm('dont wanna b alive anymore tbh')).toBe("don't want to be alive anymore tbh");
    expect(enForm("im rly tired, any more of this and i'm done")).toBe("i'm really tired anymore of this and i'm done");
  });

  it('is idempotent and never yields a chat spelling, for any words', () => {
    const word = fc.oneof(fc.constantFrom(...Object.keys(CHAT_WORDS), ...Object.values(CHAT_WORDS), 'any', 'more'), fc.stringMatching(/^[a-z']{1,6}$/u));
    fc.assert(fc.property(fc.array(word, { maxLength: 12 }), (words) => {
      const once = standardWords(words.join(' '));
      expect(standardWords(once)).toBe(once);
      for (const w of once.split(' ')) expect(Object.hasOwn(CHAT_WORDS, w), w).toBe(false);
    }), { numRuns: 500 });
  });

  it('finds the same concern when a fixture is typed with chat spellings', () => {
    fc.assert(fc.property(fc.constantFrom(...english), fc.array(fc.nat(), { minLength: SPELLINGS.length, maxLength: SPELLINGS.length }), (text, picks) => {
      const typed = SPELLINGS.reduce((s, [re, options], i) => s.replace(re, options[picks[i]! % options.length]!), text);
      const a = analyzeConcern(text);
      const b = analyzeConcern(typed);
      expect(b.concern?.kind, typed).toBe(a.concern?.kind);
      expect(b.crisis, typed).toBe(a.crisis);
    }), { numRuns: 600 });
  });
});

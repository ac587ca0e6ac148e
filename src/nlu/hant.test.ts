import fc from 'fast-check';
import { Converter } from 'opencc-js';
import { describe, expect, it } from 'vitest';
import { analyzeConcern } from './concern.js';
import { DANGER_ZH, GRIEF_ZH, WELLBEING_ZH } from './concern-lexicon.js';
import { ZH_CUES, ZH_HYPERBOLE } from './crisis-lexicon.js';
import { DANGER, OTHER, RISK, WELLBEING } from './crisis.fixtures.js';
import { loadExamples } from './examples.js';
import { isTraditional, toSimplified } from './hant.js';
import { foldText } from './normalize.js';

const TO_TRADITIONAL = { tw: Converter({ from: 'cn', to: 'tw' }), hk: Converter({ from: 'cn', to: 'hk' }), twp: Converter({ from: 'cn', to: 'twp' }) };
const hasHan = (text: string) => /\p{Script=Han}/u.test(text);

describe('toSimplified (OpenCC character tables)', () => {
  it('folds the traditional words students write to the simplified ones the lexicons know', () => {
    expect(toSimplified('已經決定了，這週末就去')).toBe('已经决定了，这周末就去');
    expect(toSimplified('剛剛又劃了手，好多血')).toBe('刚刚又划了手，好多血');
    expect(toSimplified('衞生間的燈壞了')).toBe('卫生间的灯坏了');
  });

  it('follows chains in OpenCC’s table to the end, so that folding twice changes nothing (薴 → 苧 → 苎)', () => {
    expect(toSimplified('薴')).toBe('苎');
    expect(toSimplified(toSimplified('薴麻'))).toBe(toSimplified('薴麻'));
  });

  it('leaves simplified text alone: no training or dev example changes', () => {
    for (const { text } of [...loadExamples('train'), ...loadExamples('dev')]) expect(toSimplified(text), text).toBe(text);
  });

  it('is idempotent, and returns any text without a traditional character as it is', () => {
    const han = fc.oneof(fc.string({ unit: 'binary', maxLength: 60 }), fc.string({ unit: fc.integer({ min: 0x4e00, max: 0x9fff }).map((c) => String.fromCodePoint(c)), maxLength: 30 }));
    fc.assert(fc.property(han, (text) => {
      const once = toSimplified(text);
      expect(toSimplified(once)).toBe(once);
      if (![...text].some(isTraditional)) expect(once).toBe(text);
    }), { numRuns: 3000 });
  });

  it('undoes OpenCC’s own simplified → traditional conversion of any simplified example (Taiwan and Hong Kong forms)', () => {
    const zh = loadExamples('train').filter((e) => e.lang === 'zh').map((e) => e.text);
    fc.assert(fc.property(fc.constantFrom(...zh), fc.constantFrom('tw', 'hk') as fc.Arbitrary<'tw' | 'hk'>, (text, region) => {
      const traditional = TO_TRADITIONAL[region](text);
      // A handful of characters have two simplified forms (乾 → 干 / 乾): compare what the NLU reads.
      expect(foldText(traditional), traditional).toBe(foldText(text));
    }), { numRuns: 400 });
  });

  it('writes the lexicons in simplified characters only (folded text never holds a traditional one)', () => {
    const sources = [...ZH_CUES.map((c) => c.pattern), ...ZH_HYPERBOLE, ...[...DANGER_ZH, ...WELLBEING_ZH, ...GRIEF_ZH].map((c) => c.pattern)].map((p) => p.source);
    for (const source of sources) expect([...source].filter(isTraditional).join(''), source).toBe('');
  });
});

describe('concern analysis of text written in traditional characters', () => {
  const kinds: [string, string][] = [
    ...RISK.map(([t]): [string, string] => [t, OTHER.includes(t) ? 'other' : 'self']),
    ...OTHER.map((t): [string, string] => [t, 'other']),
    ...DANGER.map((t): [string, string] => [t, 'danger']),
    ...WELLBEING.map((t): [string, string] => [t, 'wellbeing']),
  ].filter(([t]) => hasHan(t));

  it('finds the same concern in the Taiwan, Hong Kong and Taiwan-phrase forms of every Chinese fixture', () => {
    fc.assert(fc.property(fc.constantFrom(...kinds), fc.constantFrom('tw', 'hk', 'twp') as fc.Arbitrary<'tw' | 'hk' | 'twp'>, ([text], region) => {
      const traditional = TO_TRADITIONAL[region](text);
      const a = analyzeConcern(text);
      const b = analyzeConcern(traditional);
      expect(b.concern?.kind, traditional).toBe(a.concern?.kind);
      expect(b.crisis, traditional).toBe(a.crisis);
    }), { numRuns: 600 });
  });
});

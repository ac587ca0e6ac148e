import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PRIVACY } from './crisis.fixtures.js';
import { PRIVACY_PLAIN } from './privacy.fixtures.js';
import { privacyRequest } from './privacy.js';

describe('privacyRequest', () => {
  it.each(PRIVACY)('%j → %s', (text, expected) => {
    expect(privacyRequest(text)).toBe(expected);
  });

  it.each(PRIVACY_PLAIN)('in plain words: %j → %s', (text, expected) => {
    expect(privacyRequest(text)).toBe(expected);
  });

  it('never throws, and answers one of its values for any text', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (s) => {
      expect([undefined, 'forget', 'export']).toContain(privacyRequest(s));
    }), { numRuns: 1000 });
  });

  it('hears a request whatever the width, case and punctuation around it', () => {
    const requests = [...PRIVACY, ...PRIVACY_PLAIN].filter(([, kind]) => kind);
    const dressing = fc.tuple(fc.constantFrom('', '请', '麻烦', 'hi, ', '喂 '), fc.constantFrom('', '。', '!!', '，谢谢', ' thanks', '🙏'));
    fc.assert(fc.property(fc.constantFrom(...requests), dressing, fc.boolean(), ([text, kind], [head, tail], wide) => {
      const dressed = head + text + tail;
      const variant = wide ? dressed.toUpperCase().replace(/[!-~]/gu, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)) : dressed;
      expect(privacyRequest(variant)).toBe(kind);
    }), { numRuns: 500 });
  });
});

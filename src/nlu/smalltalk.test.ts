import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { smalltalkKind } from './smalltalk.js';

describe('smalltalkKind', () => {
  it.each([
    ['好的，谢谢', 'thanks'], ['thank you so much!', 'thanks'], ['thx', 'thanks'], ['多谢老师', 'thanks'],
    ['好的', 'ack'], ['收到！', 'ack'], ['OK', 'ack'], ['got it.', 'ack'], ['嗯嗯', 'ack'],
    ['你好', 'other'], ['ok but the heater is still broken', 'other'], ['typhoon', 'other'], ['', 'other'],
  ])('%j → %s', (text, kind) => {
    expect(smalltalkKind(text)).toBe(kind);
  });

  it('never throws on any text', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 100 }), (s) => {
      expect(['thanks', 'ack', 'other']).toContain(smalltalkKind(s));
    }), { numRuns: 500 });
  });
});

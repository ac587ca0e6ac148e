import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitRelayed, relayed } from './relay.js';

const TELEGRAM = { text: 4096, caption: 1024 };
/** With the u flag a surrogate class matches only a lone surrogate (a pair is one code point). */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

describe('relayed words', () => {
  it('mark where the words are in the text built around them', () => {
    const out = relayed((w) => `【T-1】回复你：\n${w}\n\n问题解决了吗？`, '明天上午');
    expect(out).toEqual({ text: '【T-1】回复你：\n明天上午\n\n问题解决了吗？', relayed: { start: 10, end: 14 } });
  });

  it('are cut with "…" so the message fits one Telegram message, keeping what comes before and after', () => {
    const out = relayed((w) => `【T-1 · 后勤保障处】回复你：\n${w}\n\n问题解决了吗？`, '修'.repeat(5000));
    const fitted = fitRelayed(out, TELEGRAM);
    expect(fitted.text).toHaveLength(4096);
    expect(fitted.text).toMatch(/^【T-1 · 后勤保障处】回复你：\n修+…\n\n问题解决了吗？$/u);
  });

  it('fit a caption when the message carries photos', () => {
    const fitted = fitRelayed({ ...relayed((w) => `💬 ${w}`, 'a'.repeat(2000)), photos: ['p1'] }, TELEGRAM);
    expect(fitted.text).toHaveLength(1024);
  });

  it('leave a message that fits, or that has no relayed words, as it is', () => {
    const short = relayed((w) => `💬 ${w}`, 'ok');
    expect(fitRelayed(short, TELEGRAM)).toBe(short);
    const plain = { text: 'x'.repeat(9000) };
    expect(fitRelayed(plain, TELEGRAM)).toBe(plain);
  });

  it('fit any words into any limit the rest of the message leaves room for (property)', () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 60 });
    fc.assert(fc.property(text, fc.string({ unit: 'grapheme', maxLength: 400 }), text, fc.integer({ min: 1, max: 300 }), (before, words, after, limit) => {
      const out = relayed((w) => `${before}${w}${after}`, words);
      const fitted = fitRelayed(out, { text: limit, caption: limit });
      if (before.length + after.length + 1 > limit) return void expect(fitted).toBe(out);
      expect(fitted.text.length).toBeLessThanOrEqual(Math.max(limit, out.text.length <= limit ? out.text.length : 0));
      expect(fitted.text.startsWith(before) && fitted.text.endsWith(after)).toBe(true);
      const middle = fitted.text.slice(before.length, fitted.text.length - after.length);
      expect(middle === words || (middle.endsWith('…') && words.startsWith(middle.slice(0, -1)))).toBe(true);
      expect(fitted.text).not.toMatch(LONE_SURROGATE);
    }), { numRuns: 2000 });
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeHtml, splitText, truncateText } from './telegram.text.js';

const isLoneSurrogate = (s: string) => /^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/.test(s);

describe('splitText', () => {
  it('keeps short texts whole and cuts long ones at paragraph, then line, then space boundaries', () => {
    expect(splitText('你好')).toEqual(['你好']);
    expect(splitText('')).toEqual(['']);
    const para = `${'a'.repeat(30)}\n\n${'b'.repeat(30)}\n${'c'.repeat(30)}`;
    expect(splitText(para, 70)).toEqual(['a'.repeat(30), `${'b'.repeat(30)}\n${'c'.repeat(30)}`]);
    expect(splitText(`${'b'.repeat(30)}\n${'c'.repeat(30)} ${'d'.repeat(10)}`, 65)).toEqual(['b'.repeat(30), `${'c'.repeat(30)} ${'d'.repeat(10)}`]);
    expect(splitText(`${'x'.repeat(50)} ${'y'.repeat(30)}`, 60)).toEqual(['x'.repeat(50), 'y'.repeat(30)]);
  });

  it('never cuts inside a surrogate pair', () => {
    const emoji = '😀'.repeat(10); // 20 code units
    const parts = splitText(emoji, 7);
    expect(parts.join('')).toBe(emoji);
    for (const p of parts) expect(isLoneSurrogate(p)).toBe(false);
  });

  it('property: parts fit the limit, have no broken pairs, and rejoin to the text minus cut separators', () => {
    const chars = fc.constantFrom('a', '字', ' ', '\n', '😀', '<', '&');
    fc.assert(fc.property(fc.array(chars, { maxLength: 400 }).map((a) => a.join('')), fc.integer({ min: 8, max: 120 }), (text, limit) => {
      const parts = splitText(text, limit);
      for (const p of parts) {
        expect(p.length).toBeLessThanOrEqual(limit);
        expect(isLoneSurrogate(p)).toBe(false);
      }
      const squash = (s: string) => s.replace(/\s+/g, '');
      expect(squash(parts.join(''))).toBe(squash(text));
    }));
  });
});

describe('escapeHtml and truncateText', () => {
  it('escapes exactly what parse_mode HTML requires', () => {
    expect(escapeHtml('a < b && c > "d"')).toBe('a &lt; b &amp;&amp; c &gt; "d"');
  });

  it('truncates with an ellipsis, keeping surrogate pairs whole', () => {
    expect(truncateText('abcdef', 4)).toBe('abc…');
    expect(truncateText('ab😀cd', 4)).toBe('ab…');
    expect(truncateText('abc', 4)).toBe('abc');
  });
});

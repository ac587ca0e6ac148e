/** The /poll grammar, by example and by property (fast-check). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePoll } from './polls.parse.js';

const NOW = new Date('2026-03-02T08:00:00+08:00');
const TZ = 'Asia/Shanghai';
const parse = (t: string) => parsePoll(t, NOW, TZ);

/** Option text that is not a setting and has no separator: letters and CJK words. */
const word = fc.stringMatching(/^[a-zA-Z\u4e00-\u9fa5][a-zA-Z0-9\u4e00-\u9fa5 ]{0,20}$/).map((s) => s.trim()).filter((s) => s.length > 0 && !/^(for|until|anon|named|multi|single|hidden|匿名|实名|记名|多选|单选|截|结束|\d)/i.test(s));
const distinct = (min: number, max: number) => fc.uniqueArray(word, { minLength: min, maxLength: max, selector: (s) => s.toLowerCase().replace(/\s+/g, ' ') });

describe('parsePoll', () => {
  it('reads the question and options back, whatever they are', () => {
    fc.assert(fc.property(word, distinct(2, 12), (q, options) => {
      const r = parse([q, ...options].join(' | '));
      expect(r).toEqual({ ok: true, spec: { question: q, options, anonymous: true, multi: false, hideResults: false } });
    }));
  });

  it('reads settings in either language, in any order, in one or several trailing segments', () => {
    const settings = fc.subarray([['实名', 'named'], ['多选', 'multi'], ['结束后公布', 'hide results'], ['2天', 'for 2d']] as const, { minLength: 1 });
    fc.assert(fc.property(distinct(2, 5), settings, fc.boolean(), fc.boolean(), (options, chosen, english, split) => {
      const words = chosen.map(([zh, en]) => (english ? en : zh));
      const r = parse(['Q', ...options, ...(split ? words : [words.join(english ? ', ' : ' ')])].join(' | '));
      const has = (zh: string) => chosen.some(([z]) => z === zh);
      expect(r).toEqual({ ok: true, spec: {
        question: 'Q', options, anonymous: !has('实名'), multi: has('多选'), hideResults: has('结束后公布'),
        ...(has('2天') ? { closesAt: new Date(NOW.getTime() + 2 * 86_400_000) } : {}),
      } });
    }));
  });

  it('never throws, and always answers with a spec or problems', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (text) => {
      const r = parse(text);
      expect(r.ok ? r.spec.options.length >= 2 && r.spec.options.length <= 12 : r.problems.length > 0).toBe(true);
    }));
  });

  it('refuses 13 or more options, duplicates and options over 100 characters', () => {
    fc.assert(fc.property(distinct(13, 20), (options) => {
      const r = parse(['Q', ...options].join('|'));
      expect(r.ok ? [] : r.problems.map((p) => p.code)).toContain('too_many_options');
    }));
    fc.assert(fc.property(distinct(2, 6), fc.nat(), (options, i) => {
      const dup = options[i % options.length]!;
      const r = parse(['Q', ...options, dup.toUpperCase()].join(' | '));
      expect(r.ok ? [] : r.problems).toContainEqual({ code: 'duplicate_option', option: dup.toUpperCase() });
    }));
    expect(parse(`Q | ${'x'.repeat(101)} | y`)).toEqual({ ok: false, problems: [{ code: 'option_too_long', position: 1, max: 100 }] });
  });

  it('reads closing times as dates, times and durations, and says which are past or unreadable', () => {
    const at = (t: string) => { const r = parse(`Q | a | b | ${t}`); return r.ok ? r.spec.closesAt?.toISOString() : r.problems; };
    expect(at('截止 12-01 18:00')).toBe('2026-12-01T10:00:00.000Z');
    expect(at('until 2026-12-01 18:00')).toBe('2026-12-01T10:00:00.000Z');
    expect(at('截止 12月1日')).toBe('2026-12-01T15:59:00.000Z');
    expect(at('for 2d')).toBe('2026-03-04T00:00:00.000Z');
    expect(at('2天')).toBe('2026-03-04T00:00:00.000Z');
    expect(at('截止 周五 18:00')).toBe('2026-03-06T10:00:00.000Z');
    expect(at('截止 2026-01-05 18:00')).toEqual([{ code: 'past_time', text: '2026-01-05 18:00' }]);
    expect(at('截止 02-30 18:00')).toEqual([{ code: 'bad_time', text: '02-30 18:00' }]);
    expect(at('until someday')).toEqual([{ code: 'bad_time', text: 'someday' }]);
    expect(at('实名 xyz')).toEqual([{ code: 'unknown_setting', text: 'xyz' }]);
  });

  it('keeps a quoted setting word, and "for" alone, as an option', () => {
    expect(parse('Q | a | "实名"')).toMatchObject({ ok: true, spec: { options: ['a', '实名'] } });
    expect(parse('Q | against | for')).toMatchObject({ ok: true, spec: { options: ['against', 'for'] } });
  });

  it('keeps durations as options when they are the choices (a bare one closes the poll only with a Chinese unit)', () => {
    expect(parse('开会多久 | 30m | 1h | 2h')).toMatchObject({ ok: true, spec: { options: ['30m', '1h', '2h'] } });
    expect(parse('放几天假 | 1天 | 2天 | 3天')).toMatchObject({ ok: true, spec: { options: ['1天', '2天', '3天'] } });
    expect(parse('Q | a | 一m | 实名')).toMatchObject({ ok: true, spec: { options: ['a', '一m'], anonymous: false } });
    expect(parse('放几天假 | 1天 | 2天 | 3天 | 2天')).toMatchObject({ ok: false });
    expect(parse('Q | a | b | 2天')).toMatchObject({ ok: true, spec: { options: ['a', 'b'] } });
  });
});

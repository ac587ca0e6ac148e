import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAnnounce } from './announce.form.js';

const plain = fc.array(fc.constantFrom(...'停水通知明天班会 abcxyz.,!'), { minLength: 1, maxLength: 40 }).map((xs) => xs.join('').trim()).filter(Boolean);

describe('the one-line form of /announce', () => {
  it('never throws, and gives a form or one problem', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (text) => {
      const r = parseAnnounce(text);
      expect('form' in r ? r.form.text.length > 0 : r.problem !== undefined).toBe(true);
    }));
  });

  it('reads back the audience, the text and the options it was written with', () => {
    fc.assert(fc.property(fc.constantFrom('', 'students', 'building:3号楼', 'group:class-2301'), plain, fc.boolean(), fc.option(fc.constantFrom('明天 08:00', '2h')), fc.option(plain),
      (audience, text, priv, when, reason) => {
        const line = [audience, text, ...(priv ? ['private'] : []), ...(when ? [`at ${when}`] : []), ...(reason ? [`urgent: ${reason}`] : [])].join(' | ');
        expect(parseAnnounce(line)).toEqual({ form: { audience, text, private: priv, ...(when ? { at: when } : {}), ...(reason ? { urgent: reason } : {}) } });
      }));
  });

  it('takes a text without an audience, and Chinese option words', () => {
    expect(parseAnnounce('周五班会改到 302')).toEqual({ form: { audience: '', text: '周五班会改到 302', private: false } });
    expect(parseAnnounce('students｜停水｜私信｜定时 明天 08:00｜紧急：暴雨')).toEqual({ form: { audience: 'students', text: '停水', private: true, at: '明天 08:00', urgent: '暴雨' } });
  });
});

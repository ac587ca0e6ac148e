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

  it('reads a first word that names an audience by its prefix as the audience when no "|" is written', () => {
    expect(parseAnnounce('building:3号楼 明天上午停水，请提前储水。')).toEqual({ form: { audience: 'building:3号楼', text: '明天上午停水，请提前储水。', private: false } });
    expect(parseAnnounce('dept：logistics 值班表有调整')).toEqual({ form: { audience: 'dept：logistics', text: '值班表有调整', private: false } });
    expect(parseAnnounce('students must leave by 22:00')).toEqual({ form: { audience: '', text: 'students must leave by 22:00', private: false } });
    expect(parseAnnounce('group:class-2301')).toEqual({ problem: 'no_text' });
    fc.assert(fc.property(fc.constantFrom('building:3号楼', 'group:class-2301', 'role:rep', 'dept:logistics'), plain, (audience, text) => {
      expect(parseAnnounce(`${audience} ${text}`)).toEqual({ form: { audience, text, private: false } });
    }));
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFaqForm } from './faq.form.js';
import { checkFaqEntry } from './faq.schema.js';

/** Text without the form's separators, trimmed, not empty. */
const plain = (chars: fc.Arbitrary<string>) => fc.array(chars, { minLength: 1, maxLength: 20 }).map((xs) => xs.join('').trim()).filter((t) => t.length > 0);
const zh = plain(fc.constantFrom(...'图书馆几点关门食堂快递站在哪校园卡丢了怎么办 '));
const en = plain(fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz '));
const id = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,20}$/);

describe('the one-line form of /faq add and /faq edit', () => {
  it('never throws, and answers with an entry or problems', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), fc.constantFrom('add', 'edit'), (text, mode) => {
      const r = parseFaqForm(text, mode as 'add' | 'edit');
      expect('problems' in r ? r.problems.length > 0 : typeof r.id === 'string').toBe(true);
    }));
  });

  it('reads back every field it was written with, and the entry is valid', () => {
    fc.assert(fc.property(id, zh, en, zh, en, fc.array(zh, { maxLength: 3 }), fc.array(en, { maxLength: 3 }), (key, qz, qe, az, ae, vz, ve) => {
      const variants = [...vz, ...ve].length ? ` | variants: ${[...vz, ...ve].join('; ')}` : '';
      const r = parseFaqForm(`${key} | ${qz} / ${qe} | ${az} / ${ae}${variants} | dept: logistics`, 'add');
      expect(r).toEqual({ id: key, fields: {
        question: { 'zh-CN': qz, en: qe }, answer: { 'zh-CN': az, en: ae }, department: 'logistics',
        ...(variants ? { variants: { 'zh-CN': vz, en: ve, mixed: [] } } : {}),
      } });
      expect('entry' in checkFaqEntry({ id: key, ...(r as { fields: object }).fields })).toBe(true);
    }));
  });

  it('takes keys in either language and refuses a segment it cannot place', () => {
    expect(parseFaqForm('gym | 答案: 八点 / eight | 标签: 体育馆；gym', 'edit')).toEqual({ id: 'gym', fields: { answer: { 'zh-CN': '八点', en: 'eight' }, tags: ['体育馆', 'gym'] } });
    expect(parseFaqForm('gym | 八点 / eight', 'edit')).toEqual({ problems: ['segment 2 "八点 / eight": write it as key: value (question, answer, variants, tags, links, dept)'] });
    expect(parseFaqForm('', 'add')).toEqual({ problems: ["id: is missing (write the entry's id first, e.g. gym-hours)"] });
  });
});

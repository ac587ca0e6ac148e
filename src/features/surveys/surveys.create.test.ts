import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSurveyCreate, parseSurveyLine } from './surveys.create.js';
import { checkSurvey, parseAudience, QUESTION_TYPES } from './surveys.schema.js';

/** Text that uses none of the one-line form's separators. */
const words = fc.stringMatching(/^[A-Za-z0-9\u4e00-\u9fa5][A-Za-z0-9\u4e00-\u9fa5 ,.?!'()-]{0,18}[A-Za-z0-9\u4e00-\u9fa5?!.]$/);
const pair = fc.record({ zh: words, en: words });
const question = fc.record({
  type: fc.constantFrom(...QUESTION_TYPES),
  optional: fc.boolean(),
  text: pair,
  options: fc.array(pair, { minLength: 2, maxLength: 5 }),
});
const spec = fc.record({
  id: fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,15}$/),
  title: pair,
  questions: fc.array(question, { minLength: 1, maxLength: 6 }),
  audience: fc.constantFrom('students', 'all', 'building:3号楼', 'group:class-2301', 'role:rep'),
  open: fc.constantFrom('2d', '3d', '1w'),
  named: fc.boolean(),
});
type Spec = typeof spec extends fc.Arbitrary<infer T> ? T : never;

/** Writes a spec in the one-line form, with ASCII or full-width separators. */
function format(s: Spec, wide: boolean): string {
  const bar = wide ? '｜' : ' | ';
  const two = (p: { zh: string; en: string }) => (wide ? `${p.zh}／${p.en}` : `${p.zh} / ${p.en}`);
  const q = (x: Spec['questions'][number]) => {
    const options = x.type === 'choice' || x.type === 'multi' ? ` ${wide ? '【' : '['}${x.options.map(two).join(wide ? '；' : '; ')}${wide ? '】' : ']'}` : '';
    return `${x.type}${x.optional ? '?' : ''}${wide ? '：' : ': '}${two(x.text)}${options}`;
  };
  return [s.id, two(s.title), ...s.questions.map(q), `audience ${s.audience}`, `open ${s.open}`, ...(s.named ? ['named'] : [])].join(bar);
}

describe('the one-line /survey create form', () => {
  it('reads back what was written, with either kind of separator, into a valid survey', () => {
    fc.assert(fc.property(spec, fc.boolean(), (s, wide) => {
      const parsed = parseSurveyLine(format(s, wide));
      if (!('raw' in parsed)) throw new Error(parsed.problems.join('; '));
      const checked = checkSurvey(parsed.raw);
      if (!('survey' in checked)) throw new Error(checked.problems.join('; '));
      const d = checked.survey;
      const both = (p: { zh: string; en: string }) => ({ 'zh-CN': p.zh.trim(), en: p.en.trim() });
      expect(d.id).toBe(s.id);
      expect(d.title).toEqual(both(s.title));
      expect([d.audience, d.open_for, d.anonymous]).toEqual([s.audience, s.open, !s.named]);
      expect(d.questions.map((q) => [q.type, q.optional, q.text])).toEqual(s.questions.map((q) => [q.type, q.optional, both(q.text)]));
      d.questions.forEach((q, i) => {
        const hasOptions = q.type === 'choice' || q.type === 'multi';
        expect(q.options?.map((o) => o.text)).toEqual(hasOptions ? s.questions[i]!.options.map(both) : undefined);
      });
    }));
  });

  it('never throws, whatever it is given', () => {
    const noisy = fc.array(fc.oneof(fc.string(), fc.constantFrom('|', '｜', ' / ', '／', ':', '：', '[', ']', '【', ';', '\n', 'rating', 'choice?', 'audience', 'open')), { maxLength: 30 }).map((xs) => xs.join(''));
    fc.assert(fc.property(fc.oneof(fc.string(), noisy), (text) => {
      const r = parseSurveyCreate(text);
      expect('raw' in r || r.problems.length > 0).toBe(true);
    }));
  });

  it('takes a YAML definition on the lines after the command', () => {
    const r = parseSurveyCreate('id: pulse\ntitle: { zh-CN: 脉搏, en: Pulse }\nquestions:\n  - { id: ok, type: rating, text: { zh-CN: 好吗, en: OK? } }');
    expect(r).toEqual({ raw: { id: 'pulse', title: { 'zh-CN': '脉搏', en: 'Pulse' }, questions: [{ id: 'ok', type: 'rating', text: { 'zh-CN': '好吗', en: 'OK?' } }] } });
    expect(parseSurveyCreate('- just\n- a list')).toEqual({ problems: ['(top level): expected a mapping with id, title, questions'] });
  });

  it('uses the same text for both languages when only one is given', () => {
    fc.assert(fc.property(words, (t) => {
      const r = parseSurveyLine(`x | ${t} | text: ${t}`);
      expect(r).toEqual({ raw: { id: 'x', title: { 'zh-CN': t.trim(), en: t.trim() }, questions: [{ id: 'q1', type: 'text', text: { 'zh-CN': t.trim(), en: t.trim() } }] } });
    }));
  });
});

describe('audiences', () => {
  it('parses exactly the documented forms', () => {
    expect(['students', 'all', 'building:3号楼', 'building: Building 7', 'group:class-2301', 'role:lead'].map(parseAudience)).toEqual([
      { kind: 'students' }, { kind: 'all' }, { kind: 'building', value: '3号楼' }, { kind: 'building', value: '7号楼' }, // as members' buildings are stored
      { kind: 'group', value: 'class-2301' }, { kind: 'role', value: 'lead' },
    ]);
    fc.assert(fc.property(fc.string(), (s) => {
      const a = parseAudience(s);
      if (!a) return;
      const again = parseAudience('value' in a ? `${a.kind}:${a.value}` : a.kind);
      expect(again).toEqual(a);
    }));
    expect(['role:student', 'group:Class 1', 'building:', 'everyone'].map(parseAudience)).toEqual([undefined, undefined, undefined, undefined]);
  });
});

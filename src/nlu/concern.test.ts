import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeConcern } from './concern.js';
import { detectCrisis } from './crisis.js';
import { DANGER, HARD_NEGATIVE, HYPERBOLE, NOT_SELF, OTHER, RISK, WELLBEING } from './crisis.fixtures.js';

const kindOf = (text: string) => analyzeConcern(text).concern?.kind;

describe('analyzeConcern: whose risk', () => {
  it.each(RISK.filter(([t]) => !OTHER.includes(t)))('keeps every crisis the lexicon finds the sender’s own: %j', (text, level) => {
    const a = analyzeConcern(text);
    expect(a.concern?.kind).toBe('self');
    expect(a.crisis).toBe(detectCrisis(text).level);
    if (level === 'high') expect(a.crisis).toBe('high');
  });

  it.each(OTHER)('reads a worry about someone else as `other`, not the sender’s crisis: %j', (text) => {
    const a = analyzeConcern(text);
    expect(a.concern).toMatchObject({ kind: 'other', kinds: ['other'] });
    expect(['high', 'medium']).toContain(a.concern!.level);
    expect(a.crisis).toBe('none');
  });

  it.each(DANGER)('reads danger to people as `danger`: %j', (text) => {
    const a = analyzeConcern(text);
    expect(a.concern?.kind).toBe('danger');
    expect(a.crisis).toBe('none');
  });

  it.each(WELLBEING)('reads stress, sleep, loneliness, exams, breakups and grief as `wellbeing`: %j', (text) => {
    expect(analyzeConcern(text)).toMatchObject({ concern: { kind: 'wellbeing', level: 'low' }, crisis: 'none' });
  });

  it.each(NOT_SELF)('does not take a denial or a story for the sender’s crisis: %j → %s', (text, kind) => {
    const a = analyzeConcern(text);
    expect(a.crisis).toBe('none');
    expect(a.concern?.kind).toBe(kind);
    expect(a.elsewhere).toBe(true);
  });

  it.each(HYPERBOLE)('finds no concern at all in hyperbole %j', (text) => {
    expect(analyzeConcern(text).concern).toBeUndefined();
  });

  it.each(HARD_NEGATIVE)('finds no concern in knives, bridges, farewells, decisions and giveaways of everyday life: %j', (text) => {
    expect(analyzeConcern(text).concern).toBeUndefined();
  });

  it('keeps the sender first when a message is about both ("我室友说她不想活了，我也不想活了")', () => {
    expect(analyzeConcern('我室友说她不想活了，我也不想活了')).toMatchObject({ crisis: 'high', concern: { kind: 'self', kinds: ['self', 'other'] } });
    expect(analyzeConcern('他拿着刀威胁我，我真的不想活了').concern?.kinds).toEqual(['self', 'danger']);
  });

  it('reads the sender where a friend is only mentioned: spoken to, with, or in an earlier clause', () => {
    for (const text of ['我跟室友说我不想活了', '我跟室友说，不想活了', '跟室友吵架了，不想活了', '男朋友出轨了，不想活了', 'I told my friend I want to die', 'my friend and I both want to die']) {
      expect(kindOf(text), text).toBe('self');
    }
  });

  it('still hears "I don\'t want to die" and "why don\'t I just kill myself" as the sender’s: only a plain denial counts', () => {
    for (const text of ["I don't want to die", '我不想死', "why don't I just kill myself", '有没有不痛的死法', '我会不会想不开']) expect(kindOf(text), text).toBe('self');
  });

  it('lets a threat said laughing go, but not a weapon', () => {
    expect(kindOf('我要杀了他哈哈')).toBeUndefined();
    expect(kindOf("I'm going to kill my roommate lol")).toBeUndefined();
    expect(kindOf("I'm going to kill my roommate")).toBe('danger');
    expect(kindOf('楼下有人拿着刀 哈哈')).toBe('danger');
  });

  it('does not read repairs, idioms and look-alikes as danger or wellbeing', () => {
    for (const text of ['火灾报警器一直响', 'the fire alarm is broken', "I'm on fire today", '帮我拿把水果刀削苹果', '电脑崩溃了', 'the wifi is down', "I'm down for lunch",
      'my mom is going to kill me if I fail', '作业多到爆炸', '帮我砍一刀', '我不孤独', "I'm not lonely, just busy", 'the lightbulb burned out', '今天又emo了哈哈']) {
      expect(kindOf(text), text).toBeUndefined();
    }
  });
});

describe('analyzeConcern: long messages', () => {
  it('reads a 10,000-character message in one pass (a cue that needs a sign elsewhere looks for it only where the cue is)', () => {
    for (const text of ['宿舍的空调坏了，'.repeat(1250), 'the heater is broken. '.repeat(450), '对不起'.repeat(3000) + '再见']) {
      expect(() => analyzeConcern(text)).not.toThrow();
    }
    expect(analyzeConcern(`${'今天好累，'.repeat(1500)}对不起大家，下辈子再见`).concern?.kind).toBe('self');
  });
});

describe('analyzeConcern: properties', () => {
  it('never throws, and its parts agree with each other for any text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 120 }), (text) => {
      const { concern, crisis } = analyzeConcern(text);
      expect(crisis !== 'none').toBe(concern?.kind === 'self');
      if (concern) {
        expect(concern.kinds[0]).toBe(concern.kind);
        expect(concern.cues.length).toBeGreaterThan(0);
      }
    }), { numRuns: 300 });
  });

  const FULL_WIDTH = (s: string) => s.replace(/[!-~]/gu, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).replace(/ /gu, '\u3000');
  const CJK_PUNCTUATION = (s: string) => s.replace(/[,.!?;:]/gu, (c) => ({ ',': '，', '.': '。', '!': '！', '?': '？', ';': '；', ':': '：' })[c]!);
  const HAN_SPACES = (s: string) => s.replace(/(?<=\p{Script=Han})(?=\p{Script=Han})/gu, ' ');
  const PUNCT_SPACES = (s: string) => s.replace(/([,.!?，。！？])/gu, ' $1  ');
  const UPPER = (s: string) => s.toUpperCase();
  const variant = fc.tuple(
    fc.subarray([FULL_WIDTH, CJK_PUNCTUATION, HAN_SPACES, PUNCT_SPACES, UPPER]),
    fc.constantFrom('', '!!!', '。。。', '…', ' 😭', '?!', '  '),
    fc.constantFrom('', '  ', '\t'),
  );
  const texts = [...RISK.map(([t]) => t), ...OTHER, ...DANGER, ...WELLBEING, ...NOT_SELF.map(([t]) => t)];

  it('gives the same answer under punctuation, spacing, full-width and case variants', () => {
    fc.assert(fc.property(fc.constantFrom(...texts), variant, (text, [transforms, tail, head]) => {
      const changed = head + transforms.reduce((s, f) => f(s), text) + tail;
      const a = analyzeConcern(text);
      const b = analyzeConcern(changed);
      expect(b.concern?.kind, changed).toBe(a.concern?.kind);
      expect(b.crisis, changed).toBe(a.crisis);
    }), { numRuns: 1500 });
  });
});

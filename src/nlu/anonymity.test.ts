import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anonymityIn } from './anonymity.js';

describe('anonymityIn', () => {
  it.each([
    ['匿名反馈：食堂阿姨态度很差', 'anonymous'],
    ['3号楼502热水器坏了，匿名', 'anonymous'],
    ['不要告诉他们我是谁，宿管晚上一直查房', 'anonymous'],
    ['别让老师知道是我说的', 'anonymous'],
    ['请不要透露我的姓名', 'anonymous'],
    ['身份保密，谢谢', 'anonymous'],
    ['不想实名', 'anonymous'],
    ['匿名提交', 'anonymous'],
    ['匿名舉報', 'anonymous'],
    ['ＡＮＯＮＹＭＯＵＳ please', 'anonymous'],
    ['I want to report this anonymously', 'anonymous'],
    ["the AC in 7-215 is broken, don't tell them my name", 'anonymous'],
    ["Please don't tell anyone who I am", 'anonymous'],
    ['do not share my identity', 'anonymous'],
    ['keep my name out of it', 'anonymous'],
    ["I don't want them to know it was me", 'anonymous'],
    ['不用匿名，可以实名', 'named'],
    ['不需要匿名', 'named'],
    ['实名反馈：图书馆空调太冷', 'named'],
    ['可以用我的名字', 'named'],
    ['not anonymous, you can use my name', 'named'],
    ["it doesn't need to be anonymous", 'named'],
    ['with my name please', 'named'],
    ['3号楼502热水器坏了', undefined],
    ['the heater is broken', undefined],
    ['我的名字叫李华', undefined],
    ['who am I to complain, but the canteen is dirty', undefined],
    ['canonical names of buildings', undefined],
    ['', undefined],
  ])('%j → %s', (text, expected) => {
    expect(anonymityIn(text)).toBe(expected);
  });

  it('never throws, and answers one of its values for any text', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (s) => {
      expect([undefined, 'anonymous', 'named']).toContain(anonymityIn(s));
    }), { numRuns: 1000 });
  });

  it('hears 匿名 and "anonymously" anywhere in a sentence that does not negate them', () => {
    const filler = fc.stringMatching(/^[0-9a-z 号楼栋的了坏热水器空调食堂,.，。]{0,30}$/u).filter((s) => !/\bnot?\b|\bno\b/.test(s));
    fc.assert(fc.property(filler, filler, (a, b) => {
      expect(anonymityIn(`${a} 匿名 ${b}`)).toBe('anonymous');
      expect(anonymityIn(`${a} anonymously ${b}`)).toBe('anonymous');
    }), { numRuns: 300 });
  });
});

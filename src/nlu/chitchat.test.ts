import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chitchatIn } from './chitchat.js';
import { CHITCHAT, DANGER, OTHER, RISK, WELLBEING } from './crisis.fixtures.js';

describe('chitchatIn', () => {
  it.each(CHITCHAT)('%j is chit-chat (%s)', (text, kind) => {
    expect(chitchatIn(text)).toBe(kind);
  });

  it.each([
    '3号楼502空调坏了', '热死了，空调又坏了还没人修，3号楼502', 'hello world', 'typewriter', '你好', 'ok', '图书馆几点关门', 'the deadline for the scholarship is when?',
    '这次考试要了我的命，挂科了怎么补考', 'I want to book a tutor', 'T-12', '502',
  ])('%j says something', (text) => {
    expect(chitchatIn(text)).toBeUndefined();
  });

  it('never calls a crisis, a worry or danger chit-chat', () => {
    for (const text of [...RISK.map(([t]) => t), ...OTHER, ...DANGER, ...WELLBEING]) expect(chitchatIn(text), text).toBeUndefined();
  });

  it('never throws, and answers one of its values for any text', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 100 }), (s) => {
      expect([undefined, 'hyperbole', 'laughter', 'noise']).toContain(chitchatIn(s));
    }), { numRuns: 1000 });
  });

  it('calls any run of emoji, symbols and punctuation noise', () => {
    const noise = fc.array(fc.constantFrom('😂', '🙃', '👀', '?', '！', '…', '~', '💀', ' ', '<br>', '。'), { minLength: 1, maxLength: 12 });
    fc.assert(fc.property(noise, (parts) => {
      expect(chitchatIn(parts.join(''))).toBe('noise');
    }), { numRuns: 300 });
  });
});

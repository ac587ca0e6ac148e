import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { zh } from './i18n.js';

describe('zh templates', () => {
  it('keep a Latin name apart from Chinese text, and leave Chinese names and punctuation as they are', () => {
    const who = (name: string) => zh`🔁 T-1 ${name}反馈问题还没解决`;
    expect(who('Amy Chen')).toBe('🔁 T-1 Amy Chen 反馈问题还没解决');
    expect(who('李华')).toBe('🔁 T-1 李华反馈问题还没解决');
    expect(zh`已由${'Amy'}认领。`).toBe('已由 Amy 认领。');
    expect(zh`已由${'王老师'}认领。`).toBe('已由王老师认领。');
    expect(zh`「${'Amy Chen'}」`).toBe('「Amy Chen」');
    expect(zh`的${'匿名同学 #7F3A'}同意`).toBe('的匿名同学 #7F3A 同意');
  });

  it('only ever adds single spaces where a value meets the text (property)', () => {
    fc.assert(fc.property(fc.string(), fc.string(), fc.string(), (a, v, b) => {
      const out = zh`${a}:${v}:${b}`;
      expect(out.replace(/ /g, '')).toBe(`${a}:${v}:${b}`.replace(/ /g, ''));
    }));
  });
});

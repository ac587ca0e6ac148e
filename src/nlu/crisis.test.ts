import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { detectCrisis } from './crisis.js';
import { HYPERBOLE, RISK } from './crisis.fixtures.js';

describe('detectCrisis', () => {
  it.each(RISK)('fires on %j (at least %s)', (text, level) => {
    const verdict = detectCrisis(text);
    expect(verdict.level).not.toBe('none');
    if (level === 'high') expect(verdict.level).toBe('high');
    expect(verdict.cues.length).toBeGreaterThan(0);
  });

  it.each(HYPERBOLE)('stays silent on hyperbole %j', (text) => {
    expect(detectCrisis(text)).toEqual({ level: 'none', cues: [] });
  });

  it('has tables large enough to mean something', () => {
    expect(RISK.length).toBeGreaterThanOrEqual(40);
    expect(HYPERBOLE.length).toBeGreaterThanOrEqual(30);
  });

  it('still fires when hyperbole and a real cue share a message', () => {
    expect(detectCrisis('累死了，真的不想活了').level).toBe('high');
    expect(detectCrisis('this exam is killing me and honestly I want to die').level).toBe('high');
  });

  it('never throws and always returns a known level', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (text) => {
        const verdict = detectCrisis(text);
        expect(['high', 'medium', 'none']).toContain(verdict.level);
        expect(verdict.level === 'none').toBe(verdict.cues.length === 0);
      }),
      { numRuns: 200 },
    );
  });
});

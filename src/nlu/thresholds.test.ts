import { describe, expect, it } from 'vitest';
import type { Intent } from './intents.js';
import { tuneThresholds, type Prediction } from './thresholds.js';

/** A dev prediction: right (the gold intent first) or wrong (the gold intent not among the top three). */
const seen = (gold: Intent, confidence: number, right = true): Prediction => ({
  gold,
  ranked: [{ intent: right ? gold : 'faq.ask', confidence }, { intent: 'help', confidence: 1 - confidence }, { intent: 'none', confidence: 0 }],
});

describe('tuneThresholds', () => {
  it('keeps the lowest threshold when a higher one gains less than one message (a flat curve is noise)', () => {
    // One wrong guess at 0.45 costs −1 at thresholds up to 0.45 and nothing above: smoothed, a gain under TOLERANCE.
    const dev = [...Array.from({ length: 40 }, () => seen('repair.request', 0.9)), seen('complaint.submit', 0.45, false)];
    expect(tuneThresholds(dev).private).toBe(0.3);
  });

  it('still raises the threshold when many confident-looking guesses are wrong', () => {
    const wrong = Array.from({ length: 30 }, () => seen('complaint.submit', 0.5, false));
    const dev = [...Array.from({ length: 40 }, () => seen('repair.request', 0.95)), ...wrong];
    expect(tuneThresholds(dev).private).toBeGreaterThan(0.5);
  });
});

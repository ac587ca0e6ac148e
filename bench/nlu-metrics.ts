/** Metrics for the NLU benchmark: accuracy, macro-F1, per-class precision/recall, percentiles. */
export interface Outcome {
  gold: string;
  predicted: string;
}

export function accuracy(outcomes: readonly Outcome[]): number {
  return outcomes.length === 0 ? Number.NaN : outcomes.filter((o) => o.gold === o.predicted).length / outcomes.length;
}

/** Precision and recall of one label (NaN when undefined). */
export function precisionRecall(outcomes: readonly Outcome[], label: string): { precision: number; recall: number } {
  const tp = outcomes.filter((o) => o.gold === label && o.predicted === label).length;
  const predicted = outcomes.filter((o) => o.predicted === label).length;
  const actual = outcomes.filter((o) => o.gold === label).length;
  return { precision: predicted ? tp / predicted : Number.NaN, recall: actual ? tp / actual : Number.NaN };
}

/** Unweighted mean F1 over `labels` (a label never predicted nor present counts as 0). */
export function macroF1(outcomes: readonly Outcome[], labels: readonly string[]): number {
  const f1s = labels.map((label) => {
    const { precision, recall } = precisionRecall(outcomes, label);
    return precision > 0 && recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  });
  return f1s.reduce((a, b) => a + b, 0) / f1s.length;
}

/** The p-th percentile (0–100) by nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

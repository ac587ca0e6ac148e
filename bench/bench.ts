/** What a benchmark reports to bench/run.ts. */
export interface BenchResult {
  name: string;
  /** What was measured, one line each, numbers included. */
  lines: string[];
  /** Whether the benchmark's goal was met. */
  ok: boolean;
}

/** "12,345" */
export const fmt = (n: number): string => Math.round(n).toLocaleString('en');

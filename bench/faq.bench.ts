/**
 * The FAQ matcher: top-1 and top-3 accuracy on paraphrases of the demo FAQ (config/faq.yaml), and
 * the latency of one question against 500 entries. The held-out set, bench/faq-holdout.yaml (a list
 * of `{ q, id }`, written by someone who did not tune the matcher), decides the goal when present:
 * top-1 ≥ 0.85, top-3 ≥ 0.95; the dev set (bench/faq-dev.yaml, tuned on) is shown beside it. p99 ≤ 2 ms.
 * Also shown: how often a question is answered outright, and how often one the FAQ has no entry for
 * (`id: null`) would be. Run: npm run bench -- faq
 */
import { existsSync, readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { buildFaqIndex, type FaqIndex } from '../src/features/faq/faq.index.js';
import { verdict } from '../src/features/faq/faq.match.js';
import { loadFaqFile, type FaqEntry } from '../src/features/faq/faq.schema.js';
import type { BenchResult } from './bench.js';

const GOAL = { top1: 0.85, top3: 0.95, p99Ms: 2 };
const HOLDOUT = 'bench/faq-holdout.yaml';
const DEV = 'bench/faq-dev.yaml';

interface Case { q: string; id: string | null }

function readCases(file: string): Case[] | undefined {
  if (!existsSync(file)) return undefined;
  const raw = parseYaml(readFileSync(file, 'utf8')) as { q: unknown; id: unknown }[];
  return raw.map((c) => ({ q: String(c.q), id: c.id === null || c.id === undefined ? null : String(c.id) }));
}

interface Scores { n: number; top1: number; top3: number; answered: number; wrongAnswers: number; negatives: number; falseAnswers: number; misses: string[] }

export function score(index: FaqIndex, cases: readonly Case[]): Scores {
  const s: Scores = { n: 0, top1: 0, top3: 0, answered: 0, wrongAnswers: 0, negatives: 0, falseAnswers: 0, misses: [] };
  for (const c of cases) {
    const top = index.search(c.q, 3);
    const v = verdict(top);
    if (c.id === null) {
      s.negatives++;
      if (v.kind === 'answer') { s.falseAnswers++; s.misses.push(`${c.q} → answered ${v.best.id} (none expected)`); }
      continue;
    }
    s.n++;
    if (top[0]?.id === c.id) s.top1++;
    else s.misses.push(`${c.q} → ${top.map((m) => `${m.id} ${m.coverage.toFixed(2)}`).join(', ') || 'nothing'} (want ${c.id})`);
    if (top.some((m) => m.id === c.id)) s.top3++;
    if (v.kind === 'answer') (v.best.id === c.id ? s.answered++ : s.wrongAnswers++);
  }
  return s;
}

const pct = (a: number, n: number) => (n ? a / n : 0);
const line = (name: string, s: Scores) => `${name}: ${s.n} questions, top-1 ${pct(s.top1, s.n).toFixed(3)}, top-3 ${pct(s.top3, s.n).toFixed(3)}; `
  + `answered outright ${s.answered} (wrongly ${s.wrongAnswers}); no-entry questions answered ${s.falseAnswers} of ${s.negatives}`;

/** 500 entries: the demo's, then copies of them under other ids (the same words, the worst case for postings). */
function fiveHundred(entries: readonly FaqEntry[]): FaqEntry[] {
  return Array.from({ length: 500 }, (_, i) => {
    const e = entries[i % entries.length]!;
    return i < entries.length ? e : { ...e, id: `${e.id}-${Math.floor(i / entries.length)}` };
  });
}

function p99(index: FaqIndex, questions: readonly string[]): number {
  for (const q of questions) index.search(q, 3); // warm up
  const times: number[] = [];
  for (let round = 0; round < 20; round++) {
    for (const q of questions) {
      const t0 = performance.now();
      verdict(index.search(q, 3));
      times.push(performance.now() - t0);
    }
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length * 0.99)]!;
}

export async function benchFaq(): Promise<BenchResult> {
  const { entries, problems } = loadFaqFile('config/faq.yaml');
  if (problems.length) throw new Error(`config/faq.yaml: ${problems.join('; ')}`);
  const index = buildFaqIndex(entries);
  const holdout = readCases(HOLDOUT);
  const dev = readCases(DEV) ?? [];
  const lines: string[] = [`${entries.length} entries in config/faq.yaml`];
  const judged = holdout ? score(index, holdout) : undefined;
  lines.push(judged ? line(`held-out (${HOLDOUT})`, judged) : `held-out: ${HOLDOUT} is missing, so the goal is judged on the dev set (tuned on: optimistic)`);
  const devScores = score(index, dev);
  lines.push(line(`dev (${DEV}, tuned on)`, devScores));
  if (process.argv.includes('--misses')) lines.push(...(judged ?? devScores).misses.map((m) => `  miss: ${m}`));
  const t0 = performance.now();
  const big = buildFaqIndex(fiveHundred(entries));
  const buildMs = performance.now() - t0;
  const latency = p99(big, [...(holdout ?? []), ...dev].map((c) => c.q));
  lines.push(`500 entries: index built in ${buildMs.toFixed(0)} ms; p99 of one question ${latency.toFixed(3)} ms`);
  const s = judged ?? devScores;
  const ok = pct(s.top1, s.n) >= GOAL.top1 && pct(s.top3, s.n) >= GOAL.top3 && latency <= GOAL.p99Ms;
  lines.push(`goal: top-1 ≥ ${GOAL.top1}, top-3 ≥ ${GOAL.top3}, p99 ≤ ${GOAL.p99Ms} ms`);
  return { name: 'faq', lines, ok };
}

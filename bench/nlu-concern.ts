/**
 * The concern and privacy part of the NLU benchmark: precision and recall per kind on the held-out
 * bench/concern-holdout.yaml (never used for tuning), plus what the intents do with each kind.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { Example } from '../src/nlu/examples.js';
import { buildNlu, privacyRequest } from '../src/nlu/index.js';
import { precisionRecall, type Outcome } from './nlu-metrics.js';

const KINDS = ['self', 'other', 'danger', 'wellbeing', 'none'] as const;
const REQUESTS = ['forget', 'export', 'none'] as const;
const now = new Date('2026-03-02T10:00:00+08:00');

interface Holdout {
  concern: Record<string, Record<string, string[]>>;
  privacy: Record<string, string[]>;
}

const pct = (n: number) => (Number.isNaN(n) ? 'n/a' : `${(n * 100).toFixed(1)}%`);

function load(): Holdout {
  return parse(readFileSync(new URL('./concern-holdout.yaml', import.meta.url), 'utf8')) as Holdout;
}

function table(title: string, labels: readonly string[], outcomes: Outcome[], extra: (label: string) => string): void {
  console.log(`\n${title}`);
  console.log('| kind | n | precision | recall | misses and false alarms | what the intent was |');
  console.log('|------|---|-----------|--------|--------------------------|---------------------|');
  for (const label of labels) {
    const { precision, recall } = precisionRecall(outcomes, label);
    const n = outcomes.filter((o) => o.gold === label).length;
    const wrong = outcomes.filter((o) => (o.gold === label) !== (o.predicted === label)).length;
    console.log(`| ${label} | ${n} | ${pct(precision)} | ${pct(recall)} | ${wrong} | ${extra(label)} |`);
  }
}

/** Prints the per-kind tables; `verbose` also lists every miss on stderr. */
export function concernReport(train: Example[], dev: Example[], verbose = false): void {
  const nlu = buildNlu(train, dev);
  const holdout = load();
  const rows = KINDS.flatMap((gold) => Object.values(holdout.concern[gold] ?? {}).flat().map((text) => {
    const r = nlu.understand(String(text), { chat: 'private', now, timezone: 'Asia/Shanghai' });
    return { gold, predicted: r.concern?.kind ?? 'none', intent: r.intent, text: String(text) };
  }));
  const intents = (label: string) => {
    const counts = new Map<string, number>();
    for (const r of rows.filter((x) => x.gold === label)) counts.set(r.intent, (counts.get(r.intent) ?? 0) + 1);
    return [...counts].sort((a, b) => b[1] - a[1]).map(([i, n]) => `${i} ${n}`).join(', ');
  };
  table(`concern.kind on the held-out set (${rows.length} lines, private chat)`, KINDS, rows, intents);
  const privacy = REQUESTS.flatMap((gold) => (holdout.privacy[gold] ?? []).map((text) => ({ gold, predicted: privacyRequest(String(text)) ?? 'none', text: String(text) })));
  table(`privacyRequest on the held-out set (${privacy.length} lines)`, REQUESTS, privacy, () => '');
  if (verbose) for (const r of [...rows, ...privacy].filter((x) => x.gold !== x.predicted)) console.error(`miss: ${r.gold} → ${r.predicted}: ${r.text}`);
}

/**
 * The concern and privacy part of the NLU benchmark: precision and recall per kind on the held-out
 * sets bench/concern-holdout.yaml and bench/concern-holdout-2.yaml (never used for tuning), plus
 * what the intents do with each kind and how many lines raised no concern at all.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { Example } from '../src/nlu/examples.js';
import { buildNlu, privacyRequest, type Nlu } from '../src/nlu/index.js';
import { precisionRecall, type Outcome } from './nlu-metrics.js';

const KINDS = ['self', 'other', 'danger', 'wellbeing', 'none'] as const;
/** A group of a held-out file and the concern kind its lines expect (`self_passive`: a passive death wish, still the sender's). */
const GROUPS: Record<string, (typeof KINDS)[number]> = { self: 'self', self_passive: 'self', other: 'other', danger: 'danger', wellbeing: 'wellbeing', none: 'none' };
const REQUESTS = ['forget', 'export', 'none'] as const;
const FILES = ['concern-holdout.yaml', 'concern-holdout-2.yaml'];
const now = new Date('2026-03-02T10:00:00+08:00');

interface Holdout {
  concern: Record<string, Record<string, string[]>>;
  privacy: Record<string, string[]>;
}

interface Row extends Outcome {
  group: string;
  intent: string;
  text: string;
}

const pct = (n: number) => (Number.isNaN(n) ? 'n/a' : `${(n * 100).toFixed(1)}%`);

function load(file: string): Holdout {
  return parse(readFileSync(new URL(`./${file}`, import.meta.url), 'utf8')) as Holdout;
}

function counts(values: string[]): string {
  const seen = new Map<string, number>();
  for (const v of values) seen.set(v, (seen.get(v) ?? 0) + 1);
  return [...seen].sort((a, b) => b[1] - a[1]).map(([v, n]) => `${v} ${n}`).join(', ');
}

function table(title: string, labels: readonly string[], outcomes: Row[]): void {
  console.log(`\n${title}`);
  console.log('| kind | n | precision | recall | any concern | misses and false alarms | what the intent was |');
  console.log('|------|---|-----------|--------|-------------|--------------------------|---------------------|');
  for (const label of labels) {
    const { precision, recall } = precisionRecall(outcomes, label);
    const mine = outcomes.filter((o) => o.gold === label);
    const wrong = outcomes.filter((o) => (o.gold === label) !== (o.predicted === label)).length;
    const any = label === 'none' || !mine.some((o) => o.intent) ? '' : pct(mine.filter((o) => o.predicted !== 'none').length / mine.length);
    console.log(`| ${label} | ${mine.length} | ${pct(precision)} | ${pct(recall)} | ${any} | ${wrong} | ${counts(mine.map((o) => o.intent).filter(Boolean))} |`);
    for (const group of new Set(mine.map((o) => o.group))) {
      if (group === label) continue;
      const sub = mine.filter((o) => o.group === group);
      console.log(`| … ${group} | ${sub.length} | | ${pct(sub.filter((o) => o.predicted === label).length / sub.length)} | ${pct(sub.filter((o) => o.predicted !== 'none').length / sub.length)} | | ${counts(sub.map((o) => o.intent))} |`);
    }
  }
}

function concernRows(nlu: Nlu, holdout: Holdout): Row[] {
  return Object.entries(holdout.concern).flatMap(([group, langs]) => Object.values(langs).flat().map((text) => {
    const r = nlu.understand(String(text), { chat: 'private', now, timezone: 'Asia/Shanghai' });
    return { group, gold: GROUPS[group] ?? group, predicted: r.concern?.kind ?? 'none', intent: r.intent, text: String(text) };
  }));
}

/** Prints the per-kind tables of each held-out file; `verbose` also lists every miss on stderr. */
export function concernReport(train: Example[], dev: Example[], verbose = false): void {
  const nlu = buildNlu(train, dev);
  for (const file of FILES) {
    const holdout = load(file);
    const rows = concernRows(nlu, holdout);
    table(`concern.kind on ${file} (${rows.length} lines, private chat)`, KINDS, rows);
    const privacy = REQUESTS.flatMap((gold) => (holdout.privacy[gold] ?? []).map((text): Row => (
      { group: gold, gold, predicted: privacyRequest(String(text)) ?? 'none', intent: '', text: String(text) })));
    table(`privacyRequest on ${file} (${privacy.length} lines)`, REQUESTS, privacy);
    if (verbose) for (const r of [...rows, ...privacy].filter((x) => x.gold !== x.predicted)) console.error(`miss (${file}): ${r.gold} → ${r.predicted}: ${r.text}`);
  }
}

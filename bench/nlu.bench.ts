/**
 * NLU benchmark: our model against nlp.js v4, trained on the same examples and measured on the
 * same dev split (plus the untouched holdout in bench/nlu-holdout.yaml). Prints a side-by-side
 * table with ratios against the nlp.js numbers of this run, then precision and recall of the
 * concern kinds and privacy requests on bench/concern-holdout.yaml and concern-holdout-2.yaml.
 *   npm run bench:nlu [-- --misses] [-- --concern]
 *   (--misses lists every held-out miss on stderr; --concern prints only the concern tables)
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { HYPERBOLE } from '../src/nlu/crisis.fixtures.js';
import { LANGS, loadExamples, parseIntentFile, type Example } from '../src/nlu/examples.js';
import { INTENTS } from '../src/nlu/intents.js';
import { concernReport } from './nlu-concern.js';
import { accuracy, macroF1, percentile, precisionRecall, type Outcome } from './nlu-metrics.js';
import { nlpjs, ourClassifier, ourPipeline, type System } from './nlu-systems.js';

interface Report {
  system: System;
  dev: (Outcome & { lang: string })[];
  holdout: Outcome[];
  falseCrisis: number;
  latencies: number[];
}

/** The holdout file maps intent → { zh, en, mixed }; reuses the per-intent parser. */
function loadHoldout(): Example[] {
  const doc = parse(readFileSync(new URL('./nlu-holdout.yaml', import.meta.url), 'utf8')) as Record<string, unknown>;
  return INTENTS.flatMap((intent) => parseIntentFile(JSON.stringify({ intent, ...(doc[intent] as object) }), intent, 'nlu-holdout.yaml'));
}

/** Holdout and hyperbole run first, so latency is measured on the dev split after a warm-up. */
async function evaluate(system: System, dev: Example[], holdout: Example[]): Promise<Report> {
  const holdoutOut = await Promise.all(holdout.map(async (e) => ({ gold: e.intent, predicted: await system.predict(e.text) })));
  const hyperbole = await Promise.all(HYPERBOLE.map((text) => system.predict(text)));
  const latencies: number[] = [];
  const devOut: Report['dev'] = [];
  for (const e of dev) {
    const t0 = performance.now();
    const predicted = await system.predict(e.text);
    latencies.push(performance.now() - t0);
    devOut.push({ gold: e.intent, predicted, lang: e.lang });
  }
  return { system, dev: devOut, holdout: holdoutOut, falseCrisis: hyperbole.filter((i) => i === 'crisis').length, latencies };
}

const crisisOutcomes = (r: Report) => [...r.dev, ...r.holdout].filter((o) => o.gold === 'crisis');

type Row = [label: string, values: number[], format: (n: number) => string, higherIsBetter: boolean];

function rows(reports: Report[]): Row[] {
  const pct = (n: number) => `${(n * 100).toFixed(1)}%`;
  const ms = (n: number) => `${n.toFixed(3)} ms`;
  const per = (f: (r: Report) => number) => reports.map(f);
  return [
    ['dev accuracy', per((r) => accuracy(r.dev)), pct, true],
    ['dev macro-F1', per((r) => macroF1(r.dev, INTENTS)), pct, true],
    ...LANGS.map((lang): Row => [`dev accuracy ${lang}`, per((r) => accuracy(r.dev.filter((o) => o.lang === lang))), pct, true]),
    ['holdout accuracy', per((r) => accuracy(r.holdout)), pct, true],
    ['crisis recall (dev+holdout)', per((r) => accuracy(crisisOutcomes(r))), pct, true],
    [`false crisis on ${HYPERBOLE.length} hyperbole`, per((r) => r.falseCrisis), (n) => String(n), false],
    ['none precision (dev)', per((r) => precisionRecall(r.dev, 'none').precision), pct, true],
    ['none recall (dev)', per((r) => precisionRecall(r.dev, 'none').recall), pct, true],
    ['training time', per((r) => r.system.trainMs), (n) => `${n.toFixed(0)} ms`, false],
    ['latency p50', per((r) => percentile(r.latencies, 50)), ms, false],
    ['latency p99', per((r) => percentile(r.latencies, 99)), ms, false],
  ];
}

/** "ours / nlp.js" as a ratio, or a difference for counts that can be zero. */
function ratio([label, values, , higherIsBetter]: Row): string {
  const [ours, , base] = values as [number, number, number];
  if (label.startsWith('false crisis')) return `${ours - base >= 0 ? '+' : ''}${ours - base}`;
  if (!base) return 'n/a';
  const r = ours / base;
  const better = higherIsBetter ? r >= 1 : r <= 1;
  return `${r.toFixed(2)}×${better ? '' : ' (worse)'}`;
}

function printTable(reports: Report[]): void {
  const header = ['metric', ...reports.map((r) => r.system.name), 'ours / nlp.js'];
  const body = rows(reports).map((row) => [row[0], ...row[1].map(row[2]), ratio(row)]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const b of body) console.log(line(b));
}

async function main(): Promise<void> {
  const train = loadExamples('train');
  const dev = loadExamples('dev');
  const holdout = loadHoldout();
  console.error(`training on ${train.length} examples; dev ${dev.length}; holdout ${holdout.length}`);
  if (process.argv.includes('--concern')) return concernReport(train, dev, process.argv.includes('--misses'));
  const systems = [ourPipeline(train, dev), ourClassifier(train), await nlpjs(train)];
  const reports: Report[] = [];
  for (const system of systems) reports.push(await evaluate(system, dev, holdout));
  printTable(reports);
  concernReport(train, dev, process.argv.includes('--misses'));
}

await main();

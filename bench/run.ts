/**
 * `npm run bench [-- name ...]`: runs every benchmark (or those whose name contains one of the
 * words given) and prints what each measured and whether its goal was met. To add one, export an
 * async function returning a BenchResult and list it below. Exits non-zero when a goal is missed.
 */
import type { BenchResult } from './bench.js';
import { benchFanout } from './fanout.bench.js';
import { benchTelegram } from './telegram.bench.js';
import { benchDigest } from './digest.bench.js';
import { benchPolls } from './polls.bench.js';
import { benchStartup } from './startup.bench.js';
import { benchFaq } from './faq.bench.js';

const benchmarks: { name: string; run: () => Promise<BenchResult> }[] = [
  { name: 'telegram', run: benchTelegram },
  { name: 'digest', run: benchDigest },
  { name: 'fanout', run: benchFanout },
  { name: 'polls', run: benchPolls },
  { name: 'startup', run: benchStartup },
  { name: 'faq', run: benchFaq },
];

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
let missed = 0;
for (const b of benchmarks.filter((x) => !wanted.length || wanted.some((w) => x.name.includes(w)))) {
  const r = await b.run();
  console.log(`${r.name}\n  ${r.lines.join('\n  ')}\n  ${r.ok ? 'goal met' : 'GOAL MISSED'}\n`);
  if (!r.ok) missed++;
}
process.exitCode = missed ? 1 : 0;

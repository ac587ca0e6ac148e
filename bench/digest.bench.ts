/**
 * The weekly management digest over 1,000,000 generated tickets (goal: ≤ 250 ms), against a
 * baseline measured in the same run: one plain `count(*)` over the same table.
 * Run: npx tsx bench/digest.bench.ts  (or through npm run bench)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { loadConfig } from '../src/config.js';
import { openDb, type Db } from '../src/db/client.js';
import { members } from '../src/db/schema.js';
import { createDigestService } from '../src/features/digests/digests.service.js';
import { createUnitRunner } from '../src/core/unit-of-work.js';

const N = Number(process.env.BENCH_TICKETS ?? 1_000_000);
const HOUR = 3_600_000;
const END = Date.UTC(2026, 5, 1);
const SPAN = 365 * 24 * HOUR;
const CATEGORIES = ['service_quality', 'facilities', 'culture_environment', 'safety', 'mental_health', 'academic', 'career', 'life_services', 'other'];
const DEPTS = ['student_affairs', 'logistics', 'counselling', 'academic_affairs', 'career', 'youth_league'];

/**
 * Fills the tickets table with `n` tickets created over a year, in the order they were created
 * (as a running bot writes them). Older tickets are mostly closed; the last weeks hold the open work.
 */
export function generate(db: Db, n: number): void {
  db.insert(members).values({ name: 'bench', platformLocale: null, createdAt: new Date(0) }).run();
  const insert = db.$client.prepare(`INSERT INTO tickets (kind, category, department_id, status, description, building, reporter_id, alias,
    first_response_due, resolution_due, first_responded_at, resolved_at, closed_at, rating, created_at, updated_at)
    VALUES ('repair', ?, ?, ?, 'x', ?, 1, 'AAAA', ?, ?, ?, ?, ?, ?, ?, ?)`);
  let seed = 42;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  db.$client.transaction(() => {
    for (let i = 0; i < n; i++) {
      const created = END - SPAN + Math.floor((i / n) * SPAN);
      const age = END - created;
      const finished = age > 21 * 24 * HOUR ? 0.995 : 0.6;
      const responded = rand() < 0.95 ? created + Math.floor(rand() * 8 * HOUR) : null;
      const resolved = responded && rand() < finished ? responded + Math.floor(rand() * 60 * HOUR) : null;
      const closed = resolved && resolved + HOUR < END && rand() < 0.9 ? resolved + HOUR : null;
      const status = closed ? 'closed' : resolved ? 'resolved' : responded ? 'in_progress' : 'open';
      insert.run(CATEGORIES[i % 9], DEPTS[i % 6], status, `${1 + (i % 30)}号楼`, created + 4 * HOUR, created + 48 * HOUR,
        responded, resolved, closed, closed && rand() < 0.6 ? 1 + Math.floor(rand() * 5) : null, created, created);
    }
  })();
}

async function time(fn: () => unknown, runs: number): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  return samples.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

export async function benchDigest(): Promise<{ name: string; lines: string[]; ok: boolean }> {
  const dir = mkdtempSync(join(tmpdir(), 'yizhan-bench-'));
  try {
    const db = openDb(join(dir, 'bench.db'));
    const t0 = performance.now();
    generate(db, N);
    const genMs = performance.now() - t0;
    const units = createUnitRunner({ db, log: pino({ level: 'silent' }) });
    const service = createDigestService({ units, config: loadConfig('config/default.yaml', {}), sections: () => [] });
    const week = { from: new Date(END - 7 * 24 * HOUR), to: new Date(END) };
    const weekly = () => units.run(async () => (await service.weekly(week))('zh-CN'));
    await weekly(); // warm the page cache
    const digestMs = await time(weekly, 5);
    const baselineMs = await time(() => db.$client.prepare('SELECT count(*) FROM tickets').get(), 5);
    return {
      name: 'weekly management digest',
      ok: digestMs <= 250,
      lines: [
        `tickets: ${N.toLocaleString('en')} (generated in ${(genMs / 1000).toFixed(1)} s)`,
        `weekly digest (all departments side by side, vs the week before): ${digestMs.toFixed(1)} ms (goal ≤ 250 ms)`,
        `baseline, one count(*) over the table: ${baselineMs.toFixed(1)} ms; ratio digest/baseline: ${(digestMs / baselineMs).toFixed(2)}`,
      ],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await benchDigest();
  console.log(`${r.name}\n  ${r.lines.join('\n  ')}\n  ${r.ok ? 'goal met' : 'GOAL MISSED'}`);
}

/**
 * Start-up: from spawning the compiled bot (`node dist/main.js`, as the Docker image runs it) with
 * TELEGRAM_BOT_TOKEN to its first getUpdates at the fake Bot API (it is ready: database open and
 * migrated, NLU loaded, app built, health server up, polling). Goal: ≤ 1.5 s, the median of the
 * restarts (NLU model in its cache beside the database, as after any restart). The first start on
 * an empty folder (creates the database, trains the NLU and writes its cache) is shown apart, and
 * so are the moments of getMe and the first getUpdates. Baseline in the same run: spawning
 * `node -e 0` until it exits. dist/ is built first when it is older than the sources.
 * Run: npm run bench -- startup   (BENCH_STARTS changes the 7 restarts)
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../test/fakes/free-port.js';
import { startFakeTelegram, type FakeTelegram } from '../test/fakes/telegram-api.js';
import { fmt, type BenchResult } from './bench.js';

const STARTS = Number(process.env.BENCH_STARTS ?? 7);
const GOAL_MS = 1500;

interface Start {
  /** From spawn to the first getUpdates. */
  ready: number;
  getMe: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Spawn → exit of `node -e 0`: what any Node process costs on this machine now. */
async function nodeBaseline(): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < STARTS; i++) {
    const t0 = performance.now();
    await new Promise((r) => spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' }).once('exit', r));
    times.push(performance.now() - t0);
  }
  return median(times);
}

/** One start of the compiled bot on `dir`, timed to its first getUpdates, then stopped with SIGTERM. */
async function startOnce(fake: FakeTelegram, dir: string, config: string): Promise<Start> {
  const env = {
    ...process.env, TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot, YIZHAN_DB: join(dir, 'yizhan.db'),
    YIZHAN_CONFIG: config, HEALTH_PORT: String(await freePort()), LOG_LEVEL: 'warn',
  };
  const after = fake.calls.length;
  const t0 = performance.now();
  const child = spawn(process.execPath, ['dist/main.js'], {
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise((r) => child.once('exit', r));
  const at = (method: string) => fake.waitForCall((c) => c.seq > after && c.method === method, 60_000).then(() => performance.now() - t0);
  const [getMe, ready] = await Promise.all([at('getMe'), at('getUpdates')]);
  child.kill('SIGTERM');
  await exited;
  return { ready, getMe };
}

export async function benchStartup(): Promise<BenchResult> {
  execFileSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { stdio: 'inherit' });
  const fake = await startFakeTelegram();
  const dir = mkdtempSync(join(tmpdir(), 'yizhan-bench-start-'));
  try {
    const config = join(dir, 'campus.yaml');
    writeFileSync(config, readFileSync('config/default.yaml', 'utf8'));
    const baseline = await nodeBaseline();
    const first = await startOnce(fake, dir, config);
    const starts: Start[] = [];
    for (let i = 0; i < STARTS; i++) starts.push(await startOnce(fake, dir, config));
    const ready = median(starts.map((s) => s.ready));
    const all = starts.map((s) => s.ready).sort((a, b) => a - b);
    return {
      name: 'startup',
      ok: ready <= GOAL_MS,
      lines: [
        `node dist/main.js, spawn → first getUpdates at the fake Bot API, ${STARTS} restarts (NLU model cached): median ${fmt(ready)} ms `
          + `(${fmt(all[0]!)}–${fmt(all.at(-1)!)}); getMe at ${fmt(median(starts.map((s) => s.getMe)))} ms (goal ≤ ${fmt(GOAL_MS)} ms)`,
        `first start on an empty folder (creates the database, trains the NLU, writes its cache): ${fmt(first.ready)} ms (getMe at ${fmt(first.getMe)} ms)`,
        `baseline: node -e 0, spawn → exit: median ${fmt(baseline)} ms; ratio ${(ready / baseline).toFixed(1)}×`,
      ],
    };
  } finally {
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await benchStartup();
  console.log(`${r.name}\n  ${r.lines.join('\n  ')}\n  ${r.ok ? 'goal met' : 'GOAL MISSED'}`);
}

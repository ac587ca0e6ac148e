/**
 * Start-up: from spawning the compiled bot (`node dist/main.js`, as the Docker image runs it) with
 * TELEGRAM_BOT_TOKEN to its first getUpdates at the fake Bot API (it is ready: database open and
 * migrated, NLU model loaded, app built, health server up, polling). Measured for first starts (each
 * on a new, empty folder: the database is created) and for restarts (on the same folder), the median
 * of 7 each, with the moment of getMe. Goal: both ≤ 1.5 s. Baseline in the same run: spawning
 * `node -e 0` until it exits. dist/ is built first when it is older than the sources; the bot runs
 * under the Node that runs the benchmark.
 * Run: npm run bench -- startup   (BENCH_STARTS changes the 7)
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
  /** CPU time the bot had used by then (Linux; NaN elsewhere): what the start costs on an idle core. */
  cpu: number;
}

/** User + system CPU milliseconds of a process so far, from /proc (Linux only). */
function cpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10; // clock ticks of 10 ms
  } catch {
    return Number.NaN;
  }
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
  let cpu = Number.NaN;
  const at = (method: string) => fake.waitForCall((c) => c.seq > after && c.method === method, 60_000).then(() => performance.now() - t0);
  const ready = fake.waitForCall((c) => c.seq > after && c.method === 'getUpdates' && ((cpu = cpuMs(child.pid!)), true), 60_000).then(() => performance.now() - t0);
  const [getMe, readyAt] = await Promise.all([at('getMe'), ready]);
  child.kill('SIGTERM');
  await exited;
  return { ready: readyAt, getMe, cpu };
}

/** `STARTS` starts, each on a new folder (first starts) or all on one (restarts after the first). */
async function starts(fake: FakeTelegram, dir: string, config: string, fresh: boolean): Promise<Start[]> {
  const folder = () => mkdtempSync(join(dir, 'start-'));
  const shared = folder();
  if (!fresh) await startOnce(fake, shared, config);
  const out: Start[] = [];
  for (let i = 0; i < STARTS; i++) out.push(await startOnce(fake, fresh ? folder() : shared, config));
  return out;
}

const describe = (what: string, s: Start[]) => {
  const ready = s.map((x) => x.ready).sort((a, b) => a - b);
  return `${what}: median ${fmt(median(ready))} ms (${fmt(ready[0]!)}–${fmt(ready.at(-1)!)}), getMe at `
    + `${fmt(median(s.map((x) => x.getMe)))} ms; CPU used by then ${fmt(median(s.map((x) => x.cpu)))} ms`;
};

export async function benchStartup(): Promise<BenchResult> {
  execFileSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { stdio: 'inherit' });
  const fake = await startFakeTelegram();
  const dir = mkdtempSync(join(tmpdir(), 'yizhan-bench-startup-'));
  try {
    const config = join(dir, 'campus.yaml');
    writeFileSync(config, readFileSync('config/default.yaml', 'utf8'));
    const baseline = await nodeBaseline();
    const first = await starts(fake, dir, config, true);
    const again = await starts(fake, dir, config, false);
    const worst = Math.max(median(first.map((s) => s.ready)), median(again.map((s) => s.ready)));
    return {
      name: 'startup',
      ok: worst <= GOAL_MS,
      lines: [
        `node ${process.version}, node dist/main.js, spawn → first getUpdates at the fake Bot API (goal ≤ ${fmt(GOAL_MS)} ms):`,
        describe(`  first starts (new database; the NLU model from the build), ${STARTS}`, first),
        describe(`  restarts (same database), ${STARTS}`, again),
        `baseline: node -e 0, spawn → exit: median ${fmt(baseline)} ms; ratio ${(worst / baseline).toFixed(1)}× (the slower median)`,
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

/**
 * Scripted chats for tests: runs the real app through the simulator in-process and returns what
 * the bot said (parsed output lines), the diagnostics and the log lines.
 */
import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';
import { loadConfig, type Config } from '../src/config.js';
import type { Feature } from '../src/core/feature.js';
import { runSimulation } from '../src/adapters/sim/simulator.js';
import { DAY, HOUR, ShiftedClock } from '../src/core/clock.js';
import { dropTestDatabase, onPgStore, openTestStore } from './pg/app-store.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface OutLine {
  at: string;
  to: string;
  text: string;
  buttons?: string[][];
  photos?: string[];
  edit?: true;
  /** A press's notice, seen only by `for`. */
  notice?: true;
  for?: string;
  file?: { name: string; content: string };
}

export interface SimResult {
  out: OutLine[];
  err: string[];
  logs: Record<string, unknown>[];
}

const loaded = new Map<string, Config>();

/**
 * The demo campus's configuration (config/default.yaml) read with `env`. Read once per env in a
 * test file (tests run hundreds of apps): each call returns its own copy, which the test may change,
 * sharing only the FAQ entries, which apps never change (the same entries: the FAQ's index is built once).
 */
export function testConfig(env: NodeJS.ProcessEnv = {}): Config {
  const key = JSON.stringify(env);
  let config = loaded.get(key);
  if (!config) loaded.set(key, (config = loadConfig('config/default.yaml', env)));
  return { ...structuredClone({ ...config, faq: undefined }), faq: config.faq };
}

/** A pino logger that keeps its lines in `lines`. */
export function memoryLogger(lines: Record<string, unknown>[], level = 'info'): Logger {
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const l of String(chunk).split('\n')) if (l.trim()) lines.push(JSON.parse(l) as Record<string, unknown>);
      done();
    },
  });
  return pino({ level, base: undefined }, sink);
}

/**
 * Real time, shifted forward to the next 10:00 campus time (Asia/Shanghai, UTC+8, as testConfig's
 * campus): for tests that run in real time (a real discord.js client, paced sends) but must not
 * meet the quiet hours (22:00–07:30), which hold non-urgent messages back whenever the test runs.
 */
export function campusMorningClock(): ShiftedClock {
  const clock = new ShiftedClock();
  clock.skip((((2 * HOUR - (Date.now() % DAY)) % DAY) + DAY) % DAY);
  return clock;
}

/** Runs simulator lines (objects or raw strings) and collects everything. */
export async function simulate(
  lines: (Record<string, unknown> | string)[],
  opts: {
    config?: Config; extraFeatures?: Feature[]; dbPath?: string; logLevel?: string;
    /** On SQLite at `dbPath` whatever the suite's store (a test about SQLite's file, e.g. the source of a copy). */
    sqlite?: true;
  } = {},
): Promise<SimResult> {
  const result: SimResult = { out: [], err: [], logs: [] };
  // npm run test:pg: the app runs on a PostgreSQL database standing for the path (test/pg/app-store.ts).
  const pg = onPgStore && !opts.sqlite;
  const path = opts.dbPath ?? (pg ? join(mkdtempSync(join(tmpdir(), 'yizhan-sim-')), 'sim.db') : undefined);
  const store = pg ? await openTestStore(path!) : undefined;
  try {
    await runSimulation(lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))), {
      config: opts.config ?? testConfig(),
      log: memoryLogger(result.logs, opts.logLevel),
      out: (line) => result.out.push(JSON.parse(line) as OutLine),
      err: (line) => result.err.push(line),
      ...(opts.extraFeatures ? { extraFeatures: opts.extraFeatures } : {}),
      ...(opts.dbPath ? { dbPath: opts.dbPath } : {}),
      ...(store ? { store } : {}),
    });
  } finally {
    await store?.close();
    if (store && !opts.dbPath) await dropTestDatabase(path!);
  }
  return result;
}

/** Shorthands for simulator lines. */
export const person = (user: string, name: string, extra: Record<string, unknown> = {}) => ({ user, name, ...extra });
export const say = (from: string, text: string, chat = 'private', extra: Record<string, unknown> = {}) => ({ from, chat, text, ...extra });
export const press = (from: string, label: string, chat = 'private') => ({ from, chat, press: label });
export const at = (iso: string) => ({ at: iso });

/** What one chat received, in order. */
export function to(result: SimResult, chat: string): OutLine[] {
  return result.out.filter((l) => l.to === chat);
}

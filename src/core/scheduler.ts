/**
 * The only place that touches node-cron. Due work lives in `scheduled_tasks` rows; cron jobs fire
 * triggers. In real time node-cron drives both; in virtual time (simulator, tests) `advanceTo`
 * walks the clock forward and runs everything due, in time order.
 */
import { createTask, parse, validateDetailed, type ScheduledTask } from 'node-cron';
import { offsetMinutes } from './time.js';
import type { UnitRunner } from './unit-of-work.js';
import type { Logger } from 'pino';
import type { Clock, ManualClock } from './clock.js';
import type { Awaitable, CronJob, Lateness, MissedHandler, MissedLine, TaskHandler } from './feature.js';
import { failTask, finishTask, lastCronRun, markStale, nextDueTask, recordCronRun, staleTasks, type TaskRow } from './tasks.repo.js';
import { claimCronFiring, claimDueTask, firingMinute, pruneCronFirings } from './scheduler.claims.repo.js';
import { instanceId } from './leadership.js';

export interface SchedulerDeps {
  /** Every task, cron run and bookkeeping write runs as a unit of work; what is due is read outside one. */
  units: UnitRunner;
  clock: Clock;
  log: Logger;
  timezone: string;
  jobs: CronJob[];
  /** Cron jobs kept as rows (a survey an admin scheduled): read once, before cron fires are first looked for. */
  moreJobs?: () => Promise<CronJob[]>;
  tasks: Record<string, TaskHandler>;
  /** By task kind: the line a task that became stale adds to the summary of what was missed. */
  missed?: Record<string, MissedHandler>;
  /**
   * Writes the one summary of what was missed (to the management), inside the unit that marks the
   * stale tasks; `since` is the moment of the earliest.
   */
  summarize?: (lines: MissedLine[], since: Date, now: Date) => Awaitable<void>;
  /** Work kept in its own rows with its own due times (the outbox worker), run after tasks. */
  pumps?: Pump[];
  /** This instance, as the cron firings it runs name it (default: instanceId()). */
  holder?: string;
}

/**
 * Due work that is not a `scheduled_tasks` row: the scheduler asks when it is next due and runs it
 * after every task and cron fire, on its 5-second tick, and at its own due times in virtual time.
 */
export interface Pump {
  name: string;
  /** The earliest time it has work (may be in the past), or undefined when idle. */
  nextDueAt(): Promise<Date | undefined>;
  run(now: Date): Promise<void>;
  /** Finishes the item in hand and takes no more (at shutdown). */
  stop?(): Promise<void>;
}

export interface Scheduler {
  /** Runs every task due by the clock's now, earliest first. */
  runDue(): Promise<void>;
  /** Moves a manual clock to `target`, running due tasks and cron fires in time order on the way. */
  advanceTo(target: Date, clock: ManualClock): Promise<void>;
  /** Real time: runs work missed while down (once), then lets node-cron drive. */
  start(): Promise<void>;
  /**
   * Stops the timers and waits for the task in hand; with `flush`, the pumps then send what they
   * owe now (the outbox's due rows) before they stop. The caller bounds how long that may take.
   */
  stop(opts?: { flush?: boolean }): Promise<void>;
  /** Runs, once each, the cron jobs that should have fired since they last ran (after the clock jumped). */
  runMissed(): Promise<void>;
  /** Adds a cron job after creation (e.g. a survey an admin defined); it fires from now on. */
  addJob(job: CronJob): Promise<void>;
}

/** Why `expr` is not a 5-field cron expression (minute hour day month weekday), or undefined. */
export function cronProblem(expr: string): string | undefined {
  if (expr.trim().split(/\s+/).length !== 5) return 'use 5 fields: minute hour day-of-month month weekday, e.g. "0 10 * * 1"';
  const v = validateDetailed(expr);
  return v.valid ? undefined : v.errors.map((e) => `${e.field}: ${e.message}`).join('; ') || 'is not a valid cron expression';
}

const MINUTE = 60_000;

/** The minutes and hours a cron expression can fire at, to skip the rest cheaply in virtual time. */
function hoursAndMinutes(cron: string): { minutes: Set<number>; hours: Set<number> } {
  const f = parse(cron);
  return { minutes: new Set(f.minute), hours: new Set(f.hour) };
}
const RETRY_DELAYS = [MINUTE, 5 * MINUTE, 30 * MINUTE, 2 * 60 * MINUTE];
/** How far back a missed cron run is looked for at start. */
const CATCH_UP_LIMIT = 35 * 24 * 60 * MINUTE;

export function createScheduler(deps: SchedulerDeps): Scheduler {
  const { log, units } = deps;
  const holder = deps.holder ?? instanceId();
  const matcherOf = (job: CronJob) => ({ job, task: createTask(job.cron, () => undefined, { timezone: deps.timezone }), ...hoursAndMinutes(job.cron) });
  const matchers = deps.jobs.map(matcherOf);
  const pumps = deps.pumps ?? [];
  const live: ScheduledTask[] = [];
  let started = false;
  let draining: Promise<void> | null = null;
  /** When the pumps last ran in virtual time, so one that made no progress cannot spin. */
  let pumpedAt = -Infinity;
  const offsets = new Map<number, number>();
  let loaded: Promise<void> | undefined;

  /** Adds `moreJobs` once; a job added by name meanwhile (`addJob`) is not added twice. */
  function loadJobs(): Promise<void> {
    return (loaded ??= (async () => {
      for (const job of (await deps.moreJobs?.()) ?? []) if (!matchers.some((m) => m.job.name === job.name)) matchers.push(matcherOf(job));
    })());
  }

  /** Hour and minute of the campus clock at `ms` (the zone's offset is looked up once per hour). */
  function localTime(ms: number): { hour: number; minute: number } {
    const hourIndex = Math.floor(ms / 3_600_000);
    let off = offsets.get(hourIndex);
    if (off === undefined) offsets.set(hourIndex, (off = offsetMinutes(new Date(ms), deps.timezone)));
    const local = Math.floor(ms / MINUTE) + off;
    return { hour: Math.floor(local / 60) % 24, minute: ((local % 60) + 60) % 60 };
  }

  const lateness = (row: TaskRow, now: Date): Lateness => ({ dueAt: row.dueAt, lateMs: Math.max(0, now.getTime() - row.dueAt.getTime()) });

  /**
   * Claims the earliest task due by `until` and runs it, in one unit: its writes, its messages and
   * its "done" mark commit together; a failure undoes them and records the failure instead. On
   * PostgreSQL the claim holds the task's row until that unit ends, so another instance's
   * scheduler takes the next task meanwhile (scheduler.claims.repo.ts). False when none was due.
   * The task is told the time its unit starts, not when it was looked for: units run one at a time,
   * and behind a burst of messages a time read before the wait is seconds old (a poll's live edit
   * timed from it came less than 3 s after the one before).
   */
  function runNextTask(until: Date): Promise<boolean> {
    return units.run(async (unit) => {
      const now = deps.clock.now();
      const row = await claimDueTask(unit.q, until);
      if (!row) return false;
      const handler = deps.tasks[row.kind];
      try {
        await unit.attempt(async () => {
          if (!handler) throw new Error(`no handler for task kind "${row.kind}"`);
          await handler(row.payload, now, lateness(row, now));
          await finishTask(unit.q, row.id, row.dueAt, now);
        });
      } catch (err) {
        const delay = RETRY_DELAYS[row.attempts];
        log.error({ err, task: row.kind, taskId: row.id, attempt: row.attempts + 1 }, 'scheduled task failed');
        await failTask(unit.q, row.id, String((err as Error)?.message ?? err), delay === undefined ? null : new Date(now.getTime() + delay));
      }
      return true;
    });
  }

  /**
   * Runs a cron job's firing for the minute of `firedFor`, unless an instance already ran it: the
   * firing is recorded in the job's unit (scheduler.claims.repo.ts), so a second instance firing
   * the same minute does nothing, and a job that failed leaves no record.
   */
  async function runJob(job: CronJob, firedFor: Date, now: Date): Promise<void> {
    try {
      const ran = await units.run(async (unit) => {
        if (!(await claimCronFiring(unit.q, job.name, firedFor, holder))) return false;
        await pruneCronFirings(unit.q, new Date(now.getTime() - CATCH_UP_LIMIT));
        await job.run(now);
        return true;
      });
      // Each instance says what its firing did: operators (and the multi-instance test) see one run per minute.
      log.info({ job: job.name, firedFor: firingMinute(firedFor).toISOString() }, ran ? 'cron job ran' : 'cron job already run by another instance');
    } catch (err) {
      log.error({ err, job: job.name }, 'cron job failed');
    }
    await units.run((unit) => recordCronRun(unit.q, job.name, now));
  }

  async function runPumps(now: Date): Promise<void> {
    pumpedAt = now.getTime();
    for (const p of pumps) {
      try {
        await p.run(now);
      } catch (err) {
        log.error({ err, pump: p.name }, 'pump failed');
      }
    }
  }

  /** The earliest pump due time up to `until`; never at or before the last virtual pump run. */
  async function nextPumpAt(until: Date): Promise<Date | undefined> {
    const times: number[] = [];
    for (const p of pumps) {
      const t = await p.nextDueAt();
      if (t) times.push(t.getTime());
    }
    if (!times.length) return undefined;
    const t = Math.max(Math.min(...times), pumpedAt + 1000);
    return t <= until.getTime() ? new Date(t) : undefined;
  }

  /**
   * Tasks whose moment passed while they waited (the bot was down) are not run: each gives its
   * `missed` line, or nothing, and the lines become one summary, written in the unit that marks
   * them all stale, so the management hears of what was missed once instead of in a burst.
   */
  async function foldStale(now: Date): Promise<void> {
    const rows = await units.read((q) => staleTasks(q, now));
    if (!rows.length) return;
    await units.run(async (unit) => {
      const lines: MissedLine[] = [];
      for (const row of rows) {
        await markStale(unit.q, row.id, now);
        const line = await missedLine(row, now);
        if (line) lines.push(line);
      }
      if (lines.length) await deps.summarize?.(lines, rows[0]!.dueAt, now);
      log.info({ stale: rows.length, summarized: lines.length }, 'tasks whose moment passed while the bot was down: folded into one summary or dropped');
    });
  }

  async function missedLine(row: TaskRow, now: Date): Promise<MissedLine | undefined> {
    try {
      return await deps.missed?.[row.kind]?.(row.payload, now, lateness(row, now));
    } catch (err) {
      log.error({ err, task: row.kind, taskId: row.id }, 'a stale task\'s summary line failed; it is dropped');
      return undefined;
    }
  }

  /** Stale tasks first (folded), then every due task in due-time order, each told how late it runs. */
  async function drainTasks(): Promise<void> {
    await foldStale(deps.clock.now());
    for (;;) {
      const now = deps.clock.now();
      // A look first, outside any unit: a tick with nothing due opens no transaction.
      if (!(await units.read((q) => nextDueTask(q, now)))) return;
      if (!(await runNextTask(now))) return; // every due task is being run by another instance
    }
  }

  function runDue(): Promise<void> {
    // One drain at a time: the ticker and a caller never run the same task twice.
    draining ??= drainTasks().finally(() => { draining = null; });
    return draining.then(() => (pumps.length ? runPumps(deps.clock.now()) : undefined));
  }

  /** The real-time tick: due tasks, then a nudge to the pumps without waiting for them (a long paced
   * broadcast must not hold up reminders and closes). Each pump guards against running twice. */
  async function tick(): Promise<void> {
    draining ??= drainTasks().finally(() => { draining = null; });
    await draining;
    if (pumps.length) void runPumps(deps.clock.now());
  }

  /** The first whole minute in (after, until] at which one of `among` fires, and those jobs. */
  function nextFire(after: Date, until: Date, among = matchers): { at: Date; jobs: CronJob[] } | undefined {
    if (!among.length) return undefined;
    for (let m = Math.floor(after.getTime() / MINUTE) * MINUTE + MINUTE; m <= until.getTime(); m += MINUTE) {
      const { hour, minute } = localTime(m);
      const candidates = among.filter((x) => x.minutes.has(minute) && x.hours.has(hour));
      if (!candidates.length) continue;
      const at = new Date(m);
      const due = candidates.filter((x) => x.task.match(at)).map((x) => x.job);
      if (due.length) return { at, jobs: due };
    }
    return undefined;
  }

  async function advanceTo(target: Date, clock: ManualClock): Promise<void> {
    await loadJobs();
    let cursor = clock.now();
    const at = (t: Date) => {
      if (t > cursor) cursor = t;
      clock.set(cursor);
      return cursor;
    };
    for (;;) {
      const row = await units.read((q) => nextDueTask(q, target));
      const pumpAt = await nextPumpAt(target);
      const rowFirst = !!row && (!pumpAt || row.dueAt <= pumpAt);
      const next = rowFirst ? row!.dueAt : pumpAt;
      const fire = nextFire(cursor, next && next < target ? next : target);
      // On a tie the cron fire goes first: `nextFire` looks strictly after the cursor.
      if (fire && (!next || fire.at <= next)) {
        for (const job of fire.jobs) await runJob(job, fire.at, at(fire.at));
      } else if (rowFirst) {
        await runNextTask(at(row!.dueAt));
      } else if (pumpAt) {
        at(pumpAt);
      } else break;
      if (pumps.length) await runPumps(cursor);
    }
    if (target > cursor) clock.set(target);
  }

  async function catchUp(now: Date): Promise<void> {
    for (const m of matchers) {
      const last = await units.read((q) => lastCronRun(q, m.job.name));
      if (!last) {
        await units.run((unit) => recordCronRun(unit.q, m.job.name, now));
        continue;
      }
      const from = new Date(Math.max(last.getTime(), now.getTime() - CATCH_UP_LIMIT));
      // Keyed by the first firing missed: instances starting together agree on it, and run it once.
      const missed = nextFire(from, now, [m]);
      if (missed) {
        log.info({ job: m.job.name }, 'running a cron job missed while the bot was down');
        await runJob(m.job, missed.at, now);
      }
    }
  }

  async function start(): Promise<void> {
    await loadJobs();
    await catchUp(deps.clock.now());
    await tick(); // what the outbox owes is nudged, not awaited: at 30 a second a backlog takes minutes, and a stop must not wait for it
    for (const { job } of matchers) {
      live.push(createTask(job.cron, () => { const now = deps.clock.now(); return runJob(job, now, now); }, { timezone: deps.timezone, noOverlap: true, name: job.name }));
    }
    live.push(createTask('*/5 * * * * *', () => tick(), { noOverlap: true, name: 'due-tasks' }));
    for (const t of live) await t.start();
    started = true;
  }

  async function addJob(job: CronJob): Promise<void> {
    const m = matcherOf(job);
    matchers.push(m);
    if (!started) return;
    await units.run((unit) => recordCronRun(unit.q, job.name, deps.clock.now()));
    const t = createTask(job.cron, () => { const now = deps.clock.now(); return runJob(job, now, now); }, { timezone: deps.timezone, noOverlap: true, name: job.name });
    live.push(t);
    await t.start();
  }

  async function stop(opts: { flush?: boolean } = {}): Promise<void> {
    started = false;
    for (const t of live.splice(0)) await t.destroy();
    for (const m of matchers) await m.task.destroy();
    await draining;
    if (opts.flush && pumps.length) await runPumps(deps.clock.now());
    for (const p of pumps) await p.stop?.();
  }

  return { runDue, advanceTo, start, stop, addJob, runMissed: async () => { await loadJobs(); await catchUp(deps.clock.now()); } };
}

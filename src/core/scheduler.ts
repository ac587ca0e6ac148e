/**
 * The only place that touches node-cron. Due work lives in `scheduled_tasks` rows; cron jobs fire
 * triggers. In real time node-cron drives both; in virtual time (simulator, tests) `advanceTo`
 * walks the clock forward and runs everything due, in time order.
 */
import { createTask, parse, validate, type ScheduledTask } from 'node-cron';
import { offsetMinutes } from './time';
import type { Logger } from 'pino';
import type { Db } from '../db/client';
import type { Clock, ManualClock } from './clock';
import type { CronJob, TaskHandler } from './feature';
import type { UnitRunner } from './unit-of-work';
import { failTask, finishTask, lastCronRun, nextDueTask, recordCronRun, type TaskRow } from './tasks.repo';

export interface SchedulerDeps {
  db: Db;
  units: UnitRunner;
  clock: Clock;
  log: Logger;
  timezone: string;
  jobs: CronJob[];
  tasks: Record<string, TaskHandler>;
}

export interface Scheduler {
  /** Runs every task due by the clock's now, earliest first. */
  runDue(): Promise<void>;
  /** Moves a manual clock to `target`, running due tasks and cron fires in time order on the way. */
  advanceTo(target: Date, clock: ManualClock): Promise<void>;
  /** Real time: runs work missed while down (once), then lets node-cron drive. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

const MINUTE = 60_000;

/** The minutes and hours a cron expression can fire at, to skip the rest cheaply in virtual time. */
function hoursAndMinutes(cron: string): { minutes: Set<number>; hours: Set<number> } {
  const f = parse(cron);
  return { minutes: new Set(f.minute), hours: new Set(f.hour) };
}

/** Whether node-cron accepts `expr` (for config validation: only this module touches node-cron). */
export const isCronExpression = (expr: string): boolean => validate(expr);
const RETRY_DELAYS = [MINUTE, 5 * MINUTE, 30 * MINUTE, 2 * 60 * MINUTE];
/** How far back a missed cron run is looked for at start. */
const CATCH_UP_LIMIT = 35 * 24 * 60 * MINUTE;

export function createScheduler(deps: SchedulerDeps): Scheduler {
  const { db, log } = deps;
  const matchers = deps.jobs.map((job) => ({ job, task: createTask(job.cron, () => undefined, { timezone: deps.timezone }), ...hoursAndMinutes(job.cron) }));
  const offsets = new Map<number, number>();

  /** Hour and minute of the campus clock at `ms` (the zone's offset is looked up once per hour). */
  function localTime(ms: number): { hour: number; minute: number } {
    const hourIndex = Math.floor(ms / 3_600_000);
    let off = offsets.get(hourIndex);
    if (off === undefined) offsets.set(hourIndex, (off = offsetMinutes(new Date(ms), deps.timezone)));
    const local = Math.floor(ms / MINUTE) + off;
    return { hour: Math.floor(local / 60) % 24, minute: ((local % 60) + 60) % 60 };
  }
  const live: ScheduledTask[] = [];
  let draining: Promise<void> | null = null;

  /** A task's writes, its messages and its "done" mark commit together; a failure is recorded apart. */
  async function runTask(row: TaskRow, now: Date): Promise<void> {
    const handler = deps.tasks[row.kind];
    try {
      await deps.units.run(async () => {
        if (!handler) throw new Error(`no handler for task kind "${row.kind}"`);
        await handler(row.payload, now);
        finishTask(db, row.id, row.dueAt, now);
      });
    } catch (err) {
      const delay = RETRY_DELAYS[row.attempts];
      log.error({ err, task: row.kind, taskId: row.id, attempt: row.attempts + 1 }, 'scheduled task failed');
      await deps.units.run(() => failTask(db, row.id, String((err as Error)?.message ?? err), delay === undefined ? null : new Date(now.getTime() + delay)));
    }
  }

  async function runJob(job: CronJob, now: Date): Promise<void> {
    try {
      await deps.units.run(() => job.run(now));
    } catch (err) {
      log.error({ err, job: job.name }, 'cron job failed');
    }
    await deps.units.run(() => recordCronRun(db, job.name, now));
  }

  async function drain(): Promise<void> {
    for (;;) {
      const now = deps.clock.now();
      const row = nextDueTask(db, now);
      if (!row) return;
      await runTask(row, now);
    }
  }

  function runDue(): Promise<void> {
    // One drain at a time: the ticker and a caller never run the same task twice.
    draining ??= drain().finally(() => { draining = null; });
    return draining;
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
    let cursor = clock.now();
    for (;;) {
      const row = nextDueTask(db, target);
      const fire = nextFire(cursor, row && row.dueAt < target ? row.dueAt : target);
      if (fire && (!row || fire.at < row.dueAt)) {
        clock.set(fire.at);
        cursor = fire.at;
        for (const job of fire.jobs) await runJob(job, fire.at);
      } else if (row) {
        if (row.dueAt > cursor) cursor = row.dueAt;
        clock.set(cursor);
        await runTask(row, cursor);
      } else break;
    }
    if (target > cursor) clock.set(target);
  }

  async function catchUp(now: Date): Promise<void> {
    for (const m of matchers) {
      const last = lastCronRun(db, m.job.name);
      if (!last) {
        await deps.units.run(() => recordCronRun(db, m.job.name, now));
        continue;
      }
      const from = new Date(Math.max(last.getTime(), now.getTime() - CATCH_UP_LIMIT));
      if (nextFire(from, now, [m])) {
        log.info({ job: m.job.name }, 'running a cron job missed while the bot was down');
        await runJob(m.job, now);
      }
    }
  }

  async function start(): Promise<void> {
    await catchUp(deps.clock.now());
    await runDue();
    for (const { job } of matchers) {
      live.push(createTask(job.cron, () => runJob(job, deps.clock.now()), { timezone: deps.timezone, noOverlap: true, name: job.name }));
    }
    live.push(createTask('*/5 * * * * *', () => runDue(), { noOverlap: true, name: 'due-tasks' }));
    for (const t of live) await t.start();
  }

  async function stop(): Promise<void> {
    for (const t of live.splice(0)) await t.destroy();
    for (const m of matchers) await m.task.destroy();
    await draining;
  }

  return { runDue, advanceTo, start, stop };
}

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { openDb } from '../db/client.js';
import { cronFirings } from '../db/schema.js';
import { ManualClock } from './clock.js';
import { setup as outboxSetup } from './outbox.fixtures.js';
import { createScheduler } from './scheduler.js';
import { createUnitRunner } from './unit-of-work.js';
import { cancelTask, pendingTasks, recordCronRun, scheduleTask } from './tasks.repo.js';

const log = pino({ level: 'silent' });
const TZ = 'Asia/Shanghai';
const HOUR = 3_600_000;

function setup(jobs: { name: string; cron: string }[] = [], start = '2026-03-02T08:00:00+08:00') {
  const db = openDb(join(mkdtempSync(join(tmpdir(), 'yizhan-sched-')), 'y.db'));
  const clock = new ManualClock(new Date(start));
  const ran: string[] = [];
  const stamp = (now: Date) => now.toISOString().slice(5, 16);
  const scheduler = createScheduler({
    clock, log, timezone: TZ, units: createUnitRunner({ db, log }),
    jobs: jobs.map((j) => ({ ...j, run: async (now: Date) => void ran.push(`${j.name}@${stamp(now)}`) })),
    tasks: {
      'test.note': async (p, now) => void ran.push(`${String(p.what)}@${stamp(now)}`),
      'test.flaky': async () => { throw new Error('flaky'); },
    },
  });
  return { db, clock, ran, scheduler };
}

describe('scheduler in virtual time', () => {
  it('runs due tasks and cron fires in time order, at their own times', async () => {
    const { db, clock, ran, scheduler } = setup([{ name: 'daily', cron: '0 9 * * *' }]);
    const now = clock.now();
    await scheduleTask(db, 'test.note', new Date('2026-03-02T10:30:00+08:00'), { what: 'close' }, now);
    await scheduleTask(db, 'test.note', new Date('2026-03-02T08:30:00+08:00'), { what: 'remind' }, now);
    await scheduler.advanceTo(new Date('2026-03-03T09:30:00+08:00'), clock);
    expect(ran).toEqual(['remind@03-02T00:30', 'daily@03-02T01:00', 'close@03-02T02:30', 'daily@03-03T01:00']);
    expect(clock.now().toISOString()).toBe('2026-03-03T01:30:00.000Z');
    expect(await pendingTasks(db)).toEqual([]);
  });

  it('runs a cron fire and a task due at the same minute, the fire first', async () => {
    const { db, clock, ran, scheduler } = setup([{ name: 'daily', cron: '0 9 * * *' }]);
    await scheduleTask(db, 'test.note', new Date('2026-03-02T09:00:00+08:00'), { what: 'same' }, clock.now());
    await scheduler.advanceTo(new Date('2026-03-02T10:00:00+08:00'), clock);
    expect(ran).toEqual(['daily@03-02T01:00', 'same@03-02T01:00']);
  });

  it('runs pumps after each fire and task, and at their own due times', async () => {
    const db = openDb(join(mkdtempSync(join(tmpdir(), 'yizhan-sched-')), 'y.db'));
    const clock = new ManualClock(new Date('2026-03-02T08:00:00+08:00'));
    const ran: string[] = [];
    let due: Date | undefined = new Date('2026-03-02T08:00:30+08:00');
    const pump = { name: 'p', nextDueAt: async () => due, run: async (now: Date) => { ran.push(`pump@${now.toISOString().slice(11, 19)}`); due = undefined; } };
    const scheduler = createScheduler({ clock, log, timezone: TZ, units: createUnitRunner({ db, log }), jobs: [{ name: 'j', cron: '1 8 * * *', run: async () => void ran.push('job') }], tasks: {}, pumps: [pump] });
    await scheduler.advanceTo(new Date('2026-03-02T08:05:00+08:00'), clock);
    expect(ran).toEqual(['pump@00:00:30', 'job', 'pump@00:01:00']);
  });

  it('replaces a keyed task instead of adding a second one, and cancels by key', async () => {
    const { db, clock, ran, scheduler } = setup();
    const now = clock.now();
    await scheduleTask(db, 'test.note', new Date('2026-03-02T09:00:00+08:00'), { what: 'a' }, now, 'k1');
    await scheduleTask(db, 'test.note', new Date('2026-03-02T11:00:00+08:00'), { what: 'b' }, now, 'k1');
    await scheduleTask(db, 'test.note', new Date('2026-03-02T10:00:00+08:00'), { what: 'c' }, now, 'k2');
    await cancelTask(db, 'k2');
    await scheduler.advanceTo(new Date('2026-03-02T12:00:00+08:00'), clock);
    expect(ran).toEqual(['b@03-02T03:00']);
  });

  it('tells a task the time its unit starts, not the time it was looked for (behind a busy unit)', async () => {
    const db = openDb(join(mkdtempSync(join(tmpdir(), 'yizhan-sched-')), 'y.db'));
    const clock = new ManualClock(new Date('2026-03-02T08:00:00+08:00'));
    const units = createUnitRunner({ db, log });
    const told: string[] = [];
    const scheduler = createScheduler({ clock, log, timezone: TZ, units, jobs: [], tasks: { 'test.note': async (_p, now) => void told.push(now.toISOString()) } });
    await scheduleTask(db, 'test.note', clock.now(), { what: 'edit' }, clock.now());
    let release = () => undefined as void;
    const busy = units.run(() => new Promise<void>((r) => (release = r))); // e.g. a burst of votes ahead of it
    const running = scheduler.runDue();
    await new Promise((r) => setTimeout(r, 50)); // the task was looked for and waits for its unit
    clock.set(new Date('2026-03-02T08:00:05+08:00'));
    release();
    await Promise.all([busy, running]);
    expect(told).toEqual(['2026-03-02T00:00:05.000Z']);
  });

  it('retries a failing task with backoff, then marks it failed', async () => {
    const { db, clock, scheduler } = setup();
    await scheduleTask(db, 'test.flaky', clock.now(), {}, clock.now());
    await scheduler.advanceTo(new Date('2026-03-03T08:00:00+08:00'), clock);
    const row = db.$client.prepare("select status, attempts, last_error from scheduled_tasks where kind = 'test.flaky'").get();
    expect(row).toEqual({ status: 'failed', attempts: 5, last_error: 'flaky' });
  });

  it('keeps due work in SQLite: a task scheduled before a restart runs after it', async () => {
    const first = setup();
    await scheduleTask(first.db, 'test.note', new Date('2026-03-05T08:00:00+08:00'), { what: 'later' }, first.clock.now());
    const path = first.db.$client.name;
    first.db.$client.close();
    const db = openDb(path);
    const clock = new ManualClock(new Date('2026-03-06T08:00:00+08:00'));
    const ran: string[] = [];
    const scheduler = createScheduler({ clock, log, timezone: TZ, units: createUnitRunner({ db, log }), jobs: [], tasks: { 'test.note': async (p) => void ran.push(String(p.what)) } });
    await scheduler.runDue();
    expect(ran).toEqual(['later']);
  });
});

describe('scheduler at start', () => {
  it('runs a cron job missed while the bot was down once, and not on the very first start', async () => {
    const { ran, scheduler } = setup([{ name: 'daily', cron: '0 9 * * *' }], '2026-03-04T12:00:00+08:00');
    await scheduler.start();
    await scheduler.stop();
    expect(ran).toEqual([]);
    const again = setup([{ name: 'daily', cron: '0 9 * * *' }], '2026-03-04T12:00:00+08:00');
    await recordCronRun(again.db, 'daily', new Date('2026-03-02T09:00:00+08:00'));
    await again.scheduler.start();
    await again.scheduler.stop();
    expect(again.ran).toEqual(['daily@03-04T04:00']);
  });
});

describe('scheduler beside another instance on the same database', () => {
  it('does not run a cron firing another instance already ran for that minute, and runs the next one it fires first', async () => {
    const db = openDb(join(mkdtempSync(join(tmpdir(), 'yizhan-sched-')), 'y.db'));
    const instance = (holder: string) => {
      const clock = new ManualClock(new Date('2026-03-02T08:00:00+08:00'));
      const ran: string[] = [];
      const scheduler = createScheduler({
        clock, log, timezone: TZ, units: createUnitRunner({ db, log }), tasks: {}, holder,
        jobs: [{ name: 'daily', cron: '0 9 * * *', run: async (now: Date) => void ran.push(`daily@${now.toISOString().slice(5, 19)}`) }],
      });
      return { clock, ran, scheduler };
    };
    const a = instance('A');
    const b = instance('B');
    await a.scheduler.advanceTo(new Date('2026-03-02T09:00:30+08:00'), a.clock);
    await b.scheduler.advanceTo(new Date('2026-03-02T09:00:30+08:00'), b.clock);
    await b.scheduler.advanceTo(new Date('2026-03-03T09:00:30+08:00'), b.clock);
    await a.scheduler.advanceTo(new Date('2026-03-03T09:00:30+08:00'), a.clock);
    expect(a.ran).toEqual(['daily@03-02T01:00:00']);
    expect(b.ran).toEqual(['daily@03-03T01:00:00']);
    const firings = db.select().from(cronFirings).all().map((f) => `${f.job}@${f.firedAt.toISOString().slice(5, 16)} by ${f.holder}`);
    expect(firings).toEqual(['daily@03-02T01:00 by A', 'daily@03-03T01:00 by B']);
  });
});

describe('scheduler at stop', () => {
  it('with flush, has the outbox send every due row before its worker stops; without, leaves them pending', async () => {
    const flushed = outboxSetup();
    flushed.people(3);
    for (const i of [1, 2, 3]) await flushed.send(i);
    await flushed.scheduler.stop({ flush: true });
    expect(flushed.calls.map((c) => c.chatId)).toEqual(['chat1', 'chat2', 'chat3']);
    expect(flushed.rows().map((r) => r.status)).toEqual(['sent', 'sent', 'sent']);
    await flushed.outbox.deliver();
    expect(flushed.calls).toHaveLength(3); // stopped: nothing more goes out

    const plain = outboxSetup();
    plain.people(2);
    for (const i of [1, 2]) await plain.send(i);
    await plain.scheduler.stop();
    expect(plain.calls).toEqual([]);
    expect(plain.rows().map((r) => r.status)).toEqual(['pending', 'pending']);
  });
});

describe('scheduler after downtime', () => {
  it('folds the tasks whose moment passed into one summary or drops them, and runs the rest in due order, told how late', async () => {
    const db = openDb(join(mkdtempSync(join(tmpdir(), 'yizhan-sched-')), 'y.db'));
    const clock = new ManualClock(new Date('2026-03-02T08:00:00+08:00'));
    const ran: string[] = [];
    const summaries: { lines: string[]; since: string }[] = [];
    const scheduler = createScheduler({
      clock, log, timezone: TZ, units: createUnitRunner({ db, log }), jobs: [],
      tasks: { 'test.note': async (p, _now, late) => void ran.push(`${String(p.what)} ${late!.lateMs / HOUR}h late`) },
      missed: { 'test.note': (p) => (p.line ? (l) => `${l}: ${String(p.what)} missed` : undefined) },
      summarize: (lines, since) => void summaries.push({ lines: lines.map((line) => line('en')), since: since.toISOString() }),
    });
    const at = (hours: number) => new Date(clock.now().getTime() + hours * HOUR);
    const task = (what: string, due: number, stale?: number, line = false) =>
      scheduleTask(db, 'test.note', at(due), { what, line }, clock.now(), what, stale === undefined ? undefined : at(stale));
    await task('survey reminder 1', 24, 48);
    await task('survey reminder 2', 48, 72); // stale once the survey closes
    await task('survey close', 72);
    await task('escalation A', 30, 31, true);
    await task('escalation B', 26, 27, true);
    await task('poll reminder', 100, 130); // its moment has not passed yet: sent late
    clock.set(at(120));
    await scheduler.runDue();
    expect(ran).toEqual(['survey close 48h late', 'poll reminder 20h late']);
    expect(summaries).toEqual([{ lines: ['en: escalation B missed', 'en: escalation A missed'], since: '2026-03-03T00:00:00.000Z' }]); // the first moment missed
    expect(db.$client.prepare('select key, status from scheduled_tasks order by id').all()).toEqual([
      { key: 'survey reminder 1', status: 'stale' }, { key: 'survey reminder 2', status: 'stale' }, { key: 'survey close', status: 'done' },
      { key: 'escalation A', status: 'stale' }, { key: 'escalation B', status: 'stale' }, { key: 'poll reminder', status: 'done' },
    ]);
  });
});

import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { closeDb, openDb, type Q } from '../../src/db/client.js';
import { claimCronFiring, claimDueTask, pruneCronFirings } from '../../src/core/scheduler.claims.repo.js';
import { tables } from '../../src/db/tables.js';
import { freshPgDatabase } from './db.js';
import { held, instances, on } from './instances.js';

const url = await freshPgDatabase();
const [a, b, c] = await instances(url, 3);
const T0 = new Date('2026-12-07T10:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

async function addTasks(q: Q, kind: string, n: number): Promise<number[]> {
  const { scheduledTasks } = tables(q);
  const rows = await q.insert(scheduledTasks)
    .values(Array.from({ length: n }, (_, i) => ({ kind, dueAt: at(i), payload: { i }, createdAt: T0, status: 'pending' as const, attempts: 0 })))
    .returning({ id: scheduledTasks.id });
  return rows.map((r) => r.id);
}

/** What the task's unit writes when it ran it (tasks.repo's finishTask, on this handle's tables). */
async function finish(q: Q, id: number): Promise<void> {
  const { scheduledTasks } = tables(q);
  await q.update(scheduledTasks).set({ status: 'done', doneAt: at(60_000) }).where(eq(scheduledTasks.id, id));
}

/** A unit that claims a due task and runs it (marks it done; commits when the caller lets it). */
async function claimAndRun(q: Q) {
  const task = await claimDueTask(q, at(60_000));
  if (task) await finish(q, task.id);
  return task;
}

/** One instance's scheduler at the repo level: claims a due task in a unit, runs it, marks it done, until none is left. */
async function drain(db: NonNullable<typeof a>, kind: string, ran: number[]): Promise<void> {
  for (;;) {
    const row = await db.transaction(async (tx) => {
      const q = tx as unknown as Q;
      const task = await claimDueTask(q, at(60_000));
      if (task && task.kind !== kind) throw new Error(`a task of another test is pending: ${task.kind}`);
      if (!task) return task;
      ran.push(task.id);
      await finish(q, task.id);
      return task;
    });
    if (!row) return;
  }
}

describe('due tasks across instances on PostgreSQL (FOR UPDATE SKIP LOCKED)', () => {
  it('two claimers at once never get the same task: the second skips the one being run and takes the next', async () => {
    const [first, second] = await addTasks(a as unknown as Q, 'pair', 2);
    const one = held(a!, (q) => claimAndRun(q));
    expect((await one.value)?.id).toBe(first);
    const two = held(b!, (q) => claimAndRun(q));
    expect((await two.value)?.id).toBe(second);
    // A third finds both held: nothing for it, rather than waiting or taking one twice.
    expect(await c!.transaction((tx) => claimDueTask(tx as unknown as Q, at(60_000)))).toBeUndefined();
    await one.commit();
    await two.commit();
  });

  it('a task whose unit rolled back (the instance crashed) is due again for another instance', async () => {
    const [id] = await addTasks(a as unknown as Q, 'crash', 1);
    await expect(a!.transaction(async (tx) => {
      expect((await claimDueTask(tx as unknown as Q, at(60_000)))?.id).toBe(id);
      throw new Error('the instance died mid-task');
    })).rejects.toThrow('died');
    const ran: number[] = [];
    await drain(b!, 'crash', ran);
    expect(ran).toEqual([id]);
  });

  it('three instances draining 150 due tasks at once run each exactly once', async () => {
    const ids = await addTasks(a as unknown as Q, 'many', 150);
    const ran: number[][] = [[], [], []];
    await Promise.all([a, b, c].map((db, i) => drain(db!, 'many', ran[i]!)));
    const all = ran.flat();
    expect(all.sort((x, y) => x - y)).toEqual(ids);
    expect(ran.filter((r) => r.length > 0).length).toBeGreaterThan(1); // the work was shared, not serialised on one
    const { scheduledTasks } = tables(a as unknown as Q);
    const left = await on(a!, (q) => q.select().from(scheduledTasks).where(eq(scheduledTasks.kind, 'many')));
    expect(left.every((r) => r.status === 'done')).toBe(true);
  });
});

describe('cron firings across instances on PostgreSQL', () => {
  it('a firing recorded twice is one: the same job and minute from three instances at once, whatever the second', async () => {
    const fired = await Promise.all([a, b, c].map((db, i) => on(db!, (q) => claimCronFiring(q, 'digest.daily', at(i * 150), `instance-${i}`))));
    expect(fired.filter(Boolean)).toHaveLength(1);
    // The next minute is another firing; another job's the same minute too.
    expect(await on(b!, (q) => claimCronFiring(q, 'digest.daily', at(60_000), 'instance-1'))).toBe(true);
    expect(await on(c!, (q) => claimCronFiring(q, 'digest.weekly', at(0), 'instance-2'))).toBe(true);
  });

  it('the second instance waits for the first one\'s unit: a no-op once it committed, the job\'s to run once it rolled back', async () => {
    const first = held(a!, (q) => claimCronFiring(q, 'survey.weekly', at(0), 'A'));
    expect(await first.value).toBe(true);
    const second = b!.transaction((tx) => claimCronFiring(tx as unknown as Q, 'survey.weekly', at(30_000), 'B'));
    await first.commit();
    expect(await second).toBe(false);

    await expect(a!.transaction(async (tx) => {
      expect(await claimCronFiring(tx as unknown as Q, 'survey.weekly', at(120_000), 'A')).toBe(true);
      throw new Error('the job failed');
    })).rejects.toThrow('failed');
    expect(await on(b!, (q) => claimCronFiring(q, 'survey.weekly', at(120_000), 'B'))).toBe(true);
  });

  it('old firings are pruned', async () => {
    await on(a!, (q) => claimCronFiring(q, 'prune.me', at(-10 * 86_400_000), 'A'));
    expect(await on(a!, (q) => pruneCronFirings(q, at(-9 * 86_400_000)))).toBe(1);
  });
});

describe('the same claims on SQLite (one process)', () => {
  it('claims due tasks in due order and records a cron firing once', async () => {
    const db = openDb(':memory:');
    try {
      const [first, second] = await addTasks(db, 'sqlite', 2);
      expect((await claimDueTask(db, at(0)))?.id).toBe(first);
      await finish(db, first!);
      expect((await claimDueTask(db, at(0)))).toBeUndefined(); // the second is not due yet
      expect((await claimDueTask(db, at(1)))?.id).toBe(second);
      expect(await claimCronFiring(db, 'digest.daily', at(5), 'me')).toBe(true);
      expect(await claimCronFiring(db, 'digest.daily', at(59_999), 'me')).toBe(false);
      expect(await claimCronFiring(db, 'digest.daily', at(60_000), 'me')).toBe(true);
    } finally {
      closeDb(db);
    }
  });
});

/**
 * The outbox worker's outcome writes, gathered over one turn of the event loop: the answers that
 * came back together commit together (one fsync instead of one each); one failing write does not
 * undo the others. A write's promise settles once it committed.
 */
import type { Unit, UnitRunner } from './unit-of-work.js';

export type Write = <T>(fn: () => T | Promise<T>) => Promise<T>;

interface Queued {
  fn: () => unknown;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

export function gatheredWrites(units: UnitRunner): Write {
  const queued: Queued[] = [];

  async function flush(batch: Queued[]): Promise<void> {
    let results: PromiseSettledResult<unknown>[];
    try {
      results = await units.run(async (unit) => {
        // All in one savepoint (a message's outcome is a statement or two: one savepoint each would
        // cost as much again); only when one fails, each again in its own, so the others stand.
        try {
          return await unit.attempt(async () => {
            const out: PromiseSettledResult<unknown>[] = [];
            for (const w of batch) out.push({ status: 'fulfilled', value: await w.fn() });
            return out;
          });
        } catch {
          return one(unit, batch);
        }
      });
    } catch (err) {
      for (const w of batch) w.reject(err);
      return;
    }
    results.forEach((r, i) => (r.status === 'fulfilled' ? batch[i]!.resolve(r.value) : batch[i]!.reject(r.reason)));
  }

  async function one(unit: Unit, batch: Queued[]): Promise<PromiseSettledResult<unknown>[]> {
    const out: PromiseSettledResult<unknown>[] = [];
    for (const w of batch) {
      out.push(await unit.attempt(async () => w.fn()).then(
        (value) => ({ status: 'fulfilled', value }) as const,
        (reason: unknown) => ({ status: 'rejected', reason }) as const,
      ));
    }
    return out;
  }

  return <T>(fn: () => T | Promise<T>) => new Promise<T>((resolve, reject) => {
    queued.push({ fn, resolve: resolve as (value: unknown) => void, reject });
    if (queued.length === 1) setImmediate(() => void flush(queued.splice(0)));
  });
}

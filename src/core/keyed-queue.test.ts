import { describe, expect, it } from 'vitest';
import { createKeyedQueue } from './keyed-queue.js';

describe('keyed queue', () => {
  it('runs one key in order and different keys side by side, surviving a failing task', async () => {
    const failures: unknown[] = [];
    const q = createKeyedQueue((err) => failures.push(err));
    const seen: string[] = [];
    let b1Ran = () => undefined as void;
    const afterB1 = new Promise<void>((r) => (b1Ran = r));
    // a1 finishes only after b1 ran: were the keys not side by side, this would never end.
    void q.run('a', async () => { await afterB1; seen.push('a1'); });
    void q.run('a', async () => { throw new Error('boom'); });
    void q.run('a', async () => { seen.push('a3'); });
    void q.run('b', async () => { seen.push('b1'); b1Ran(); });
    await q.idle();
    expect(seen).toEqual(['b1', 'a1', 'a3']);
    expect(failures).toEqual([new Error('boom')]); // said, not swallowed
    await expect(q.run('a', async () => { throw new Error('again'); })).resolves.toBeUndefined();
  });
});

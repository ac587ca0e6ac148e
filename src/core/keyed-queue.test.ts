import { describe, expect, it } from 'vitest';
import { createKeyedQueue } from './keyed-queue.js';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('keyed queue', () => {
  it('runs one key in order and different keys side by side, surviving a failing task', async () => {
    const q = createKeyedQueue();
    const seen: string[] = [];
    void q.run('a', async () => { await tick(20); seen.push('a1'); });
    void q.run('a', async () => { throw new Error('boom'); });
    void q.run('a', async () => { seen.push('a3'); });
    void q.run('b', async () => { seen.push('b1'); });
    await q.idle();
    expect(seen).toEqual(['b1', 'a1', 'a3']);
  });
});

/**
 * Whose crisis (issue 14): the sender's own stays the sender's when the message names another
 * person's pills, the people the sender writes to or leaves things with, or the bot it says goodbye to.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createNlu, type Nlu } from './index.js';
import { OTHERS_MEANS, SELF_WITH_OTHERS } from './whose.fixtures.js';

const opts = { chat: 'private' as const, now: new Date('2026-03-02T10:00:00+08:00'), timezone: 'Asia/Shanghai' };
let nlu: Nlu;

beforeAll(() => {
  nlu = createNlu();
});

describe('the sender\'s crisis with other people in it', () => {
  it.each(SELF_WITH_OTHERS)('stays the sender\'s: %j', (text) => {
    const r = nlu.understand(text, opts);
    expect(r.intent).toBe('crisis');
    expect(r.concern?.kind).toBe('self');
    expect(r.crisis).not.toBe('none');
  });

  it.each(OTHERS_MEANS)('while a friend whose means the sender found or who says it herself stays hers: %j', (text) => {
    const r = nlu.understand(text, opts);
    expect(r.intent).toBe('crisis');
    expect(r.concern?.kind).toBe('other');
  });
});

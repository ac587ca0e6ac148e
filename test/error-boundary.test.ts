import { describe, expect, it } from 'vitest';
import { AppError } from '../src/core/errors.js';
import type { Feature } from '../src/core/feature.js';
import { person, say, simulate } from './harness.js';

const explosive: Feature = {
  name: 'explosive',
  commands: [
    { name: 'boom', summary: () => 'boom', run: async () => { throw new Error('kaboom: secret detail'); } },
    { name: 'oops', summary: () => 'oops', run: async () => { throw new AppError('test.oops', (l) => (l === 'en' ? 'Expected failure.' : '预期的失败。')); } },
  ],
  buttons: { bad: async () => { throw new TypeError('button broke'); } },
};

describe('the error boundary', () => {
  it('answers a throwing handler with a reference id, logs it once, and keeps serving', async () => {
    const r = await simulate([
      person('alice', '李华', { locale: 'zh-CN' }),
      say('alice', '/boom'),
      say('alice', '/start'),
      say('alice', '/lang en'),
      say('alice', '/boom'),
    ], { extraFeatures: [explosive] });
    const [first, , , last] = r.out;
    const ref = /编号 ([0-9A-F]{4})/.exec(first!.text)?.[1];
    expect(first!.text).toBe(`抱歉，出了点问题，我们已经记录下来了（编号 ${ref}）。请稍后再试；如果一直不行，把这个编号告诉工作人员。`);
    expect(r.out[1]!.text).toMatch(/^你好，李华！/);
    expect(last!.text).toMatch(/^Sorry, something went wrong and we have logged it \(ref [0-9A-F]{4}\)/);
    const errors = r.logs.filter((l) => l.msg === 'handler failed');
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatchObject({ level: 50, ref, platform: 'local', chatKind: 'private' });
    expect((errors[0]!.err as { message: string }).message).toBe('kaboom: secret detail');
    // The log line says where, not who or what they wrote.
    expect(JSON.stringify(errors)).not.toMatch(/alice|李华|\/boom/);
  });

  it('shows expected errors in the member language without logging them as failures', async () => {
    const r = await simulate([say('amy', '/lang en'), say('amy', '/oops')], { extraFeatures: [explosive] });
    expect(r.out[1]!.text).toBe('Expected failure.');
    expect(r.logs.filter((l) => l.msg === 'handler failed')).toEqual([]);
  });
});

import { appendFileSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { loadExamples } from './examples.js';
import { cachedNlu, createNlu, trainNlu, type NluModel } from './index.js';
import { encodeModel, loadOrTrain, modelKey, modelSources } from './model-cache.js';

/** No model from a build: these tests are about the cache beside the database. */
const none = join(tmpdir(), 'yizhan-no-built-model');
const cacheFile = () => join(mkdtempSync(join(tmpdir(), 'yizhan-nlu-cache-')), 'data', 'yizhan.db.nlu-model');
const log = () => ({ info: vi.fn(), warn: vi.fn() });
const now = new Date('2026-03-02T10:00:00+08:00');
const ask = (text: string, chat: 'private' | 'group' = 'private') => ({ text, chat, opts: { chat, now, timezone: 'Asia/Shanghai' } });

/** A small model, quick to train, for the tests about the file rather than the model. */
let small: NluModel | undefined;
const trainSmall = vi.fn(() => (small ??= trainNlu(loadExamples('train').filter((_, i) => i % 10 === 0), loadExamples('dev').slice(0, 40))));

describe('the NLU model cache', () => {
  it('lets a restart skip training and understand exactly as a freshly trained model', () => {
    const file = cacheFile();
    const first = log();
    cachedNlu(file, first);
    expect(first.info).toHaveBeenCalledWith(expect.objectContaining({ file }), 'NLU model trained and cached');
    const again = log();
    const restarted = cachedNlu(file, again);
    expect(again.info).toHaveBeenCalledWith({ file }, 'NLU model read from its cache');
    expect(again.warn).not.toHaveBeenCalled();

    const fresh = createNlu();
    expect(restarted.thresholds).toEqual(fresh.thresholds);
    const texts = [...loadExamples('dev').map((e) => e.text), '我真的不想活了', '3号楼502热水器坏了', '', 'asdf qwer'];
    for (const { text, opts } of texts.flatMap((t) => [ask(t), ask(t, 'group')])) {
      const [a, b] = [restarted.understand(text, opts), fresh.understand(text, opts)];
      expect({ ...a, slots: a.slots }).toEqual({ ...b, slots: b.slots });
    }
  });

  it('trains again, and rewrites the file, when it was made from other data or code', () => {
    const file = cacheFile();
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, encodeModel(trainSmall(), 'an older key'));
    trainSmall.mockClear();
    const l = log();
    loadOrTrain({ file, built: none, train: trainSmall, log: l });
    expect(trainSmall).toHaveBeenCalledTimes(1);
    expect(l.warn).toHaveBeenCalledWith({ file, reason: 'made from other data, code or Node version' }, 'NLU model cache not used: training again');
    loadOrTrain({ file, built: none, train: trainSmall });
    expect(trainSmall).toHaveBeenCalledTimes(1); // the rewritten file is read
  });

  it('uses the model the build wrote when it is current, without training or writing a cache', () => {
    const dir = mkdtempSync(join(tmpdir(), 'yizhan-nlu-built-'));
    const built = join(dir, 'model.nlu');
    writeFileSync(built, encodeModel(trainSmall(), modelKey()));
    trainSmall.mockClear();
    const file = cacheFile();
    const l = log();
    expect(loadOrTrain({ file, built, train: trainSmall, log: l })).toEqual(small);
    expect(l.info).toHaveBeenCalledWith({ file: built }, 'NLU model read from the build');
    expect(trainSmall).not.toHaveBeenCalled();
    expect(existsSync(file)).toBe(false);
    // A build of other data or code is passed over like a stale cache.
    writeFileSync(built, encodeModel(trainSmall(), 'another build'));
    trainSmall.mockClear();
    loadOrTrain({ file, built, train: trainSmall });
    expect(trainSmall).toHaveBeenCalledTimes(1);
    expect(existsSync(file)).toBe(true);
  });

  it('has a key that changes with one more training line, or a changed line of code', () => {
    const dir = mkdtempSync(join(tmpdir(), 'yizhan-nlu-sources-'));
    const copies = modelSources().map((url, i) => {
      const copy = join(dir, `${i}-${url.pathname.split('/').pop()}`);
      copyFileSync(url, copy);
      return pathToFileURL(copy);
    });
    const key = modelKey(copies);
    expect(modelKey(copies)).toBe(key);
    const data = copies.find((u) => u.pathname.endsWith('repair.request.yaml'))!;
    appendFileSync(data, '  - 水龙头一直在滴水\n');
    const afterData = modelKey(copies);
    expect(afterData).not.toBe(key);
    const code = copies.find((u) => u.pathname.endsWith('softmax.ts') || u.pathname.endsWith('softmax.js'))!;
    writeFileSync(code, readFileSync(code, 'utf8').replace('epochs: 8', 'epochs: 9'));
    expect(modelKey(copies)).not.toBe(afterData);
  });

  it.each([
    ['a flipped byte', (b: Buffer) => { b[b.length - 9]! ^= 0x40; return b; }, 'damaged (digest does not match)'],
    ['a truncated file', (b: Buffer) => b.subarray(0, b.length - 100), 'damaged (digest does not match)'],
    ['an empty file', () => Buffer.alloc(0), 'not a model file of this version'],
    ['another format', (b: Buffer) => Buffer.from(b.toString('latin1').replace('yizhan-nlu-model 1', 'yizhan-nlu-model 2'), 'latin1'), 'not a model file of this version'],
  ])('ignores %s and trains', (_, damage, reason) => {
    const file = cacheFile();
    loadOrTrain({ file, built: none, train: trainSmall });
    writeFileSync(file, damage(readFileSync(file)));
    trainSmall.mockClear();
    const l = log();
    expect(loadOrTrain({ file, built: none, train: trainSmall, log: l })).toBe(small);
    expect(trainSmall).toHaveBeenCalledTimes(1);
    expect(l.warn).toHaveBeenCalledWith({ file, reason }, 'NLU model cache not used: training again');
  });

  it('only costs the training when the file cannot be written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'yizhan-nlu-cache-'));
    writeFileSync(join(dir, 'not-a-folder'), '');
    const file = join(dir, 'not-a-folder', 'model');
    const l = log();
    expect(loadOrTrain({ file, built: none, train: trainSmall, log: l })).toBe(small);
    expect(l.warn).toHaveBeenCalledWith(expect.objectContaining({ file }), 'NLU model cache not written: the next start trains again');
  });
});

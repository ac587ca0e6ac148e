import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { removeStaleRuns } from './run-tmp.js';
import { sharedTmpdir } from './temp-folders.js';

describe("a test run's temporary folder", () => {
  it('is where the tests make their files, inside the shared temporary folder, so that it goes at the end', () => {
    expect(tmpdir()).toMatch(/[/\\]yizhan-run-\d+-[^/\\]+$/);
    expect(tmpdir().startsWith(sharedTmpdir())).toBe(true);
    expect(tmpdir()).not.toBe(sharedTmpdir());
  });

  it("of a run that was killed is removed by the next run; a running one's is kept", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'runs-'));
    const dead = join(dir, 'yizhan-run-999999999-abc');
    const live = join(dir, `yizhan-run-${process.pid}-def`);
    mkdirSync(join(dead, 'yizhan-cell-x'), { recursive: true });
    mkdirSync(live);
    expect(await removeStaleRuns(dir)).toEqual([dead]);
    expect(existsSync(dead)).toBe(false);
    expect(existsSync(live)).toBe(true);
    rmSync(dir, { recursive: true, force: true });
  });
});

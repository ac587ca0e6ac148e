/**
 * The real entry point (`node dist/main.js`, as the image runs it) in a child process, when the database
 * cannot be created (SQLite) or reached (PostgreSQL): it must say so and exit 1, not hang. Each run is killed after a deadline so a
 * hanging start fails the test instead of spinning on.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';

const DEADLINE_MS = 20_000;

/** Starts the bot with `env` and resolves with its exit code (null when it had to be killed) and stderr. */
function start(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['dist/main.js'], {
      env: { ...process.env, TELEGRAM_API_ROOT: 'http://127.0.0.1:9', LOG_LEVEL: 'silent', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const killer = setTimeout(() => child.kill('SIGKILL'), DEADLINE_MS);
    child.on('close', (code) => {
      clearTimeout(killer);
      resolve({ code, stderr });
    });
  });
}

describe('a database path that cannot be created', () => {
  it('under /proc (where mkdir -p spins forever): exits 1 naming the path and the setting', async () => {
    const r = await start({ TELEGRAM_BOT_TOKEN: '1:test', YIZHAN_DB: '/proc/yizhan-nowhere/db/y.db' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('/proc/yizhan-nowhere/db/y.db');
    expect(r.stderr).toContain('YIZHAN_DB');
    expect(r.stderr).toContain('无法');
    expect(r.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
  });

  it('below a file: exits 1 with the same message and the reason', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'yizhan-start-')), 'a-file');
    writeFileSync(file, 'not a folder');
    const r = await start({ TELEGRAM_BOT_TOKEN: '1:test', YIZHAN_DB: join(file, 'y.db') });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(join(file, 'y.db'));
    expect(r.stderr).toContain('ENOTDIR');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('a data key that cannot be used', () => {
  it('stops the start, naming YIZHAN_DATA_KEY and what is wrong, before anything is written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'yizhan-key-'));
    const r = await start({ TELEGRAM_BOT_TOKEN: '1:test', YIZHAN_DB: join(dir, 'y.db'), YIZHAN_DATA_KEY: 'c2hvcnQ=' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('YIZHAN_DATA_KEY: key 1 is not 32 bytes in base64 (make one with: openssl rand -base64 32)');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('a PostgreSQL database that cannot be used (DATABASE_URL)', () => {
  const key = randomBytes(32).toString('base64');

  it('no server at the address: exits 1 saying so in both languages, naming the host but not the password', async () => {
    const r = await start({ TELEGRAM_BOT_TOKEN: '1:test', DATABASE_URL: 'postgres://yz:s3cret-pw@127.0.0.1:9/campus', YIZHAN_DATA_KEY: key });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('无法连接或迁移 PostgreSQL 数据库 yz@127.0.0.1:9/campus（ECONNREFUSED');
    expect(r.stderr).toContain('Cannot connect to or migrate the PostgreSQL database yz@127.0.0.1:9/campus (ECONNREFUSED');
    expect(r.stderr).not.toContain('s3cret-pw');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a server that refuses the password, or has no such database: exits 1 with its reason, never the password', async () => {
    const server = new URL(inject('pgUrl'));
    const wrongPassword = new URL(server);
    wrongPassword.password = 'not-the-password';
    const noDatabase = new URL(server);
    noDatabase.pathname = '/no_such_campus';
    const [refused, missing] = await Promise.all([wrongPassword, noDatabase].map((url) => start({ TELEGRAM_BOT_TOKEN: '1:test', DATABASE_URL: url.toString(), YIZHAN_DATA_KEY: key })));
    expect(refused!.code).toBe(1);
    expect(refused!.stderr).toContain(`PostgreSQL database ${server.username}@${server.hostname}:${server.port}/postgres (28P01`);
    expect(refused!.stderr).not.toContain('not-the-password');
    expect(missing!.code).toBe(1);
    expect(missing!.stderr).toContain(`${server.username}@${server.hostname}:${server.port}/no_such_campus (3D000`);
    expect(missing!.stderr).not.toContain(server.password);
  });
});

/**
 * The real process (`npx tsx src/main.ts` with TELEGRAM_BOT_TOKEN) against the fake Bot API:
 * health check, graceful stop on SIGTERM, and SIGKILL in the middle of work followed by a restart:
 * no update lost, none applied twice.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../fakes/free-port.js';
import { startFakeTelegram, user, type FakeTelegram } from '../fakes/telegram-api.js';

const admin = user({ id: 2001, first_name: '管理员', username: 'campus_admin', language_code: 'zh-hans' });
let fake: FakeTelegram | undefined;
const children: ChildProcess[] = [];

/** npx does not pass signals on, so signals go to the whole process group (npx, tsx, node). */
const signalAll = (bot: Bot, signal: NodeJS.Signals) => process.kill(-bot.child.pid!, signal);

afterEach(async () => {
  for (const c of children.splice(0)) {
    try {
      process.kill(-c.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  await fake?.close();
  fake = undefined;
});

/** A temp folder with a config whose admins include telegram:2001. */
function setup(): { dir: string; config: string; db: string } {
  const dir = mkdtempSync(join(tmpdir(), 'yizhan-proc-'));
  const yaml = readFileSync('config/default.yaml', 'utf8').replace(/^admins:\n/m, `admins:\n  - telegram:${admin.id}\n`);
  const config = join(dir, 'campus.yaml');
  writeFileSync(config, yaml);
  return { dir, config, db: join(dir, 'bot.db') };
}

interface Bot {
  child: ChildProcess;
  stderr: string[];
  /** Resolves when every process of the group closed its stderr (all have exited). */
  exited: Promise<void>;
  healthPort: number;
}

async function startBot(env: { config: string; db: string }): Promise<Bot> {
  const healthPort = await freePort();
  const child = spawn('npx', ['tsx', 'src/main.ts'], {
    env: {
      ...process.env, TELEGRAM_BOT_TOKEN: fake!.token, TELEGRAM_API_ROOT: fake!.apiRoot, YIZHAN_DB: env.db,
      YIZHAN_CONFIG: env.config, HEALTH_PORT: String(healthPort), LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  children.push(child);
  const stderr: string[] = [];
  child.stderr!.on('data', (d: Buffer) => stderr.push(d.toString()));
  const exited = new Promise<void>((r) => child.stderr!.once('close', () => r()));
  const bot = { child, stderr, exited, healthPort };
  await until(async () => (await health(bot)) === 200, 20_000, () => stderr.join(''));
  return bot;
}

async function health(bot: Bot): Promise<number> {
  return fetch(`http://127.0.0.1:${bot.healthPort}/healthz`).then((r) => r.status, () => 0);
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, why: () => string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out\n${why()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const query = <T,>(db: string, sql: string): T[] => {
  const conn = new Database(db, { readonly: true });
  try {
    return conn.prepare(sql).all() as T[];
  } finally {
    conn.close();
  }
};

describe('the bot process on Telegram', () => {
  it('answers, reports health, and stops cleanly on SIGTERM', async () => {
    fake = await startFakeTelegram();
    const env = setup();
    const bot = await startBot(env);
    fake.userSends({ from: admin, text: '/start' });
    await fake.waitFor((r) => r.chatId === admin.id, 10_000);
    expect(fake.calls.some((c) => c.method === 'deleteWebhook')).toBe(true);
    await fake.waitForCall((c) => c.method === 'setMyCommands', 5000);
    signalAll(bot, 'SIGTERM');
    await bot.exited;
    expect(bot.stderr.join('')).toMatch(/"msg":"shutting down".*"msg":"stopped"/s);
    expect(await health(bot)).toBe(0);
  });

  it('loses no update and applies none twice when killed with SIGKILL mid-work and restarted', async () => {
    fake = await startFakeTelegram();
    const env = setup();
    let bot = await startBot(env);
    const invites = 8;
    const students = Array.from({ length: 12 }, (_, i) => user({ id: 7000 + i, language_code: i % 2 ? 'en' : 'zh-hans' }));
    const updates = [
      ...Array.from({ length: invites }, () => fake!.userSends({ from: admin, text: '/invite staff logistics' })),
      ...students.map((s) => fake!.userSends({ from: s, text: '/start' })),
    ];
    // One message a second to a chat: the admin's invites are still being worked through when it dies.
    await fake.waitFor((r) => r.chatId === admin.id && /邀请码/.test(r.text ?? ''), 10_000);
    await fake.waitFor((r) => r.chatId === admin.id && r.seq > 0 && fake!.messagesTo(admin.id).length >= 2, 10_000);
    signalAll(bot, 'SIGKILL');
    await bot.exited;
    const atKill = {
      codes: query<{ n: number }>(env.db, 'select count(*) as n from join_codes')[0]!.n,
      pending: query<{ n: number }>(env.db, `select count(*) as n from telegram_inbox where status = 'pending'`)[0]!.n,
      confirmed: fake.confirmedUpTo,
    };
    expect(atKill.codes).toBeLessThan(invites);
    expect(atKill.pending).toBeGreaterThan(0);
    // Everything Telegram considers confirmed was in SQLite when the process died.
    const stored = new Set(query<{ id: number }>(env.db, 'select update_id as id from telegram_inbox').map((r) => r.id));
    expect(updates.filter((u) => u.update_id <= atKill.confirmed && !stored.has(u.update_id))).toEqual([]);

    bot = await startBot(env);
    await until(() => query<{ n: number }>(env.db, `select count(*) as n from telegram_inbox where status <> 'done'`)[0]!.n === 0
      && query<{ n: number }>(env.db, 'select count(*) as n from telegram_inbox')[0]!.n === updates.length, 30_000, () => bot.stderr.join(''));
    await until(() => fake!.messagesTo(admin.id).length >= invites - 1, 15_000, () => fake!.dump());

    expect(query(env.db, 'select count(*) as n from join_codes')).toEqual([{ n: invites }]); // each invite once
    expect(query(env.db, `select count(*) as n from identities where platform = 'telegram'`)).toEqual([{ n: students.length + 1 }]);
    expect(query(env.db, 'select count(*) as n from processed_updates')).toEqual([{ n: updates.length }]);
    const codes = fake.messagesTo(admin.id).map((r) => /邀请码：(\w+)/.exec(r.text ?? '')?.[1]);
    expect(new Set(codes).size).toBe(codes.length); // no reply sent twice
    expect(codes.length).toBeGreaterThanOrEqual(invites - 1); // at most the one in flight at the kill went unsent
    for (const s of students) expect(fake.messagesTo(s.id).length).toBeLessThanOrEqual(1);
    signalAll(bot, 'SIGTERM');
    await bot.exited;
    expect(bot.stderr.join('')).toContain('"msg":"stopped"');
  });
});

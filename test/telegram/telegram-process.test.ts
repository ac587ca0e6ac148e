/**
 * The real process, started exactly as the Docker image's CMD starts it (`node dist/main.js` with
 * TELEGRAM_BOT_TOKEN; test/global-setup.ts builds dist/ first), against the fake Bot API: health
 * check, a clean stop on SIGTERM and SIGINT in the middle of a burst, and SIGKILL in the middle of
 * work followed by a restart: no update lost, none applied twice, no reply lost
 * (test/crash/replies-crash.test.ts kills it ten times).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Update } from 'grammy/types';
import { afterEach, describe, expect, it } from 'vitest';
import { expectNothingLostOrTwice, health, killAll, spawnBot, untilHealthy, type Bot, type BotEnv } from '../bot-process.js';
import { startFakeTelegram, user, type FakeTelegram } from '../fakes/telegram-api.js';
import { until } from '../until.js';

const admin = user({ id: 2001, first_name: '管理员', username: 'campus_admin', language_code: 'zh-hans' });
let fake: FakeTelegram | undefined;
afterEach(async () => {
  killAll();
  await fake?.close();
  fake = undefined;
});

/** A temp folder with a config whose admins include telegram:2001, and the given flush bound. */
function setup(flushSeconds = 10, perSecond = 30): { dir: string; config: string; db: string } {
  const dir = mkdtempSync(join(tmpdir(), 'yizhan-proc-'));
  const yaml = readFileSync('config/default.yaml', 'utf8')
    .replace(/^admins:\n/m, `admins:\n  - telegram:${admin.id}\n`)
    .replace(/^shutdown: .*$/m, `shutdown: { flush_seconds: ${flushSeconds} }`)
    .replace(/^telegram:\n/m, `telegram:\n  messages_per_second: ${perSecond}\n`);
  const config = join(dir, 'campus.yaml');
  writeFileSync(config, yaml);
  return { dir, config, db: join(dir, 'bot.db') };
}

/** Starts the bot on the fake Bot API; resolves once /healthz says ok. */
async function startBot(env: BotEnv): Promise<Bot> {
  const bot = await spawnBot(env, { TELEGRAM_BOT_TOKEN: fake!.token, TELEGRAM_API_ROOT: fake!.apiRoot });
  await untilHealthy(bot, 20_000);
  return bot;
}

const query = <T,>(db: string, sql: string): T[] => {
  const conn = new Database(db, { readonly: true });
  try {
    return conn.prepare(sql).all() as T[];
  } finally {
    conn.close();
  }
};
const count = (db: string, sql: string) => query<{ n: number }>(db, sql)[0]!.n;
const logLines = (bot: Bot) => bot.stderr.join('').split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { msg: string; [k: string]: unknown });

describe('the bot process on Telegram', () => {
  it('answers, reports health, and stops cleanly on SIGTERM', async () => {
    fake = await startFakeTelegram();
    const env = setup();
    const bot = await startBot(env);
    fake.userSends({ from: admin, text: '/start' });
    await fake.waitFor((r) => r.chatId === admin.id, 10_000);
    expect(fake.calls.some((c) => c.method === 'deleteWebhook')).toBe(true);
    await fake.waitForCall((c) => c.method === 'setMyCommands', 5000);
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toEqual({ code: 0, signal: null });
    expect(bot.stderr.join('')).toMatch(/"msg":"shutting down".*"msg":"stopped"/s);
    expect((await health(bot)).status).toBe(0);
  });

  it.each(['SIGTERM', 'SIGINT'] as const)('on %s in the middle of a burst: stops receiving, sends every reply it owes within the bound, exits 0', async (signal) => {
    fake = await startFakeTelegram();
    const env = setup(20);
    let bot = await startBot(env);
    // 120 people at once (Telegram lets a bot send 30 messages a second: about 4 s of replies),
    // and an admin whose chat gets one message a second.
    const students = Array.from({ length: 120 }, (_, i) => user({ id: 8000 + i, language_code: i % 2 ? 'en' : 'zh-hans' }));
    const sent = new Map<number, Update>(students.map((s) => [s.id, fake!.userSends({ from: s, text: '/start' })]));
    const invites = Array.from({ length: 4 }, () => fake!.userSends({ from: admin, text: '/invite staff logistics' }));
    await fake.waitFor((r) => r.seq >= 20, 20_000);
    bot.child.kill(signal);
    const atSignal = fake.sent.length;
    expect(await bot.exited).toEqual({ code: 0, signal: null });

    const log = logLines(bot);
    expect(log.filter((l) => ['shutting down', 'stopped'].includes(l.msg))).toEqual([
      expect.objectContaining({ msg: 'shutting down', signal }),
      expect.objectContaining({ msg: 'stopped', flushed: true }),
    ]);
    expect(atSignal).toBeLessThan(students.length + invites.length); // it was stopped mid-burst (replies still owed)
    const done = new Set(query<{ id: number }>(env.db, `select update_id as id from telegram_inbox where status = 'done'`).map((r) => r.id));
    for (const s of students) expect(fake.messagesTo(s.id)).toHaveLength(done.has(sent.get(s.id)!.update_id) ? 1 : 0); // no reply owed is lost
    expect(fake.messagesTo(admin.id)).toHaveLength(invites.filter((u) => done.has(u.update_id)).length);

    // What was not handled yet is handled at the next start, and nobody is answered twice.
    bot = await startBot(env);
    await until(() => students.every((s) => fake!.messagesTo(s.id).length === 1) && fake!.messagesTo(admin.id).length === invites.length, 30_000, () => fake!.dump());
    expect(count(env.db, `select count(*) as n from telegram_inbox where status <> 'done'`)).toBe(0);
    expect(count(env.db, 'select count(*) as n from join_codes')).toBe(invites.length);
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toEqual({ code: 0, signal: null });
  });

  it('stops at the flush bound when it owes more than the bound allows, says so, and exits 0', { timeout: 60_000 }, async () => {
    fake = await startFakeTelegram();
    const env = setup(0.5, 1);
    const bot = await startBot(env);
    const students = Array.from({ length: 40 }, (_, i) => user({ id: 8000 + i }));
    for (const s of students) fake.userSends({ from: s, text: '/start' });
    // Every update handled, their replies owed: at one message a second, however slowly a loaded box
    // handled the 40 (at 10 a second it could send them as fast as it handled them), most are still owed.
    await until(() => count(env.db, `select count(*) as n from telegram_inbox where status = 'done'`) === students.length, 40_000, () => bot.stderr.join(''));
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toEqual({ code: 0, signal: null });
    const log = logLines(bot);
    expect(log.find((l) => l.msg.startsWith('flush bound reached'))).toMatchObject({ flushSeconds: 0.5 });
    expect(log.find((l) => l.msg === 'stopped')).toMatchObject({ flushed: false });
    expect(fake.sent.length).toBeLessThan(students.length);
  });

  it('loses no update and no reply, and applies none twice, when killed with SIGKILL mid-work and restarted', { timeout: 60_000 }, async () => {
    fake = await startFakeTelegram();
    const env = setup();
    let bot = await startBot(env);
    const invites = 8;
    const students = Array.from({ length: 12 }, (_, i) => user({ id: 7000 + i, language_code: i % 2 ? 'en' : 'zh-hans' }));
    const updates = [
      ...Array.from({ length: invites }, () => fake!.userSends({ from: admin, text: '/invite staff logistics' })),
      ...students.map((s) => fake!.userSends({ from: s, text: '/start' })),
    ];
    // One message a second to a chat: the replies to the admin's invites are still owed when it dies
    // (handling does not wait for its replies: they are outbox rows, sent after the commit).
    await fake.waitFor((r) => r.chatId === admin.id && /邀请码/.test(r.text ?? ''), 10_000);
    await fake.waitFor((r) => r.chatId === admin.id && r.seq > 0 && fake!.messagesTo(admin.id).length >= 2, 10_000);
    bot.child.kill('SIGKILL');
    await bot.exited;
    const atKill = {
      owed: count(env.db, `select count(*) as n from outbox where status in ('pending', 'sending')`),
      sending: count(env.db, `select count(*) as n from outbox where status = 'sending'`),
      confirmed: fake.confirmedUpTo,
    };
    expect(atKill.owed).toBeGreaterThan(0);
    // Everything Telegram considers confirmed was in SQLite when the process died.
    const stored = new Set(query<{ id: number }>(env.db, 'select update_id as id from telegram_inbox').map((r) => r.id));
    expect(updates.filter((u) => u.update_id <= atKill.confirmed && !stored.has(u.update_id))).toEqual([]);

    bot = await startBot(env);
    await until(() => count(env.db, `select count(*) as n from telegram_inbox where status <> 'done'`) === 0
      && count(env.db, 'select count(*) as n from telegram_inbox') === updates.length
      && count(env.db, `select count(*) as n from outbox where status in ('pending', 'sending')`) === 0, 30_000, () => bot.stderr.join(''));

    expect(query(env.db, `select count(*) as n from identities where platform = 'telegram'`)).toEqual([{ n: students.length + 1 }]);
    expectNothingLostOrTwice({ fake, count: (sql) => count(env.db, sql), adminId: admin.id, studentIds: students.map((s) => s.id), invites, updates: updates.length, sendingAtKill: atKill.sending });
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toEqual({ code: 0, signal: null });
    expect(bot.stderr.join('')).toContain('"msg":"stopped"');
  });
});

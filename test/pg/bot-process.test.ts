/**
 * The real process on PostgreSQL: `node dist/main.js` (what `npm start` and the image run) with
 * DATABASE_URL and YIZHAN_DATA_KEY, on the fake Bot API. It migrates an empty database, reports the
 * store on /healthz, answers, and after a stop (SIGTERM, or SIGKILL in the middle of work) and a
 * restart has lost nothing and applied nothing twice. No SQLite file is made at YIZHAN_DB.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { expectNothingLostOrTwice, health, killAll, spawnBot, untilHealthy, type Bot } from '../bot-process.js';
import { startFakeTelegram, user, type FakeTelegram } from '../fakes/telegram-api.js';
import { until } from '../until.js';
import { freshPgDatabase } from './db.js';
import { pgQuerySync } from './query.js';

const admin = user({ id: 2001, first_name: '管理员', username: 'campus_admin', language_code: 'zh-hans' });
let fake: FakeTelegram | undefined;
afterEach(async () => {
  killAll();
  await fake?.close();
  fake = undefined;
});

interface Campus { dir: string; config: string; db: string; url: string; key: string }

/** A config whose admins include telegram:2001, an empty PostgreSQL database and a data key. */
async function campus(): Promise<Campus> {
  const dir = mkdtempSync(join(tmpdir(), 'yizhan-pgproc-'));
  const config = join(dir, 'campus.yaml');
  writeFileSync(config, readFileSync('config/default.yaml', 'utf8').replace(/^admins:\n/m, `admins:\n  - telegram:${admin.id}\n`));
  return { dir, config, db: join(dir, 'bot.db'), url: await freshPgDatabase(), key: randomBytes(32).toString('base64') };
}

/** Starts the bot on the fake Bot API and the campus's PostgreSQL; resolves once /healthz says ok. */
async function startBot(c: Campus): Promise<Bot> {
  const bot = await spawnBot(c, { TELEGRAM_BOT_TOKEN: fake!.token, TELEGRAM_API_ROOT: fake!.apiRoot, DATABASE_URL: c.url, YIZHAN_DATA_KEY: c.key });
  await untilHealthy(bot);
  return bot;
}

const count = (c: Campus, sql: string): number => Number(pgQuerySync<{ n: number }>(c.url, sql, [])[0]!.n);

describe('the bot process on PostgreSQL (DATABASE_URL)', () => {
  it('starts on an empty database, reports the store, answers, and after SIGTERM and a restart has everything and handles what came meanwhile', { timeout: 90_000 }, async () => {
    fake = await startFakeTelegram();
    const c = await campus();
    let bot = await startBot(c);
    expect(await health(bot)).toEqual({ status: 200, body: { ok: true, store: { kind: 'postgres', ok: true }, platforms: { telegram: true } } });
    const student = user({ id: 7001, language_code: 'zh-hans' });
    fake.userSends({ from: admin, text: '/invite staff logistics' });
    fake.userSends({ from: student, text: '/lang en' });
    await until(() => fake!.messagesTo(admin.id).length === 1 && fake!.messagesTo(student.id).length === 1, 20_000, () => fake!.dump());
    expect(fake.messagesTo(admin.id)[0]!.text).toMatch(/邀请码/);
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toEqual({ code: 0, signal: null });

    const meanwhile = fake.userSends({ from: student, text: '/whoami' }); // while no instance runs
    bot = await startBot(c);
    await until(() => fake!.messagesTo(student.id).length === 2, 20_000, () => fake!.dump());
    expect(fake.messagesTo(student.id)[1]!.text).toMatch(/member #/); // answered in English: the choice survived the restart
    expect(fake.messagesTo(admin.id)).toHaveLength(1); // nothing handled twice
    expect(count(c, 'select count(*) as n from join_codes')).toBe(1);
    expect(count(c, `select count(*) as n from telegram_inbox where status <> 'done'`)).toBe(0);
    expect(count(c, 'select count(*) as n from processed_updates')).toBe(3);
    expect(pgQuerySync(c.url, 'select count(*) as n from processed_updates where update_id = ?', [meanwhile.update_id])).toEqual([{ n: 1 }]);
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toEqual({ code: 0, signal: null });
    expect(existsSync(c.db)).toBe(false); // no SQLite database beside the PostgreSQL one
    expect(existsSync(`${c.db}.key`)).toBe(false); // the key is YIZHAN_DATA_KEY's, not a file made here
  });

  it('loses no update and no reply, and applies none twice, when killed with SIGKILL mid-work and restarted', { timeout: 90_000 }, async () => {
    fake = await startFakeTelegram();
    const c = await campus();
    let bot = await startBot(c);
    const invites = 6;
    const students = Array.from({ length: 12 }, (_, i) => user({ id: 7100 + i, language_code: i % 2 ? 'en' : 'zh-hans' }));
    const updates = [
      ...Array.from({ length: invites }, () => fake!.userSends({ from: admin, text: '/invite staff logistics' })),
      ...students.map((s) => fake!.userSends({ from: s, text: '/start' })),
    ];
    // One message a second to a chat: the replies to the admin's invites are still owed when it dies.
    await fake.waitFor((r) => r.chatId === admin.id && fake!.messagesTo(admin.id).length >= 2, 20_000);
    bot.child.kill('SIGKILL');
    await bot.exited;
    const sendingAtKill = count(c, `select count(*) as n from outbox where status = 'sending'`);

    bot = await startBot(c);
    await until(() => count(c, `select count(*) as n from telegram_inbox where status <> 'done'`) === 0
      && count(c, 'select count(*) as n from telegram_inbox') === updates.length
      && count(c, `select count(*) as n from outbox where status in ('pending', 'sending')`) === 0, 40_000, () => bot.stderr.join(''));
    expectNothingLostOrTwice({ fake, count: (sql) => count(c, sql), adminId: admin.id, studentIds: students.map((s) => s.id), invites, updates: updates.length, sendingAtKill });
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toEqual({ code: 0, signal: null });
  });
});

/**
 * Two bot processes (`node dist/main.js`) on one PostgreSQL and one fake Discord (issue 18, point
 * 5): only one holds the gateway session; a DM and a slash command are each answered once; the
 * holder SIGKILLed, the other connects within the lease's time (15 s), catches up on the DM sent
 * meanwhile and answers it once; the fake never saw two sessions at once.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord-api.js';
import { health, killAll, logLines, spawnBot, type Bot } from '../discord/process.js';
import { until } from '../until.js';
import { freshPgDatabase } from './db.js';
import { pgQuerySync } from './query.js';

let fake: FakeDiscord | undefined;

afterEach(async () => {
  killAll();
  await fake?.close();
  fake = undefined;
});

async function campus() {
  const dir = mkdtempSync(join(tmpdir(), 'yizhan-dpg-'));
  const config = join(dir, 'campus.yaml');
  writeFileSync(config, readFileSync('config/default.yaml', 'utf8'));
  return { config, db: join(dir, 'bot.db'), url: await freshPgDatabase(), key: randomBytes(32).toString('base64') };
}

async function start(c: Awaited<ReturnType<typeof campus>>): Promise<Bot> {
  const bot = await spawnBot({ config: c.config, db: c.db }, {
    DISCORD_TOKEN: fake!.token, DISCORD_APPLICATION_ID: fake!.applicationId, DISCORD_API_ROOT: fake!.apiRoot, DATABASE_URL: c.url, YIZHAN_DATA_KEY: c.key,
  });
  await until(async () => (await health(bot)).status === 200, 30_000, () => bot.stderr.join(''));
  return bot;
}

const leads = (bot: Bot) => logLines(bot).filter((l) => l.role === 'discord.gateway' && /leading this role now/.test(l.msg)).length > 0;

describe('two bot processes on one PostgreSQL with Discord', () => {
  it('one gateway session; each event answered once; the holder SIGKILLed, the other connects, catches up and answers once', { timeout: 120_000 }, async () => {
    fake = await startFakeDiscord();
    const { guild, channels } = fake.addGuild({ name: '一站 Campus', channels: ['general'] });
    const lihua = fake.addUser({ username: 'lihua', globalName: '李华', guilds: [guild.id], locale: 'zh-CN' });
    const c = await campus();
    const a = await start(c);
    const b = await start(c);
    await until(() => fake!.gateway.connected === 1, 10_000);
    expect([leads(a), leads(b)]).toEqual([true, false]);
    const dm = fake.dmChannelId(lihua.id);
    fake.userSends({ from: lihua, content: '/start' });
    const help = fake.userRunsCommand({ from: lihua, name: 'help', channel: channels[0]!.id });
    await until(() => fake!.botMessagesIn(dm).length === 1 && fake!.botMessagesIn(channels[0]!.id).length === 1, 20_000, () => fake!.dump());
    expect(fake.interaction(help.id).callbacks.map((x) => x.status)).toEqual([200]);

    a.child.kill('SIGKILL');
    await a.exited;
    fake.userSends({ from: lihua, content: '/whoami' }); // nobody is connected
    // The lease runs out (15 s), b's next ask (every 5 s) takes it: b logs in, catches up, answers (about 16 s measured).
    // Waited for by the inbox (three events done) and the DM together: a count of DM messages alone
    // could be reached by a message that is not /whoami's answer, and hide it.
    const inbox = () => pgQuerySync<{ status: string; n: number }>(c.url, `select status, count(*)::int as n from discord_inbox group by status order by status`, []);
    const seen = () => `${JSON.stringify(inbox())}\n${fake!.dump()}\n${b.stderr.join('').slice(-3000)}`;
    await until(() => fake!.botMessagesIn(dm).length >= 2 && JSON.stringify(inbox()) === JSON.stringify([{ status: 'done', n: 3 }]), 40_000, seen);
    expect(leads(b)).toBe(true);
    expect(fake.gateway.peakConnected).toBe(1);
    expect(fake.botMessagesIn(dm), seen()).toHaveLength(2);
  });
});

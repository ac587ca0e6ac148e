/**
 * The real process (`node dist/main.js`, the esbuild bundle the image runs, discord.js inside it)
 * on Discord and Telegram at once, against the fake Discord and the fake Bot API: one database,
 * one scheduler and outbox; `/healthz` reports each platform; slash commands are registered at
 * start; a DM sent while the bot was offline is answered once after the restart (Discord does not
 * replay it: the catch-up fetches it); SIGTERM stops both platforms cleanly.
 */
import type { APIUser } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord-api.js';
import { startFakeTelegram, user, type FakeTelegram } from '../fakes/telegram-api.js';
import { until } from '../until.js';
import { health, killAll, logLines, query, setup, spawnBot, startBot as start, stopBot, type BotEnv } from './process.js';

let discord: FakeDiscord | undefined;
let telegram: FakeTelegram | undefined;

afterEach(async () => {
  killAll();
  await discord?.close();
  await telegram?.close();
  discord = telegram = undefined;
});

const startBot = (env: BotEnv, platforms: { telegram?: boolean } = {}) => start(env, discord!, platforms.telegram ? telegram : undefined);

function discordWorld(): { lihua: APIUser; general: string } {
  const { guild, channels } = discord!.addGuild({ name: '一站 Campus', channels: ['general'] });
  const lihua = discord!.addUser({ username: 'lihua', globalName: '李华', guilds: [guild.id], locale: 'zh-CN' });
  return { lihua, general: channels[0]!.id };
}

describe('the bot process on Discord', () => {
  it('runs Discord and Telegram side by side: both answered, health per platform, commands registered, SIGTERM stops both', async () => {
    discord = await startFakeDiscord();
    telegram = await startFakeTelegram();
    const { lihua } = discordWorld();
    const amy = user({ id: 3001, first_name: 'Amy', language_code: 'en' });
    const env = setup();
    const bot = await startBot(env, { telegram: true });
    expect((await health(bot)).body).toEqual({ ok: true, store: { kind: 'sqlite', ok: true }, platforms: { telegram: true, discord: true } });
    expect(discord.requestsTo('PUT /applications/:app/guilds/:guild/commands')).toHaveLength(1);

    discord.userSends({ from: lihua, content: '/start' });
    telegram.userSends({ from: amy, text: '/start' });
    const dm = discord.dmChannelId(lihua.id);
    await discord.waitFor((r) => r.kind === 'create' && r.channelId === dm, 15_000);
    await telegram.waitFor((r) => r.chatId === amy.id, 15_000);
    expect(query(env.db, 'select platform, count(*) as n from identities group by platform order by platform')).toEqual([
      { platform: 'discord', n: 1 }, { platform: 'telegram', n: 1 },
    ]);

    bot.child.kill('SIGTERM');
    expect(await bot.exited).toEqual({ code: 0, signal: null });
    expect(logLines(bot).filter((l) => ['shutting down', 'stopped'].includes(l.msg))).toEqual([
      expect.objectContaining({ msg: 'shutting down', signal: 'SIGTERM' }),
      expect.objectContaining({ msg: 'stopped', flushed: true }),
    ]);
    expect(query(env.db, `select status, count(*) as n from discord_inbox group by status`)).toEqual([{ status: 'done', n: 1 }]);
  });

  it('does not start without the application id (saying where to find it), nor with a token Discord refuses', async () => {
    discord = await startFakeDiscord();
    const env = setup();
    const noId = await spawnBot(env, { DISCORD_TOKEN: discord.token, DISCORD_API_ROOT: discord.apiRoot });
    expect(await noId.exited).toEqual({ code: 1, signal: null });
    expect(noId.stderr.join('')).toContain('DISCORD_APPLICATION_ID is missing (Discord developer portal → your application → General Information → Application ID)');
    const refused = await spawnBot(env, { DISCORD_TOKEN: 'MTIz.not.valid', DISCORD_APPLICATION_ID: discord.applicationId, DISCORD_API_ROOT: discord.apiRoot });
    expect(await refused.exited).toEqual({ code: 1, signal: null });
    expect(logLines(refused).map((l) => l.msg)).toContain('cannot reach a platform or its token was refused');
  });

  it('links a Telegram and a Discord account end to end: both confirm, they are one member, the Discord ticket reads on Telegram', { timeout: 60_000 }, async () => {
    discord = await startFakeDiscord();
    telegram = await startFakeTelegram();
    const { lihua } = discordWorld();
    const lihuaTg = user({ id: 1001, first_name: '李华', language_code: 'zh-hans' });
    const env = setup();
    const bot = await startBot(env, { telegram: true });
    const dm = discord.dmChannelId(lihua.id);
    const inDm = (text: RegExp) => discord!.waitUntil(() => discord!.botMessagesIn(dm).find((m) => text.test(m.content)), 20_000);
    const onTelegram = (text: RegExp) => telegram!.waitFor((r) => r.chatId === lihuaTg.id && text.test(r.text ?? ''), 20_000);

    discord.userRunsCommand({ from: lihua, name: 'repair', options: { text: '3号楼502 热水器坏了' } });
    discord.userClicks({ from: lihua, message: await inDm(/^请确认要提交的内容/), label: '确认提交' });
    await inDm(/^已提交！单号 T-1/);

    telegram.userSends({ from: lihuaTg, text: '/link' });
    const code = /关联码：([A-Z0-9]{6})/.exec((await onTelegram(/关联码/)).text!)![1]!;
    discord.userRunsCommand({ from: lihua, name: 'link', options: { text: code } }); // a DM-only command: registered globally for DMs
    discord.userClicks({ from: lihua, message: await inDm(/^要把这些账号关联为同一个人吗？/), label: '确认关联' });
    await onTelegram(/^有账号输入了你的关联码/);
    telegram.userPressesButton({ from: lihuaTg, label: '确认关联' });
    await onTelegram(/^关联完成/);
    await inDm(/^(关联完成|已确认)/);

    telegram.userSends({ from: lihuaTg, text: '/status T-1' });
    await onTelegram(/^T-1 · 报修/);
    expect(query(env.db, 'select platform, member_id from identities order by platform')).toEqual([
      { platform: 'discord', member_id: expect.any(Number) }, { platform: 'telegram', member_id: expect.any(Number) },
    ]);
    expect(query(env.db, 'select count(distinct member_id) as n from identities')).toEqual([{ n: 1 }]);
    expect(query(env.db, 'select count(*) as n from tickets t join identities i on i.member_id = t.reporter_id')).toEqual([{ n: 2 }]);
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toEqual({ code: 0, signal: null });
  });

  it('answers once, after a restart, a DM sent while it was offline', async () => {
    discord = await startFakeDiscord();
    const { lihua } = discordWorld();
    const env = setup();
    let bot = await startBot(env);
    const dm = discord.dmChannelId(lihua.id);
    discord.userSends({ from: lihua, content: '/start' });
    await discord.waitFor((r) => r.kind === 'create' && r.channelId === dm, 15_000);
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toEqual({ code: 0, signal: null });

    const offline = discord.userSends({ from: lihua, content: '/whoami' }); // nobody is connected: Discord keeps it in the history only
    bot = await startBot(env);
    await until(() => discord!.botMessagesIn(dm).length === 2, 15_000, () => discord!.dump());
    expect(discord.botMessagesIn(dm).at(-1)!.content).toMatch(/李华/);
    expect(query(env.db, `select count(*) as n from processed_updates where platform = 'discord' and update_id = '${offline.id}'`)).toEqual([{ n: 1 }]);

    bot.child.kill('SIGTERM');
    expect(await bot.exited).toEqual({ code: 0, signal: null });
    bot = await startBot(env); // a second restart fetches it again, and the inbox and the claim keep it from being answered twice
    await until(() => logLines(bot).some((l) => l.msg === 'discord: caught up'), 15_000, () => bot.stderr.join(''));
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toEqual({ code: 0, signal: null });
    expect(discord.botMessagesIn(dm)).toHaveLength(2);
  });

  it('catches up a mention in a bound staff channel sent while it was offline (the channel was bound by a slash command)', { timeout: 60_000 }, async () => {
    discord = await startFakeDiscord();
    const { guild, channels } = discord.addGuild({ name: '一站 Campus', channels: ['logistics'] });
    const logistics = channels[0]!.id;
    const admin = discord.addUser({ username: 'campus_admin', guilds: [guild.id], locale: 'zh-CN' });
    const wang = discord.addUser({ username: 'wang', guilds: [guild.id], locale: 'zh-CN' });
    const env = setup([`discord:${admin.id}`]);
    let bot = await startBot(env);
    discord.userRunsCommand({ from: admin, channel: logistics, name: 'bind', options: { as: 'staff', department: 'logistics' } });
    await discord.waitUntil(() => discord!.botMessagesIn(logistics)[0], 20_000);
    expect(await stopBot(bot)).toEqual({ code: 0, signal: null });

    const offline = discord.userSends({ from: wang, channel: logistics, content: '/whoami', mention: true });
    bot = await startBot(env);
    await discord.waitUntil(() => discord!.botMessagesIn(logistics)[1], 20_000);
    expect(query(env.db, `select count(*) as n from processed_updates where platform = 'discord' and update_id = '${offline.id}'`)).toEqual([{ n: 1 }]);
    expect(await stopBot(bot)).toEqual({ code: 0, signal: null });
  });

  it('loses no DM and answers none twice when killed with SIGKILL mid-burst and restarted (with DMs sent while it was down)', { timeout: 90_000 }, async () => {
    discord = await startFakeDiscord();
    const { guild } = discord.addGuild({ name: '一站 Campus', channels: ['general'] });
    const students = Array.from({ length: 12 }, (_, i) => discord!.addUser({ username: `s${i}`, globalName: `学生${i}`, guilds: [guild.id], locale: 'zh-CN' }));
    const dms = students.map((s) => discord!.dmChannelId(s.id));
    const answers = () => dms.map((c) => discord!.botMessagesIn(c).length);
    const env = setup();
    let bot = await startBot(env);
    for (const s of students) discord.userSends({ from: s, content: '/whoami' });
    await until(() => answers().every((n) => n === 1), 30_000, () => discord!.dump());

    // One message per DM per 4 s: the next answers wait in discord.js's queue, their rows `sending`, when the kill comes.
    discord.setRateLimits({ messageCreate: { limit: 1, windowMs: 4000 } });
    for (const s of students) discord.userSends({ from: s, content: '/whoami' });
    const sending = () => query<{ n: number }>(env.db, `select count(*) as n from outbox where status = 'sending'`)[0]!.n;
    await until(() => sending() >= 3, 30_000, () => discord!.dump());
    bot.child.kill('SIGKILL');
    await bot.exited;
    for (const s of students.slice(0, 3)) discord.userSends({ from: s, content: '/whoami' }); // while it is down

    bot = await startBot(env);
    const owed = students.map((_, i) => (i < 3 ? 3 : 2));
    await until(() => answers().every((n, i) => n >= owed[i]!), 30_000, () => discord!.dump());
    const unfinished = () => query<{ n: number }>(env.db, `select (select count(*) from outbox where status in ('pending', 'sending'))
      + (select count(*) from discord_inbox where status <> 'done') as n`)[0]!.n;
    await until(() => unfinished() === 0, 30_000);
    expect(await stopBot(bot)).toEqual({ code: 0, signal: null });
    expect(answers()).toEqual(owed);
    expect(query(env.db, `select count(*) as n from outbox where status <> 'sent'`)).toEqual([{ n: 0 }]);
    expect(query(env.db, `select count(*) as n from processed_updates where platform = 'discord'`)).toEqual([{ n: students.length * 2 + 3 }]);
  });
});

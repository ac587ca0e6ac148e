/**
 * The ticket loop on Discord through the real process (`node dist/main.js`, discord.js inside it)
 * against the fake Discord, without the Message Content intent: an admin binds a server channel
 * to logistics with a slash command, a student reports a repair in a DM (slash command, then a
 * button), the card lands in the staff channel (after the fake's REST answered 500 to it), staff
 * claim it with the card's button, reply and resolve with slash commands, the student reads both
 * in the DM and confirms and rates it with its buttons (the card is edited to closed); chatter in
 * a channel gets nothing and leaves no row, a mention gets an answer; a crisis message gets the
 * crisis answer in the crisis lane. A class poll in a bound channel: buttons, a
 * vote confirmed ephemerally to the voter, the counts edited into the poll's message.
 */
import type { APIMessage, APIUser } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord-api.js';
import { until } from '../until.js';
import { killAll, query, setup, startBot, stopBot } from './process.js';

let discord: FakeDiscord | undefined;

afterEach(async () => {
  killAll();
  await discord?.close();
  discord = undefined;
});

/** Waits for the bot's first message in `channel` whose text matches `text`, after `after` messages of the bot there. */
async function botSays(fake: FakeDiscord, channel: string, text: RegExp, after = 0): Promise<APIMessage> {
  return fake.waitUntil(() => fake.botMessagesIn(channel).slice(after).find((m) => text.test(m.content)), 20_000);
}

describe('tickets on Discord (the process)', () => {
  it('a repair from a DM reaches the bound staff channel, is claimed, answered and resolved there, and the student confirms and rates it', { timeout: 90_000 }, async () => {
    const fake = (discord = await startFakeDiscord());
    const { guild, channels } = fake.addGuild({ name: '一站 Campus', channels: ['general', 'logistics'] });
    const [general, logistics] = [channels[0]!.id, channels[1]!.id];
    const admin: APIUser = fake.addUser({ username: 'campus_admin', globalName: '管理员', guilds: [guild.id], locale: 'zh-CN' });
    const wang = fake.addUser({ username: 'wang', globalName: '王老师', guilds: [guild.id], locale: 'zh-CN' });
    const lihua = fake.addUser({ username: 'lihua', globalName: '李华', guilds: [guild.id], locale: 'zh-CN' });
    const env = setup([`discord:${admin.id}`]);
    const bot = await startBot(env, fake);
    const dm = fake.dmChannelId(lihua.id);

    // The admin binds the channel and makes wang staff of logistics (slash commands, in the server and in a DM).
    fake.userRunsCommand({ from: admin, channel: logistics, name: 'bind', options: { as: 'staff', department: 'logistics' } });
    await botSays(fake, logistics, /后勤保障处/);
    fake.userSends({ from: wang, content: '/start' });
    await botSays(fake, fake.dmChannelId(wang.id), /./);
    fake.userRunsCommand({ from: admin, name: 'grant', options: { text: 'staff logistics @wang' } });
    await botSays(fake, fake.dmChannelId(admin.id), /王老师/);

    // The student: /repair with its text in the DM, then the confirmation's button.
    fake.userRunsCommand({ from: lihua, name: 'repair', options: { text: '3号楼502 热水器坏了，没有热水' } });
    const confirm = await botSays(fake, dm, /^请确认要提交的内容/);
    // The card's create gets 500s (more than discord.js repeats by itself): the outbox tries it again.
    fake.inject({ route: 'POST /channels/:channel/messages', channelId: logistics, fault: { kind: 'serverError' }, times: 4 });
    fake.userClicks({ from: lihua, message: confirm, label: '确认提交' });
    await botSays(fake, dm, /^已提交！单号 T-1，由「后勤保障处」负责。/);
    const card = await botSays(fake, logistics, /T-1 · 报修 · 设施设备/);
    expect(fake.botMessagesIn(logistics).filter((m) => /T-1 · 报修/.test(m.content))).toHaveLength(1);
    const posts = fake.requestsTo('POST /channels/:channel/messages').filter((r) => r.path === `/channels/${logistics}/messages`);
    expect(posts.map((r) => r.status).slice(-5)).toEqual([500, 500, 500, 500, 200]);
    const cardRow = () => query(env.db, `select status, attempts from outbox where chat_id = '${logistics}' and kind = 'message'`);
    await until(() => cardRow()[0]?.status === 'sent', 20_000, () => JSON.stringify(cardRow()));
    expect(cardRow()).toEqual([{ status: 'sent', attempts: 2 }]);

    // Staff: the card's button, then /reply in the channel.
    const before = fake.botMessagesIn(dm).length;
    fake.userClicks({ from: wang, message: card, label: '认领' });
    await botSays(fake, dm, /T-1 已由「后勤保障处」工作人员受理/, before);
    await fake.waitUntil(() => (/处理人：王老师/.test(fake.botMessagesIn(logistics).find((m) => m.id === card.id)!.content) ? true : undefined), 20_000);
    fake.userRunsCommand({ from: wang, channel: logistics, name: 'reply', options: { text: 'T-1 明天上午师傅上门' } });
    await botSays(fake, dm, /^【T-1 · 后勤保障处】回复你：\n明天上午师傅上门/, before);
    expect(query(env.db, `select status, assignee_id is not null as assigned from tickets`)).toEqual([{ status: 'in_progress', assigned: 1 }]);

    // Resolved in the channel; the student confirms it is fixed and rates it with the DM's buttons.
    fake.userRunsCommand({ from: wang, channel: logistics, name: 'resolve', options: { text: 'T-1 已更换加热棒' } });
    fake.userClicks({ from: lihua, message: await botSays(fake, dm, /^你的工单 T-1 已处理：\n已更换加热棒/, before), label: '已解决' });
    fake.userClicks({ from: lihua, message: await botSays(fake, dm, /5/, fake.botMessagesIn(dm).length), label: '5' });
    await fake.waitUntil(() => (/状态：已关闭/.test(fake.botMessagesIn(logistics).find((m) => m.id === card.id)!.content) ? true : undefined), 20_000);
    expect(query(env.db, `select status, rating from tickets`)).toEqual([{ status: 'closed', rating: 5 }]);

    // Server chatter is not for the bot (and carries no content without the intent); a mention is.
    const chatter = fake.userSends({ from: lihua, channel: general, content: '大家好' });
    const mention = fake.userSends({ from: lihua, channel: general, content: '/help', mention: true });
    await botSays(fake, general, /./);
    const stored = query<{ event_id: string }>(env.db, 'select event_id from discord_inbox').map((r) => r.event_id);
    expect(stored).toContain(mention.id);
    expect(stored).not.toContain(chatter.id);

    // A student in crisis is answered at once, in the crisis lane.
    const sent = fake.botMessagesIn(dm).length;
    fake.userSends({ from: lihua, content: '我不想活了' });
    await botSays(fake, dm, /12356/, sent);
    const crisisRows = () => query(env.db, `select status from outbox where chat_id = '${dm}' and lane = 0`);
    await until(() => crisisRows()[0]?.status === 'sent', 20_000, () => JSON.stringify(crisisRows())); // marked once Discord answered
    expect(crisisRows()).toHaveLength(1);

    expect(await stopBot(bot)).toEqual({ code: 0, signal: null });
    expect(query(env.db, `select status, count(*) as n from discord_inbox group by status`)).toEqual([{ status: 'done', n: expect.any(Number) }]);
  });

  it('a poll in a class channel: buttons, a vote confirmed to the voter alone, live counts edited in', { timeout: 60_000 }, async () => {
    const fake = (discord = await startFakeDiscord());
    const { guild, channels } = fake.addGuild({ name: '2301 班', channels: ['class'] });
    const channel = channels[0]!.id;
    const admin = fake.addUser({ username: 'campus_admin', globalName: '管理员', guilds: [guild.id], locale: 'zh-CN' });
    const lihua = fake.addUser({ username: 'lihua', globalName: '李华', guilds: [guild.id], locale: 'zh-CN' });
    const env = setup([`discord:${admin.id}`]);
    const bot = await startBot(env, fake);
    fake.userRunsCommand({ from: admin, channel, name: 'bind', options: { as: 'class', class: 'class-2301' } });
    await botSays(fake, channel, /class-2301|2301/);
    fake.userRunsCommand({ from: admin, channel, name: 'poll', options: { text: '周五班会时间 | 周五 15:00 | 周五 19:00' } });
    const poll = await botSays(fake, channel, /^📊 投票 #1：周五班会时间/);
    expect(poll.components).toHaveLength(2);

    const vote = fake.userClicks({ from: lihua, message: poll, label: '周五 15:00' });
    await fake.waitUntil(() => (/周五 15:00 — 1 票/.test(fake.botMessagesIn(channel).find((m) => m.id === poll.id)!.content) ? true : undefined), 20_000);
    await fake.waitUntil(() => fake.ephemeralIn(channel).find((m) => m.content === '已投：周五 15:00'), 20_000);
    expect(fake.interaction(vote.id).callbacks.map((c) => c.status)).toEqual([200]); // acknowledged once
    expect(fake.botMessagesIn(channel).filter((m) => m.content.includes('已投：'))).toEqual([]); // the confirmation is the voter's alone
    expect(query(env.db, 'select count(*) as n from poll_ballots')).toEqual([{ n: 1 }]);
    expect(await stopBot(bot)).toEqual({ code: 0, signal: null });
  });
});

/**
 * Slash commands generated from the app's own command list pass Discord's checks (the fake's
 * bulk overwrite), carry zh-CN names and descriptions, and come back from a member as the command
 * text the router knows.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { systemClock } from '../../src/core/clock.js';
import type { Command } from '../../src/core/feature.js';
import { seededRng } from '../../src/core/rng.js';
import { closeDb, openDb, type Db } from '../../src/db/client.js';
import { createRest } from '../../src/adapters/discord/discord.client.js';
import { registerCommands, slashCommands } from '../../src/adapters/discord/discord.commands.js';
import { mapInteraction } from '../../src/adapters/discord/discord.mapping.js';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord-api.js';
import { memoryLogger, testConfig } from '../harness.js';

let db: Db;
let commands: readonly Command[];
let fake: FakeDiscord;

beforeAll(() => {
  db = openDb(join(mkdtempSync(join(tmpdir(), 'yizhan-discord-cmd-')), 'bot.db'));
  commands = createApp({ config: testConfig(), db, clock: systemClock, rng: seededRng(1), log: memoryLogger([]), ports: new Map() }).router.commands;
});
afterAll(async () => {
  await fake?.close();
  closeDb(db);
});

describe('slash commands', () => {
  it('every command of the app, in its order, with zh-CN names and descriptions, and typed options', () => {
    const defs = slashCommands(commands, 'zh-CN', testConfig().departments);
    expect(defs.map((d) => d.name)).toEqual(commands.filter((c) => !c.takes).map((c) => c.name)); // a variant (/reply C-1) is its plain command's
    const status = defs.find((d) => d.name === 'status')!;
    expect(status).toMatchObject({
      name_localizations: { 'zh-CN': '进度' },
      description: '查看工单进度：/status T-1',
      description_localizations: { 'zh-CN': '查看工单进度：/status T-1', 'en-US': 'Check a ticket: /status T-1' },
      options: [{ type: 3, name: 'ticket', name_localizations: { 'zh-CN': '工单' }, required: false, autocomplete: true }],
      contexts: [0, 1],
    });
    const option = (command: string, name: string) => defs.find((d) => d.name === command)!.options!.find((o) => o.name === name) as { choices?: { value: string; name: string; name_localizations?: Record<string, string> }[]; required?: boolean; autocomplete?: boolean };
    expect(defs.find((d) => d.name === 'transfer')!.options!.map((o) => [o.name, !!o.required])).toEqual([['ticket', true], ['department', true], ['text', false]]);
    expect(option('transfer', 'department').choices!.map((c) => c.value)).toEqual(testConfig().departments.map((d) => d.id));
    expect(option('transfer', 'department').choices![0]).toMatchObject({ name: testConfig().departments[0]!.name['zh-CN'], name_localizations: { 'en-US': testConfig().departments[0]!.name.en } });
    expect(option('claim', 'ticket')).toMatchObject({ required: true, autocomplete: true });
    expect(option('priority', 'level').choices!.map((c) => c.value)).toEqual(['urgent', 'normal']);
    expect(option('lang', 'language').choices!.map((c) => c.value)).toEqual(['zh', 'en']);
    expect(defs.find((d) => d.name === 'assign')!.options!.map((o) => [o.name, !!o.required, !!(o as { autocomplete?: boolean }).autocomplete])).toEqual([['ticket', true, true], ['member', true, true]]);
    expect(option('bind', 'as').choices!.map((c) => c.value)).toEqual(['staff', 'class', 'management']);
    expect(option('bind', 'class')).toMatchObject({ required: false, autocomplete: true });
    expect(defs.find((d) => d.name === 'poll')!.options!.map((o) => o.name)).toEqual(['text']); // a poll stays free text
    expect(defs.find((d) => d.name === 'link')!.contexts).toEqual([1]);
    const zhNames = defs.map((d) => d.name_localizations?.['zh-CN'] ?? d.name);
    expect(new Set(zhNames).size).toBe(zhNames.length);
    expect(defs.every((d) => [...d.description].length <= 100)).toBe(true);
  });

  it('Discord accepts them per server (server commands) and globally (DM commands, so no server shows one twice); global registration puts all in the global list', async () => {
    fake = await startFakeDiscord();
    const { guild, channels } = fake.addGuild({ name: '一站 Campus', channels: ['general'] });
    const rest = createRest(fake.token, fake.apiRoot);
    const defs = slashCommands(commands, 'en', testConfig().departments);
    await registerCommands(rest, fake.applicationId, defs, { guildIds: [guild.id] });
    const inServers = defs.filter((d) => d.contexts!.includes(0));
    const inDms = defs.filter((d) => d.contexts!.includes(1));
    expect(fake.store.commands.get(guild.id)!.map((c) => [c.name, c.contexts])).toEqual(inServers.map((d) => [d.name, [0]]));
    expect(fake.store.commands.get('global')!.map((c) => [c.name, c.contexts])).toEqual(inDms.map((d) => [d.name, [1]]));
    expect(inDms.map((d) => d.name)).toContain('link');
    expect(inServers.map((d) => d.name)).not.toContain('link');
    const lihua = fake.addUser({ username: 'lihua', guilds: [guild.id], locale: 'zh-CN' });
    const run = fake.userRunsCommand({ from: lihua, channel: channels[0]!.id, name: 'status', options: { ticket: 'T-1' } });
    expect(mapInteraction(run.payload)).toMatchObject({ incoming: { text: '/status T-1', sender: { locale: 'zh-CN' } } });
    // Options come back in the order the command reads them, whatever order the member filled them in.
    const transfer = fake.userRunsCommand({ from: lihua, channel: channels[0]!.id, name: 'transfer', options: { text: '属于宿舍管理', department: 'student_affairs', ticket: 'T-3' } });
    expect(mapInteraction(transfer.payload)).toMatchObject({ incoming: { text: '/transfer T-3 student_affairs 属于宿舍管理' } });
    const bind = fake.userRunsCommand({ from: lihua, channel: channels[0]!.id, name: 'bind', options: { department: 'logistics', as: 'staff' } });
    expect(mapInteraction(bind.payload)).toMatchObject({ incoming: { text: '/bind staff logistics' } });
    const assign = fake.userRunsCommand({ from: lihua, channel: channels[0]!.id, name: 'assign', options: { member: '#3', ticket: 'T-2' } });
    expect(mapInteraction(assign.payload)).toMatchObject({ incoming: { text: '/assign T-2 #3' } });
    const poll = fake.userRunsCommand({ from: lihua, channel: channels[0]!.id, name: 'poll', options: { text: '周五聚餐？ | 去 | 不去' } });
    expect(mapInteraction(poll.payload)).toMatchObject({ incoming: { text: '/poll 周五聚餐？ | 去 | 不去' } });
    // /announce: typed options (a yes/no switch for privately) become its one-line form; its text alone stays as typed (list, cancel 3).
    const announce = (options: Record<string, string | boolean>) => mapInteraction(fake.userRunsCommand({ from: lihua, channel: channels[0]!.id, name: 'announce', options }).payload);
    expect(announce({ urgent: '暴雨', private: true, text: '今晚暴雨', audience: 'building:3号楼', at: '明天 08:00' }))
      .toMatchObject({ incoming: { text: '/announce building:3号楼 | 今晚暴雨 | private | at 明天 08:00 | urgent: 暴雨' } });
    expect(announce({ text: '周五班会改到 302', private: false })).toMatchObject({ incoming: { text: '/announce 周五班会改到 302' } });
    expect(announce({ text: 'cancel 3' })).toMatchObject({ incoming: { text: '/announce cancel 3' } });
    expect(defs.find((d) => d.name === 'announce')!.options!.map((o) => [o.name, o.type])).toEqual([['audience', 3], ['text', 3], ['private', 5], ['at', 3], ['urgent', 3]]);
    await registerCommands(rest, fake.applicationId, defs, { guildIds: [guild.id], global: true });
    expect([fake.store.commands.get(guild.id), fake.store.commands.get('global')?.length]).toEqual([[], defs.length]);
  });
});

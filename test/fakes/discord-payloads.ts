/**
 * Discord payloads of the fake, built from the recorded shapes in test/fixtures/discord/ so that
 * what the fake sends looks like what Discord sends (discord.js reads many of these fields):
 * users, members, channels, guilds, READY, messages, interactions. Snowflakes carry the fake
 * clock's time, so they sort like Discord's.
 */
import { readFileSync } from 'node:fs';
import type {
  APIDMChannel, APIGuildMember, APIGuildTextChannel, APIInteraction, APIMessage, APIUser,
  GatewayGuildCreateDispatchData, GatewayReadyDispatchData, ChannelType,
} from 'discord.js';

const FIXTURES = new URL('../fixtures/discord/', import.meta.url);
const loaded = new Map<string, unknown>();

/** A fresh copy of a recorded payload (`test/fixtures/discord/<name>.json`). */
export function fixture<T>(name: string): T {
  if (!loaded.has(name)) loaded.set(name, JSON.parse(readFileSync(new URL(`${name}.json`, FIXTURES), 'utf8')));
  return structuredClone(loaded.get(name)) as T;
}

const DISCORD_EPOCH = 1_420_070_400_000n;

/** Snowflakes from the fake clock: time in the high bits, an increment below, always increasing. */
export class Snowflakes {
  private last = 0n;

  next(nowMs: number): string {
    const candidate = (BigInt(Math.floor(nowMs)) - DISCORD_EPOCH) << 22n;
    this.last = candidate > this.last ? candidate : this.last + 1n;
    return this.last.toString();
  }
}

/** Milliseconds since 1970 encoded in a snowflake. */
export function snowflakeTime(id: string): number {
  return Number((BigInt(id) >> 22n) + DISCORD_EPOCH);
}

/** Discord's timestamp format (`2026-03-02T00:00:05.123000+00:00`). */
export function isoTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '000+00:00');
}

export function userPayload(u: { id: string; username: string; globalName?: string | null; bot?: boolean }): APIUser {
  const author = fixture<APIMessage>('message-create-dm').author;
  return { ...author, id: u.id, username: u.username, global_name: u.globalName ?? null, ...(u.bot ? { bot: true } : {}) };
}

export function memberPayload(user: APIUser, m: { nick?: string | null; roles?: string[]; joinedAt: number }): APIGuildMember {
  return {
    user, nick: m.nick ?? null, avatar: null, banner: null, roles: m.roles ?? [], joined_at: isoTimestamp(m.joinedAt),
    premium_since: null, deaf: false, mute: false, flags: 0, pending: false, communication_disabled_until: null,
  } as unknown as APIGuildMember;
}

export function textChannelPayload(c: { id: string; guildId: string; name: string; position: number; lastMessageId: string | null }): APIGuildTextChannel<ChannelType.GuildText> {
  const base = fixture<GatewayGuildCreateDispatchData>('guild-create').channels[0] as APIGuildTextChannel<ChannelType.GuildText>;
  return { ...base, id: c.id, guild_id: c.guildId, name: c.name, position: c.position, last_message_id: c.lastMessageId };
}

export function dmChannelPayload(c: { id: string; recipient: APIUser; lastMessageId: string | null }): APIDMChannel {
  return { id: c.id, type: 1, last_message_id: c.lastMessageId, recipients: [c.recipient], flags: 0 } as unknown as APIDMChannel;
}

export interface GuildShape {
  id: string;
  name: string;
  ownerId: string;
  locale: string;
  botRoleId: string;
  channels: APIGuildTextChannel<ChannelType.GuildText>[];
  members: APIGuildMember[];
  joinedAt: number;
}

/** GUILD_CREATE as the bot receives it after READY: roles (@everyone and its managed role), channels, its own member. */
export function guildCreatePayload(g: GuildShape, bot: APIUser): GatewayGuildCreateDispatchData {
  const base = fixture<GatewayGuildCreateDispatchData>('guild-create');
  const [everyone, botRole] = base.roles as [GatewayGuildCreateDispatchData['roles'][0], GatewayGuildCreateDispatchData['roles'][0]];
  return {
    ...base, id: g.id, name: g.name, owner_id: g.ownerId, preferred_locale: g.locale as GatewayGuildCreateDispatchData['preferred_locale'],
    system_channel_id: g.channels[0]?.id ?? null, joined_at: isoTimestamp(g.joinedAt), member_count: g.members.length,
    roles: [{ ...everyone, id: g.id }, { ...botRole, id: g.botRoleId, name: bot.username, tags: { bot_id: bot.id } }],
    channels: g.channels,
    members: g.members.filter((m) => m.user.id === bot.id),
  };
}

export function readyPayload(r: { bot: APIUser; applicationId: string; sessionId: string; resumeUrl: string; guildIds: string[] }): GatewayReadyDispatchData {
  const base = fixture<GatewayReadyDispatchData>('ready');
  return {
    ...base, user: { ...base.user, id: r.bot.id, username: r.bot.username }, session_id: r.sessionId,
    resume_gateway_url: r.resumeUrl, guilds: r.guildIds.map((id) => ({ id, unavailable: true })),
    application: { ...base.application, id: r.applicationId },
  };
}

/** A message as the REST API returns it (gateway events add guild_id and member). */
export function messagePayload(m: Partial<APIMessage> & Pick<APIMessage, 'id' | 'channel_id' | 'author' | 'content' | 'timestamp'>): APIMessage {
  const base = fixture<APIMessage>('message-bot');
  delete base.nonce;
  const defaults = {
    type: 0, mentions: [], mention_roles: [], attachments: [], embeds: [], components: [], edited_timestamp: null,
    flags: 0, pinned: false, mention_everyone: false, tts: false,
  } as unknown as Partial<APIMessage>;
  return { ...base, ...defaults, ...m };
}

/** An interaction as INTERACTION_CREATE delivers it, from the recorded button and slash command shapes. */
export function interactionPayload(i: {
  id: string; applicationId: string; token: string; type: 2 | 3 | 4 | 5; data: Record<string, unknown>;
  channel: APIGuildTextChannel<ChannelType.GuildText> | APIDMChannel; user: APIUser; locale: string;
  guild?: { id: string; locale: string; member: APIGuildMember }; message?: APIMessage;
}): APIInteraction {
  const base = fixture<Record<string, unknown>>(i.guild ? 'interaction-button-guild' : 'interaction-command-dm');
  const common = {
    ...base, id: i.id, application_id: i.applicationId, token: i.token, type: i.type, data: i.data, locale: i.locale,
    channel: { ...i.channel, permissions: base.app_permissions }, channel_id: i.channel.id, version: 1,
  } as Record<string, unknown>;
  delete common.message;
  if (i.message) common.message = i.message;
  if (!i.guild) {
    delete common.member;
    return { ...common, user: i.user, context: 1 } as unknown as APIInteraction;
  }
  delete common.user;
  return {
    ...common, guild_id: i.guild.id, guild_locale: i.guild.locale, guild: { id: i.guild.id, locale: i.guild.locale, features: [] },
    authorizing_integration_owners: { 0: i.guild.id }, context: 0,
    member: { ...i.guild.member, user: i.user, permissions: base.app_permissions, unusual_dm_activity_until: null },
  } as unknown as APIInteraction;
}

/**
 * A message as a bot without the Message Content intent sees it: content, embeds, attachments,
 * components and polls are empty, except in DMs, in messages that mention the bot, and in the
 * bot's own messages (Discord's rule; a reply that pings the bot mentions it).
 */
export function asSeenByBot(m: APIMessage, botId: string, contentIntent: boolean, isDm: boolean): APIMessage {
  const referenced = m.referenced_message ? asSeenByBot(m.referenced_message, botId, contentIntent, isDm) : m.referenced_message;
  const visible = contentIntent || isDm || m.author.id === botId || m.mentions.some((u) => u.id === botId);
  const seen: APIMessage = visible ? { ...m } : { ...m, content: '', embeds: [], attachments: [], components: [] };
  if (!visible) delete seen.poll;
  if (referenced !== undefined) seen.referenced_message = referenced;
  return seen;
}

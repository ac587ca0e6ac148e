/**
 * What the fake Discord knows: users, servers (guilds) with their text channels and members, DM
 * channels (one per user, created on demand like POST /users/@me/channels), the messages of each
 * channel in snowflake order, ephemeral messages apart (they are in no history), nonces for
 * `enforce_nonce`, and the registered application commands per scope.
 */
import type { APIApplicationCommand, APIChannel, APIGuildMember, APIMessage, APIUser } from 'discord.js';
import {
  dmChannelPayload, memberPayload, Snowflakes, snowflakeTime, textChannelPayload, userPayload,
} from './discord-payloads.js';
import { DiscordError, type FakeUser } from './discord-types.js';
import { errorBody } from './discord-http.js';

export interface GuildState {
  id: string;
  name: string;
  locale: string;
  ownerId: string;
  botRoleId: string;
  channelIds: string[];
  members: Map<string, APIGuildMember>;
  joinedAt: number;
}

export interface ChannelState {
  id: string;
  kind: 'text' | 'dm';
  guildId?: string;
  name?: string;
  position?: number;
  /** The user of a DM channel. */
  recipientId?: string;
  /** Oldest first. */
  messages: APIMessage[];
  /** Ephemeral interaction responses: seen by one user, in no history. */
  ephemeral: APIMessage[];
}

export class DiscordStore {
  readonly ids = new Snowflakes();
  readonly users = new Map<string, FakeUser>();
  readonly guilds = new Map<string, GuildState>();
  readonly channels = new Map<string, ChannelState>();
  /** Registered commands by scope: 'global' or a guild id. */
  readonly commands = new Map<string, APIApplicationCommand[]>();
  private readonly dmOf = new Map<string, string>();
  private readonly nonces = new Map<string, { channelId: string; messageId: string; at: number }>();

  constructor(
    readonly bot: APIUser,
    readonly applicationId: string,
    readonly now: () => number,
    private readonly nonceWindowMs: number,
  ) {
    this.users.set(bot.id, { user: bot, locale: 'en-US', dmsClosed: false });
  }

  newId(): string {
    return this.ids.next(this.now());
  }

  addUser(u: { username: string; globalName?: string; locale?: string; id?: string }): APIUser {
    const user = userPayload({ id: u.id ?? this.newId(), username: u.username, globalName: u.globalName ?? null });
    this.users.set(user.id, { user, locale: u.locale ?? 'zh-CN', dmsClosed: false });
    return user;
  }

  addGuild(g: { name: string; locale?: string; ownerId?: string }): GuildState {
    const id = this.newId();
    const guild: GuildState = {
      id, name: g.name, locale: g.locale ?? 'zh-CN', ownerId: g.ownerId ?? this.bot.id, botRoleId: this.newId(),
      channelIds: [], members: new Map(), joinedAt: this.now(),
    };
    this.guilds.set(id, guild);
    this.addMember(id, this.bot.id);
    guild.members.get(this.bot.id)!.roles.push(guild.botRoleId);
    return guild;
  }

  addTextChannel(guildId: string, name: string): ChannelState {
    const guild = this.guild(guildId);
    const channel: ChannelState = { id: this.newId(), kind: 'text', guildId, name, position: guild.channelIds.length, messages: [], ephemeral: [] };
    this.channels.set(channel.id, channel);
    guild.channelIds.push(channel.id);
    return channel;
  }

  addMember(guildId: string, userId: string, nick?: string): APIGuildMember {
    const member = memberPayload(this.user(userId).user, { nick: nick ?? null, joinedAt: this.now() });
    this.guild(guildId).members.set(userId, member);
    return member;
  }

  guild(id: string): GuildState {
    const g = this.guilds.get(id);
    if (!g) throw new DiscordError(404, errorBody('unknownGuild'));
    return g;
  }

  user(id: string): FakeUser {
    const u = this.users.get(id);
    if (!u) throw new DiscordError(404, errorBody('unknownUser'));
    return u;
  }

  channel(id: string): ChannelState {
    const c = this.channels.get(id);
    if (!c) throw new DiscordError(404, errorBody('unknownChannel'));
    return c;
  }

  /** The DM channel between the bot and a user, created the first time (its id never changes). */
  dmChannel(userId: string): ChannelState {
    this.user(userId);
    const known = this.dmOf.get(userId);
    if (known) return this.channel(known);
    const channel: ChannelState = { id: this.newId(), kind: 'dm', recipientId: userId, messages: [], ephemeral: [] };
    this.channels.set(channel.id, channel);
    this.dmOf.set(userId, channel.id);
    return channel;
  }

  /** Whether the bot and the user are both members of some server. */
  sharesGuild(userId: string): boolean {
    return [...this.guilds.values()].some((g) => g.members.has(userId));
  }

  channelPayload(c: ChannelState): APIChannel {
    const lastMessageId = c.messages.at(-1)?.id ?? null;
    if (c.kind === 'dm') return dmChannelPayload({ id: c.id, recipient: this.user(c.recipientId!).user, lastMessageId });
    return textChannelPayload({ id: c.id, guildId: c.guildId!, name: c.name!, position: c.position!, lastMessageId });
  }

  append(channelId: string, message: APIMessage): void {
    const c = this.channel(channelId);
    if (message.flags && message.flags & 64) c.ephemeral.push(message);
    else c.messages.push(message);
  }

  message(channelId: string, messageId: string): APIMessage {
    const c = this.channel(channelId);
    const m = c.messages.find((x) => x.id === messageId) ?? c.ephemeral.find((x) => x.id === messageId);
    if (!m) throw new DiscordError(404, errorBody('unknownMessage'));
    return m;
  }

  replace(channelId: string, message: APIMessage): void {
    const c = this.channel(channelId);
    for (const list of [c.messages, c.ephemeral]) {
      const i = list.findIndex((x) => x.id === message.id);
      if (i >= 0) list[i] = message;
    }
  }

  remove(channelId: string, messageId: string): void {
    const c = this.channel(channelId);
    this.message(channelId, messageId);
    c.messages = c.messages.filter((m) => m.id !== messageId);
    c.ephemeral = c.ephemeral.filter((m) => m.id !== messageId);
  }

  /** GET /channels/:id/messages: at most `limit`, newest first, like Discord (also with `after`). */
  history(channelId: string, q: { after?: string; before?: string; around?: string; limit: number }): APIMessage[] {
    const all = this.channel(channelId).messages;
    const id = (m: APIMessage): bigint => BigInt(m.id);
    let picked: APIMessage[];
    if (q.after !== undefined) picked = all.filter((m) => id(m) > BigInt(q.after!)).slice(0, q.limit);
    else if (q.before !== undefined) picked = all.filter((m) => id(m) < BigInt(q.before!)).slice(-q.limit);
    else if (q.around !== undefined) {
      const at = all.findIndex((m) => id(m) >= BigInt(q.around!));
      const start = Math.max(0, (at < 0 ? all.length : at) - Math.floor(q.limit / 2));
      picked = all.slice(start, start + q.limit);
    } else picked = all.slice(-q.limit);
    return [...picked].reverse();
  }

  /** The message an earlier create with this author and nonce made, while the nonce is remembered. */
  recallNonce(authorId: string, nonce: string): APIMessage | undefined {
    const hit = this.nonces.get(`${authorId}:${nonce}`);
    if (!hit || this.now() - hit.at > this.nonceWindowMs) return undefined;
    return this.channel(hit.channelId).messages.find((m) => m.id === hit.messageId);
  }

  rememberNonce(authorId: string, nonce: string, message: APIMessage): void {
    this.nonces.set(`${authorId}:${nonce}`, { channelId: message.channel_id, messageId: message.id, at: snowflakeTime(message.id) });
  }
}

/**
 * Scripted users of the fake Discord: a user writes in a DM or a server channel (mentioning the
 * bot, replying to a message with or without a ping), clicks a button of a message, or runs a
 * registered slash command. Each action stores what Discord would store and dispatches
 * MESSAGE_CREATE or INTERACTION_CREATE on the gateway.
 */
import { randomBytes } from 'node:crypto';
import type { APIApplicationCommand, APIMessage, APIUser } from 'discord.js';
import { isoTimestamp, interactionPayload, messagePayload } from './discord-payloads.js';
import { gatewayMessage } from './discord-rest-messages.js';
import type { FakeState, InteractionState } from './discord-state.js';
import type { ChannelState } from './discord-store.js';
import type { ModalInput } from './discord-validate.js';

export interface UserSendsArgs {
  from: APIUser;
  /** A server channel id; default the DM channel with the bot. */
  channel?: string;
  content: string;
  /** Start with `<@bot> ` (Discord's mention markup). */
  mention?: boolean;
  /** Reply to a message of the channel: its id, or 'bot' for the bot's latest message there. */
  replyTo?: string | 'bot';
  /** A reply pings (mentions) the replied-to author unless false, as in Discord's client. */
  ping?: boolean;
}

export interface UserClicksArgs {
  from: APIUser;
  /** The message with the component (as the bot's latest state of it is used). */
  message: Pick<APIMessage, 'id' | 'channel_id'>;
  /** The button by custom_id or by label. */
  customId?: string;
  label?: string;
}

export interface UserRunsCommandArgs {
  from: APIUser;
  /** A server channel id; default the DM channel with the bot. */
  channel?: string;
  name: string;
  options?: Record<string, string | number | boolean>;
  /** The client's language; default the user's. */
  locale?: string;
}

export interface UserSubmitsModalArgs {
  from: APIUser;
  /** The interaction the bot answered with the modal. */
  opened: InteractionState;
  /** What the user typed, by text input custom id (those left out are empty). */
  values: Record<string, string>;
  /** Skip the client's checks (required fields, lengths), as a modified client or an old modal would. */
  unchecked?: boolean;
  locale?: string;
}

export class ScriptedUsers {
  constructor(private readonly s: FakeState) {}

  sends(args: UserSendsArgs): APIMessage {
    const { store } = this.s;
    const channel = this.channelFor(args.from, args.channel);
    const content = args.mention ? `<@${store.bot.id}> ${args.content}` : args.content;
    const mentioned = [...content.matchAll(/<@!?(\d+)>/g)].map((m) => store.users.get(m[1]!)?.user).filter((u): u is APIUser => !!u);
    const extra: Partial<APIMessage> = {};
    if (args.replyTo) {
      const ref = args.replyTo === 'bot'
        ? channel.messages.findLast((m) => m.author.id === store.bot.id)
        : store.message(channel.id, args.replyTo);
      if (!ref) throw new Error(`fake Discord: nothing to reply to in channel ${channel.id}`);
      if (args.ping !== false) mentioned.push(ref.author);
      const guild = channel.guildId ? { guild_id: channel.guildId } : {};
      Object.assign(extra, { type: 19, referenced_message: ref, message_reference: { type: 0, channel_id: channel.id, message_id: ref.id, ...guild } });
    }
    const msg = messagePayload({
      id: store.newId(), channel_id: channel.id, author: args.from, content, timestamp: isoTimestamp(this.s.now()),
      mentions: this.withMembers(channel, uniqueById(mentioned)), nonce: store.newId(), ...extra,
    });
    store.append(channel.id, msg);
    this.s.gateway.dispatch('MESSAGE_CREATE', gatewayMessage(this.s, channel, msg), { ...(channel.guildId ? { guildId: channel.guildId } : {}), message: msg });
    this.s.waits.notify();
    return msg;
  }

  clicks(args: UserClicksArgs): InteractionState {
    const message = this.s.store.message(args.message.channel_id, args.message.id);
    const rows = (message.components ?? []) as unknown as { components?: { custom_id?: string; label?: string; type: number }[] }[];
    const buttons = rows.flatMap((row) => row.components ?? []);
    const button = buttons.find((b) => (args.customId !== undefined ? b.custom_id === args.customId : b.label === args.label));
    if (!button?.custom_id) throw new Error(`fake Discord: no button ${args.customId ?? args.label} on message ${message.id}`);
    const channel = this.s.store.channel(message.channel_id);
    this.memberCheck(args.from, channel);
    return this.interact(args.from, channel, 3, { custom_id: button.custom_id, component_type: button.type }, undefined, message);
  }

  runsCommand(args: UserRunsCommandArgs): InteractionState {
    const channel = this.channelFor(args.from, args.channel);
    const command = this.registered(args.name, channel.guildId);
    const options = Object.entries(args.options ?? {}).map(([name, value]) => {
      const def = command.options?.find((o) => o.name === name);
      if (!def) throw new Error(`fake Discord: /${args.name} has no option ${name}`);
      return { name, type: def.type, value };
    });
    const data = { id: command.id, name: command.name, type: 1, ...(options.length ? { options } : {}), ...(command.guild_id ? { guild_id: command.guild_id } : {}) };
    return this.interact(args.from, channel, 2, data, args.locale);
  }

  /**
   * The user types `typed` into option `option` of a registered command, having filled in `options`
   * already: Discord asks the bot for choices.
   */
  autocompletes(args: UserRunsCommandArgs & { option: string; typed: string }): InteractionState {
    const channel = this.channelFor(args.from, args.channel);
    const command = this.registered(args.name, channel.guildId);
    const def = command.options?.find((o) => o.name === args.option);
    if (!def || !('autocomplete' in def) || !def.autocomplete) throw new Error(`fake Discord: /${args.name} has no autocomplete option ${args.option}`);
    const filled = Object.entries(args.options ?? {}).map(([name, value]) => {
      const other = command.options?.find((o) => o.name === name);
      if (!other) throw new Error(`fake Discord: /${args.name} has no option ${name}`);
      return { name, type: other.type, value };
    });
    const options = [...filled, { name: args.option, type: def.type, value: args.typed, focused: true }];
    return this.interact(args.from, channel, 4, { id: command.id, name: command.name, type: 1, options }, args.locale);
  }

  /** The user fills in and submits the modal the bot opened; Discord's client enforces required fields and lengths. */
  submitsModal(args: UserSubmitsModalArgs): InteractionState {
    const { opened } = args;
    const modal = opened.modal as { custom_id: string } | undefined;
    if (opened.response !== 'modal' || !modal || !opened.modalInputs) throw new Error(`fake Discord: interaction ${opened.id} opened no modal`);
    const known = new Set(opened.modalInputs.map((i) => i.custom_id));
    const unknown = Object.keys(args.values).filter((k) => !known.has(k));
    if (unknown.length) throw new Error(`fake Discord: the modal has no text input ${unknown.join(', ')}`);
    const components = opened.modalInputs.map((input, n) => {
      const value = args.values[input.custom_id] ?? '';
      if (!args.unchecked) clientCheck(input, value);
      return { type: 18, id: 2 * n + 1, component: { type: 4, id: 2 * n + 2, custom_id: input.custom_id, value } };
    });
    const channel = this.s.store.channel(opened.channelId);
    return this.interact(args.from, channel, 5, { custom_id: modal.custom_id, components }, args.locale);
  }

  /** Discord delivers the same interaction again (a gateway replay): same id, same token. */
  replays(state: InteractionState): void {
    const channel = this.s.store.channel(state.channelId);
    this.s.gateway.dispatch('INTERACTION_CREATE', state.payload, channel.guildId ? { guildId: channel.guildId } : {});
    this.s.waits.notify();
  }

  private interact(from: APIUser, channel: ChannelState, type: 2 | 3 | 4 | 5, data: Record<string, unknown>, locale?: string, message?: APIMessage): InteractionState {
    const { store } = this.s;
    const id = store.newId();
    const token = Buffer.from(`interaction:${id}:${randomBytes(24).toString('base64url')}`).toString('base64url');
    const guild = channel.guildId ? store.guild(channel.guildId) : undefined;
    const payload = interactionPayload({
      id, applicationId: store.applicationId, token, type, data, channel: store.channelPayload(channel) as never, user: from,
      locale: locale ?? store.user(from.id).locale,
      ...(guild ? { guild: { id: guild.id, locale: guild.locale, member: guild.members.get(from.id)! } } : {}),
      ...(message ? { message } : {}),
    });
    const state: InteractionState = { payload, id, token, channelId: channel.id, userId: from.id, createdAt: this.s.now(), response: 'none', callbacks: [], followups: [] };
    this.s.interactions.set(id, state);
    this.s.gateway.dispatch('INTERACTION_CREATE', payload, guild ? { guildId: guild.id } : {});
    this.s.waits.notify();
    return state;
  }

  private registered(name: string, guildId: string | undefined): APIApplicationCommand {
    const scopes = [...(guildId ? [guildId] : []), 'global'];
    const found = scopes.map((s) => this.s.store.commands.get(s)?.find((c) => c.name === name)).find(Boolean);
    if (!found) throw new Error(`fake Discord: /${name} is not registered where the user is (${scopes.join(', ')})`);
    return found;
  }

  private channelFor(from: APIUser, channelId: string | undefined): ChannelState {
    if (channelId === undefined) return this.s.store.dmChannel(from.id);
    const channel = this.s.store.channel(channelId);
    this.memberCheck(from, channel);
    return channel;
  }

  private memberCheck(from: APIUser, channel: ChannelState): void {
    if (channel.guildId && !this.s.store.guild(channel.guildId).members.has(from.id)) {
      throw new Error(`fake Discord: ${from.username} is not a member of the server of channel ${channel.id}`);
    }
  }

  /** Mentioned users as a server message lists them: each with their member (without its user). */
  private withMembers(channel: ChannelState, users: APIUser[]): APIMessage['mentions'] {
    if (!channel.guildId) return users;
    const members = this.s.store.guild(channel.guildId).members;
    return users.map((u) => {
      const m = members.get(u.id);
      if (!m) return u;
      const { user: _user, ...member } = m;
      return { ...u, member };
    });
  }
}

/** What Discord's client refuses to submit: an empty required field, a value outside the lengths. */
function clientCheck(input: ModalInput, value: string): void {
  const n = [...value].length;
  if (input.required && !value.trim()) throw new Error(`fake Discord: ${input.custom_id} is required; the client does not submit the modal`);
  if (value && (n > (input.max_length ?? 4000) || n < (input.min_length ?? 0))) {
    throw new Error(`fake Discord: ${input.custom_id} has ${n} characters, outside ${input.min_length ?? 0}–${input.max_length ?? 4000}; the client does not submit the modal`);
  }
}

function uniqueById(users: APIUser[]): APIUser[] {
  return users.filter((u, i) => users.findIndex((x) => x.id === u.id) === i);
}

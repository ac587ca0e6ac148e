/**
 * Discord events → the platform-neutral model. Pure functions over the raw payloads (gateway
 * MESSAGE_CREATE and INTERACTION_CREATE, or messages fetched over REST), so what is stored and
 * what is handled are the same JSON. A DM is a private chat and a server channel a group, both by
 * channel id. The bot reads no server chatter: without the privileged Message Content intent
 * Discord sends content only for DMs and messages that mention the bot (a reply that pings it
 * does); slash commands and buttons arrive as interactions, which always carry their data.
 */
import type { APIAttachment, APIInteraction, APIMessage, APIUser } from 'discord.js';
import type { Attachment, ChatRef, Incoming, Sender } from '../../core/message.js';
import { formCommandLine } from './discord.modal.js';
import { commandLine } from './discord.options.js';

/** Who the bot is, as READY tells it. */
export interface BotIdentity {
  id: string;
  username: string;
}

/** What the adapter needs to answer an interaction. */
export interface InteractionRef {
  id: string;
  token: string;
  /** A slash command (answered with a message) or a component on a message (which may be updated). */
  kind: 'command' | 'component';
  channelId: string;
  /** The message whose component was used. */
  messageId?: string;
  /** Its answers will be ephemeral (a private-data command in a server channel): so is its "thinking…". */
  ephemeral?: boolean;
  /** A form's submission: in a server channel nothing of it is said in the channel (discord.followups.ts). */
  form?: boolean;
}

export type Mapped =
  | { kind: 'incoming'; incoming: Incoming; interaction?: InteractionRef }
  /** Nothing for the router; an interaction among these must still be acknowledged. */
  | { kind: 'ignored'; reason: string; interaction?: InteractionRef };

/** A message as the gateway sends it (REST messages lack guild_id and member). */
export type DiscordMessage = APIMessage & { guild_id?: string; member?: { nick?: string | null } };

const USER_MESSAGE_TYPES = new Set([0, 19]); // Default, Reply
const IS_VOICE_MESSAGE = 1 << 13;
const INTERACTION = { command: 2, component: 3, modalSubmit: 5 } as const;

/**
 * Maps a message. `inGuild` says whether its channel is a server channel (the gateway says so
 * with guild_id; for a message fetched over REST the caller knows).
 */
export function mapMessage(msg: DiscordMessage, bot: BotIdentity, inGuild = msg.guild_id !== undefined): Mapped {
  if (msg.author.bot || msg.webhook_id !== undefined) return { kind: 'ignored', reason: 'from a bot' };
  if (!USER_MESSAGE_TYPES.has(msg.type)) return { kind: 'ignored', reason: 'service message' };
  const chat: ChatRef = { platform: 'discord', id: msg.channel_id, kind: inGuild ? 'group' : 'private' };
  const mention = new RegExp(`<@!?${bot.id}>`, 'g');
  const mentioned = msg.mentions.some((u) => u.id === bot.id) || msg.content.match(mention) !== null;
  const attachments = msg.attachments.map(attachmentOf);
  const incoming: Incoming = {
    updateId: msg.id, chat, sender: senderOf(msg.author, msg.member?.nick), text: tidy(msg.content.replace(mention, ' ')),
    ...(mentioned ? { mentioned: true } : {}),
    ...(msg.referenced_message?.author.id === bot.id ? { replyToBot: true, replyTo: { messageId: msg.referenced_message.id } } : {}),
    ...(attachments.length ? { attachments } : {}),
  };
  if (incoming.text || attachments.length) return { kind: 'incoming', incoming };
  // A sticker or voice message gets an answer in a DM; in a server it is chatter (or content Discord did not send).
  if (!inGuild && saidSomething(msg)) return { kind: 'incoming', incoming: { ...incoming, unreadable: true } };
  return { kind: 'ignored', reason: 'no text or attachment' };
}

const saidSomething = (msg: APIMessage): boolean =>
  !!msg.sticker_items?.length || !!msg.poll || ((msg.flags ?? 0) & IS_VOICE_MESSAGE) !== 0;

/** The id a component interaction carries (a button's custom_id, a menu's first value); undefined for any other interaction. */
export function pressedId(i: APIInteraction): string | undefined {
  if (i.type !== INTERACTION.component) return undefined;
  const data = i.data as { custom_id: string; values?: string[] };
  return data.values?.[0] ?? data.custom_id;
}

/** Maps an interaction; `resolvePress` turns a stored custom_id back into its payload. */
export function mapInteraction(i: APIInteraction, resolvePress: (customId: string) => string = (d) => d): Mapped {
  const user = i.member?.user ?? i.user;
  const channelId = i.channel?.id ?? i.channel_id;
  if (!user || !channelId) return { kind: 'ignored', reason: 'no user or channel' };
  const chat: ChatRef = { platform: 'discord', id: channelId, kind: i.guild_id ? 'group' : 'private' };
  const base = {
    updateId: i.id, chat, sender: senderOf(user, i.member?.nick, 'locale' in i ? i.locale : undefined),
    ...(i.member ? { fromChatAdmin: administers(i.member.permissions) } : {}),
  };
  if (i.type === INTERACTION.command && i.data.type === 1) {
    const interaction: InteractionRef = { id: i.id, token: i.token, kind: 'command', channelId };
    const values = new Map(optionValues(i.data.options ?? []));
    return { kind: 'incoming', incoming: { ...base, text: commandLine(i.data.name, values) }, interaction };
  }
  // A form's submission (discord.modal.ts) is the command line it stands for; it is answered as a command is.
  const form = formCommandLine(i);
  if (form !== undefined) {
    const interaction: InteractionRef = { id: i.id, token: i.token, kind: 'command', channelId, form: true };
    return { kind: 'incoming', incoming: { ...base, text: form }, interaction };
  }
  if (i.type === INTERACTION.component) {
    const interaction: InteractionRef = { id: i.id, token: i.token, kind: 'component', channelId, messageId: i.message.id };
    const incoming: Incoming = {
      ...base, text: '', press: resolvePress(pressedId(i)!),
      pressedMessage: { platform: 'discord', chatId: channelId, messageId: i.message.id },
    };
    return { kind: 'incoming', incoming, interaction };
  }
  const kind = i.type === INTERACTION.command || i.type === INTERACTION.modalSubmit ? 'command' : 'component';
  const interaction = 'token' in i ? { interaction: { id: i.id, token: i.token, kind, channelId } as InteractionRef } : {};
  return { kind: 'ignored', reason: `interaction type ${i.type}`, ...interaction };
}

/** The chat an event belongs to, so one chat's events are handled in order. */
export function chatKeyOf(mapped: Mapped): string {
  return mapped.kind === 'incoming' ? mapped.incoming.chat.id : (mapped.interaction?.channelId ?? 'other');
}

/** Administrator, Manage Server or Manage Channels, as computed for the interaction's channel. */
const ADMIN_PERMISSIONS = (1n << 3n) | (1n << 5n) | (1n << 4n);
const administers = (permissions: string): boolean => (BigInt(permissions) & ADMIN_PERMISSIONS) !== 0n;

/** The values of a slash command's options by name, subcommands flattened. */
function optionValues(options: readonly { name: string; value?: unknown; options?: readonly unknown[] }[]): [string, string][] {
  return options.flatMap((o) => (o.options ? optionValues(o.options as typeof options) : o.value === undefined ? [] : [[o.name, String(o.value)] as [string, string]]));
}

/** A person; the bot may open a DM with anyone it shares a server with (`dm:<id>`, see discord.port.ts). */
function senderOf(u: APIUser, nick?: string | null, locale?: string): Sender {
  return {
    id: u.id, name: nick || u.global_name || u.username, username: u.username, privateChatId: `dm:${u.id}`,
    ...(locale ? { locale } : {}),
  };
}

/** An image is a photo the adapter can show again (by URL); anything else is a file. */
function attachmentOf(a: APIAttachment): Attachment {
  return { kind: a.content_type?.startsWith('image/') ? 'photo' : 'file', ref: a.url };
}

/** Collapses the spaces a removed mention leaves. */
function tidy(text: string): string {
  return text.replace(/[ \t]{2,}/g, ' ').trim();
}

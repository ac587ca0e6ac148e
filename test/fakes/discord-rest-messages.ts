/**
 * Channel and message routes of the fake Discord: create (with `nonce` + `enforce_nonce`, DM
 * refusals 50007 and 50278), edit, delete, fetch one, fetch history (`after`, `before`, `around`,
 * newest first), get a channel, open a DM channel. The bot's messages are also dispatched on the
 * gateway, as Discord does.
 */
import type { APIAttachment, APIMessage } from 'discord.js';
import type { UploadedFile } from './discord-http.js';
import { errorBody } from './discord-http.js';
import { asSeenByBot, isoTimestamp, messagePayload } from './discord-payloads.js';
import { byChannel, global0, type FakeState, type Route } from './discord-state.js';
import type { ChannelState } from './discord-store.js';
import { DiscordError, invalidFormBody } from './discord-types.js';
import { numberComponents, validateMessage, type MessageBody } from './discord-validate.js';

/** A message by the bot from a validated body and its uploads; `extra` adds interaction fields. Not stored yet. */
export function botMessage(s: FakeState, channelId: string, body: MessageBody, extra: Partial<APIMessage> = {}, files: UploadedFile[] = []): APIMessage {
  const id = s.store.newId();
  const msg = messagePayload({
    id, channel_id: channelId, author: s.store.bot, content: body.content ?? '', timestamp: isoTimestamp(s.now()),
    embeds: (body.embeds ?? []) as APIMessage['embeds'], components: numberComponents(body.components) ?? [],
    attachments: files.map((f) => attachment(s, channelId, f)), flags: body.flags ?? 0, ...extra,
  });
  if (body.nonce !== undefined) msg.nonce = body.nonce;
  return msg;
}

/** An uploaded file as Discord lists it on the message (the fake keeps its bytes in `fake.files`). */
function attachment(s: FakeState, channelId: string, f: UploadedFile): APIAttachment {
  const id = s.store.newId();
  const url = `https://cdn.discordapp.com/attachments/${channelId}/${id}/${encodeURIComponent(f.filename)}`;
  s.files.set(url, f);
  const proxy_url = url.replace('cdn.discordapp.com', 'media.discordapp.net');
  return { id, filename: f.filename, size: f.size, url, proxy_url, content_type: contentTypeOf(f) };
}

/** Discord names the type from the file name when the upload did not say (discord.js sends octet-stream). */
const BY_EXTENSION: Record<string, string> = {
  csv: 'text/csv; charset=utf-8', txt: 'text/plain; charset=utf-8', json: 'application/json; charset=utf-8',
  png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', pdf: 'application/pdf',
};
function contentTypeOf(f: UploadedFile): string {
  if (f.contentType !== 'application/octet-stream') return f.contentType;
  return BY_EXTENSION[f.filename.split('.').pop()?.toLowerCase() ?? ''] ?? f.contentType;
}

/** Stores a new message and tells the gateway (ephemeral ones stay between Discord and one user). */
export function publish(s: FakeState, channel: ChannelState, msg: APIMessage): void {
  s.store.append(channel.id, msg);
  if (msg.flags && msg.flags & 64) return;
  s.gateway.dispatch('MESSAGE_CREATE', gatewayMessage(s, channel, msg), { ...scope(channel), message: msg });
}

/** Applies an edit body to a message of the bot and tells the gateway. */
export function applyEdit(s: FakeState, channel: ChannelState, old: APIMessage, body: MessageBody): APIMessage {
  const edited: APIMessage = { ...old, edited_timestamp: isoTimestamp(s.now()) };
  if (body.content !== undefined) edited.content = body.content ?? '';
  if (body.embeds !== undefined) edited.embeds = (body.embeds ?? []) as APIMessage['embeds'];
  if (body.components !== undefined) edited.components = numberComponents(body.components ?? []) ?? [];
  if (body.flags !== undefined) edited.flags = ((old.flags ?? 0) & ~128) | body.flags;
  else edited.flags = (old.flags ?? 0) & ~128; // a deferred reply stops "thinking" once edited
  s.store.replace(channel.id, edited);
  if (!(edited.flags & 64)) s.gateway.dispatch('MESSAGE_UPDATE', gatewayMessage(s, channel, edited), { ...scope(channel), message: edited });
  return edited;
}

const scope = (c: ChannelState) => (c.guildId ? { guildId: c.guildId } : {});

/** The gateway's version of a message: with `channel_type`, and guild_id and the author's member in servers. */
export function gatewayMessage(s: FakeState, channel: ChannelState, msg: APIMessage): APIMessage {
  if (!channel.guildId) return { ...msg, channel_type: 1 } as APIMessage;
  const member = s.store.guild(channel.guildId).members.get(msg.author.id);
  const { user: _user, ...partial } = member ?? { user: undefined };
  return { ...msg, channel_type: 0, guild_id: channel.guildId, ...(member ? { member: partial } : {}) } as APIMessage;
}

function createMessage(s: FakeState, channelId: string, raw: unknown, files: UploadedFile[]): APIMessage {
  const channel = s.store.channel(channelId);
  const body = validateMessage(raw, false, files.length > 0);
  if (channel.kind === 'dm') refuseClosedDm(s, channel);
  if (body.enforce_nonce && body.nonce !== undefined) {
    const earlier = s.store.recallNonce(s.store.bot.id, String(body.nonce));
    if (earlier) {
      s.record({ kind: 'create', channelId, message: earlier, deduplicated: true });
      return earlier;
    }
  }
  const extra: Partial<APIMessage> = {};
  if (body.message_reference) {
    const ref = s.store.channel(body.message_reference.channel_id ?? channelId).messages.find((m) => m.id === body.message_reference!.message_id);
    if (!ref && body.message_reference.fail_if_not_exists !== false) throw invalidFormBody('message_reference', 'MESSAGE_REFERENCE_UNKNOWN_MESSAGE', 'Unknown message');
    const guild = channel.guildId ? { guild_id: channel.guildId } : {};
    if (ref) Object.assign(extra, { type: 19, message_reference: { type: 0, channel_id: channelId, message_id: ref.id, ...guild }, referenced_message: ref });
  }
  const msg = botMessage(s, channelId, body, extra, files);
  publish(s, channel, msg);
  if (body.enforce_nonce && body.nonce !== undefined) s.store.rememberNonce(s.store.bot.id, String(body.nonce), msg);
  s.record({ kind: 'create', channelId, message: msg });
  return msg;
}

/** A DM to someone who closed DMs from server members is 50007; to someone sharing no server, 50278. */
function refuseClosedDm(s: FakeState, channel: ChannelState): void {
  const userId = channel.recipientId!;
  if (s.store.user(userId).dmsClosed) throw new DiscordError(403, errorBody('cannotSendToUser'));
  if (!s.store.sharesGuild(userId)) throw new DiscordError(403, errorBody('noMutualGuilds'));
}

function editMessage(s: FakeState, channelId: string, messageId: string, raw: unknown): APIMessage {
  const channel = s.store.channel(channelId);
  const old = s.store.message(channelId, messageId);
  if (old.author.id !== s.store.bot.id) throw new DiscordError(403, errorBody('cannotEditOthers'));
  const edited = applyEdit(s, channel, old, validateMessage(raw, true));
  s.record({ kind: 'edit', channelId, message: edited });
  return edited;
}

function history(s: FakeState, channelId: string, q: URLSearchParams): APIMessage[] {
  const channel = s.store.channel(channelId);
  const limit = q.has('limit') ? Number(q.get('limit')) : 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw invalidFormBody('limit', 'NUMBER_TYPE_MAX', 'int value should be less than or equal to 100.');
  const opt = (k: string) => (q.get(k) ?? undefined);
  const list = s.store.history(channelId, { after: opt('after'), before: opt('before'), around: opt('around'), limit });
  return list.map((m) => asSeenByBot(m, s.store.bot.id, s.contentIntent, channel.kind === 'dm'));
}

const channelRoute = (method: Route['method'], path: string, bucket: Route['bucket'], handle: Route['handle'], status?: number): Route => ({
  method, path, auth: true, bucket, global: true, major: byChannel, handle, ...(status ? { status } : {}),
});

export const messageRoutes: Route[] = [
  channelRoute('GET', '/channels/:channel', 'other', ({ state, params }) => state.store.channelPayload(state.store.channel(params.channel!))),
  channelRoute('GET', '/channels/:channel/messages', 'other', ({ state, params, query }) => history(state, params.channel!, query)),
  channelRoute('POST', '/channels/:channel/messages', 'messageCreate', ({ state, params, body, files }) => createMessage(state, params.channel!, body, files)),
  channelRoute('GET', '/channels/:channel/messages/:message', 'other', ({ state, params }) => {
    const channel = state.store.channel(params.channel!);
    return asSeenByBot(state.store.message(channel.id, params.message!), state.store.bot.id, state.contentIntent, channel.kind === 'dm');
  }),
  channelRoute('PATCH', '/channels/:channel/messages/:message', 'messageEdit', ({ state, params, body }) => editMessage(state, params.channel!, params.message!, body)),
  channelRoute('DELETE', '/channels/:channel/messages/:message', 'other', ({ state, params }) => {
    const old = state.store.message(params.channel!, params.message!);
    state.store.remove(params.channel!, old.id);
    state.record({ kind: 'delete', channelId: params.channel!, message: old });
    state.gateway.dispatch('MESSAGE_DELETE', { id: old.id, channel_id: old.channel_id }, {});
    return undefined;
  }),
  channelRoute('POST', '/channels/:channel/typing', 'other', () => undefined),
  {
    method: 'POST', path: '/users/@me/channels', auth: true, bucket: 'dmCreate', global: true, major: global0,
    handle: ({ state, body }) => {
      const id = (body as { recipient_id?: unknown } | undefined)?.recipient_id;
      if (typeof id !== 'string' || !state.store.users.has(id)) throw invalidFormBody('recipient_id', 'NUMBER_TYPE_COERCE', `Value "${String(id)}" is not snowflake.`);
      return state.store.channelPayload(state.store.dmChannel(id));
    },
  },
];

/**
 * The core's PlatformPort on Discord. `send` posts the text (escaped; relayed words cut to fit one
 * message, else split at 2,000 characters)
 * with the buttons as components, photos as image embeds and a file as an attachment, all on the
 * last part; `edit` changes a message's text and buttons. Every create carries a `nonce` with `enforce_nonce`, derived from
 * the outbox's dedupe key when there is one: Discord then answers a repeated create with the message
 * it already made, so a create whose answer was lost is repeated once here, and discord.js's own
 * repeats are harmless too. Nobody is ever pinged (`allowed_mentions` is empty). A chat id
 * `dm:<user id>` is a person's DM, opened on first use.
 *
 * Optional third arguments: `key`, the outbox row's key (the outbox passes it); and `replyTo`, the
 * update id of the interaction being answered, whose first answer then goes through the
 * interaction (discord.interactions.ts; the core does not pass it yet). A row the adapter routed
 * to an interaction (a private answer in a server channel) goes as an ephemeral follow-up
 * (discord.followups.ts).
 */
import { createHash, randomUUID } from 'node:crypto';
import { Routes, type APIChannel, type APIMessage, type RawFile, type REST } from 'discord.js';
import type { Outgoing, PlatformLimits, PlatformPort, SentRef } from '../../core/message.js';
import type { ButtonPayloads } from '../shared/buttons.js';
import { componentsFor } from './discord.buttons.js';
import { isUnknownMessage, toDeliveryError } from './discord.errors.js';
import type { Followups } from './discord.followups.js';
import type { Interactions, MessageBody } from './discord.interactions.js';
import { editContent, fitOneMessage, messageParts, TEXT_LIMITS } from './discord.text.js';

/**
 * What the outbox keeps to: Discord allows 50 requests a second per bot and 5 messages per 5
 * seconds in a channel (DMs included). A message to someone not written to before costs two
 * requests (opening the DM, then the message), so 20 messages a second is at most 40 requests:
 * a fifth of the global limit stays free for edits and for the jitter of a loaded machine, which
 * at 25 (exactly 50 requests) let a survey fan-out meet Discord's global 429.
 */
export const DISCORD_LIMITS: PlatformLimits = { perSecond: 20, perChatPerSecond: 1, perGroupPerMinute: 50 };

/**
 * How long a create's nonce surely keeps it from being posted twice: Discord checks `enforce_nonce`
 * against "the past few minutes"; one minute stays inside that.
 */
export const NONCE_KEPT_MS = 60_000;

/** Discord keeps at most 10 embeds on a message. */
const EMBED_LIMIT = 10;
const NO_PINGS = { parse: [] as never[] };

/** One message of a send: its JSON body and, on the last, the file to upload. */
interface Part {
  body: MessageBody & { attachments?: { id: number; filename: string }[] };
  files?: RawFile[];
}

export interface SendOptions {
  /** The outbox row's key: the same key gives the same nonce. */
  key?: string;
  /** The update id of the interaction this answers. */
  replyTo?: string;
}

export interface DiscordPortDeps {
  rest: REST;
  payloads: ButtonPayloads;
  interactions?: Interactions;
  /** Private answers to interactions in server channels (discord.followups.ts). */
  followups?: Followups;
}

export interface DiscordPort extends PlatformPort {
  send(chatId: string, out: Outgoing, opts?: SendOptions): Promise<SentRef>;
  edit(ref: SentRef, out: Outgoing, opts?: SendOptions): Promise<void>;
}

/** Discord's nonce (at most 25 characters) for part `part` of the send with this seed. */
export function nonceFor(seed: string, part: number): string {
  return createHash('sha256').update(`${seed}\u0000${part}`).digest('base64url').slice(0, 25);
}

export function createDiscordPort(deps: DiscordPortDeps): DiscordPort {
  const { rest } = deps;
  const dmChannels = new Map<string, string>();

  /** The channel of a chat id: itself, or the DM of `dm:<user id>` (opened once, then remembered). */
  async function channelOf(chatId: string): Promise<string> {
    if (!chatId.startsWith('dm:')) return chatId;
    const userId = chatId.slice(3);
    let id = dmChannels.get(userId);
    if (!id) {
      id = ((await rest.post(Routes.userChannels(), { body: { recipient_id: userId } })) as APIChannel).id;
      dmChannels.set(userId, id);
    }
    return id;
  }

  /** Creates a message; a lost answer is asked once more with the same nonce, which cannot duplicate it. */
  async function create(channelId: string, { body, files }: Part): Promise<APIMessage> {
    for (let attempt = 1; ; attempt++) {
      try {
        return (await rest.post(Routes.channelMessages(channelId), { body, ...(files ? { files } : {}) })) as APIMessage;
      } catch (err) {
        const d = toDeliveryError(err);
        if (d.reason !== 'unknown' || attempt >= 2) throw d;
      }
    }
  }

  async function partsOf(out: Outgoing, seed: string): Promise<Part[]> {
    const texts = messageParts(out.text);
    const components = await componentsFor(deps.payloads, out.buttons);
    const embeds = (out.photos ?? []).slice(0, EMBED_LIMIT).map((url) => ({ image: { url } }));
    const file = out.file;
    return texts.map((content, i) => {
      const last = i === texts.length - 1;
      const body: MessageBody = {
        content, components: last ? components : [], ...(last && embeds.length ? { embeds } : {}),
        allowed_mentions: NO_PINGS, nonce: nonceFor(seed, i), enforce_nonce: true,
      };
      if (!last || !file) return { body };
      const upload: RawFile = { name: file.name, data: Buffer.from(file.content, 'utf8'), contentType: file.mime };
      return { body: { ...body, attachments: [{ id: 0, filename: file.name }] }, files: [upload] };
    });
  }

  async function send(chatId: string, out: Outgoing, opts: SendOptions = {}): Promise<SentRef> {
    const route = deps.followups?.routeOf(opts.key);
    if (!route) return sendTo(chatId, out, opts);
    const parts = await partsOf(fitOneMessage(out), opts.key ?? randomUUID());
    return deps.followups!.send(route, parts.map((p) => p.body), () => sendTo(chatId, out, opts));
  }

  async function sendTo(chatId: string, out: Outgoing, opts: SendOptions): Promise<SentRef> {
    try {
      const channelId = await channelOf(chatId);
      const responder = deps.interactions?.get(opts.replyTo);
      const through = responder?.ref.channelId === channelId ? responder : undefined;
      let last: APIMessage | undefined;
      for (const part of await partsOf(fitOneMessage(out), opts.key ?? randomUUID())) {
        // Files go to the channel: the interaction's answer carries text, buttons and embeds.
        const answered = through && !part.files ? await through.send(part.body).catch(() => undefined) : undefined;
        last = answered ?? (await create(channelId, part));
      }
      return { platform: 'discord', chatId: channelId, messageId: last!.id };
    } catch (err) {
      throw toDeliveryError(err);
    }
  }

  /** Edits the text and the buttons (none removes them), or with `keepText` the buttons alone; a message deleted meanwhile is no failure. */
  async function edit(ref: SentRef, out: Outgoing, opts: SendOptions = {}): Promise<void> {
    try {
      const components = await componentsFor(deps.payloads, out.buttons);
      // keepText: only the buttons change (a finished step's are taken off), the content stays.
      const body = out.keepText ? { components } : { content: editContent(fitOneMessage(out).text), components };
      const responder = deps.interactions?.get(opts.replyTo);
      if (responder && (await responder.edit(ref.messageId, body).catch(() => false))) return;
      await rest.patch(Routes.channelMessage(ref.chatId, ref.messageId), { body: { ...body, allowed_mentions: NO_PINGS } });
    } catch (err) {
      if (isUnknownMessage(err)) return;
      throw toDeliveryError(err);
    }
  }

  return { platform: 'discord', send, edit, limits: { ...DISCORD_LIMITS }, textLimits: TEXT_LIMITS, repeatableForMs: NONCE_KEPT_MS };
}

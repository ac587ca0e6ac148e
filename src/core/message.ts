/**
 * The platform-neutral message model. Adapters translate platform updates into `Incoming` and
 * render `Outgoing`; features only ever see these types.
 */

/** Where a message came from. `local` is the console chat and the simulator. */
export type Platform = 'local' | 'telegram' | 'discord';
export type ChatKind = 'private' | 'group';

export interface ChatRef {
  platform: Platform;
  /** The platform's chat id as a string (Telegram chat id, Discord channel id, `group:class-2301`). */
  id: string;
  kind: ChatKind;
  title?: string;
}

export interface Sender {
  /** The platform's user id as a string. Never shown to staff for anonymous cases. */
  id: string;
  /** Display name as the platform gives it. */
  name: string;
  username?: string;
  /** Locale as the platform reports it (Telegram `language_code`, Discord locale). */
  locale?: string;
  /**
   * Where the bot may write to this person privately although the message came from a group, when
   * the platform lets a bot open a private chat itself (Discord: `dm:<user id>`, opened on first
   * use). Kept as their private chat until they write privately; a refusal there marks it unreachable.
   */
  privateChatId?: string;
}

export interface Attachment {
  kind: 'photo' | 'file';
  /** A platform reference that the same adapter can send again (Telegram file_id, URL). */
  ref: string;
}

export interface Incoming {
  /** Platform update id, used to drop duplicates; absent where the platform has none. */
  updateId?: string;
  chat: ChatRef;
  sender: Sender;
  /** Message text or caption; empty for a pure button press or photo. */
  text: string;
  /** The bot was @mentioned in a group. */
  mentioned?: boolean;
  /** The message replies to one of the bot's messages. */
  replyToBot?: boolean;
  /**
   * Which of the bot's messages it replies to (the platform's id of that message, as in
   * `SentRef.messageId` of the same chat): a counsellor answering a relayed message by replying to it.
   */
  replyTo?: { messageId: string };
  /** A button press: the `data` of the button that was pressed. */
  press?: string;
  /** The message the pressed button belongs to, so the handler can edit it. */
  pressedMessage?: SentRef;
  attachments?: Attachment[];
  /** Something the bot cannot read (a voice message, sticker, video, location…), sent privately. */
  unreadable?: boolean;
  /**
   * The platform says the sender administers the group the message came from (its owner or an
   * admin there); absent when the platform was not asked or could not say. Set by adapters.
   */
  fromChatAdmin?: boolean;
  /**
   * Set while a button press is handled (`ctx.notice`): a short text only the person who pressed
   * sees, shown by the adapter when it acknowledges the press (Telegram: the answer's toast).
   */
  notice?: string;
}

export interface Button {
  label: string;
  /** Opaque payload `feature:action[:arg...]`; adapters keep long ones server-side. */
  data: string;
}

/** A file made by the bot (an export), sent as a document. */
export interface OutgoingFile {
  /** File name shown to people, e.g. "poll-3.csv". */
  name: string;
  /** MIME type, e.g. "text/csv". */
  mime: string;
  /** The file's text content (UTF-8). */
  content: string;
}

export interface Outgoing {
  text: string;
  buttons?: Button[][];
  /** Photos to show along with the text (attachment refs of the same platform). */
  photos?: string[];
  /** A file sent along with the text (the text is its caption where the platform has one). */
  file?: OutgoingFile;
  /**
   * Where in `text` someone's words are relayed (a staff reply, a student's answer), as UTF-16
   * offsets: a platform that cannot show the whole text in one message cuts this part short with
   * "…" instead of splitting the message (core/relay.ts).
   */
  relayed?: { start: number; end: number };
  /**
   * In an edit: leave the text (or caption) and photos as they are and set only the buttons (none:
   * the buttons are taken off), as for a finished step (core/steps.ts). Ignored when sending.
   */
  keepText?: boolean;
}

/** The edit that takes the buttons off a message and leaves the rest as it is. */
export const WITHOUT_BUTTONS: Outgoing = { text: '', keepText: true };

/** How long one message may be, in UTF-16 code units (Telegram: 4096 for a text, 1024 for a caption). */
export interface TextLimits {
  text: number;
  caption: number;
}

/** A sent message, so it can be edited later. */
export interface SentRef {
  platform: Platform;
  chatId: string;
  messageId: string;
}

/** How fast the outbox may send on a platform (Telegram: about 30/s, 1/s per chat, 20/min per group). */
export interface PlatformLimits {
  perSecond: number;
  perChatPerSecond: number;
  perGroupPerMinute: number;
}

/** What an adapter must offer to the core. */
export interface PlatformPort {
  platform: Platform;
  /**
   * `key` names the outbox row: the same key on a second call is the same message (Discord sends
   * it as the create's nonce, so a repeat whose first answer was lost is not posted twice).
   */
  send(chatId: string, out: Outgoing, opts?: { key?: string }): Promise<SentRef>;
  edit(ref: SentRef, out: Outgoing): Promise<void>;
  /**
   * How long after a send the same `key` still cannot post it twice (Discord remembers a nonce for
   * a few minutes): a send a crash cut off more recently is sent again instead of left `unknown`.
   */
  repeatableForMs?: number;
  /** Send rates the outbox keeps to; none means unlimited (the local platform). */
  limits?: PlatformLimits;
  /** How long one message may be; a relayed text is cut to fit. None: no limit (the local platform). */
  textLimits?: TextLimits;
}

/** Builds an `Outgoing` from text or passes one through. */
export function toOutgoing(out: Outgoing | string): Outgoing {
  return typeof out === 'string' ? { text: out } : out;
}

/**
 * Why a send failed, as far as the platform let us know:
 * `blocked` — the person blocked the bot or never started it (403); do not retry.
 * `rate_limited` — retry after `retryAfterMs`.
 * `transient` — a 5xx or a refused connection: nothing was delivered, retrying is safe.
 * `unknown` — the request may have arrived (lost response): resending could duplicate it.
 * `invalid` — the platform rejected the message itself (400).
 */
export type DeliveryFailure = 'blocked' | 'rate_limited' | 'transient' | 'unknown' | 'invalid';

export class DeliveryError extends Error {
  constructor(readonly reason: DeliveryFailure, message: string, readonly retryAfterMs?: number) {
    super(message);
    this.name = 'DeliveryError';
  }
}

/** The adapters that are running, by platform. */
export type Ports = Map<Platform, PlatformPort>;

export function portFor(ports: Ports, platform: Platform): PlatformPort {
  const port = ports.get(platform);
  if (!port) throw new Error(`no adapter is running for ${platform}`);
  return port;
}

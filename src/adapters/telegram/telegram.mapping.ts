/**
 * Telegram updates → the platform-neutral model. Pure functions: the same update and bot give the
 * same result. Private chat id = user id; every id becomes a string.
 */
import type { CallbackQuery, Chat, Message, MessageEntity, Update, User } from 'grammy/types';
import type { Attachment, ChatRef, Incoming, Sender } from '../../core/message.js';

/** Who the bot is, as getMe tells it. */
export interface BotIdentity {
  id: number;
  username: string;
}

export type Mapped =
  /** A message or a button press for the router. `callbackQueryId` must be answered once. */
  | { kind: 'incoming'; incoming: Incoming; callbackQueryId?: string }
  /** The bot was added to (`member`) or removed from a group, or a user blocked/unblocked it privately. */
  | { kind: 'membership'; chat: ChatRef; member: boolean; by: Sender }
  /** A group became a supergroup: its chat id changed. */
  | { kind: 'migrated'; fromChatId: string; toChatId: string }
  | { kind: 'ignored'; reason: string };

/** The update types the adapter asks Telegram for. */
export const ALLOWED_UPDATES = ['message', 'callback_query', 'my_chat_member'] as const;

/** Maps one update; `resolvePress` turns stored button ids back into their payload. */
export function mapUpdate(update: Update, bot: BotIdentity, resolvePress: (data: string) => string = (d) => d): Mapped {
  const updateId = String(update.update_id);
  if (update.message) return mapMessage(update.message, bot, updateId);
  if (update.callback_query) return mapCallback(update.callback_query, bot, updateId, resolvePress);
  if (update.my_chat_member) {
    const m = update.my_chat_member;
    const chat = chatRef(m.chat);
    if (!chat) return { kind: 'ignored', reason: 'channel' };
    const s = m.new_chat_member;
    const member = s.status === 'member' || s.status === 'administrator' || s.status === 'creator' || (s.status === 'restricted' && s.is_member);
    return { kind: 'membership', chat, member, by: sender(m.from) };
  }
  return { kind: 'ignored', reason: Object.keys(update).find((k) => k !== 'update_id') ?? 'empty' };
}

/** The line an update waits in: its chat's, so one chat's updates are handled in order (group presses: see below). */
export function chatKeyOf(update: Update): string {
  const pressIn = update.callback_query?.message?.chat;
  // A button pressed in a group does not wait behind other people's presses (a burst of votes): its line is the presser's.
  if (pressIn && pressIn.type !== 'private') return `${pressIn.id}:${update.callback_query!.from.id}`;
  const chat = update.message?.chat ?? pressIn ?? update.my_chat_member?.chat;
  if (chat) return String(chat.id);
  const from = update.callback_query?.from;
  return from ? String(from.id) : 'other';
}

/** Keys of an update that say who someone is or where they wrote from. */
const WHO = new Set([
  'from', 'chat', 'sender_chat', 'user', 'new_chat_member', 'old_chat_member', 'new_chat_members', 'left_chat_member',
  'contact', 'forward_from', 'forward_from_chat', 'forward_origin', 'forward_sender_name', 'via_bot', 'reply_to_message', 'chat_instance',
]);

/**
 * A stored update without who sent it, from where, or the callback query's id (Telegram's ids can
 * embed the user): what is kept of an update given up on, for inspection. Not JSON: empty.
 */
export function withoutSender(payload: string): string {
  try {
    const update = JSON.parse(payload) as Update;
    if (update.callback_query) (update.callback_query as Partial<CallbackQuery>).id = undefined;
    return JSON.stringify(update, (key, value: unknown) => (WHO.has(key) ? undefined : value));
  } catch {
    return '';
  }
}

function mapMessage(msg: Message, bot: BotIdentity, updateId: string): Mapped {
  if (msg.migrate_to_chat_id !== undefined) {
    return { kind: 'migrated', fromChatId: String(msg.chat.id), toChatId: String(msg.migrate_to_chat_id) };
  }
  const chat = chatRef(msg.chat);
  if (!chat) return { kind: 'ignored', reason: 'channel' };
  if (!msg.from || msg.from.id === bot.id) return { kind: 'ignored', reason: 'no sender' };
  const raw = msg.text ?? msg.caption ?? '';
  const entities = msg.entities ?? msg.caption_entities ?? [];
  const mentions = botMentions(raw, entities, bot);
  const attachments = attachmentsOf(msg);
  const incoming: Incoming = {
    updateId, chat, sender: sender(msg.from), text: withoutRanges(raw, mentions),
    ...(mentions.length ? { mentioned: true } : {}),
    ...(msg.reply_to_message?.from?.id === bot.id ? { replyToBot: true, replyTo: { messageId: String(msg.reply_to_message.message_id) } } : {}),
    ...(attachments.length ? { attachments } : {}),
  };
  if (incoming.text || attachments.length) return { kind: 'incoming', incoming };
  // A voice message, sticker, video, location… gets an answer in private; in a group it is chatter.
  if (chat.kind === 'private' && saidSomething(msg)) return { kind: 'incoming', incoming: { ...incoming, unreadable: true } };
  return { kind: 'ignored', reason: 'no text or photo' };
}

/** Content a person sent that the bot cannot read; service messages (a pin, a timer change…) are not in it. */
const UNREADABLE = ['voice', 'audio', 'video', 'video_note', 'sticker', 'animation', 'location', 'venue', 'contact', 'poll', 'dice', 'story'] as const;
const saidSomething = (msg: Message): boolean => UNREADABLE.some((k) => msg[k] !== undefined);

function mapCallback(cq: CallbackQuery, bot: BotIdentity, updateId: string, resolvePress: (d: string) => string): Mapped {
  const from = cq.from;
  const msgChat = cq.message?.chat;
  const chat = msgChat ? chatRef(msgChat) : { platform: 'telegram' as const, id: String(from.id), kind: 'private' as const };
  if (!chat || from.id === bot.id) return { kind: 'ignored', reason: 'channel' };
  const incoming: Incoming = {
    updateId, chat, sender: sender(from), text: '', press: resolvePress(cq.data ?? ''),
    ...(cq.message ? { pressedMessage: { platform: 'telegram', chatId: String(cq.message.chat.id), messageId: String(cq.message.message_id) } } : {}),
  };
  return { kind: 'incoming', incoming, callbackQueryId: cq.id };
}

function chatRef(chat: Chat): ChatRef | undefined {
  if (chat.type === 'channel') return undefined;
  const kind = chat.type === 'private' ? 'private' : 'group';
  const title = 'title' in chat && chat.title ? { title: chat.title } : {};
  return { platform: 'telegram', id: String(chat.id), kind, ...title };
}

function sender(u: User): Sender {
  const name = [u.first_name, u.last_name].filter(Boolean).join(' ') || u.username || String(u.id);
  return {
    id: String(u.id), name,
    ...(u.username ? { username: u.username } : {}),
    ...(u.language_code ? { locale: u.language_code } : {}),
  };
}

/** Entity ranges (UTF-16 offsets) that @mention this bot: `mention` of its username or `text_mention` of its id. */
function botMentions(text: string, entities: MessageEntity[], bot: BotIdentity): MessageEntity[] {
  const handle = `@${bot.username}`.toLowerCase();
  return entities.filter((e) =>
    (e.type === 'mention' && text.slice(e.offset, e.offset + e.length).toLowerCase() === handle) ||
    (e.type === 'text_mention' && e.user.id === bot.id));
}

/** The text without the bot's @mentions (so "@bot /help" is the command /help); text_mentions keep their words. */
function withoutRanges(text: string, ranges: MessageEntity[]): string {
  let out = text;
  for (const e of [...ranges].sort((a, b) => b.offset - a.offset)) {
    if (e.type === 'mention') out = out.slice(0, e.offset) + out.slice(e.offset + e.length);
  }
  return out.replace(/[ \t]{2,}/g, ' ').trim();
}

/** The largest size of a photo (by pixels) as a photo; a document as a file (it cannot be re-sent as a photo). */
function attachmentsOf(msg: Message): Attachment[] {
  const out: Attachment[] = [];
  if (msg.photo?.length) {
    const largest = msg.photo.reduce((a, b) => (b.width * b.height >= a.width * a.height ? b : a));
    out.push({ kind: 'photo', ref: largest.file_id });
  }
  if (msg.document) out.push({ kind: 'file', ref: msg.document.file_id });
  return out;
}

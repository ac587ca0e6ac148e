/**
 * Builders of realistic Telegram payloads (users, chats, messages, photos, callback queries) in
 * the shape the Bot API really sends them. Pure functions: ids and dates are passed in, so the
 * same inputs always give the same payload. The fake server wires them to its state.
 */
import type {
  CallbackQuery,
  Chat,
  InaccessibleMessage,
  Message,
  MessageEntity,
  PhotoSize,
  User,
} from 'grammy/types';

/** A human user; defaults look like a real account with a Chinese client. */
export function user(fields: Partial<User> & { id: number }): User {
  return { is_bot: false, first_name: `User${fields.id}`, language_code: 'zh-hans', ...fields };
}

/** The private chat with a user: Telegram uses the user's id as the chat id. */
export function privateChat(u: User): Chat.PrivateChat {
  const chat: Chat.PrivateChat = { id: u.id, type: 'private', first_name: u.first_name };
  if (u.last_name !== undefined) chat.last_name = u.last_name;
  if (u.username !== undefined) chat.username = u.username;
  return chat;
}

/** A group chat; supergroup ids look like -100xxxxxxxxxx, basic group ids are small negatives. */
export function groupChat(fields: { id: number; title: string; type?: 'group' | 'supergroup' }): Chat {
  const type = fields.type ?? (fields.id <= -1_000_000_000_000 ? 'supergroup' : 'group');
  return { id: fields.id, title: fields.title, type } as Chat;
}

const COMMAND = /(^|\s)(\/[a-zA-Z0-9_]{1,32}(?:@[a-zA-Z0-9_]{3,32})?)(?=\s|$)/g;
const MENTION = /(^|[^\w@])(@[a-zA-Z0-9_]{5,32})\b/g;
const URL_RE = /(^|\s)(https?:\/\/[^\s]+)/g;

/**
 * The entities Telegram's clients attach to plain text: `bot_command` (also `/cmd@bot`),
 * `mention` (@username) and `url`. Offsets and lengths are UTF-16 code units.
 */
export function detectEntities(text: string): MessageEntity[] {
  const found: MessageEntity[] = [];
  const scan = (re: RegExp, type: 'bot_command' | 'mention' | 'url'): void => {
    for (const m of text.matchAll(re)) {
      const lead = m[1] ?? '';
      const value = m[2] ?? '';
      const offset = (m.index ?? 0) + lead.length;
      found.push({ type, offset, length: value.length });
    }
  };
  scan(COMMAND, 'bot_command');
  scan(MENTION, 'mention');
  scan(URL_RE, 'url');
  return found.sort((a, b) => a.offset - b.offset);
}

/** Three sizes as Telegram generates them for one uploaded photo (thumbnail, medium, large). */
export function photoSizes(seed: string, width = 1280, height = 960): PhotoSize[] {
  const scale = (max: number): [number, number] => {
    const f = Math.min(1, max / Math.max(width, height));
    return [Math.round(width * f), Math.round(height * f)];
  };
  return [90, 320, 1280].map((max, i) => {
    const [w, h] = scale(max);
    return {
      file_id: `AgACAgUAAxkBAAI${seed}${'sxy'[i]}AAQ`,
      file_unique_id: `AQAD${seed}${'sxy'[i]}`,
      width: w,
      height: h,
      file_size: Math.round(w * h * 0.12),
    };
  });
}

export interface MessageArgs {
  message_id: number;
  date: number;
  from: User;
  chat: Chat;
  text?: string;
  /** Adds a photo with generated sizes; `text` then becomes the caption. */
  photo?: PhotoSize[];
  reply_to_message?: Message;
}

/** A user message: text with detected entities, or a photo with caption and caption_entities. */
export function textMessage(args: MessageArgs): Message {
  const msg = { message_id: args.message_id, from: args.from, chat: args.chat, date: args.date } as Message;
  if (args.reply_to_message) msg.reply_to_message = withoutReply(args.reply_to_message) as Message['reply_to_message'];
  if (args.photo) {
    msg.photo = args.photo;
    if (args.text) Object.assign(msg, captionFields(args.text));
  } else {
    msg.text = args.text ?? '';
    const entities = detectEntities(msg.text);
    if (entities.length > 0) msg.entities = entities;
  }
  return msg;
}

function captionFields(caption: string): Pick<Message, 'caption' | 'caption_entities'> {
  const entities = detectEntities(caption);
  return entities.length > 0 ? { caption, caption_entities: entities } : { caption };
}

/** Telegram never nests replies more than one level deep. */
function withoutReply(msg: Message): Message {
  const copy = { ...msg };
  delete copy.reply_to_message;
  return copy as Message;
}

/** What a button press carries when the message is too old: an InaccessibleMessage (date 0). */
export function inaccessibleMessage(chat: Chat, message_id: number): InaccessibleMessage {
  return { chat, message_id, date: 0 };
}

/** A callback_query as Telegram sends it for an inline button press. */
export function callbackQuery(args: {
  id: string;
  from: User;
  message: Message | InaccessibleMessage;
  data: string;
}): CallbackQuery {
  const chat_instance = String(BigInt.asUintN(63, BigInt(args.message.chat.id) * 2654435761n));
  return { id: args.id, from: args.from, message: args.message, chat_instance, data: args.data };
}

/**
 * Scripted users for the fake Telegram server: a user sends a message (text, command, @mention,
 * reply to the bot, photo with caption) or presses an inline button. Each action builds the update
 * Telegram would deliver, with the chat's next message_id, and queues it for getUpdates.
 */
import type { Chat, InlineKeyboardButton, Message, Update, User, UserFromGetMe } from 'grammy/types';
import { callbackQuery, inaccessibleMessage, photoSizes, privateChat, textMessage, user } from './telegram-payloads.js';
import type { TelegramStore } from './telegram-store.js';

export type UserRef = User | number;

export interface UserSendsArgs {
  /** The sender; a bare number becomes a default user with that id. */
  from: UserRef;
  /** Default: the private chat with the sender. */
  chat?: Chat;
  text?: string;
  /** Attach a photo with generated sizes; `text` becomes the caption. */
  photo?: boolean | { width: number; height: number };
  /** Prefix the text with `@<bot username> ` (Telegram then marks a `mention` entity). */
  mention?: boolean;
  /** Reply to a message: its id in this chat, the message itself, or `'bot'` for the bot's latest message. */
  replyTo?: number | Message | 'bot';
  /** Unix seconds; default the fake's clock. */
  date?: number;
  update_id?: number;
}

export interface UserPressesArgs {
  from: UserRef;
  /** Default: the private chat with the sender. */
  chat?: Chat;
  message_id: number;
  data: string;
  update_id?: number;
}

interface Deps {
  store: TelegramStore;
  bot: UserFromGetMe;
  callbackQueries: Map<string, boolean>;
  now: () => number;
  push: (u: Omit<Update, 'update_id'> & { update_id?: number }) => Update;
}

export class ScriptedUsers {
  private queryCounter = 0;

  constructor(private readonly deps: Deps) {}

  /** Queues a `message` update from a user; returns it (with update_id and message_id). */
  sends(args: UserSendsArgs): Update {
    const from = this.resolveUser(args.from);
    const chat = args.chat ?? privateChat(from);
    this.deps.store.addChat(chat);
    const text = args.mention ? `@${this.deps.bot.username} ${args.text ?? ''}`.trimEnd() : args.text;
    const msg = textMessage({
      message_id: this.deps.store.allocMessageId(chat.id),
      date: args.date ?? Math.floor(this.deps.now() / 1000),
      from,
      chat,
      ...(text !== undefined && { text }),
      ...(args.photo && { photo: this.photo(args.photo) }),
      ...(args.replyTo !== undefined && { reply_to_message: this.replyTarget(chat, args.replyTo) }),
    });
    return this.deps.push({ message: msg as NonNullable<Update['message']>, ...withId(args.update_id) });
  }

  /**
   * Queues a `callback_query` for a button press on a message. A known message is attached in
   * full and must offer a button with this callback_data (else this throws: a test bug); an unknown
   * one is attached as an InaccessibleMessage, as Telegram does for old messages.
   */
  presses(args: UserPressesArgs): Update {
    const from = this.resolveUser(args.from);
    const chat = args.chat ?? privateChat(from);
    const stored = this.deps.store.getMessage(chat.id, args.message_id);
    if (stored && !buttons(stored).some((b) => 'callback_data' in b && b.callback_data === args.data)) {
      const data = JSON.stringify(args.data);
      throw new Error(`fake Telegram: message ${args.message_id} in chat ${chat.id} has no button with data ${data}`);
    }
    const id = `${from.id}${String(++this.queryCounter).padStart(6, '0')}`;
    this.deps.callbackQueries.set(id, false);
    const message = stored ?? inaccessibleMessage(chat, args.message_id);
    const query = callbackQuery({ id, from, message, data: args.data });
    return this.deps.push({ callback_query: query, ...withId(args.update_id) });
  }

  /** Presses the button labelled `label` on the bot's latest message in the chat that offers it. */
  pressesButton(args: { from: UserRef; chat?: Chat; label: string }): Update {
    const from = this.resolveUser(args.from);
    const chat = args.chat ?? privateChat(from);
    const botMessages = this.deps.store.messagesIn(chat.id).filter((m) => m.from?.id === this.deps.bot.id).reverse();
    for (const msg of botMessages) {
      const button = buttons(msg).find((b) => b.text === args.label);
      if (button && 'callback_data' in button) {
        return this.presses({ from, chat, message_id: msg.message_id, data: button.callback_data });
      }
    }
    throw new Error(`fake Telegram: no bot message in chat ${chat.id} offers a button ${JSON.stringify(args.label)}`);
  }

  private resolveUser(ref: UserRef): User {
    const u = typeof ref === 'number' ? user({ id: ref }) : ref;
    this.deps.store.addUser(u);
    return u;
  }

  private photo(spec: true | { width: number; height: number }): ReturnType<typeof photoSizes> {
    const seed = this.deps.store.nextFileSeed('P');
    return spec === true ? photoSizes(seed) : photoSizes(seed, spec.width, spec.height);
  }

  private replyTarget(chat: Chat, ref: number | Message | 'bot'): Message {
    if (typeof ref === 'object') return ref;
    const found =
      ref === 'bot'
        ? this.deps.store.messagesIn(chat.id).filter((m) => m.from?.id === this.deps.bot.id).at(-1)
        : this.deps.store.getMessage(chat.id, ref);
    if (!found) throw new Error(`fake Telegram: no message ${String(ref)} to reply to in chat ${chat.id}`);
    return found;
  }
}

const withId = (update_id: number | undefined): { update_id?: number } =>
  update_id === undefined ? {} : { update_id };

function buttons(msg: Message): InlineKeyboardButton[] {
  return msg.reply_markup?.inline_keyboard.flat() ?? [];
}

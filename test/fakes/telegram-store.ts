/**
 * What the fake Telegram server knows: chats, users, messages per chat (with one message_id
 * sequence per chat shared by users and the bot), known file_ids, chat members and bot commands.
 * It learns chats, users, messages and photos from every pushed update.
 */
import type { BotCommand, Chat, ChatMember, Message, PhotoSize, Update, User } from 'grammy/types';
import { badRequest } from './telegram-types.js';

export class TelegramStore {
  private readonly chats = new Map<number, Chat>();
  private readonly users = new Map<number, User>();
  private readonly messages = new Map<number, Map<number, Message>>();
  private readonly lastMessageId = new Map<number, number>();
  private readonly photos = new Map<string, PhotoSize[]>();
  private readonly members = new Map<string, ChatMember['status']>();
  private readonly commands = new Map<string, BotCommand[]>();

  private fileSeq = 0;

  constructor(private readonly allowUnknownChats: boolean) {}

  /** A fresh, deterministic seed for file ids of photos the bot uploads. */
  nextFileSeed(prefix: string): string {
    this.fileSeq += 1;
    return `${prefix}${this.fileSeq}`;
  }

  addChat(chat: Chat): void {
    this.chats.set(chat.id, { ...this.chats.get(chat.id), ...chat } as Chat);
  }

  addUser(u: User): void {
    this.users.set(u.id, u);
  }

  /** Makes every size's file_id usable for sendPhoto. */
  addPhoto(sizes: PhotoSize[]): void {
    for (const size of sizes) this.photos.set(size.file_id, sizes);
  }

  /** The sizes of a known photo file_id, or undefined for ids Telegram never issued. */
  photoSizesOf(fileId: string): PhotoSize[] | undefined {
    return this.photos.get(fileId);
  }

  /** Resolves a chat_id parameter (number, numeric string or @username). Throws 400 "chat not found". */
  resolveChat(chatId: unknown): Chat {
    const isName = typeof chatId === 'string' && chatId.startsWith('@');
    const byName = isName ? this.findByUsername(chatId.slice(1)) : undefined;
    const id = byName?.id ?? Number(chatId);
    const chat = Number.isSafeInteger(id) ? this.chats.get(id) : undefined;
    if (chat) return chat;
    if (chatId === undefined || chatId === '') throw badRequest('chat_id is empty');
    if (this.allowUnknownChats && Number.isSafeInteger(id) && id > 0) {
      const invented: Chat = { id, type: 'private', first_name: `User${id}` };
      this.addChat(invented);
      return invented;
    }
    throw badRequest('chat not found');
  }

  private findByUsername(name: string): Chat | undefined {
    return [...this.chats.values()].find((c) => c.username?.toLowerCase() === name.toLowerCase());
  }

  /** The next message_id in a chat (ids are per chat and never reused). */
  allocMessageId(chatId: number): number {
    const id = (this.lastMessageId.get(chatId) ?? 0) + 1;
    this.lastMessageId.set(chatId, id);
    return id;
  }

  saveMessage(msg: Message): void {
    const perChat = this.messages.get(msg.chat.id) ?? new Map<number, Message>();
    perChat.set(msg.message_id, msg);
    this.messages.set(msg.chat.id, perChat);
    this.lastMessageId.set(msg.chat.id, Math.max(this.lastMessageId.get(msg.chat.id) ?? 0, msg.message_id));
  }

  getMessage(chatId: number, messageId: number): Message | undefined {
    return this.messages.get(chatId)?.get(messageId);
  }

  deleteMessage(chatId: number, messageId: number): boolean {
    return this.messages.get(chatId)?.delete(messageId) ?? false;
  }

  /** Messages of one chat still present (not deleted), oldest first. */
  messagesIn(chatId: number): Message[] {
    return [...(this.messages.get(chatId)?.values() ?? [])].sort((a, b) => a.message_id - b.message_id);
  }

  user(id: number): User {
    return this.users.get(id) ?? { id, is_bot: false, first_name: `User${id}` };
  }

  setMember(chatId: number, userId: number, status: ChatMember['status']): void {
    this.members.set(`${chatId}:${userId}`, status);
  }

  memberStatus(chatId: number, userId: number): ChatMember['status'] | undefined {
    return this.members.get(`${chatId}:${userId}`);
  }

  /** Users set as the chat's creator or administrators, with their status. */
  adminsOf(chatId: number): { userId: number; status: 'creator' | 'administrator' }[] {
    const out: { userId: number; status: 'creator' | 'administrator' }[] = [];
    for (const [key, status] of this.members) {
      const [chat, userId] = key.split(':').map(Number) as [number, number];
      if (chat === chatId && (status === 'creator' || status === 'administrator')) out.push({ userId, status });
    }
    return out;
  }

  setCommands(key: string, commands: BotCommand[]): void {
    if (commands.length === 0) this.commands.delete(key);
    else this.commands.set(key, commands);
  }

  getCommands(key: string): BotCommand[] {
    return this.commands.get(key) ?? [];
  }

  /** Learns the chats, users, messages and file_ids an update carries. */
  learn(update: Update): void {
    const msg = update.message ?? update.edited_message ?? update.channel_post;
    if (msg) this.learnMessage(msg);
    const cq = update.callback_query;
    if (cq) this.addUser(cq.from);
    const member = update.my_chat_member ?? update.chat_member;
    if (member) {
      this.addChat(member.chat);
      this.setMember(member.chat.id, member.new_chat_member.user.id, member.new_chat_member.status);
    }
  }

  private learnMessage(msg: Message): void {
    this.addChat(msg.chat);
    if (msg.from) this.addUser(msg.from);
    this.saveMessage(msg);
    if (msg.photo) this.addPhoto(msg.photo);
    const replied = msg.reply_to_message;
    if (replied && !this.getMessage(replied.chat.id, replied.message_id)) this.learnMessage(replied);
  }
}

/**
 * The bot-level methods of the fake Telegram server: getMe, getUpdates (long polling), webhook
 * settings, bot commands per scope and language, getChatMember, getChatAdministrators and getChat.
 */
import type { BotCommand, Chat, ChatMember } from 'grammy/types';
import { badRequest, intParam, TelegramError, type MethodHandler, type Params } from './telegram-types.js';

const WEBHOOK_CONFLICT =
  "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first";

const getMe: MethodHandler = (_p, ctx) => ctx.bot;

const getUpdates: MethodHandler = (p, ctx) => {
  if (ctx.webhook.url) {
    throw new TelegramError(409, WEBHOOK_CONFLICT);
  }
  const args: Parameters<typeof ctx.updates.poll>[0] = { timeoutSeconds: Number(p.timeout ?? 0) || 0 };
  const offset = intParam(p.offset);
  const limit = intParam(p.limit);
  if (offset !== undefined) args.offset = offset;
  if (limit !== undefined) args.limit = limit;
  if (Array.isArray(p.allowed_updates)) args.allowedUpdates = p.allowed_updates.map(String);
  return ctx.updates.poll(args, ctx.onAbandon);
};

const setWebhook: MethodHandler = (p, ctx) => {
  const url = typeof p.url === 'string' ? p.url : '';
  // Telegram demands HTTPS on ports 80/88/443/8443; the fake also takes http:// so local servers can be tested.
  if (url !== '' && !/^https?:\/\/[^\s/]+/.test(url)) {
    throw badRequest('bad webhook: An HTTPS URL must be provided for webhook');
  }
  const secret = p.secret_token;
  if (secret !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(String(secret))) {
    throw badRequest('secret token contains unallowed characters');
  }
  ctx.webhook.url = url || undefined;
  ctx.webhook.secretToken = secret === undefined ? undefined : String(secret);
  ctx.webhook.maxConnections = intParam(p.max_connections);
  if (Array.isArray(p.allowed_updates)) ctx.webhook.allowedUpdates = p.allowed_updates.map(String);
  ctx.updates.setAllowed(ctx.webhook.allowedUpdates);
  if (isTrue(p.drop_pending_updates)) ctx.updates.dropPending();
  return true;
};

const deleteWebhook: MethodHandler = (p, ctx) => {
  ctx.webhook.url = undefined;
  ctx.webhook.secretToken = undefined;
  if (isTrue(p.drop_pending_updates)) ctx.updates.dropPending();
  return true;
};

const getWebhookInfo: MethodHandler = (_p, ctx) => {
  const info: Record<string, unknown> = {
    url: ctx.webhook.url ?? '',
    has_custom_certificate: false,
    pending_update_count: ctx.updates.pending.length,
  };
  if (ctx.webhook.url && ctx.webhook.maxConnections !== undefined) info.max_connections = ctx.webhook.maxConnections;
  if (ctx.webhook.url && ctx.webhook.allowedUpdates) info.allowed_updates = ctx.webhook.allowedUpdates;
  return info;
};

const isTrue = (v: unknown): boolean => v === true || v === 'true' || v === '1';

/** Commands are stored per (scope, language_code), as Telegram does. */
function commandKey(p: Params): string {
  const lang = typeof p.language_code === 'string' ? p.language_code : '';
  if (lang !== '' && !/^[a-z]{2}$/.test(lang)) throw badRequest('invalid language code specified');
  return `${JSON.stringify(p.scope ?? { type: 'default' })}|${lang}`;
}

const setMyCommands: MethodHandler = (p, ctx) => {
  const commands = p.commands;
  if (!Array.isArray(commands)) throw badRequest('parameter "commands" is required');
  if (commands.length > 100) throw badRequest('too many commands specified');
  for (const c of commands as BotCommand[]) {
    if (typeof c.command !== 'string' || !/^[a-z0-9_]{1,32}$/.test(c.command)) throw badRequest('BOT_COMMAND_INVALID');
    if (typeof c.description !== 'string' || c.description.length < 1 || c.description.length > 256) {
      throw badRequest('command description must be non-empty');
    }
  }
  const stored = (commands as BotCommand[]).map(({ command, description }) => ({ command, description }));
  ctx.store.setCommands(commandKey(p), stored);
  return true;
};

const getMyCommands: MethodHandler = (p, ctx) => ctx.store.getCommands(commandKey(p));

const deleteMyCommands: MethodHandler = (p, ctx) => {
  ctx.store.setCommands(commandKey(p), []);
  return true;
};

const ADMIN_RIGHTS = [
  'can_manage_chat', 'can_delete_messages', 'can_manage_video_chats', 'can_restrict_members',
  'can_promote_members', 'can_change_info', 'can_invite_users', 'can_post_stories',
  'can_edit_stories', 'can_delete_stories', 'can_pin_messages',
];

/** A ChatMember object of the given status with the fields Telegram always includes. */
function chatMember(status: ChatMember['status'], user: ChatMember['user']): ChatMember {
  switch (status) {
    case 'creator':
      return { status, user, is_anonymous: false };
    case 'administrator':
      const rights = Object.fromEntries(ADMIN_RIGHTS.map((r) => [r, true]));
      return { status, user, can_be_edited: false, is_anonymous: false, ...rights } as ChatMember;
    case 'restricted':
      return { status, user, is_member: true, until_date: 0, can_send_messages: false } as ChatMember;
    case 'kicked':
      return { status, user, until_date: 0 };
    default:
      return { status, user } as ChatMember;
  }
}

const getChatMember: MethodHandler = (p, ctx) => {
  const chat = ctx.store.resolveChat(p.chat_id);
  const userId = intParam(p.user_id);
  if (userId === undefined) throw badRequest('PARTICIPANT_ID_INVALID');
  const user = userId === ctx.bot.id ? ctx.bot : ctx.store.user(userId);
  const status = ctx.store.memberStatus(chat.id, userId) ?? ctx.defaultMemberStatus;
  return chatMember(status, user);
};

/** The chat's creator and administrators (private chats have none: Telegram answers 400). */
const getChatAdministrators: MethodHandler = (p, ctx) => {
  const chat = ctx.store.resolveChat(p.chat_id);
  if (chat.type === 'private') throw badRequest('there are no administrators in the private chat');
  return ctx.store.adminsOf(chat.id).map((a) => chatMember(a.status, a.userId === ctx.bot.id ? ctx.bot : ctx.store.user(a.userId)));
};

const getChat: MethodHandler = (p, ctx) => {
  const chat: Chat = ctx.store.resolveChat(p.chat_id);
  const gifts = {
    unlimited_gifts: false,
    limited_gifts: false,
    unique_gifts: false,
    premium_subscription: false,
    gifts_from_channels: false,
  };
  return { ...chat, accent_color_id: 0, max_reaction_count: 11, accepted_gift_types: gifts };
};

export const botMethods: Record<string, MethodHandler> = {
  getMe, getUpdates, setWebhook, deleteWebhook, getWebhookInfo,
  setMyCommands, getMyCommands, deleteMyCommands, getChatMember, getChatAdministrators, getChat,
};

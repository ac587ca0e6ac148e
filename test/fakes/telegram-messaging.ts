/**
 * The message methods of the fake Telegram server (sendMessage, sendPhoto, sendDocument, editMessageText,
 * editMessageCaption, editMessageReplyMarkup, deleteMessage, answerCallbackQuery), validating like Telegram and
 * recording every accepted call in `fake.sent`.
 */
import type { Chat, Message, PhotoSize } from 'grammy/types';
import { describeUploads, isUpload } from './telegram-http.js';
import { photoSizes } from './telegram-payloads.js';
import { checkCaption, checkMessageText, checkReplyMarkup, echoedMarkup, parseText } from './telegram-text.js';
import {
  badRequest,
  intParam,
  type MethodContext,
  type MethodHandler,
  type Params,
  type SentRecord,
} from './telegram-types.js';

type NewRecord = Omit<SentRecord, 'seq' | 'at' | 'responseDropped'>;
type PhotoRecord = NonNullable<SentRecord['photo']>;

const NOT_MODIFIED =
  'message is not modified: specified new message content and reply markup are exactly the same ' +
  'as a current content and reply markup of the message';

/** A fresh bot message in a chat, with the next message_id and optional reply_to_message. */
function newBotMessage(ctx: MethodContext, chat: Chat, p: Params): Message {
  const { id, is_bot, first_name, username } = ctx.bot;
  const msg = {
    message_id: ctx.store.allocMessageId(chat.id),
    from: { id, is_bot, first_name, username },
    chat,
    date: Math.floor(ctx.now() / 1000),
  } as Message;
  const replyTo = replyTarget(ctx, chat, p);
  if (replyTo) msg.reply_to_message = replyTo as Message['reply_to_message'];
  const markup = echoedMarkup(p.reply_markup);
  if (markup) msg.reply_markup = markup as Message['reply_markup'];
  return msg;
}

function replyTarget(ctx: MethodContext, chat: Chat, p: Params): Message | undefined {
  const params = (p.reply_parameters ?? {}) as { message_id?: unknown; allow_sending_without_reply?: boolean };
  const id = intParam(params.message_id ?? p.reply_to_message_id);
  if (id === undefined) return undefined;
  const target = ctx.store.getMessage(chat.id, id);
  if (!target && !params.allow_sending_without_reply) throw badRequest('message to be replied not found');
  if (!target) return undefined;
  const copy = { ...target };
  delete copy.reply_to_message;
  return copy as Message;
}

function base(method: SentRecord['method'], p: Params, chatId?: number): NewRecord {
  const r: NewRecord = { method, params: describeUploads(p) };
  if (chatId !== undefined) r.chatId = chatId;
  if (typeof p.parse_mode === 'string') r.parseMode = p.parse_mode;
  if (p.reply_markup !== undefined) r.replyMarkup = p.reply_markup;
  return r;
}

const sendMessage: MethodHandler = (p, ctx) => {
  const chat = ctx.store.resolveChat(p.chat_id);
  const parsed = parseText(typeof p.text === 'string' ? p.text : '', p.parse_mode, p.entities);
  checkMessageText(parsed);
  checkReplyMarkup(p.reply_markup);
  const msg = newBotMessage(ctx, chat, p);
  msg.text = parsed.text;
  if (parsed.entities.length > 0) msg.entities = parsed.entities;
  ctx.store.saveMessage(msg);
  ctx.record({ ...base('sendMessage', p, chat.id), messageId: msg.message_id, text: parsed.text });
  return msg;
};

/** Resolves the photo parameter: an upload, a known file_id or an HTTP URL. */
function resolvePhoto(ctx: MethodContext, photo: unknown): { sizes: PhotoSize[]; record: PhotoRecord } {
  if (isUpload(photo)) {
    const sizes = photoSizes(ctx.store.nextFileSeed('U'));
    ctx.store.addPhoto(sizes);
    const fileId = (sizes.at(-1) as PhotoSize).file_id;
    return { sizes, record: { fileId, uploaded: true, filename: photo.filename, size: photo.size } };
  }
  if (typeof photo !== 'string' || photo === '') throw badRequest('there is no photo in the request');
  const known = ctx.store.photoSizesOf(photo);
  if (known) return { sizes: known, record: { fileId: photo, uploaded: false } };
  if (!/^https?:\/\//.test(photo)) throw badRequest('wrong file identifier/HTTP URL specified');
  const sizes = photoSizes(ctx.store.nextFileSeed('W'));
  ctx.store.addPhoto(sizes);
  return { sizes, record: { fileId: photo, uploaded: false } };
}

const sendPhoto: MethodHandler = (p, ctx) => {
  const chat = ctx.store.resolveChat(p.chat_id);
  const { sizes, record } = resolvePhoto(ctx, p.photo);
  const caption = parseText(typeof p.caption === 'string' ? p.caption : '', p.parse_mode, p.caption_entities);
  checkCaption(caption);
  checkReplyMarkup(p.reply_markup);
  const msg = newBotMessage(ctx, chat, p);
  msg.photo = sizes;
  if (caption.text !== '') msg.caption = caption.text;
  if (caption.entities.length > 0) msg.caption_entities = caption.entities;
  ctx.store.saveMessage(msg);
  ctx.record({ ...base('sendPhoto', p, chat.id), messageId: msg.message_id, text: caption.text, photo: record });
  return msg;
};

/** sendDocument with an uploaded file (what the bot's exports are); the file's text is kept in the record. */
const sendDocument: MethodHandler = (p, ctx) => {
  const chat = ctx.store.resolveChat(p.chat_id);
  const doc = p.document;
  if (!isUpload(doc)) {
    if (typeof doc !== 'string' || doc === '') throw badRequest('there is no document in the request');
    throw badRequest('wrong file identifier/HTTP URL specified');
  }
  if (doc.size === 0) throw badRequest('file must be non-empty');
  const caption = parseText(typeof p.caption === 'string' ? p.caption : '', p.parse_mode, p.caption_entities);
  checkCaption(caption);
  checkReplyMarkup(p.reply_markup);
  const msg = newBotMessage(ctx, chat, p);
  const fileId = `D${ctx.store.nextFileSeed('D')}`;
  msg.document = { file_id: fileId, file_unique_id: `u${fileId}`, file_name: doc.filename, mime_type: doc.contentType, file_size: doc.size };
  if (caption.text !== '') msg.caption = caption.text;
  ctx.store.saveMessage(msg);
  const document = { fileId, filename: doc.filename, size: doc.size, content: doc.data.toString('utf8') };
  ctx.record({ ...base('sendDocument', p, chat.id), messageId: msg.message_id, text: caption.text, document });
  return msg;
};

/** The bot's own message addressed by chat_id + message_id, or 400 as Telegram answers. */
function ownMessage(ctx: MethodContext, p: Params, notFound: string): Message {
  const chat = ctx.store.resolveChat(p.chat_id);
  const id = intParam(p.message_id);
  if (id === undefined) throw badRequest('message identifier is not specified');
  const msg = ctx.store.getMessage(chat.id, id);
  if (!msg) throw badRequest(notFound);
  if (msg.from?.id !== ctx.bot.id) throw badRequest("message can't be edited");
  return msg;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

function saveEdit(ctx: MethodContext, msg: Message, changes: Partial<Message>, markup: unknown): Message {
  const edited = { ...msg, ...changes, edit_date: Math.floor(ctx.now() / 1000) } as Message;
  if (markup) edited.reply_markup = markup as Message['reply_markup'];
  else delete edited.reply_markup;
  ctx.store.saveMessage(edited);
  return edited;
}

const editMessageText: MethodHandler = (p, ctx) => {
  const msg = ownMessage(ctx, p, 'message to edit not found');
  if (msg.text === undefined) throw badRequest('there is no text in the message to edit');
  const parsed = parseText(typeof p.text === 'string' ? p.text : '', p.parse_mode, p.entities);
  checkMessageText(parsed);
  checkReplyMarkup(p.reply_markup);
  const markup = echoedMarkup(p.reply_markup);
  const entities = parsed.entities.length > 0 ? parsed.entities : undefined;
  const unchanged = parsed.text === msg.text && same(entities, msg.entities) && same(markup, msg.reply_markup);
  if (unchanged) throw badRequest(NOT_MODIFIED);
  const edited = saveEdit(ctx, msg, { text: parsed.text, entities } as Partial<Message>, markup);
  if (!entities) delete edited.entities;
  ctx.record({ ...base('editMessageText', p, msg.chat.id), messageId: msg.message_id, text: parsed.text });
  return edited;
};

const editMessageCaption: MethodHandler = (p, ctx) => {
  const msg = ownMessage(ctx, p, 'message to edit not found');
  if (msg.photo === undefined) throw badRequest('there is no caption in the message to edit');
  const caption = parseText(typeof p.caption === 'string' ? p.caption : '', p.parse_mode, p.caption_entities);
  checkCaption(caption);
  checkReplyMarkup(p.reply_markup);
  const markup = echoedMarkup(p.reply_markup);
  if (caption.text === (msg.caption ?? '') && same(markup, msg.reply_markup)) throw badRequest(NOT_MODIFIED);
  const edited = saveEdit(ctx, msg, { caption: caption.text } as Partial<Message>, markup);
  ctx.record({ ...base('editMessageCaption', p, msg.chat.id), messageId: msg.message_id, text: caption.text });
  return edited;
};

const editMessageReplyMarkup: MethodHandler = (p, ctx) => {
  const msg = ownMessage(ctx, p, 'message to edit not found');
  checkReplyMarkup(p.reply_markup);
  const markup = echoedMarkup(p.reply_markup);
  if (same(markup, msg.reply_markup)) throw badRequest(NOT_MODIFIED);
  const edited = saveEdit(ctx, msg, {}, markup);
  ctx.record({ ...base('editMessageReplyMarkup', p, msg.chat.id), messageId: msg.message_id });
  return edited;
};

const deleteMessage: MethodHandler = (p, ctx) => {
  const chat = ctx.store.resolveChat(p.chat_id);
  const id = intParam(p.message_id);
  if (id === undefined || !ctx.store.deleteMessage(chat.id, id)) throw badRequest('message to delete not found');
  ctx.record({ ...base('deleteMessage', p, chat.id), messageId: id });
  return true;
};

const answerCallbackQuery: MethodHandler = (p, ctx) => {
  const id = String(p.callback_query_id ?? '');
  if (ctx.callbackQueries.get(id) !== false) {
    throw badRequest('query is too old and response timeout expired or query ID is invalid');
  }
  if (typeof p.text === 'string' && [...p.text].length > 200) throw badRequest('MESSAGE_TOO_LONG');
  ctx.callbackQueries.set(id, true);
  const r = { ...base('answerCallbackQuery', p), callbackQueryId: id };
  ctx.record(typeof p.text === 'string' ? { ...r, text: p.text } : r);
  return true;
};

export const messagingMethods: Record<string, MethodHandler> = {
  sendMessage, sendPhoto, sendDocument, editMessageText, editMessageCaption, editMessageReplyMarkup, deleteMessage, answerCallbackQuery,
};

/**
 * The core's PlatformPort on Telegram: `send` → sendMessage (or sendPhoto with the text as caption,
 * then the other photos), `edit` → editMessageText. Texts are escaped for parse_mode HTML and long
 * ones split; every call is paced by the limiter. A call is repeated only when Telegram guarantees
 * nothing was delivered (429 after its retry_after, a 5xx, a refused connection), a few times at
 * most; everything else becomes a DeliveryError for the caller.
 */
import { InputFile, type Api } from 'grammy';
import type { InlineKeyboardMarkup, Message } from 'grammy/types';
import { DeliveryError, type Outgoing, type OutgoingFile, type PlatformPort, type SentRef } from '../../core/message.js';
import type { ButtonStore } from './telegram.buttons.js';
import { NO_TEXT_TO_EDIT, NOT_MODIFIED, toDeliveryError } from './telegram.errors.js';
import type { SendLimiter } from './telegram.limiter.js';
import { fitRelayed } from '../../core/relay.js';
import { CAPTION_LIMIT, escapeHtml, MESSAGE_LIMIT, PARSE_MODE, splitText, truncateText } from './telegram.text.js';

/** What the core is told about Telegram's lengths: relayed words are cut to fit one message. */
export const TEXT_LIMITS = { text: MESSAGE_LIMIT, caption: CAPTION_LIMIT } as const;

export interface TelegramPortDeps {
  api: Api;
  limiter: SendLimiter;
  buttons: ButtonStore;
  /** Groups the bot was removed from: nothing is sent there until it is added again. */
  hasLeft?: (chatId: string) => boolean | Promise<boolean>;
  sleep?: (ms: number) => Promise<void>;
}

/** One API call of a send; `main` is the message the SentRef points at (it carries the buttons). */
export type Step =
  | { kind: 'photo'; photo: string; caption?: string; main: boolean }
  | { kind: 'document'; file: OutgoingFile; caption?: string; main: boolean }
  | { kind: 'text'; text: string; main: boolean };

/** How many times a 429 is waited out before giving up, and the pauses before repeating a 5xx. */
const RATE_LIMITED_ATTEMPTS = 5;
const TRANSIENT_DELAYS_MS = [500, 2000];
/** A call still unanswered after this is abandoned (as `unknown`: it may have arrived). */
const CALL_TIMEOUT_MS = 20_000;

/** grammY types its signal parameter with its AbortController polyfill; a native signal works the same. */
type Signal = Parameters<Api['sendMessage']>[3];

/** Private chat ids are positive; groups and supergroups negative. */
export const isGroupChat = (chatId: string): boolean => chatId.startsWith('-');

/**
 * The calls that show `out`: the first photo (or the file, as a document) carries the text when it
 * fits a caption; otherwise the text goes first and the file after it.
 */
export function planSend(out: Outgoing): Step[] {
  if (out.file) return planDocument(out, out.file);
  const photos = out.photos ?? [];
  if (photos.length && out.text.length <= CAPTION_LIMIT) {
    const [first, ...rest] = photos as [string, ...string[]];
    return [
      { kind: 'photo', photo: first, ...(out.text ? { caption: out.text } : {}), main: true },
      ...rest.map((photo) => ({ kind: 'photo' as const, photo, main: false })),
    ];
  }
  const parts = splitText(out.text);
  return [
    ...photos.map((photo) => ({ kind: 'photo' as const, photo, main: false })),
    ...parts.map((text, i) => ({ kind: 'text' as const, text, main: i === parts.length - 1 })),
  ];
}

function planDocument(out: Outgoing, file: OutgoingFile): Step[] {
  if (out.text.length <= CAPTION_LIMIT) return [{ kind: 'document', file, ...(out.text ? { caption: out.text } : {}), main: true }];
  return [...splitText(out.text).map((text) => ({ kind: 'text' as const, text, main: false })), { kind: 'document', file, main: true }];
}

export function createTelegramPort(deps: TelegramPortDeps): PlatformPort {
  const { api, limiter } = deps;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));

  /** Runs one API call for `chatId` within the limits, repeating it only when that is safe. */
  async function call<T>(chatId: string, fn: (signal: Signal) => Promise<T>): Promise<T> {
    let limited = 0;
    let transient = 0;
    for (let retry = false; ; retry = true) {
      const release = await limiter.acquire(chatId, isGroupChat(chatId), retry);
      // A timer cleared when the call ends: AbortSignal.timeout costs several times more and keeps
      // every call's timer (and signal) alive for the full 20 s.
      const abort = new AbortController();
      const timer = setTimeout(() => abort.abort(), CALL_TIMEOUT_MS).unref();
      try {
        return await fn(abort.signal as Signal);
      } catch (err) {
        const d = toDeliveryError(err);
        // The 429 already paused every call (gateTransformer); acquire() waits it out.
        if (d.reason === 'rate_limited' && ++limited < RATE_LIMITED_ATTEMPTS) continue;
        const delay = d.reason === 'transient' ? TRANSIENT_DELAYS_MS[transient++] : undefined;
        if (delay === undefined) throw d;
        await sleep(delay);
      } finally {
        clearTimeout(timer);
        release();
      }
    }
  }

  function sendStep(chatId: string, step: Step, markup: InlineKeyboardMarkup | undefined): Promise<Message> {
    const reply_markup = step.main ? markup : undefined;
    if (step.kind === 'text') {
      return call(chatId, (signal) => api.sendMessage(chatId, escapeHtml(step.text), { parse_mode: PARSE_MODE, ...(reply_markup ? { reply_markup } : {}) }, signal));
    }
    const caption = step.caption ? { caption: escapeHtml(step.caption), parse_mode: PARSE_MODE } : {};
    if (step.kind === 'document') {
      const { name, content } = step.file;
      // A fresh InputFile per attempt: its stream is read once.
      return call(chatId, (signal) => api.sendDocument(chatId, new InputFile(Buffer.from(content, 'utf8'), name), { ...caption, ...(reply_markup ? { reply_markup } : {}) }, signal));
    }
    return call(chatId, (signal) => api.sendPhoto(chatId, step.photo, { ...caption, ...(reply_markup ? { reply_markup } : {}) }, signal));
  }

  async function send(chatId: string, out: Outgoing): Promise<SentRef> {
    if (await deps.hasLeft?.(chatId)) throw new DeliveryError('blocked', `the bot is no longer in chat ${chatId}`);
    const markup = await deps.buttons.keyboard(out.buttons);
    let main: Message | undefined;
    for (const step of planSend(fitRelayed(out, TEXT_LIMITS))) {
      const sent = await sendStep(chatId, step, markup);
      if (step.main) main = sent;
    }
    return { platform: 'telegram', chatId, messageId: String(main!.message_id) };
  }

  /** Edits the text (or, for a photo, the caption) and the buttons; an unchanged message is fine. */
  async function edit(ref: SentRef, edited: Outgoing): Promise<void> {
    if (edited.keepText) return editButtons(ref, edited);
    const out = fitRelayed(edited, { text: MESSAGE_LIMIT, caption: MESSAGE_LIMIT }); // a caption is cut below
    const markup = await deps.buttons.keyboard(out.buttons);
    const extra = { parse_mode: PARSE_MODE, ...(markup ? { reply_markup: markup } : {}) };
    const messageId = Number(ref.messageId);
    try {
      await call(ref.chatId, (signal) => api.editMessageText(ref.chatId, messageId, escapeHtml(truncateText(out.text, MESSAGE_LIMIT)), extra, signal));
    } catch (err) {
      if (!(err instanceof DeliveryError) || err.reason !== 'invalid') throw err;
      if (NOT_MODIFIED.test(err.message)) return;
      if (!NO_TEXT_TO_EDIT.test(err.message)) throw err;
      const caption = escapeHtml(truncateText(out.text, CAPTION_LIMIT));
      await call(ref.chatId, (signal) => api.editMessageCaption(ref.chatId, messageId, { caption, ...extra }, signal)).catch((e: unknown) => {
        if (!(e instanceof DeliveryError && NOT_MODIFIED.test(e.message))) throw e;
      });
    }
  }

  /** Sets only the inline keyboard (none: removed), the text or caption left as it is. */
  async function editButtons(ref: SentRef, out: Outgoing): Promise<void> {
    const markup = await deps.buttons.keyboard(out.buttons);
    await call(ref.chatId, (signal) => api.editMessageReplyMarkup(ref.chatId, Number(ref.messageId), markup ? { reply_markup: markup } : {}, signal)).catch((e: unknown) => {
      if (!(e instanceof DeliveryError && NOT_MODIFIED.test(e.message))) throw e;
    });
  }

  return { platform: 'telegram', send, edit, limits: { ...limiter.limits }, textLimits: TEXT_LIMITS };
}

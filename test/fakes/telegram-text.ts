/**
 * Text and keyboard validation of the fake Telegram server: parse_mode handling (HTML and
 * MarkdownV2, close to Telegram's error messages), length limits, and inline keyboard checks.
 * Offsets of produced entities are UTF-16 code units, as in the Bot API; length limits count
 * Unicode code points, as Telegram does.
 */
import type { MessageEntity } from 'grammy/types';
import { badRequest } from './telegram-types.js';

export interface ParsedText {
  text: string;
  entities: MessageEntity[];
}

export const MESSAGE_LIMIT = 4096;
export const CAPTION_LIMIT = 1024;

/** Applies parse_mode (HTML, MarkdownV2; legacy Markdown and none pass text through). Throws 400 like Telegram. */
export function parseText(raw: string, parseMode: unknown, entities?: unknown): ParsedText {
  if (parseMode === 'HTML') return parseHtml(raw);
  if (parseMode === 'MarkdownV2') return parseMarkdownV2(raw);
  if (parseMode !== undefined && parseMode !== 'Markdown') {
    throw badRequest(`unsupported parse_mode "${String(parseMode)}"`);
  }
  return { text: raw, entities: Array.isArray(entities) ? (entities as MessageEntity[]) : [] };
}

/** Checks a message text after parsing: non-blank and at most 4096 code points. */
export function checkMessageText(parsed: ParsedText): void {
  if (parsed.text.trim() === '') throw badRequest('message text is empty');
  if ([...parsed.text].length > MESSAGE_LIMIT) throw badRequest('message is too long');
}

/** Checks a caption after parsing: at most 1024 code points. */
export function checkCaption(parsed: ParsedText): void {
  if ([...parsed.text].length > CAPTION_LIMIT) throw badRequest('message caption is too long');
}

const byteOffset = (raw: string, index: number): number => Buffer.byteLength(raw.slice(0, index));

// ---------------------------------------------------------------------------------------- HTML

const HTML_TAGS: Record<string, MessageEntity['type']> = {
  b: 'bold', strong: 'bold', i: 'italic', em: 'italic', u: 'underline', ins: 'underline',
  s: 'strikethrough', strike: 'strikethrough', del: 'strikethrough', span: 'spoiler',
  'tg-spoiler': 'spoiler', a: 'text_link', code: 'code', pre: 'pre', blockquote: 'blockquote',
  'tg-emoji': 'custom_emoji',
};

interface OpenTag {
  name: string;
  type: MessageEntity['type'];
  offset: number;
  attrs: string;
  language?: string;
}

function parseHtml(raw: string): ParsedText {
  let text = '';
  const entities: MessageEntity[] = [];
  const stack: OpenTag[] = [];
  for (let i = 0; i < raw.length; ) {
    const ch = raw[i] as string;
    if (ch === '&') {
      const [decoded, used] = decodeHtmlEntity(raw, i);
      text += decoded;
      i += used;
    } else if (ch === '<') {
      i = handleTag(raw, i, stack, entities, text.length);
    } else {
      text += ch;
      i += 1;
    }
  }
  const open = stack.pop();
  if (open) throw badRequest(`can't parse entities: Can't find end tag corresponding to start tag "${open.name}"`);
  return { text, entities: entities.sort((a, b) => a.offset - b.offset) };
}

/** Handles the tag starting at `at` (tag name checked first, as Telegram does); returns the index after it. */
function handleTag(raw: string, at: number, stack: OpenTag[], out: MessageEntity[], pos: number): number {
  const where = `at byte offset ${byteOffset(raw, at)}`;
  const closing = raw[at + 1] === '/';
  const nameEnd = raw.slice(at + 1).search(/[\s>]/);
  const close = raw.indexOf('>', at);
  const unclosed = badRequest(`can't parse entities: Unclosed ${closing ? 'end' : 'start'} tag ${where}`);
  if (nameEnd === -1) throw unclosed;
  const name = raw.slice(at + (closing ? 2 : 1), at + 1 + nameEnd).toLowerCase();
  const type = HTML_TAGS[name];
  if (!closing && !type) throw badRequest(`can't parse entities: Unsupported start tag "${name}" ${where}`);
  if (close === -1) throw unclosed;
  if (closing) {
    closeTag(where, name, stack, out, pos);
    return close + 1;
  }
  const attrs = raw.slice(at + 1 + nameEnd, close);
  if (name === 'span' && !/class\s*=\s*"?tg-spoiler/.test(attrs)) {
    throw badRequest(`can't parse entities: Tag "span" must have class "tg-spoiler" ${where}`);
  }
  stack.push({ name, type: type as MessageEntity['type'], offset: pos, attrs });
  return close + 1;
}

function closeTag(where: string, name: string, stack: OpenTag[], out: MessageEntity[], pos: number): void {
  const open = stack.pop();
  if (!open) throw badRequest(`can't parse entities: Unexpected end tag ${where}`);
  if (open.name !== name) {
    const expected = `expected "</${open.name}>", found "</${name}>"`;
    throw badRequest(`can't parse entities: Unmatched end tag ${where}, ${expected}`);
  }
  if (pos === open.offset) return;
  const parent = stack.at(-1);
  if (open.name === 'code' && parent?.name === 'pre') {
    // <pre><code class="language-x"> only names the language of the pre block
    parent.language = /class\s*=\s*"language-([^"]+)"/.exec(open.attrs)?.[1];
    return;
  }
  const entity = { type: open.type, offset: open.offset, length: pos - open.offset } as MessageEntity;
  const href = /href\s*=\s*"([^"]*)"/.exec(open.attrs)?.[1];
  if (open.type === 'text_link') Object.assign(entity, { url: href ?? '' });
  if (open.type === 'pre' && open.language) Object.assign(entity, { language: open.language });
  out.push(entity);
}

const NAMED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

function decodeHtmlEntity(raw: string, at: number): [string, number] {
  const m = /^&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/i.exec(raw.slice(at, at + 12));
  if (!m) return ['&', 1];
  const body = m[1] as string;
  if (body.startsWith('#')) {
    const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
    return [String.fromCodePoint(code), m[0].length];
  }
  const named = NAMED_ENTITIES[body.toLowerCase()];
  return named ? [named, m[0].length] : ['&', 1];
}

// ---------------------------------------------------------------------------------- MarkdownV2

const MD_RESERVED = new Set('_*[]()~`>#+-=|{}.!\\'.split(''));
type MdMarker = [string, MessageEntity['type'], string];
const MD_MARKERS: MdMarker[] = [
  ['||', 'spoiler', 'Spoiler'], ['__', 'underline', 'Underline'], ['*', 'bold', 'Bold'],
  ['_', 'italic', 'Italic'], ['~', 'strikethrough', 'Strikethrough'],
];

interface OpenMarker {
  marker: string;
  type: MessageEntity['type'];
  label: string;
  offset: number;
  at: number;
}

/** MarkdownV2 as Telegram documents it; reserved characters outside entities must be escaped. */
function parseMarkdownV2(raw: string): ParsedText {
  const state = { text: '', entities: [] as MessageEntity[], stack: [] as OpenMarker[] };
  let i = 0;
  while (i < raw.length) i = mdStep(raw, i, state);
  const open = state.stack.pop();
  if (open) throw unclosedEntity(raw, open);
  return { text: state.text, entities: state.entities.sort((a, b) => a.offset - b.offset) };
}

type MdState = { text: string; entities: MessageEntity[]; stack: OpenMarker[] };

function mdStep(raw: string, i: number, s: MdState): number {
  const ch = raw[i] as string;
  if (ch === '\\') {
    s.text += raw[i + 1] ?? '';
    return i + 2;
  }
  if (ch === '`') return mdCode(raw, i, s);
  if (ch === '[') {
    s.stack.push({ marker: '[', type: 'text_link', label: 'TextUrl', offset: s.text.length, at: i });
    return i + 1;
  }
  if (ch === ']' && s.stack.at(-1)?.marker === '[') return mdLinkEnd(raw, i, s);
  if (ch === '>' && (i === 0 || raw[i - 1] === '\n')) return i + 1; // block quotation start
  const marker = MD_MARKERS.find(([m]) => raw.startsWith(m, i));
  if (marker) return mdToggle(raw, i, marker, s);
  if (MD_RESERVED.has(ch)) {
    throw badRequest(`can't parse entities: Character '${ch}' is reserved and must be escaped with the preceding '\\'`);
  }
  s.text += ch;
  return i + 1;
}

const unclosedEntity = (raw: string, open: OpenMarker) =>
  badRequest(`can't parse entities: Can't find end of ${open.label} entity at byte offset ${byteOffset(raw, open.at)}`);

function mdToggle(raw: string, i: number, [marker, type, label]: MdMarker, s: MdState): number {
  const top = s.stack.at(-1);
  if (top?.marker === marker) {
    s.stack.pop();
    const length = s.text.length - top.offset;
    if (length > 0) s.entities.push({ type, offset: top.offset, length } as MessageEntity);
  } else if (s.stack.some((o) => o.marker === marker)) {
    throw unclosedEntity(raw, top as OpenMarker);
  } else {
    s.stack.push({ marker, type, label, offset: s.text.length, at: i });
  }
  return i + marker.length;
}

function mdCode(raw: string, i: number, s: MdState): number {
  const fence = raw.startsWith('```', i) ? '```' : '`';
  const end = raw.indexOf(fence, i + fence.length);
  if (end === -1) {
    const label = fence === '`' ? 'Code' : 'Pre';
    throw badRequest(`can't parse entities: Can't find end of ${label} entity at byte offset ${byteOffset(raw, i)}`);
  }
  let body = raw.slice(i + fence.length, end).replace(/\\([`\\])/g, '$1');
  const entity: Record<string, unknown> = { type: fence === '`' ? 'code' : 'pre', offset: s.text.length };
  if (fence === '```' && /^\S*\n/.test(body)) {
    const language = body.slice(0, body.indexOf('\n'));
    if (language) entity.language = language;
    body = body.slice(body.indexOf('\n') + 1);
  }
  s.text += body;
  if (body.length > 0) s.entities.push({ ...entity, length: body.length } as MessageEntity);
  return end + fence.length;
}

function mdLinkEnd(raw: string, i: number, s: MdState): number {
  const open = s.stack.pop() as OpenMarker;
  const m = /^\]\(((?:\\.|[^)\\])*)\)/.exec(raw.slice(i));
  if (!m) throw unclosedEntity(raw, open);
  const url = (m[1] as string).replace(/\\(.)/g, '$1');
  const length = s.text.length - open.offset;
  if (length > 0) s.entities.push({ type: 'text_link', offset: open.offset, length, url });
  return i + m[0].length;
}

// ------------------------------------------------------------------------------------ keyboards

/** Validates reply_markup like Telegram: inline buttons need an action, callback_data is 1..64 bytes. */
export function checkReplyMarkup(markup: unknown): void {
  if (markup === undefined) return;
  if (typeof markup !== 'object' || markup === null) throw badRequest("can't parse reply keyboard markup JSON object");
  const rows = (markup as { inline_keyboard?: unknown }).inline_keyboard;
  if (rows === undefined) return;
  if (!Array.isArray(rows) || !rows.every(Array.isArray)) {
    throw badRequest('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays');
  }
  for (const button of (rows as unknown[][]).flat()) checkInlineButton(button);
}

function checkInlineButton(button: unknown): void {
  const b = (typeof button === 'object' && button !== null ? button : {}) as Record<string, unknown>;
  if (typeof b.text !== 'string') throw badRequest("can't parse inline keyboard button: Text must be a String");
  if (typeof b.callback_data === 'string') {
    const bytes = Buffer.byteLength(b.callback_data);
    if (bytes < 1 || bytes > 64) throw badRequest('BUTTON_DATA_INVALID');
    return;
  }
  if (typeof b.url === 'string') {
    if (!/^(https?|tg):\/\/\S+$/.test(b.url)) throw badRequest('BUTTON_URL_INVALID');
    return;
  }
  const actions = Object.keys(b).filter((k) => k !== 'text' && k !== 'style' && k !== 'icon_custom_emoji_id');
  if (actions.length === 0) throw badRequest('text buttons are unallowed in the inline keyboard');
}

/** The markup Telegram echoes in Message.reply_markup: only inline keyboards are returned. */
export function echoedMarkup(markup: unknown): unknown {
  const rows = (markup as { inline_keyboard?: unknown } | undefined)?.inline_keyboard;
  return Array.isArray(rows) && rows.length > 0 ? { inline_keyboard: rows } : undefined;
}

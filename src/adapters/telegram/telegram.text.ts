/**
 * Text for Telegram: HTML escaping for parse_mode HTML, and splitting of long texts into messages
 * Telegram accepts. Pure functions.
 */
import { splitText as splitAt, truncateText } from '../shared/text.js';

export { truncateText };

/** Telegram's limit on a message text, after entity parsing. */
export const MESSAGE_LIMIT = 4096;
/** Telegram's limit on a photo caption, after entity parsing. */
export const CAPTION_LIMIT = 1024;
/** The parse mode every text is sent in; core texts are plain, so all we do is escape. */
export const PARSE_MODE = 'HTML' as const;

/** Escapes plain text for parse_mode HTML: `&`, `<` and `>` are the only characters Telegram requires. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

/** Splits plain text into parts Telegram accepts (see adapters/shared/text.ts). */
export function splitText(text: string, limit = MESSAGE_LIMIT): string[] {
  return splitAt(text, limit);
}

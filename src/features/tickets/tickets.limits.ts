/**
 * How much free text a ticket keeps. A description is a few paragraphs; an answer to staff or a
 * staff text (reply, note, resolution, reason) at most one message. Longer text gets a clear
 * answer and nothing is stored; what must never be refused (a crisis message) is cut instead.
 */
import { AppError } from '../../core/errors.js';
import { tr } from '../../core/i18n.js';
import { ticketMessages } from './tickets.messages.js';

export const MAX_DESCRIPTION = 2000;
/** One Telegram message. */
export const MAX_MESSAGE = 4096;

/** Length in characters (code points), as people count them. */
export const charCount = (text: string): number => [...text].length;

/** Throws the localized "too long" answer when `text` has more than `max` characters. */
export function requireWithin(text: string, max: number, what: 'description' | 'message' = 'message'): void {
  const n = charCount(text);
  if (n <= max) return;
  const m = (l: Parameters<typeof tr>[1]) => tr(ticketMessages, l);
  throw new AppError('tickets.too_long', (l) => (what === 'description' ? m(l).descriptionTooLong({ n, max }) : m(l).textTooLong({ n, max })));
}

/** `text` cut to `max` characters, the last one "…", for what must be kept even when too long. */
export function cutTo(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/**
 * Whether what a student typed while a dialogue waits for something else is clearly a new request
 * or question: the understanding layer is sure enough of an intent that starts something of its
 * own. An answer to staff often sounds like a request ("还是没有热水"), so there only a clear one
 * counts (0.9); where a button is expected, text is no answer anyway, and a confident one (0.6)
 * is taken as new. A repair request is new only when it says what is broken: a place alone
 * ("3号楼", "the whole building") adds to what is being asked, it starts nothing.
 */
import type { Understanding } from './feature.js';

/** Intents that make a message something new rather than an answer. */
const NEW_THINGS = new Set([
  'repair.request', 'feedback.submit', 'complaint.submit', 'faq.ask', 'ticket.status', 'help',
  'booking.create', 'booking.cancel', 'event.list', 'event.signup', 'poll.create',
]);
export const CLEARLY = 0.9;
export const AT_BUTTONS = 0.6;

export type Understand = (text: string, chat: 'private' | 'group', now: Date) => Understanding;

export function isClearlyNew(understand: Understand, text: string, now: Date, sure = CLEARLY): boolean {
  if (!text.trim()) return false;
  const u = understand(text, 'private', now);
  if (u.intent === 'repair.request' && !u.slots.item) return false;
  return u.confident && u.confidence >= sure && NEW_THINGS.has(u.intent);
}

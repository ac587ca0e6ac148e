/**
 * Text for Discord: the core's plain text shown as written (Discord reads Markdown, so `*`, `_`,
 * `~`, `` ` ``, `|`, headings and masked links are escaped; links are left intact so they stay
 * clickable), and split into messages of at most 2,000 characters. Pure functions.
 */
import { escapeMarkdown } from 'discord.js';
import type { Outgoing, TextLimits } from '../../core/message.js';
import { fitRelayed } from '../../core/relay.js';
import { splitText, truncateText } from '../shared/text.js';

/** Discord's limit on a message's content (with or without attachments). */
export const MESSAGE_LIMIT = 2000;
export const TEXT_LIMITS: TextLimits = { text: MESSAGE_LIMIT, caption: MESSAGE_LIMIT };

const URL = /(https?:\/\/\S+)/;

/** Plain text as Discord Markdown that renders as the same text. */
export function escapeText(text: string): string {
  return text.split(URL).map((part, i) => (i % 2 === 1 ? part : escapeMarkdown(part, { heading: true, maskedLink: true }))).join('');
}

/**
 * `out` with its relayed words cut so that, escaped, it fits one message (the escapes it needs are
 * counted against the limit).
 */
export function fitOneMessage(out: Outgoing): Outgoing {
  const room = MESSAGE_LIMIT - (escapeText(out.text).length - out.text.length);
  return fitRelayed(out, { text: room, caption: room });
}

/** The escaped contents of the messages that show `text`, each within the limit. */
export function messageParts(text: string): string[] {
  return splitText(text, MESSAGE_LIMIT).flatMap((part) => {
    const escaped = escapeText(part);
    // Escaping adds at most one character per character: half the limit always fits.
    return escaped.length <= MESSAGE_LIMIT ? [escaped] : splitText(part, MESSAGE_LIMIT / 2).map(escapeText);
  });
}

/** The escaped content of an edit, which cannot be split: cut with an ellipsis when too long. */
export function editContent(text: string): string {
  const escaped = escapeText(text);
  return escaped.length <= MESSAGE_LIMIT ? escaped : escapeText(truncateText(text, MESSAGE_LIMIT / 2));
}

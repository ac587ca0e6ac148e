/**
 * Text for Discord: the core's plain text shown as written (Discord reads Markdown, so `*`, `_`,
 * `~`, `` ` ``, `|`, headings and masked links are escaped; links are left intact so they stay
 * clickable), and split into messages of at most 2,000 characters. Pure functions.
 */
import { escapeMarkdown } from 'discord.js';
import { splitText, truncateText } from '../shared/text.js';

/** Discord's limit on a message's content. */
export const MESSAGE_LIMIT = 2000;

const URL = /(https?:\/\/\S+)/;

/** Plain text as Discord Markdown that renders as the same text. */
export function escapeText(text: string): string {
  return text.split(URL).map((part, i) => (i % 2 === 1 ? part : escapeMarkdown(part, { heading: true, maskedLink: true }))).join('');
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

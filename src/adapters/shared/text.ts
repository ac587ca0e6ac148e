/**
 * Plain text cut to a platform's message limit: splitting into parts and truncating for edits.
 * Pure functions, shared by the adapters.
 */

/**
 * Splits plain text into parts of at most `limit` UTF-16 code units (so also at most `limit` code
 * points), cutting at a paragraph break, else a line break, else a space, else anywhere but inside a
 * surrogate pair. The breaks at the cuts are dropped; nothing else is lost or reordered.
 */
export function splitText(text: string, limit: number): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    const { end, resume } = cutPoint(rest, limit);
    parts.push(rest.slice(0, end));
    rest = rest.slice(resume);
  }
  if (rest.length > 0 || parts.length === 0) parts.push(rest);
  return parts;
}

/** Where to end this part and where the next one starts (after the separator). */
function cutPoint(text: string, limit: number): { end: number; resume: number } {
  const window = text.slice(0, limit + 2);
  // A separator is only worth cutting at when it keeps the part reasonably full.
  const floor = Math.floor(limit / 4);
  for (const sep of ['\n\n', '\n', ' ']) {
    const at = window.lastIndexOf(sep, limit);
    if (at >= floor) return { end: at, resume: at + sep.length };
  }
  const end = isHighSurrogate(text.charCodeAt(limit - 1)) ? limit - 1 : limit;
  return { end, resume: end };
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** Shortens text to `limit` code units with an ellipsis (for edits, which cannot be split). */
export function truncateText(text: string, limit: number): string {
  if (text.length <= limit) return text;
  let end = limit - 1;
  if (isHighSurrogate(text.charCodeAt(end - 1))) end -= 1;
  return `${text.slice(0, end)}…`;
}

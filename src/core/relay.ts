/**
 * Someone's words relayed inside a message ("【T-1 · 后勤】回复你：\n…"): marked, so that a
 * platform with a length limit cuts only those words, with "…", and the message stays one message
 * with its buttons, its header and what follows the words.
 */
import type { Outgoing, TextLimits } from './message.js';

const SLOT = '\uE000'; // a private-use character no catalog text contains

/** The text `wrap` builds around `words`, with where the words are. */
export function relayed(wrap: (words: string) => string, words: string): Pick<Outgoing, 'text' | 'relayed'> {
  const shell = wrap(SLOT);
  const start = shell.indexOf(SLOT);
  if (start < 0) return { text: wrap(words) };
  return { text: shell.slice(0, start) + words + shell.slice(start + SLOT.length), relayed: { start, end: start + words.length } };
}

/**
 * `out` fitted to one message: when its text is longer than the limit (the caption's when it has
 * photos or a file and the rest fits a caption), the relayed words are cut, ending with "…".
 * Without relayed words, or when even the rest is too long, `out` is returned as it is (the adapter
 * splits it). Never cuts a surrogate pair in two.
 */
export function fitRelayed(out: Outgoing, limits: TextLimits): Outgoing {
  const span = out.relayed;
  if (!span || span.start < 0 || span.end > out.text.length || span.start > span.end) return out;
  const rest = out.text.length - (span.end - span.start);
  const attached = !!(out.photos?.length || out.file);
  const max = attached && rest + 1 <= limits.caption ? limits.caption : limits.text;
  if (out.text.length <= max || rest + 1 > max) return out;
  const words = cut(out.text.slice(span.start, span.end), max - rest);
  const text = out.text.slice(0, span.start) + words + out.text.slice(span.end);
  return { ...out, text, relayed: { start: span.start, end: span.start + words.length } };
}

/** The first line of `text`, cut to `max` characters with "…": a message quoted back to its writer. */
export function summarize(text: string, max = 30): string {
  const line = text.split('\n')[0]!.trim();
  const chars = [...line];
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : line;
}

/** `words` in at most `room` code units, the last being "…" (room ≥ 1). */
function cut(words: string, room: number): string {
  let end = room - 1;
  const code = words.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1; // keep a surrogate pair whole
  return `${words.slice(0, Math.max(0, end))}…`;
}

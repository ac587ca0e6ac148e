/**
 * A label typed where buttons wait: a student who types "确认提交" or "submit" at a card whose button
 * says so meant the button. Letters are compared without case, width, spaces, punctuation or emoji;
 * only the whole label counts ("确认" alone at "确认提交" is no answer), so nothing else typed there is
 * taken for a press.
 */
import type { Button } from './message.js';

/** Text reduced to its letters and digits, lower-cased, full-width folded ("  Submit! " → "submit"). */
export function labelKey(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/** The button among `rows` (any of them, in any of the languages offered) whose label is `text`, if exactly one. */
export function typedButton(text: string, ...rows: (Button[][] | undefined)[]): Button | undefined {
  const key = labelKey(text);
  if (!key) return undefined;
  const found = rows.flatMap((r) => (r ?? []).flat()).filter((b) => labelKey(b.label) === key);
  const payloads = new Set(found.map((b) => b.data));
  return payloads.size === 1 ? found[0] : undefined;
}

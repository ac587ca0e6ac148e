/** Whether a new repair report is about the same thing as an existing ticket ("me too"). */
import type { TicketRow } from './tickets.repo.js';

function bigrams(text: string): Set<string> {
  const chars = [...text.toLowerCase().replace(/[\s\p{P}\p{S}\d]+/gu, '')];
  const grams = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) grams.add(chars[i]! + chars[i + 1]!);
  return grams;
}

/** Jaccard similarity of character bigrams, 0..1. */
export function textSimilarity(a: string, b: string): number {
  const x = bigrams(a);
  const y = bigrams(b);
  if (!x.size || !y.size) return 0;
  let shared = 0;
  for (const g of x) if (y.has(g)) shared++;
  return shared / (x.size + y.size - shared);
}

/** Same item when both name one; otherwise similar enough wording. */
export function similarRepair(t: Pick<TicketRow, 'item' | 'description'>, draft: { item?: string; description: string }): boolean {
  if (t.item && draft.item) return t.item === draft.item;
  return textSimilarity(t.description, draft.description) >= 0.2;
}

/**
 * Randomness is injected so the simulator is deterministic: the same file always gives the same
 * join codes, reference ids and aliases.
 */
import { randomBytes } from 'node:crypto';

/** Letters and digits that cannot be confused with each other when read aloud or copied. */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

export interface Rng {
  /** A number in [0, 1). */
  next(): number;
}

export const cryptoRng: Rng = {
  next: () => randomBytes(4).readUInt32BE(0) / 2 ** 32,
};

/** mulberry32: small, fast, good enough for ids in a simulation. */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  return {
    next() {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
    },
  };
}

/** Upper-case hex, e.g. a reference id "7F3A". */
export function hexId(rng: Rng, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += Math.floor(rng.next() * 16).toString(16);
  return s.toUpperCase();
}

/** A code from an unambiguous alphabet, e.g. "K7RM2Q". */
export function codeId(rng: Rng, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += CODE_ALPHABET[Math.floor(rng.next() * CODE_ALPHABET.length)];
  return s;
}

/** A copy of `xs` in random order (Fisher–Yates). */
export function shuffle<T>(rng: Rng, xs: readonly T[]): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSealer, dataKeys, randomDataKeys, SealError } from './sealing.js';

describe('sealing', () => {
  it('opens what it sealed, for the same place only, and never shows the text', () => {
    fc.assert(fc.property(fc.string(), fc.string({ minLength: 1 }), (text, context) => {
      const s = createSealer(randomDataKeys());
      const sealed = s.seal(text, context);
      expect(s.open(sealed, context)).toBe(text);
      if (/[^A-Za-z0-9_.-]/.test(text)) expect(sealed).not.toContain(text); // a sealed value is base64url parts
      expect(() => s.open(sealed, `${context}x`)).toThrow(SealError);
    }));
  });

  it('seals the same text differently each time (a fresh nonce)', () => {
    const s = createSealer(randomDataKeys());
    expect(s.seal('我不想活了', 'c')).not.toBe(s.seal('我不想活了', 'c'));
  });

  it('names the key, and opens values of an older key after a new one was added', () => {
    const old = randomDataKeys();
    const oldKey = old.keys.get(old.current)!;
    const sealedBefore = createSealer(old).seal('before', 'c');
    const rotated = createSealer(dataKeys([oldKey, Buffer.alloc(32, 7)]));
    expect(rotated.keyId).not.toBe(old.current);
    expect(rotated.keyIdOf(sealedBefore)).toBe(old.current);
    expect(rotated.open(sealedBefore, 'c')).toBe('before');
    expect(rotated.keyIdOf(rotated.seal('after', 'c'))).toBe(rotated.keyId);
  });

  it('refuses a value whose key is missing, or that was altered', () => {
    const sealed = createSealer(randomDataKeys()).seal('text', 'c');
    const other = createSealer(randomDataKeys());
    expect(() => other.open(sealed, 'c')).toThrow(expect.objectContaining({ reason: 'unknown_key' }));
    const s = createSealer(randomDataKeys());
    const good = s.seal('text', 'c');
    const parts = good.split('.');
    parts[4] = (parts[4]!.startsWith('A') ? 'B' : 'A') + parts[4]!.slice(1); // the first byte of the ciphertext
    expect(() => s.open(parts.join('.'), 'c')).toThrow(expect.objectContaining({ reason: 'damaged' }));
    expect(() => s.open('plain text', 'c')).toThrow(SealError);
  });
});

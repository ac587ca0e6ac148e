/**
 * Sensitive text at rest (counselling case messages, notes, break-glass reasons): sealed with
 * AES-256-GCM under the campus data key, so the database file, its WAL and its backups hold no
 * such text in clear. A sealed value names the key it was sealed with (`keyId`), so a new key can
 * be added and old rows still opened until they are sealed again under it (rotation).
 *
 * Each value is bound to its place (`context`, e.g. `case:12:message`): a sealed text copied into
 * another row or case does not open there.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/** The keys a sealer knows, by id; `current` seals, every one opens. */
export interface DataKeys {
  current: string;
  keys: ReadonlyMap<string, Buffer>;
}

export interface Sealer {
  /** The id of the key new values are sealed with. */
  readonly keyId: string;
  /** The ids of every key it can open with. */
  readonly keyIds: readonly string[];
  /** `plain` sealed for `context`: "v1.<key id>.<iv>.<tag>.<ciphertext>" (base64url parts). */
  seal(plain: string, context: string): string;
  /** The text of a sealed value; throws `SealError` when its key is unknown or it was altered or moved. */
  open(sealed: string, context: string): string;
  /** The key id a sealed value names (to find the rows a rotation still has to seal again). */
  keyIdOf(sealed: string): string | undefined;
}

export class SealError extends Error {
  constructor(readonly reason: 'unknown_key' | 'damaged', readonly keyId?: string) {
    super(reason === 'unknown_key' ? `sealed with key ${keyId}, which is not loaded` : 'a sealed value does not open: altered, moved or not sealed');
    this.name = 'SealError';
  }
}

export const KEY_BYTES = 32;
const VERSION = 'v1';

/** A key's id: the first 8 hex digits of its SHA-256 (nothing about the key can be learnt from it). */
export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

/** Data keys from raw keys, the last one current. */
export function dataKeys(list: readonly Buffer[]): DataKeys {
  if (!list.length) throw new Error('no data key');
  for (const k of list) if (k.length !== KEY_BYTES) throw new Error(`a data key has ${k.length} bytes instead of ${KEY_BYTES}`);
  const keys = new Map(list.map((k) => [keyIdOf(k), k] as const));
  return { current: keyIdOf(list.at(-1)!), keys };
}

/** A fresh random key set of one key (a database in memory, a test). */
export const randomDataKeys = (): DataKeys => dataKeys([randomBytes(KEY_BYTES)]);

const b64 = (b: Buffer) => b.toString('base64url');

export function createSealer(keys: DataKeys): Sealer {
  const currentKey = keys.keys.get(keys.current);
  if (!currentKey) throw new Error(`the current data key ${keys.current} is not among the keys`);
  return {
    keyId: keys.current,
    keyIds: [...keys.keys.keys()],
    seal(plain, context) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', currentKey, iv);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [VERSION, keys.current, b64(iv), b64(cipher.getAuthTag()), b64(ct)].join('.');
    },
    open(sealed, context) {
      const [version, keyId, iv, tag, ct, ...rest] = sealed.split('.');
      if (version !== VERSION || !keyId || iv === undefined || tag === undefined || ct === undefined || rest.length) throw new SealError('damaged');
      const key = keys.keys.get(keyId);
      if (!key) throw new SealError('unknown_key', keyId);
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        decipher.setAAD(Buffer.from(context, 'utf8'));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
      } catch {
        throw new SealError('damaged', keyId);
      }
    },
    keyIdOf(sealed) {
      const [version, keyId] = sealed.split('.');
      return version === VERSION ? keyId : undefined;
    },
  };
}

/**
 * Where the data key comes from: `YIZHAN_DATA_KEY` (one or more base64 keys of 32 bytes, separated
 * by commas, the last one current), else the key file beside the database (`<database>.key`, one
 * key per line, the last one current), created with a fresh random key and permissions 0600 at the
 * first start. A database in memory gets a key of its own that dies with it.
 *
 * On PostgreSQL (`shared`) the variable is required: every instance on the database must seal and
 * unseal with the same keys, and a key file made by one machine at its first start would be a
 * different key on each (texts sealed by one instance unreadable by the others).
 *
 * The key file is not in the database's backup (`npm run backup`): keep it apart, since a backup
 * together with its key is as readable as the live data. README: "Counselling centres".
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { dataKeys, KEY_BYTES, randomDataKeys, type DataKeys } from '../core/sealing.js';

export const DATA_KEY_ENV = 'YIZHAN_DATA_KEY';

/** A data key that cannot be used; `source` is the variable or the file, `problem` what is wrong. */
export class DataKeyError extends Error {
  constructor(readonly source: string, readonly problem: string) {
    super(`${source}: ${problem}`);
    this.name = 'DataKeyError';
  }
}

export interface LoadedKeys {
  keys: DataKeys;
  /** Where they came from: the variable, the key file (just `created` or found), or memory. */
  source: 'env' | 'file' | 'created' | 'memory';
  /** Something the operator should fix, e.g. a key file others can read. */
  warning?: string;
}

/** `YIZHAN_DATA_KEY` is not set where it is required (on PostgreSQL, several instances sharing one database). */
export class DataKeyMissingError extends DataKeyError {
  constructor() {
    super(DATA_KEY_ENV, 'is required on PostgreSQL (every instance on the database needs the same key)');
    this.name = 'DataKeyMissingError';
  }
}

export const keyFileOf = (dbPath: string) => `${dbPath}.key`;

/**
 * The data keys for a starting bot, saying where they came from (never the key) and what to fix;
 * throws DataKeyError. `shared` (PostgreSQL): only from the variable, else DataKeyMissingError.
 */
export function dataKeysFor(dbPath: string, env: NodeJS.ProcessEnv, log: Logger, opts: { shared?: boolean } = {}): DataKeys {
  if (opts.shared && !env[DATA_KEY_ENV]?.trim()) throw new DataKeyMissingError();
  const loaded = loadDataKeys(dbPath, env);
  const where = loaded.source === 'env' ? DATA_KEY_ENV : keyFileOf(dbPath);
  if (loaded.source === 'created') log.info({ file: where }, 'data key created: keep a copy apart from the database (README: encryption at rest)');
  if (loaded.warning) log.warn({ file: where }, loaded.warning);
  return loaded.keys;
}

/** The keys in `text` (base64 or base64url, separated by commas, spaces or lines; `#` starts a comment). */
function parseKeys(text: string, source: string): DataKeys {
  const words = text.split('\n').map((l) => l.replace(/#.*/, '')).join(' ').split(/[\s,]+/).filter(Boolean);
  if (!words.length) throw new DataKeyError(source, 'holds no key');
  const keys = words.map((w, i) => {
    const key = /^[A-Za-z0-9+/_-]+={0,2}$/.test(w) ? Buffer.from(w, w.includes('-') || w.includes('_') ? 'base64url' : 'base64') : Buffer.alloc(0);
    if (key.length !== KEY_BYTES) throw new DataKeyError(source, `key ${i + 1} is not ${KEY_BYTES} bytes in base64 (make one with: openssl rand -base64 32)`);
    return key;
  });
  return dataKeys(keys);
}

/** The data keys for the database at `dbPath` (see the top of this file). */
export function loadDataKeys(dbPath: string, env: NodeJS.ProcessEnv = {}): LoadedKeys {
  const fromEnv = env[DATA_KEY_ENV];
  if (fromEnv !== undefined && fromEnv.trim() !== '') return { keys: parseKeys(fromEnv, DATA_KEY_ENV), source: 'env' };
  if (dbPath === ':memory:' || dbPath === '') return { keys: randomDataKeys(), source: 'memory' };
  const file = keyFileOf(dbPath);
  const found = statSync(file, { throwIfNoEntry: false });
  if (!found) return create(file);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new DataKeyError(file, `cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  const loose = (found.mode & 0o077) !== 0;
  return { keys: parseKeys(text, file), source: 'file', ...(loose ? { warning: `${file} can be read by other users: chmod 600 it` } : {}) };
}

/** A new key file with one random key, readable by its owner only; never over an existing file. */
function create(file: string): LoadedKeys {
  const key = randomBytes(KEY_BYTES);
  const text = `# Yizhan data key (AES-256-GCM) for the database beside this file. Keep a copy apart from the backups.\n${key.toString('base64')}\n`;
  try {
    writeFileSync(file, text, { mode: 0o600, flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return loadDataKeys(file.slice(0, -'.key'.length));
    throw new DataKeyError(file, `cannot be created (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  return { keys: dataKeys([key]), source: 'created' };
}

import { mkdtempSync, readFileSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keyIdOf } from '../core/sealing.js';
import pino from 'pino';
import { DataKeyError, DataKeyMissingError, dataKeysFor, keyFileOf, loadDataKeys } from './data-keys.js';

const dbIn = () => join(mkdtempSync(join(tmpdir(), 'yizhan-key-')), 'y.db');

describe('the data key', () => {
  it('is generated beside the database at the first start, readable by its owner only, and the same afterwards', () => {
    const db = dbIn();
    const first = loadDataKeys(db);
    expect(first.source).toBe('created');
    expect(statSync(keyFileOf(db)).mode & 0o777).toBe(0o600);
    const again = loadDataKeys(db);
    expect(again).toMatchObject({ source: 'file' });
    expect(again.keys.current).toBe(first.keys.current);
    expect(again.warning).toBeUndefined();
  });

  it('comes from YIZHAN_DATA_KEY when it is set, and then no file is written', () => {
    const db = dbIn();
    const key = Buffer.alloc(32, 1);
    const loaded = loadDataKeys(db, { YIZHAN_DATA_KEY: key.toString('base64') });
    expect(loaded).toMatchObject({ source: 'env' });
    expect(loaded.keys.current).toBe(keyIdOf(key));
    expect(statSync(keyFileOf(db), { throwIfNoEntry: false })).toBeUndefined();
  });

  it('on PostgreSQL (shared by several instances) comes only from YIZHAN_DATA_KEY: without it nothing is made up, even beside an existing key file', () => {
    const db = dbIn();
    const log = pino({ level: 'silent' });
    loadDataKeys(db); // a key file from an earlier SQLite start
    expect(() => dataKeysFor(db, {}, log, { shared: true })).toThrow(DataKeyMissingError);
    expect(() => dataKeysFor(db, { YIZHAN_DATA_KEY: ' ' }, log, { shared: true })).toThrow(DataKeyMissingError);
    const key = Buffer.alloc(32, 2);
    expect(dataKeysFor(db, { YIZHAN_DATA_KEY: key.toString('base64') }, log, { shared: true }).current).toBe(keyIdOf(key));
    expect(() => dataKeysFor(dbIn(), {}, log, { shared: true })).toThrow(DataKeyMissingError);
  });

  it('takes the last of several keys as the current one (rotation), in base64 or base64url', () => {
    fc.assert(fc.property(fc.array(fc.uint8Array({ minLength: 32, maxLength: 32 }), { minLength: 1, maxLength: 4 }), fc.boolean(), (raw, url) => {
      const keys = raw.map((k) => Buffer.from(k));
      const text = keys.map((k) => k.toString(url ? 'base64url' : 'base64')).join(', ');
      const loaded = loadDataKeys('/nowhere/y.db', { YIZHAN_DATA_KEY: text });
      expect(loaded.keys.current).toBe(keyIdOf(keys.at(-1)!));
      for (const k of keys) expect(loaded.keys.keys.get(keyIdOf(k))).toEqual(k);
    }));
  });

  it('names the variable or the file and what is wrong', () => {
    expect(() => loadDataKeys(dbIn(), { YIZHAN_DATA_KEY: 'c2hvcnQ=' })).toThrow(new DataKeyError('YIZHAN_DATA_KEY', 'key 1 is not 32 bytes in base64 (make one with: openssl rand -base64 32)'));
    const db = dbIn();
    writeFileSync(keyFileOf(db), '# nothing here\n');
    expect(() => loadDataKeys(db)).toThrow(`${keyFileOf(db)}: holds no key`);
  });

  it('warns about a key file others can read', () => {
    const db = dbIn();
    loadDataKeys(db);
    chmodSync(keyFileOf(db), 0o644);
    expect(loadDataKeys(db).warning).toBe(`${keyFileOf(db)} can be read by other users: chmod 600 it`);
    expect(readFileSync(keyFileOf(db), 'utf8')).toMatch(/^# Yizhan data key/);
  });
});

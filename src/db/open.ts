/**
 * What a starting bot or console opens before the app exists: the configured store (db/store.ts)
 * and the data keys that seal counselling texts (db/data-keys.ts). On PostgreSQL the keys come from
 * YIZHAN_DATA_KEY alone and are checked before the server is reached: several instances share the
 * database, so they must share the key. On SQLite the key file beside the database may be created,
 * once its folder exists. A key that cannot be used closes the store and throws.
 */
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { DataKeys } from '../core/sealing.js';
import { dataKeysFor } from './data-keys.js';
import { openStore, type Store } from './store.js';

export async function openStoreAndKeys(database: Config['database'], dbPath: string, env: NodeJS.ProcessEnv, log: Logger): Promise<{ store: Store; dataKeys: DataKeys }> {
  if (database.url) {
    const dataKeys = dataKeysFor(dbPath, env, log, { shared: true });
    return { store: await openStore(database, dbPath), dataKeys };
  }
  const store = await openStore(database, dbPath);
  try {
    return { store, dataKeys: dataKeysFor(dbPath, env, log) };
  } catch (e) {
    await store.close();
    throw e;
  }
}

/**
 * `npm start` without platform tokens: an interactive chat with the bot in the terminal, on the
 * campus of the config and its database (YIZHAN_DB, or DATABASE_URL's PostgreSQL), in real time (":skip" moves it forward).
 */
import { createInterface } from 'node:readline/promises';
import { dirname, join, resolve } from 'node:path';
import type { Config } from '../../config.js';
import { createApp } from '../../app.js';
import { ShiftedClock } from '../../core/clock.js';
import { cryptoRng } from '../../core/rng.js';
import { openStoreAndKeys } from '../../db/open.js';
import { describePgUrl } from '../../db/pg/client.js';
import { createLogger } from '../../log.js';
import { cachedNlu, warmUpNlu } from '../../nlu/index.js';
import { LOCAL_BOT_USERNAME, createLocalPort } from '../local/local-port.js';
import { createConsoleSession, type ConsoleSession } from './console-session.js';

/** Where the console reads and writes: the terminal, or streams in a test. */
export interface ConsoleIo {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
}

export async function runConsole(config: Config, io: ConsoleIo = { input: process.stdin, output: process.stdout }, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const dbPath = resolve(config.database.path);
  const logPath = join(dirname(dbPath), 'console.log');
  const log = createLogger(config.log_level, logPath);
  const { store, dataKeys } = await openStoreAndKeys(config.database, dbPath, env, log); // PostgreSQL when DATABASE_URL names one
  const clock = new ShiftedClock();
  const rl = createInterface({ input: io.input, output: io.output });
  // Lines typed while the bot starts (the first start builds for a while) are read in turn, not
  // lost: readline emits lines as they come, and only an iterator taken now keeps them.
  const lines = rl[Symbol.asyncIterator]();
  let session: ConsoleSession | undefined;
  const print = (text: string) => {
    io.output.write(`\r\x1b[K${text}\n`);
    if (session) rl.setPrompt(session.prompt());
    rl.prompt(true);
  };
  const port = createLocalPort((m, edit) => session?.render(m, edit));
  const nlu = cachedNlu(`${dbPath}.nlu-model`, log);
  const app = createApp({ config, db: store.db, store, clock, rng: cryptoRng, log, nlu, dataKeys, ports: new Map([['local', port]]), botUsername: () => LOCAL_BOT_USERNAME });
  await app.chats.seedLocal(clock.now());
  for (const p of config.demo_people) {
    await app.members.declare(p, clock.now());
    for (const g of [...p.groups, ...p.rep_of]) await app.chats.ensure({ platform: 'local', id: `group:${g}`, kind: 'group' }, clock.now());
  }
  session = createConsoleSession({ app, port, config, clock, print });
  session.intro({ db: config.database.url ? `PostgreSQL ${describePgUrl(config.database.url)}` : dbPath, log: logPath });
  await app.scheduler.start();
  rl.setPrompt(session.prompt());
  rl.prompt();
  setImmediate(warmUpNlu); // while the first line is typed
  try {
    for await (const line of { [Symbol.asyncIterator]: () => lines }) {
      if (!(await session.handleLine(line))) break;
      rl.setPrompt(session.prompt());
      rl.prompt();
    }
  } finally {
    rl.close();
    await app.scheduler.stop({ flush: true }); // what the console owes is printed before it closes
    await store.close();
  }
}

/**
 * The real app on the local platform, in-process, as a process would start it: people with their
 * own platform ids, names and usernames (as Telegram gives them), a debug-level log kept in memory,
 * and the database file on disk so its bytes and its WAL can be read.
 */
import { createApp } from '../../src/app.js';
import { LOCAL_BOT_USERNAME, createLocalPort, type LocalMessage } from '../../src/adapters/local/local-port.js';
import { SIM_START } from '../../src/adapters/sim/simulator.js';
import { ManualClock } from '../../src/core/clock.js';
import type { Attachment, Incoming } from '../../src/core/message.js';
import { seededRng } from '../../src/core/rng.js';
import type { Config } from '../../src/config.js';
import { memoryLogger, testConfig } from '../harness.js';
import { openTestStore } from '../pg/app-store.js';

export interface Someone {
  id: string;
  name: string;
  username: string;
}

export type Campus = Awaited<ReturnType<typeof boot>>;

/** The app on the database at `dbPath` (on PostgreSQL under npm run test:pg: test/pg/app-store.ts). */
export async function boot(dbPath: string, opts: { now?: Date; config?: Config } = {}) {
  const store = await openTestStore(dbPath);
  const db = store.db;
  const clock = new ManualClock(opts.now ?? new Date(SIM_START));
  const seen: (LocalMessage & { edit: boolean })[] = [];
  const logs: Record<string, unknown>[] = [];
  const port = createLocalPort((m, edit) => void seen.push({ ...m, edit }));
  const app = createApp({
    config: opts.config ?? testConfig(), db, store, clock, rng: seededRng(7), log: memoryLogger(logs, 'debug'), ports: new Map([['local', port]]),
    botUsername: () => LOCAL_BOT_USERNAME, sleep: async (ms) => clock.set(new Date(clock.now().getTime() + ms)),
  });
  await app.chats.seedLocal(clock.now());
  /** Private chats carry the person's platform id, as on Telegram. */
  const chatOf = (who: Someone, chat: string) =>
    ({ platform: 'local' as const, ...(chat === 'private' ? { id: who.id, kind: 'private' as const } : { id: chat, kind: 'group' as const }) });
  async function send(who: Someone, msg: Partial<Incoming>, chat: string) {
    await app.router.handle({ chat: chatOf(who, chat), sender: { id: who.id, name: who.name, username: who.username }, text: '', ...msg });
    await app.scheduler.runDue();
  }
  return {
    app, db, clock, seen, logs, port,
    says: (who: Someone, text: string, chat = 'private', attachments?: Attachment[]) =>
      send(who, { text, ...(attachments ? { attachments } : {}), ...(chat === 'private' ? {} : { mentioned: true }) }, chat),
    async presses(who: Someone, label: string, chat = 'private') {
      const b = port.findButton(chat === 'private' ? who.id : chat, label);
      if (!b) throw new Error(`no button "${label}" in ${chat} for ${who.username}`);
      await send(who, { press: b.data, pressedMessage: b.ref }, chat);
    },
    /** What a chat received (`who`'s private chat, or a group key such as "group:class-2301"). */
    textsTo: (chat: Someone | string) => seen.filter((m) => m.chatId === (typeof chat === 'string' ? chat : chat.id)).map((m) => m.text),
    filesTo: (who: Someone) => seen.filter((m) => m.chatId === who.id && m.file).map((m) => m.file!),
    async stop() {
      await app.scheduler.stop({ flush: true }); // as the process stops: what is owed is sent first
      await store.close();
    },
  };
}

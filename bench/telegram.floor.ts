/**
 * The floor of the Telegram benchmark (telegram.bench.ts): what any design that keeps issue 18's
 * promises pays per update, so that the rest is what the product spends. Bare grammY plus, per batch
 * of 100, the inbox rows committed before the next getUpdates (group chatter stored done right away),
 * then one transaction that marks the others done with their dedup claims (SQLite file, WAL,
 * synchronous=FULL), plus the NLU on every addressed plain message. No sender, chat, dialogue state,
 * feature or catalog, and no per-chat order.
 *
 * With durable replies, also what the outbox promises (every reply a row, written in the
 * transaction that handled its update; claimed in a committed write before the platform is called,
 * one chat's rows in their order; marked sent after the answer): its cost is then part of the floor,
 * not of the product.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Bot, type Context } from 'grammy';
import type { Update } from 'grammy/types';
import { loadConfig } from '../src/config.js';
import { closeDb, openDb, type Db } from '../src/db/client.js';
import { LANE } from '../src/db/schema.js';
import { chatKeyOf } from '../src/adapters/telegram/telegram.mapping.js';
import { insertUpdates, markDone } from '../src/adapters/telegram/telegram.repo.js';
import { insertOwed } from '../src/core/outbox.repo.js';
import { claimOutbox, dueOutbox, finishOutbox } from '../src/core/outbox.queue.repo.js';
import { claimUpdate } from '../src/core/updates.repo.js';
import { sharedNlu } from '../src/nlu/index.js';
import { BOT, cannedApi, TOKEN } from './telegram.fake.js';

/** Updates per second of a measured feed, and the CPU the process used for each update meanwhile. */
export interface Measured {
  perSecond: number;
  cpuMicros: number;
}

/** Times `work` over `n` updates: wall time and the process's CPU time (user and system). */
export async function measure(n: number, work: () => Promise<unknown>): Promise<Measured> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await work();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { perSecond: (n / ms) * 1000, cpuMicros: (cpu.user + cpu.system) / n };
}

/** `feed(measured)` after `feed(warmup)`, on a fresh database file removed afterwards. */
export async function perSecondOnFreshDb(setup: (db: Db) => (updates: Update[]) => Promise<unknown>, warmup: Update[], measured: Update[]): Promise<Measured> {
  const dir = mkdtempSync(join(tmpdir(), 'yizhan-bench-'));
  const db = openDb(join(dir, 'bench.db'));
  try {
    const feed = setup(db);
    await feed(warmup);
    return await measure(measured.length, () => feed(measured));
  } finally {
    closeDb(db);
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function runFloor(warmup: Update[], measured: Update[], opts: { durableReplies?: boolean } = {}): Promise<Measured> {
  return perSecondOnFreshDb((db) => floorFeed(db, !!opts.durableReplies), warmup, measured);
}

function floorFeed(db: Db, durableReplies: boolean): (updates: Update[]) => Promise<void> {
  const nlu = sharedNlu();
  const timezone = loadConfig('config/default.yaml', {}).campus.timezone;
  const mention = `@${BOT.username}`;
  const chatter = (u: Update) => !!u.message && u.message.chat.type !== 'private' && !u.message.text?.startsWith('/') && !u.message.text?.includes(mention);
  const bot = new Bot(TOKEN, { botInfo: BOT });
  bot.api.config.use(cannedApi());
  // Durable: a row for each reply ours sends (every addressed message and every press); else, as ever, a reply to every message.
  const owed = (ctx: Context) => owe(db, String(ctx.chat!.id), ctx.chat!.type === 'private');
  bot.on('message', async (ctx) => {
    const text = ctx.message.text ?? '';
    if (!chatter(ctx.update) && !text.startsWith('/')) nlu.understand(text, { chat: ctx.chat.type === 'private' ? 'private' : 'group', now: new Date(), timezone });
    if (!durableReplies) await ctx.reply('ok');
    else if (!chatter(ctx.update)) await owed(ctx);
  });
  bot.on('callback_query', async (ctx) => {
    await ctx.answerCallbackQuery();
    if (durableReplies) await owed(ctx);
  });
  const sqlite = db.$client;
  const committed = async (work: () => Promise<unknown>) => {
    sqlite.exec('BEGIN IMMEDIATE');
    await work();
    sqlite.exec('COMMIT');
  };
  return async (updates: Update[]) => {
    for (let k = 0; k < updates.length; k += 100) {
      const batch = updates.slice(k, k + 100);
      await committed(() => insertUpdates(db, batch.map((u) => ({ updateId: u.update_id, chatKey: chatKeyOf(u), payload: JSON.stringify(u), settled: chatter(u) })), new Date()));
      await committed(async () => {
        for (const u of batch) {
          await bot.handleUpdate(u);
          if (chatter(u)) continue;
          await markDone(db, u.update_id, new Date());
          await claimUpdate(db, 'telegram', String(u.update_id), new Date());
        }
      });
      if (durableReplies) await sendOwed(db, bot);
    }
  };
}

/** A reply as an outbox row, in the open transaction. */
function owe(db: Db, chatId: string, isPrivate: boolean): Promise<void> {
  return insertOwed(db, {
    kind: 'reply', lane: LANE.reply, memberId: null, identityId: null, platform: 'telegram', chatId, chatKind: isPrivate ? 'private' : 'group',
    locale: 'zh-CN', payload: { text: 'ok' }, editOf: null, meta: null, onSent: null, onFailed: null, forget: false, at: Date.now(),
  });
}

/** Sends the owed rows, each chat's in order: per wave, the rows claimed in one commit, sent, then marked sent in one more. */
async function sendOwed(db: Db, bot: Bot): Promise<void> {
  const sqlite = db.$client;
  for (;;) {
    sqlite.exec('BEGIN IMMEDIATE');
    const due = await dueOutbox(db, new Date(), 256);
    const rows = due.length ? await claimOutbox(db, due.map((r) => r.id), new Date()) : [];
    sqlite.exec('COMMIT');
    if (!rows.length) return;
    const sent = await Promise.all(rows.map(async (r) => ({ id: r.id, ref: await bot.api.sendMessage(r.chatId!, r.payload.text ?? '') })));
    sqlite.exec('BEGIN IMMEDIATE');
    for (const s of sent) await finishOutbox(db, s.id, 'sent', new Date(), { platformMessageId: String(s.ref.message_id) });
    sqlite.exec('COMMIT');
  }
}

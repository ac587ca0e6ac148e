/**
 * The Telegram adapter: grammY's API client (with our transport, the 429 gate and the limiter),
 * the port, the inbox and what processes it, command menus, and receiving by long polling or
 * webhook. `connectTelegram` learns who the bot is; `createTelegramAdapter` plugs it into an app.
 */
import type { Api } from 'grammy';
import { Api as GrammyApi } from 'grammy';
import type { Update } from 'grammy/types';
import type { Logger } from 'pino';
import type { App } from '../../app.js';
import { isForBot, parseCommand } from '../../core/addressing.js';
import type { Clock } from '../../core/clock.js';
import type { Locale } from '../../core/i18n.js';
import type { PlatformPort, Ports } from '../../core/message.js';
import { claimUpdate, pruneClaims } from '../../core/updates.repo.js';
import { createChatAdmins } from './telegram.admins.js';
import { pruneButtons } from '../shared/buttons.repo.js';
import { createButtonStore } from './telegram.buttons.js';
import { isUnauthorized } from './telegram.errors.js';
import { createTelegramFetch } from './telegram.fetch.js';
import { createInbox, type Inbox } from './telegram.inbox.js';
import { gateTransformer, SendLimiter, TELEGRAM_LIMITS, type Limits } from './telegram.limiter.js';
import { ALLOWED_UPDATES, mapUpdate, type BotIdentity, type Mapped } from './telegram.mapping.js';
import { createMenus, type Menus } from './telegram.menus.js';
import { roleSet } from '../../core/roles.js';
import { pollWhileLeading, startPolling, type Polling } from './telegram.polling.js';
import type { Lead } from '../../core/leadership.js';
import { createTelegramPort } from './telegram.port.js';
import {
  boundTelegramChats, privilegedTelegramAccounts, leftChats, markDone, migrateChat, pruneInbox, setChatStatus, type InboxRow,
} from './telegram.repo.js';

const DAY_MS = 86_400_000;
/**
 * Commands after which someone's roles (or a staff chat's leads) may have changed, or someone with a
 * role may have a private chat for the first time (/start): member menus are set again (only changed ones are sent).
 */
const ROLE_CHANGES = new Set(['grant', 'revoke', 'join', 'start', 'link', 'bind', 'unbind']);

export interface TelegramConnection {
  api: Api;
  bot: BotIdentity;
  limiter: SendLimiter;
}

/** Creates the API client and asks getMe who the bot is (retrying network trouble a few times). */
export async function connectTelegram(opts: { token: string; apiRoot: string; log: Logger; limits?: Limits; api?: Api }): Promise<TelegramConnection> {
  const api = opts.api ?? new GrammyApi(opts.token, { apiRoot: opts.apiRoot.replace(/\/+$/, ''), fetch: createTelegramFetch(), timeoutSeconds: 75 });
  const limiter = new SendLimiter(opts.limits ?? TELEGRAM_LIMITS);
  api.config.use(gateTransformer(limiter));
  for (let attempt = 1; ; attempt++) {
    try {
      const me = await api.getMe();
      return { api, limiter, bot: { id: me.id, username: me.username } };
    } catch (err) {
      if (isUnauthorized(err) || attempt >= 8) throw err;
      opts.log.warn({ err, attempt }, 'getMe failed; retrying');
      await new Promise((r) => setTimeout(r, Math.min(30_000, 500 * 2 ** attempt)));
    }
  }
}

export interface TelegramAdapterDeps {
  connection: TelegramConnection;
  app: App;
  clock: Clock;
  log: Logger;
  /** The port is registered here under "telegram". */
  ports: Ports;
  /** The campus default, for the menus of people whose Telegram language we do not speak. */
  defaultLocale: Locale;
  /** Set the command menus at start and when a chat is (un)bound or roles change. Default true. */
  menus?: boolean;
  /** The config's admins ("telegram:123"): they get an admin's menus. */
  adminKeys?: readonly string[];
  maxAttempts?: number;
  retryDelaysMs?: number[];
  /** Pending updates taken up at once (default 2000). */
  pickUp?: number;
  /** How long handled updates and the router's claims of them are kept (`privacy.retention.inbox_days`, default 7). */
  inboxDays?: number;
  /** How the port waits before repeating a call Telegram refused with a 5xx (tests shorten it). */
  retrySleep?: (ms: number) => Promise<void>;
  /** Several instances on one database: pending updates are all looked at again this often (shared/inbox.ts `sweepMs`). */
  sweepMs?: number;
}

export interface TelegramAdapter {
  port: PlatformPort;
  inbox: Inbox;
  menus: Menus;
  /**
   * Processes what is pending from before, sets the menus, and starts long polling; with `lead`,
   * only while this instance holds the `telegram.poller` lease (several instances on one database).
   */
  startPolling(opts?: { timeoutSeconds?: number; lead?: Lead }): Polling & { started?: Promise<void> };
  /** Sets the webhook (Telegram then POSTs to it; see telegram.webhook.ts) and processes what is pending. */
  startWebhook(url: string, secret: string): Promise<void>;
  /** For the webhook route: stores an update (resolves once committed) and gets it processed. */
  accept(update: Update): Promise<void>;
  /** Stops processing: in-flight updates finish, the rest stay in the inbox. */
  stop(): Promise<void>;
}

export function createTelegramAdapter(deps: TelegramAdapterDeps): TelegramAdapter {
  const { connection: { api, bot, limiter }, app, clock, log } = deps;
  const { units } = app;
  /** Groups the bot was removed from: read once at start, then kept as the bot is added and removed. */
  const left = new Set<string>();
  const leftRead = units.read(leftChats).then((ids) => void ids.forEach((id) => left.add(id)))
    .catch((err: unknown) => log.error({ err }, 'telegram: reading the groups the bot left failed'));
  const hasLeft = async (id: string) => (await leftRead, left.has(id));
  const buttons = createButtonStore({ units, clock });
  const port = createTelegramPort({ api, limiter, buttons, hasLeft, ...(deps.retrySleep ? { sleep: deps.retrySleep } : {}) });
  const chatAdmins = createChatAdmins({ api, clock, log });
  deps.ports.set('telegram', port);
  const menus = createMenus({
    api, log, defaultLocale: deps.defaultLocale, commands: () => app.router.commands, boundChats: () => units.read(boundTelegramChats),
    members: async () => Promise.all((await units.read((q) => privilegedTelegramAccounts(q, deps.adminKeys ?? [])))
      .map(async (a) => ({ userId: a.userId, privateChatId: a.privateChatId, roles: roleSet(await app.members.grants(a.memberId)) }))),
  });

  /**
   * Handles one update in one unit: its effects, the router's claim, the row's `done` and what the
   * inbox does `within` (counting the chat's next attempt) commit together.
   */
  async function handleRow(row: InboxRow & { update?: Update }, within: () => Promise<void>, claim: () => Promise<boolean>): Promise<void> {
    const update = row.update ?? (JSON.parse(row.payload) as Update);
    const press = update.callback_query ? await buttons.resolve(update.callback_query.data ?? '') : '';
    const mapped = mapUpdate(update, bot, () => press);
    await markChatAdmin(mapped);
    const handled = await units.run(async (unit) => {
      if (!(await claim())) return false; // another instance's (several on one database)
      await apply(mapped, String(update.update_id));
      await markDone(unit.q, row.updateId, clock.now());
      await within();
      return true;
    });
    if (handled) await afterCommit(mapped);
  }

  /** Tells the core whether the sender of an addressed group message administers that group (asked before the unit: no network call holds a transaction). */
  async function markChatAdmin(mapped: Mapped): Promise<void> {
    if (mapped.kind !== 'incoming' || mapped.incoming.chat.kind !== 'group' || !isForBot(mapped.incoming, bot.username)) return;
    const admin = await chatAdmins.isAdmin(mapped.incoming.chat.id, mapped.incoming.sender.id);
    if (admin !== undefined) mapped.incoming.fromChatAdmin = admin;
  }

  async function apply(mapped: Mapped, updateId: string): Promise<void> {
    const now = clock.now();
    if (mapped.kind === 'incoming') {
      // The router swallows failures of its own unit; undefined says one failed.
      if (!(await app.router.handle(mapped.incoming))) throw new Error('the router did not record the update as handled');
    } else if (mapped.kind === 'membership' && (await claimUpdate(units.q(), 'telegram', updateId, now))) {
      if (mapped.chat.kind === 'private') {
        if (!mapped.member) await app.members.markSenderUnreachable({ chat: mapped.chat, sender: mapped.by, text: '' });
        return;
      }
      await app.chats.ensure(mapped.chat, now);
      await setChatStatus(units.q(), mapped.chat.id, mapped.member ? 'member' : 'left', now);
    } else if (mapped.kind === 'migrated' && (await claimUpdate(units.q(), 'telegram', updateId, now))) {
      await migrateChat(units.q(), mapped.fromChatId, mapped.toChatId);
    }
  }

  async function afterCommit(mapped: Mapped): Promise<void> {
    if (mapped.kind === 'membership' && mapped.chat.kind === 'group') {
      await leftRead;
      if (mapped.member) left.delete(mapped.chat.id);
      else left.add(mapped.chat.id);
    }
    if (mapped.kind !== 'incoming') return;
    if (mapped.callbackQueryId) await answer(mapped.callbackQueryId, mapped.incoming.notice);
    const cmd = parseCommand(mapped.incoming.text);
    if (deps.menus === false || !cmd) return;
    if (mapped.incoming.chat.kind === 'group' && (cmd.name === 'bind' || cmd.name === 'unbind')) {
      const chatId = mapped.incoming.chat.id;
      const bound = (await units.read(boundTelegramChats)).find((c) => c.chatId === chatId);
      later(() => menus.syncChat(chatId, bound?.binding ?? null, bound?.scope ?? null));
    }
    if (ROLE_CHANGES.has(cmd.name)) later(() => menus.syncMembers());
  }

  /**
   * Every callback query is answered once (this stops the button's spinner), with the handler's
   * notice as a toast when it left one; failures only matter to the log.
   */
  async function answer(id: string, notice?: string): Promise<void> {
    const text = notice ? { text: notice.length > 200 ? `${notice.slice(0, 199)}…` : notice } : undefined;
    await api.answerCallbackQuery(id, text).catch((err: unknown) => log.debug({ err }, 'answerCallbackQuery failed'));
  }

  /** A group message not for the bot, or an update the bot does not handle: nothing to process. */
  function settled(update: Update): boolean {
    try {
      const mapped = mapUpdate(update, bot);
      return mapped.kind === 'ignored' || (mapped.kind === 'incoming' && !isForBot(mapped.incoming, bot.username));
    } catch {
      return false; // processing will say what is wrong with it
    }
  }

  const inbox = createInbox({
    units, clock, log, process: handleRow, settled,
    onDead: async (row) => {
      let update: Update;
      try {
        update = JSON.parse(row.payload) as Update;
      } catch {
        return; // not even readable: nothing to answer
      }
      const mapped = mapUpdate(update, bot);
      if (mapped.kind === 'incoming' && mapped.callbackQueryId) await answer(mapped.callbackQueryId);
    },
    ...(deps.maxAttempts ? { maxAttempts: deps.maxAttempts } : {}),
    ...(deps.retryDelaysMs ? { retryDelaysMs: deps.retryDelaysMs } : {}),
    ...(deps.pickUp ? { pickUp: deps.pickUp } : {}),
    ...(deps.sweepMs ? { sweepMs: deps.sweepMs } : {}),
  });

  /**
   * Forgets handled updates and the router's claims of them after `inboxDays` (a week; Telegram
   * redelivers an update only until it is confirmed), and stored buttons unused for 30 days (their
   * presses then expire). At start and every 6 hours: a prune missed while down happens at start.
   */
  async function prune(): Promise<void> {
    const now = clock.now().getTime();
    const keep = (deps.inboxDays ?? 7) * DAY_MS;
    await units.run(async (unit) => {
      await pruneInbox(unit.q, new Date(now - keep));
      await pruneClaims(unit.q, 'telegram', new Date(now - keep));
      await pruneButtons(unit.q, new Date(now - 30 * DAY_MS));
    }).catch((err: unknown) => log.warn({ err }, 'telegram pruning failed'));
  }

  /** Work started in the background (menus, pruning), awaited by stop(). */
  const background = new Set<Promise<void>>();
  function later(work: () => Promise<void>): void {
    const p = work().catch((err: unknown) => log.warn({ err }, 'telegram background work failed')).finally(() => background.delete(p));
    background.add(p);
  }

  let pruning: NodeJS.Timeout | undefined;
  function begin(): void {
    inbox.kick();
    if (deps.menus !== false) later(() => menus.syncAll());
    later(prune);
    pruning = setInterval(() => later(prune), 6 * 3_600_000);
    pruning.unref();
  }

  return {
    port, inbox, menus,
    startPolling(opts = {}) {
      begin();
      const poll = () => startPolling({ api, inbox, log, ...(opts.timeoutSeconds !== undefined ? { timeoutSeconds: opts.timeoutSeconds } : {}) });
      return opts.lead ? pollWhileLeading(opts.lead, poll) : poll();
    },
    async startWebhook(url, secret) {
      await api.setWebhook(url, { secret_token: secret, allowed_updates: [...ALLOWED_UPDATES] });
      begin();
    },
    async accept(update) {
      await inbox.store([update]);
      inbox.kick();
    },
    async stop() {
      clearInterval(pruning);
      await inbox.stop();
      while (background.size) await Promise.all([...background]);
    },
  };
}

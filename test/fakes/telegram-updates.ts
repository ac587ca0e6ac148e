/**
 * The update queue behind getUpdates, with Telegram's semantics: updates stay queued until a
 * getUpdates call with a higher `offset` confirms them; a negative offset keeps only the last
 * -offset updates; `limit` is clamped to 1..100; `timeout` holds the call until an update arrives;
 * a second concurrent getUpdates ends the first with 409; `allowed_updates` filters updates created
 * after it was set.
 */
import type { Update } from 'grammy/types';
import { TelegramError, type GetUpdatesCall } from './telegram-types.js';

/** Telegram's default when allowed_updates is empty or never set. */
const NOT_BY_DEFAULT = new Set(['chat_member', 'message_reaction', 'message_reaction_count']);

const SUPERSEDED = 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running';

interface Waiter {
  call: GetUpdatesCall;
  finish: (result: Update[] | TelegramError) => void;
  timer: NodeJS.Timeout;
}

export interface PollArgs {
  offset?: number;
  limit?: number;
  timeoutSeconds?: number;
  allowedUpdates?: string[];
}

export class UpdateQueue {
  private queue: Update[] = [];
  private nextId: number;
  private allowed: Set<string> | undefined;
  private waiter: Waiter | undefined;
  private closed = false;
  /** Set while updates go out by webhook to several backends (telegram-webhook-delivery.ts): it takes each as it is queued. */
  private taker: ((updates: Update[]) => void) | undefined;
  /** Highest update_id confirmed by an offset (0 while nothing was confirmed). */
  confirmedUpTo = 0;
  readonly calls: GetUpdatesCall[] = [];
  /** Updates dropped because allowed_updates excluded their type. */
  readonly filtered: Update[] = [];

  constructor(firstId: number, private readonly now: () => number, private readonly onChange: () => void) {
    this.nextId = firstId;
  }

  /** Unconfirmed updates, oldest first. */
  get pending(): readonly Update[] {
    return this.queue;
  }

  /** Queues an update (assigning the next update_id unless it has one) and wakes a waiting poll. */
  push(update: Omit<Update, 'update_id'> & { update_id?: number }): Update {
    const { update_id, ...rest } = update;
    const full = { update_id: update_id ?? this.nextId, ...rest } as Update;
    this.nextId = Math.max(this.nextId, full.update_id + 1);
    if (!this.isAllowed(full)) {
      this.filtered.push(full);
      return full;
    }
    this.queue.push(full);
    if (this.taker) this.handOver();
    this.wake();
    return full;
  }

  /** From now on hands every queued update (those queued already first) to `take` instead of keeping it for getUpdates. */
  handTo(take: (updates: Update[]) => void): void {
    this.taker = take;
    this.handOver();
  }

  private handOver(): void {
    const taken = this.queue;
    this.queue = [];
    if (taken.length) this.taker!(taken);
  }

  /** Sets the allowed update types like setWebhook/getUpdates do (empty list = Telegram's default). */
  setAllowed(types: string[] | undefined): void {
    if (types !== undefined) this.allowed = types.length > 0 ? new Set(types) : undefined;
  }

  /** Forgets every pending update, as deleteWebhook/setWebhook with drop_pending_updates do. */
  dropPending(): void {
    const last = this.queue.at(-1);
    if (last) this.confirmedUpTo = Math.max(this.confirmedUpTo, last.update_id);
    this.queue = [];
  }

  /** One getUpdates call. Resolves with updates (maybe after waiting), rejects with 409 when superseded. */
  poll(args: PollArgs, onAbandon: (cancel: () => void) => void): Promise<Update[]> {
    const limit = Math.min(100, Math.max(1, args.limit ?? 100));
    const timeoutSeconds = Math.max(0, args.timeoutSeconds ?? 0);
    const call: GetUpdatesCall = { limit, timeoutSeconds, at: this.now(), returned: [] };
    if (args.offset !== undefined) call.offset = args.offset;
    if (args.allowedUpdates !== undefined) call.allowedUpdates = args.allowedUpdates;
    this.calls.push(call);
    this.confirm(args.offset);
    this.setAllowed(args.allowedUpdates);
    this.supersede();
    this.onChange();
    if (this.queue.length > 0 || timeoutSeconds === 0 || this.closed) return Promise.resolve(this.take(call));
    return new Promise((resolve, reject) => {
      const finish = (result: Update[] | TelegramError): void => {
        clearTimeout(waiter.timer);
        if (this.waiter === waiter) this.waiter = undefined;
        if (result instanceof TelegramError) reject(result);
        else resolve(result);
      };
      const timer = setTimeout(() => finish(this.take(call)), timeoutSeconds * 1000);
      const waiter: Waiter = { call, finish, timer };
      this.waiter = waiter;
      onAbandon(() => finish([]));
    });
  }

  /** Ends a waiting poll with an empty result and makes later polls return at once. */
  close(): void {
    this.closed = true;
    this.waiter?.finish([]);
  }

  private confirm(offset: number | undefined): void {
    if (offset === undefined || offset === 0) return;
    const keepFrom = offset > 0 ? this.queue.findIndex((u) => u.update_id >= offset) : this.queue.length + offset;
    const cut = keepFrom === -1 ? this.queue.length : Math.max(0, keepFrom);
    const lastDropped = this.queue[cut - 1]?.update_id ?? 0;
    this.queue = this.queue.slice(cut);
    const byOffset = offset > 0 ? offset - 1 : 0;
    this.confirmedUpTo = Math.max(this.confirmedUpTo, lastDropped, Math.min(byOffset, this.nextId - 1));
  }

  private supersede(): void {
    const old = this.waiter;
    if (!old) return;
    this.waiter = undefined;
    old.finish(new TelegramError(409, SUPERSEDED));
  }

  private wake(): void {
    const w = this.waiter;
    if (w) w.finish(this.take(w.call));
  }

  private take(call: GetUpdatesCall): Update[] {
    const batch = this.queue.slice(0, call.limit);
    call.returned = batch.map((u) => u.update_id);
    this.onChange();
    return batch;
  }

  private isAllowed(update: Update): boolean {
    const type = Object.keys(update).find((k) => k !== 'update_id') ?? '';
    return this.allowed ? this.allowed.has(type) : !NOT_BY_DEFAULT.has(type);
  }
}

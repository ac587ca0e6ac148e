/**
 * The fake Telegram's webhook delivery to several bot instances behind a load balancer
 * (`fake.deliverRoundRobin(backends)`): every update queued from then on is POSTed, with the
 * secret the bot set, to the next backend in turn. As Telegram does, a chat's updates go one at a
 * time and in update_id order — its next update only once the previous one was answered 2xx —
 * while different chats' go at once, up to `maxConnections` requests; an update whose request
 * failed (connection refused or reset, a 5xx, a timeout) is sent again, to the next backend, after
 * `retryMs`, and stays its chat's next. Every attempt is recorded (`attempts`).
 */
import type { Update } from 'grammy/types';
import { postWebhook } from './telegram-http.js';

export interface RoundRobinOptions {
  /** The instances' webhook URLs, in the order the load balancer takes them (its pool: replace one when an instance moved). */
  backends: string[];
  /** Sent as X-Telegram-Bot-Api-Secret-Token; default: the secret the bot set with setWebhook. */
  secretToken?: string;
  /** Requests at once over all chats (Telegram's default: 40). */
  maxConnections?: number;
  /** The pause before a failed update is sent again (default 50 ms). */
  retryMs?: number;
}

/** One POST of an update to a backend, and how it ended. */
export interface DeliveryAttempt {
  updateId: number;
  /** Index into `backends`. */
  backend: number;
  /** The HTTP status, or 0 when the request failed without one (refused, reset). */
  status: number;
  at: number;
}

/** The chat an update belongs to, as Telegram orders its delivery. */
export function chatOfUpdate(u: Update): string {
  const chat = (u.message ?? u.edited_message ?? u.channel_post ?? u.callback_query?.message ?? u.my_chat_member ?? u.chat_member)?.chat;
  return String(chat?.id ?? u.callback_query?.from.id ?? 'none');
}

export class WebhookDelivery {
  /** The load balancer's pool (the options' array): replace an entry when an instance comes back elsewhere. */
  readonly backends: string[];
  readonly attempts: DeliveryAttempt[] = [];
  /** Update ids answered 2xx (Telegram forgets them then). */
  readonly delivered = new Set<number>();
  private readonly lines = new Map<string, Update[]>();
  private readonly busy = new Set<string>();
  private inFlight = 0;
  private turn = 0;
  private stopped = false;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly opts: RoundRobinOptions & { secret: () => string | undefined; changed: () => void; now: () => number }) {
    if (!opts.backends.length) throw new Error('fake Telegram: deliverRoundRobin needs at least one backend');
    this.backends = opts.backends;
  }

  /** Takes updates in (in update_id order) and starts what may start. */
  add(updates: readonly Update[]): void {
    for (const u of updates) {
      const chat = chatOfUpdate(u);
      const line = this.lines.get(chat);
      if (line) line.push(u);
      else this.lines.set(chat, [u]);
    }
    this.pump();
  }

  /** Updates taken in and not yet answered 2xx. */
  get owed(): number {
    let n = 0;
    for (const line of this.lines.values()) n += line.length;
    return n;
  }

  /** Stops sending (requests under way finish); what is owed stays owed. */
  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private pump(): void {
    const max = this.opts.maxConnections ?? 40;
    for (const [chat, line] of this.lines) {
      if (this.stopped || this.inFlight >= max) return;
      if (this.busy.has(chat) || !line.length) continue;
      this.busy.add(chat);
      this.inFlight++;
      void this.send(chat, line[0]!);
    }
  }

  private async send(chat: string, update: Update): Promise<void> {
    const backend = this.turn++ % this.backends.length;
    const status = await postWebhook(this.backends[backend]!, update, this.opts.secretToken ?? this.opts.secret()).then((r) => r.status, () => 0);
    this.attempts.push({ updateId: update.update_id, backend, status, at: this.opts.now() });
    this.inFlight--;
    const ok = status >= 200 && status < 300;
    if (ok) {
      this.delivered.add(update.update_id);
      const line = this.lines.get(chat)!;
      line.shift();
      if (!line.length) this.lines.delete(chat);
      this.busy.delete(chat);
    } else {
      // The chat waits: its update is sent again (to the next backend) before any later one of it.
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.busy.delete(chat);
        this.pump();
      }, this.opts.retryMs ?? 50);
      this.timers.add(timer);
    }
    this.opts.changed();
    this.pump();
  }
}

/**
 * Long polling, written here rather than with @grammyjs/runner or bot.start(): Telegram confirms
 * an update as soon as getUpdates is called with a higher offset, and both of those ask for the
 * next batch while (runner) or before (bot.stop) the previous one is safely handled. This loop
 * stores each batch in the inbox (one transaction, committed) before it asks for the next one, so
 * a crash at any point leaves every unconfirmed update with Telegram and every confirmed one in
 * SQLite. The offset lives only in memory: after a restart the first call takes Telegram's
 * earliest unconfirmed update, and the inbox ignores ids it already has.
 */
import type { Api } from 'grammy';
import type { Logger } from 'pino';
import { ROLES, type Lead } from '../../core/leadership.js';
import { isConflict, isUnauthorized, retryAfterMs } from './telegram.errors.js';
import type { Inbox } from './telegram.inbox.js';
import { ALLOWED_UPDATES } from './telegram.mapping.js';

export interface PollingDeps {
  api: Api;
  inbox: Inbox;
  log: Logger;
  /** Long-poll timeout in seconds. */
  timeoutSeconds?: number;
  /** How many 409 Conflicts in a row (another instance polling) end polling. */
  maxConflicts?: number;
}

export interface Polling {
  /** Settles when polling ended: resolves after stop(), rejects when it cannot go on (bad token, conflict). */
  readonly done: Promise<void>;
  /** Ends polling; led polling also gives its lease up, unless `release: false` (a test's crash). */
  stop(opts?: { release?: boolean }): Promise<void>;
}

/**
 * Long polling only while this instance holds the `telegram.poller` lease (several instances on one
 * database: Telegram answers a second poller 409): it starts when the lease is gained and stops
 * when it is lost, which the leadership calls before the lease can expire (core/leadership.ts), so
 * the next poller starts only after this one stopped. Every instance handles from the inbox
 * whatever the poller stored. `started` resolves after the first ask (on SQLite: leading).
 */
export function pollWhileLeading(lead: Lead, poll: () => Polling): Polling & { started: Promise<void> } {
  let current: Polling | undefined;
  let finish!: () => void;
  let fail!: (err: unknown) => void;
  const done = new Promise<void>((resolve, reject) => ((finish = resolve), (fail = reject)));
  done.catch(() => undefined);
  const leadership = lead(ROLES.telegramPoller, {
    gained() {
      current = poll();
      current.done.catch(fail); // a refused token, or 409s from a poller that is not us
    },
    async lost() {
      const polling = current;
      current = undefined;
      await polling?.stop();
    },
  });
  const started = leadership.start();
  return {
    done, started,
    async stop(opts) {
      await started.catch(() => undefined);
      await leadership.stop(opts);
      finish();
    },
  };
}

/** grammY types its signal parameter with its AbortController polyfill; a native signal works the same. */
type GrammySignal = Parameters<Api['getUpdates']>[1];

const BACKOFF_MS = [500, 1000, 2000, 5000, 10_000, 30_000];

export function startPolling(deps: PollingDeps): Polling {
  const abort = new AbortController();
  const done = loop(deps, abort.signal);
  done.catch(() => undefined);
  return {
    done,
    async stop() {
      abort.abort();
      await done.catch(() => undefined);
    },
  };
}

async function loop(deps: PollingDeps, signal: AbortSignal): Promise<void> {
  let offset: number | undefined;
  let failures = 0;
  let conflicts = 0;
  let webhookRemoved = false;
  while (!signal.aborted) {
    try {
      // A webhook left from webhook mode would make every getUpdates fail with 409; its pending updates stay.
      if (!webhookRemoved) webhookRemoved = await deps.api.deleteWebhook({ drop_pending_updates: false }, signal as GrammySignal);
      const updates = await deps.api.getUpdates({
        ...(offset !== undefined ? { offset } : {}), limit: 100, timeout: deps.timeoutSeconds ?? 30, allowed_updates: [...ALLOWED_UPDATES],
      }, signal as GrammySignal);
      failures = conflicts = 0;
      if (!updates.length) continue;
      await deps.inbox.store(updates); // committed before the next getUpdates confirms them
      offset = updates[updates.length - 1]!.update_id + 1;
      deps.inbox.kick();
    } catch (err) {
      if (signal.aborted) return;
      if (isUnauthorized(err)) throw new Error('Telegram refused the bot token (401/404): check TELEGRAM_BOT_TOKEN', { cause: err });
      if (isConflict(err) && ++conflicts >= (deps.maxConflicts ?? 5)) {
        throw new Error('another instance is polling with this token, or a webhook is set (409)', { cause: err });
      }
      const wait = retryAfterMs(err) ?? BACKOFF_MS[Math.min(failures++, BACKOFF_MS.length - 1)]!;
      deps.log.warn({ err, waitMs: wait }, 'getUpdates failed; retrying');
      await sleep(wait, signal);
    }
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}

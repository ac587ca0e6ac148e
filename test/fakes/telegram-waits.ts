/**
 * Waiting on a fake server's state (Telegram's, Discord's): a probe is re-evaluated whenever something changes
 * (a call arrives, a message is recorded, an offset confirms updates) and the wait resolves with
 * the first truthy result, or rejects after the timeout with a readable dump of what happened.
 */
import type { ApiCall, SentRecord } from './telegram-types.js';

interface PendingWait {
  check: () => void;
  fail: (why: string) => void;
}

export class ChangeWaiters {
  private readonly pending = new Set<PendingWait>();

  /** `label` names the fake in timeout messages (the fake Discord shares this class). */
  constructor(private readonly label = 'fake Telegram') {}

  /** Re-evaluates every pending wait; called by the fake after each state change. */
  notify(): void {
    for (const wait of [...this.pending]) wait.check();
  }

  /** Resolves with the first non-undefined value of `probe`; rejects after `timeoutMs` with `describe()`. */
  until<T>(probe: () => T | undefined, timeoutMs: number, describe: () => string): Promise<T> {
    const now = probe();
    if (now !== undefined) return Promise.resolve(now);
    return new Promise<T>((resolve, reject) => {
      const done = (): void => {
        clearTimeout(timer);
        this.pending.delete(wait);
      };
      const wait: PendingWait = {
        check: () => {
          const value = probe();
          if (value === undefined) return;
          done();
          resolve(value);
        },
        fail: (why) => {
          done();
          reject(new Error(`${why}\n${describe()}`));
        },
      };
      const timer = setTimeout(() => wait.fail(`${this.label}: nothing matched within ${timeoutMs} ms`), timeoutMs);
      this.pending.add(wait);
    });
  }

  /** Rejects every pending wait (the fake is closing). */
  rejectAll(why: string): void {
    for (const wait of [...this.pending]) wait.fail(why);
  }
}

/** One line per recorded message, for failure messages. */
export function dumpSent(sent: readonly SentRecord[]): string {
  if (sent.length === 0) return 'sent: (nothing)';
  const lines = sent.map((r) => {
    const where = r.chatId === undefined ? '' : ` chat=${r.chatId}`;
    const id = r.messageId === undefined ? '' : ` msg=${r.messageId}`;
    const shown = r.text !== undefined && r.text.length > 200 ? `${r.text.slice(0, 200)}…` : r.text;
    const text = shown === undefined ? '' : ` ${JSON.stringify(shown)}`;
    const buttons = r.replyMarkup === undefined ? '' : ` markup=${JSON.stringify(r.replyMarkup)}`;
    const dropped = r.responseDropped ? ' [response dropped]' : '';
    return `  #${r.seq} ${r.method}${where}${id}${text}${buttons}${dropped}`;
  });
  return `sent:\n${lines.join('\n')}`;
}

/** One line per API call with its outcome, for failure messages. */
export function dumpCalls(calls: readonly ApiCall[]): string {
  if (calls.length === 0) return 'calls: (none)';
  const line = (c: ApiCall): string =>
    `  #${c.seq} ${c.method} → ${c.status || 'no answer'}${c.description ? ` ${c.description}` : ''}`;
  const lines = calls.slice(-30).map(line);
  return `calls (last ${lines.length}):\n${lines.join('\n')}`;
}

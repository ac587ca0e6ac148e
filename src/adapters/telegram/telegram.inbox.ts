/**
 * The update inbox. Telegram forgets an update once it is confirmed (a getUpdates with a higher
 * offset, or a 2xx to its webhook request), so every update is first stored here, keyed by
 * update_id (a redelivery is ignored), and only then confirmed. Stored updates are processed one
 * chat at a time in update_id order, different chats concurrently; the processing marks its row
 * done in the same transaction as the update's effects. A row that keeps failing becomes `dead`
 * after `maxAttempts` and the rest keep moving. A restart picks up every row still pending; an
 * attempt is counted before it starts (the first when the update is stored), so an update that
 * crashes the process is not retried forever.
 */
import type { Update } from 'grammy/types';
import type { Logger } from 'pino';
import type { Db } from '../../db/client.js';
import type { Clock } from '../../core/clock.js';
import type { UnitRunner } from '../../core/unit-of-work.js';
import { chatKeyOf, withoutSender } from './telegram.mapping.js';
import { insertUpdates, leaseUpdate, markDead, pendingUpdates, recordFailure, type InboxRow } from './telegram.repo.js';

export interface InboxDeps {
  db: Db;
  units: UnitRunner;
  clock: Clock;
  log: Logger;
  /**
   * Processes one stored update; must mark it done in the unit of its effects and call `within`
   * inside that unit (the inbox counts the chat's next attempt there). Throws to retry. `update`
   * is the update as this process received it, on the first attempt of a row it stored itself.
   */
  process(row: InboxRow & { update?: Update }, within: () => void): Promise<void>;
  /**
   * Whether an update is settled as it arrives, with nothing to process (a group message not for
   * the bot): it is stored done, so it takes no turn in its chat's line and its text is never kept.
   */
  settled?(update: Update): boolean;
  /** Called once when an update is given up on (e.g. to answer its callback query). */
  onDead?(row: InboxRow): Promise<void>;
  maxAttempts?: number;
  /** Pauses before the 2nd, 3rd, ... attempt. */
  retryDelaysMs?: number[];
  sleep?: (ms: number) => Promise<void>;
  /** How many pending rows one pick-up takes up (the rest wait until half of those are through). */
  pickUp?: number;
}

export interface Inbox {
  /** Stores updates in one transaction; resolves once they are committed (then they may be confirmed). */
  store(updates: Update[]): Promise<number>;
  /** Starts processing whatever is pending and not yet being processed. */
  kick(): void;
  /** Resolves when nothing is being processed. */
  idle(): Promise<void>;
  /** Stops taking up rows and waits for the ones in progress; the rest stay pending for the next start. */
  stop(): Promise<void>;
}

/** A row taken up; `lease` is an attempt already counted (committed) and not yet started. */
type Taken = InboxRow & { lease?: number; update?: Update };

export function createInbox(deps: InboxDeps): Inbox {
  const { db, units, log } = deps;
  const maxAttempts = deps.maxAttempts ?? 5;
  const delays = deps.retryDelaysMs ?? [200, 1000, 5000, 15_000];
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const PICK_UP = deps.pickUp ?? 2000;
  /** Per chat, the rows taken up and not finished, in update_id order; the first is in progress. */
  const lines = new Map<string, Taken[]>();
  const working = new Set<Promise<void>>();
  const inFlight = new Set<number>();
  let stopping = false;

  /** Pick-ups continue after the highest update_id taken up so far (0: look at everything pending). */
  let cursor = 0;
  /** Whether the last pick-up left pending rows behind (a backlog larger than PICK_UP). */
  let more = false;
  /** Updates stored (committed) by this process and not taken up yet: their payload need not be parsed again. */
  const received = new Map<number, Update>();

  async function store(updates: Update[]): Promise<number> {
    const rows = updates.map((u) => {
      const settled = deps.settled?.(u) ?? false;
      return { updateId: u.update_id, chatKey: chatKeyOf(u), payload: settled ? '' : JSON.stringify(u), settled, update: u }; // a settled row keeps no content
    });
    // An update older than what was taken up already (webhook requests can overtake each other).
    if (rows.some((r) => r.updateId <= cursor)) cursor = 0;
    const added = await units.run(() => insertUpdates(db, rows, deps.clock.now()));
    for (const r of added) if (!r.settled) received.set(r.updateId, r.update);
    return added.length;
  }

  function kick(): void {
    if (stopping) return;
    const rows: Taken[] = pendingUpdates(db, cursor, PICK_UP);
    more = rows.length === PICK_UP;
    for (const row of rows) {
      cursor = Math.max(cursor, row.updateId);
      if (inFlight.has(row.updateId)) continue;
      inFlight.add(row.updateId);
      row.update = received.get(row.updateId);
      received.delete(row.updateId);
      if (row.update) row.lease = row.attempts; // stored by this process just now, its first attempt counted with it
      const line = lines.get(row.chatKey);
      if (line) line.push(row);
      else start(row.chatKey, [row]);
    }
    if (!more) received.clear(); // every pending row was taken up: what is left was a redelivery of a handled one
  }

  function start(chatKey: string, line: Taken[]): void {
    lines.set(chatKey, line);
    const done = work(chatKey, line).finally(() => working.delete(done));
    working.add(done);
  }

  /** Works through one chat's rows in order, each until it is done or dead. */
  async function work(chatKey: string, line: Taken[]): Promise<void> {
    while (line.length && !stopping) {
      const row = line[0]!;
      await attempt(row, line).catch((err: unknown) => log.error({ err, updateId: row.updateId }, 'telegram update not processed'));
      line.shift();
      inFlight.delete(row.updateId);
      if (more && inFlight.size < PICK_UP / 2) kick(); // refill before the backlog runs dry
    }
    lines.delete(chatKey); // in the same tick as the last check: a row taken up later starts a new line
  }

  /**
   * Attempts a row until it is done, dead, or the inbox stops. Each attempt is counted (committed)
   * before it starts: the first with the row when this process stored it; for a row stored before
   * (a restart), the chat's next row in the unit that finishes this one, so a chat with a queue pays
   * one commit per update; a retry in a unit of its own.
   */
  async function attempt(row: Taken, line: Taken[]): Promise<void> {
    let lastError = 'the process stopped while handling it';
    while (!stopping) {
      const attempts = row.lease ?? (await units.run(() => leaseUpdate(db, row.updateId)));
      row.lease = undefined;
      if (attempts > maxAttempts) return giveUp(row, attempts - 1, lastError);
      let next: Taken | undefined;
      let ahead: number | undefined;
      const first = row.update;
      row.update = undefined; // a retry reads the stored payload
      try {
        await deps.process(first ? { ...row, update: first } : row, () => {
          next = line[1];
          if (next && next.lease === undefined) ahead = leaseUpdate(db, next.updateId);
        });
        if (next && ahead !== undefined) next.lease = ahead; // known only now that its unit committed
        return;
      } catch (err) {
        lastError = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
        log.warn({ err, updateId: row.updateId, attempt: attempts }, 'telegram update failed');
        if (attempts >= maxAttempts) return giveUp(row, attempts, lastError);
        await units.run(() => recordFailure(db, row.updateId, lastError));
        await sleep(delays[Math.min(attempts - 1, delays.length - 1)] ?? 1000);
      }
    }
  }

  async function giveUp(row: InboxRow, attempts: number, error: string): Promise<void> {
    await units.run(() => markDead(db, row.updateId, error, withoutSender(row.payload), deps.clock.now()));
    log.error({ updateId: row.updateId, attempts, error }, 'telegram update dead-lettered');
    await deps.onDead?.(row).catch((err: unknown) => log.warn({ err }, 'dead letter hook failed'));
  }

  async function idle(): Promise<void> {
    while (working.size) await Promise.all([...working]);
  }

  return {
    store,
    kick,
    idle,
    async stop() {
      stopping = true;
      await idle();
    },
  };
}

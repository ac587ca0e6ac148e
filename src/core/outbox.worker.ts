/**
 * The delivery worker of the outbox. Rows are sent side by side — at most MAX_IN_FLIGHT at a time,
 * one at a time per chat and in order, within the platform's pace — because a platform answers in
 * tens or hundreds of milliseconds and one call at a time would stay far below its limits. Crisis
 * answers go before anything else: while one is due or under way, nothing else starts. Each row is
 * marked `sending` in a committed write before the platform is called, and its outcome is written
 * after the answer (outcomes that come back together commit together). A row is never sent again
 * once a call for it may have reached the platform, except a crisis answer.
 *
 * A committed unit that owes messages kicks the worker, so a reply leaves right after its commit
 * instead of at the scheduler's next tick, even while a paced broadcast is under way.
 */
import type { Logger } from 'pino';
import { LANE } from '../db/schema.js';
import type { Clock } from './clock.js';
import { DeliveryError, type Outgoing, type Platform, type Ports, type SentRef } from './message.js';
import type { Unit, UnitRunner } from './unit-of-work.js';
import { callPlatform } from './outbox.call.js';
import { createOutcomes, pauseEnd, type OutcomeDeps } from './outbox.outcome.js';
import { createPacer, type Sleep } from './outbox.pacer.js';
import { gatheredWrites } from './outbox.writes.js';
import type { OutboxRow } from './outbox.repo.js';
import { claimOutbox, dueOutbox, recoverSending, type DueRow } from './outbox.queue.repo.js';

export interface OutboxWorkerDeps extends OutcomeDeps {
  /** Every write of the worker is a unit of work, never interleaved with a handler's transaction. */
  units: UnitRunner;
  ports: Ports;
  clock: Clock;
  log: Logger;
  sleep: Sleep;
  /** The campus time zone (a late reply names the time of the message it answers). */
  timezone: string;
  /** Opens the message of a row that keeps it sealed. */
  open: (sealed: string) => Outgoing;
}

/**
 * Rows whose call may be under way at once (each claimed in a committed write first). A platform
 * with limits keeps fewer under way: Telegram's 30 a second counts the calls not answered yet.
 */
export const MAX_IN_FLIGHT = 128;
/** Rows read from the database at a time (the next row of as many chats). */
const BATCH = 256;

export interface OutboxWorker {
  /** Sends every due row (one pass at a time); on its first run, `sending` leftovers are recovered. */
  run(): Promise<void>;
  /** New rows were committed: look at them now (starts a pass when none runs). */
  kick(): void;
  /** Lets the rows in flight finish and starts no other in this process (the rest stays pending). */
  stop(): Promise<void>;
  /** Whether this process has yet to recover the rows a crash left `sending` (its first pass does). */
  readonly recovering: boolean;
  /**
   * Several instances on one database: only the one holding the `outbox.sender` lease sends
   * (core/leadership.ts says why). `false` lets the rows in flight finish and sends nothing more
   * until `true`, whose first pass recovers what a previous sender left `sending`. Default: sending.
   */
  lead(leading: boolean): Promise<void>;
  /** Whether this instance sends now. */
  readonly leading: boolean;
}

const chatOf = (row: DueRow) => `${row.platform}:${row.chatId}`;

/**
 * One turn of the event loop. A pass woken by a finished call reads again only after it, so the
 * calls (and outcome writes, outbox.writes.ts) that finish in the same turn are answered by one
 * read: each read scans the pending rows up to the next row of as many chats. Reading at every
 * single answer took ~6-7% of the Telegram benchmark's time (bench/telegram.bench.ts); about a
 * third of that once coalesced (fewer reads, and a shorter queue to scan).
 */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A row let go by the pacer, with what to call when its answer came back. */
interface Picked {
  row: DueRow;
  answered: () => void;
}

/** What is under way: the rows in flight (by id, with their lane) and the chats they hold. */
interface UnderWay {
  rows: Map<number, { lane: number; done: Promise<void> }>;
  chats: Set<string>;
}

export function createOutboxWorker(deps: OutboxWorkerDeps): OutboxWorker {
  const { clock, log } = deps;
  const write = <T>(fn: (unit: Unit) => Promise<T>): Promise<T> => deps.units.run(fn);
  const writeOutcome = gatheredWrites(deps.units);
  const outcomes = createOutcomes(deps);
  const pacer = createPacer(clock);
  /** Platforms that answered 429, known here at once (the database learns it with the row's outcome). */
  const pausedUntil = new Map<Platform, number>();
  let recovered = false;
  let stopped = false;
  /** Not the sending instance now (another holds `outbox.sender`). */
  let paused = false;
  let running: Promise<void> | null = null;
  let kicked = false;
  let wake: (() => void) | undefined;
  /** Resolves at the next kick, finished call or stop: a pass waiting for an answer or for the pace looks again. */
  const woken = () => new Promise<void>((r) => (wake = r));

  /**
   * Calls the platform for a claimed row and writes the outcome. The chat is free for its next
   * row as soon as the platform accepted this one; after a failure, only once the outcome (maybe
   * a later retry, which holds the chat's later rows back) is written.
   */
  async function send(row: OutboxRow, answered: () => void, free: () => void): Promise<void> {
    let ref: SentRef;
    try {
      ref = await callPlatform(deps.ports, row, clock.now(), deps.timezone, deps.open).finally(answered);
    } catch (err) {
      const now = clock.now();
      if (err instanceof DeliveryError && err.reason === 'rate_limited') pausedUntil.set(row.platform!, pauseEnd(err.retryAfterMs, now).getTime());
      return writeOutcome(() => outcomes.failed(row, err, now)).finally(free);
    }
    free();
    await writeOutcome(() => outcomes.sent(row, ref, clock.now()));
  }

  const isPaused = (row: DueRow) => (pausedUntil.get(row.platform!) ?? 0) > clock.now().getTime();

  /**
   * One pass: the next row of each chat is read (again after every wave, and whenever new rows
   * were committed) and sent in waves of those that may go now; when none may, it waits for a
   * call to finish, for the pace, or for new rows.
   */
  async function drain(): Promise<void> {
    if (!recovered) {
      recovered = true;
      const now = clock.now();
      const repeatable = [...deps.ports.values()].flatMap((p) => (p.repeatableForMs ? [{ platform: p.platform, since: new Date(now.getTime() - p.repeatableForMs) }] : []));
      const n = await write(async (unit) => {
        const r = await recoverSending(unit.q, now, repeatable);
        await outcomes.undelivered(r.hooked, 'unknown');
        return r;
      });
      if (n.unknown) log.warn({ rows: n.unknown }, 'outbox rows interrupted while sending are now "unknown"');
      if (n.again) log.warn({ rows: n.again }, 'outbox rows interrupted while sending are sent again (crisis answers, and sends the platform recognises when repeated)');
    }
    const under: UnderWay = { rows: new Map(), chats: new Set() };
    while (!stopped && !paused) {
      kicked = false;
      // The chats under way hold their next rows back: read as many more as may start.
      const room = MAX_IN_FLIGHT - under.rows.size;
      const due = room <= 0 ? [] : await deps.units.read((q) => dueOutbox(q, clock.now(), Math.min(BATCH, room + under.chats.size)));
      const queue = due.filter((r) => !under.chats.has(chatOf(r)) && !isPaused(r));
      if (!queue.length && !under.rows.size) break;
      const { wave, wait } = pickWave(queue, under);
      if (wave.length) await launch(wave, under);
      else if (under.rows.size) await woken().then(nextTurn); // a call finishing wakes it too
      else if (wait < Infinity) await Promise.race([deps.sleep(wait), woken()]);
      else break; // nothing may go and nothing will change: never spin
    }
    await Promise.all([...under.rows.values()].map((f) => f.done));
  }

  /**
   * The rows of `queue` (one per chat, in lane and id order) that may go now, counted by the
   * pacer; else how long until one may. While a crisis answer is due or under way, only crisis
   * answers go.
   */
  function pickWave(queue: DueRow[], under: UnderWay): { wave: Picked[]; wait: number } {
    const wave: Picked[] = [];
    const crisisOnly = queue[0]?.lane === LANE.crisis || [...under.rows.values()].some((f) => f.lane === LANE.crisis);
    const room = MAX_IN_FLIGHT - under.rows.size;
    let wait = Infinity;
    for (const row of queue) {
      if (wave.length >= room || (crisisOnly && row.lane !== LANE.crisis)) break;
      const limits = deps.ports.get(row.platform!)?.limits;
      if (!limits || !Number.isFinite(limits.perSecond + limits.perChatPerSecond + limits.perGroupPerMinute)) {
        wave.push({ row, answered: () => undefined }); // a platform without limits (the local one) is not paced
        continue;
      }
      const w = Math.max(pacer.platformWait(row.platform!, limits), pacer.chatWait(row.platform!, row.chatId!, row.chatKind ?? 'private', limits));
      if (w > 0) {
        wait = Math.min(wait, w);
        continue;
      }
      wave.push({ row, answered: pacer.count(row.platform!, row.chatId!) });
    }
    return { wave, wait };
  }

  /** Claims the wave in one committed write, then calls the platform for each claimed row. */
  async function launch(wave: Picked[], under: UnderWay): Promise<void> {
    const now = clock.now();
    const claimed = await write((unit) => claimOutbox(unit.q, wave.map((p) => p.row.id), now)).catch((err: unknown) => {
      for (const p of wave) p.answered();
      throw err;
    });
    const byId = new Map(claimed.map((r) => [r.id, r]));
    for (const p of wave) {
      const row = byId.get(p.row.id);
      if (!row) {
        p.answered(); // taken meanwhile
        continue;
      }
      const chat = chatOf(row);
      under.chats.add(chat);
      const free = () => {
        under.chats.delete(chat);
        wake?.(); // the chat's next row may go now
      };
      const done = send(row, p.answered, free).catch((err: unknown) => {
        log.error({ err, outboxId: row.id }, 'outbox: writing the outcome of a send failed; the row is left "sending"');
      }).finally(() => {
        under.rows.delete(row.id);
        under.chats.delete(chat);
        wake?.();
      });
      under.rows.set(row.id, { lane: row.lane, done });
    }
  }

  function kick(): void {
    kicked = true;
    wake?.();
    if (!running && !stopped && !paused) void run().catch((err: unknown) => log.error({ err }, 'outbox pass failed'));
  }

  function run(): Promise<void> {
    if (paused) return running ?? Promise.resolve();
    running ??= drain().finally(() => {
      running = null;
      if (kicked && !stopped && !paused) void run(); // rows committed while the pass was ending
    });
    return running;
  }

  return {
    run,
    get recovering() {
      return !recovered;
    },
    get leading() {
      return !paused;
    },
    async lead(leading) {
      if (leading === !paused) return;
      paused = !leading;
      if (leading) return kick();
      recovered = false; // who sends next (maybe this instance again) recovers what is left `sending`
      wake?.();
      await running;
    },
    kick,
    async stop() {
      stopped = true;
      wake?.();
      await running;
    },
  };
}

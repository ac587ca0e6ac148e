/**
 * An inbox of platform events (Telegram updates, Discord messages and interactions). Every event is
 * first stored, keyed by the platform's id (a redelivery is ignored), and only then confirmed or
 * handled. Stored events are processed one chat at a time in the order they were stored (`seq`),
 * different chats concurrently; the processing marks its row done in the same transaction as the
 * event's effects. A row that keeps failing becomes `dead` after `maxAttempts` and the rest keep
 * moving. A restart picks up every row still pending; an attempt is counted before it starts (the
 * first when the event is stored), so an event that crashes the process is not retried forever.
 */
import type { Logger } from 'pino';
import type { Clock } from '../../core/clock.js';
import type { UnitRunner } from '../../core/unit-of-work.js';
import type { Q } from '../../db/client.js';

/** A stored event as the inbox works through it. */
export interface InboxRow {
  /** Its place in the order of processing (Telegram: the update_id). */
  seq: number;
  chatKey: string;
  payload: string;
  attempts: number;
}

/** An event about to be stored. */
export interface NewEvent<E> {
  /** The platform's id of the event (unique: storing it again is ignored). */
  key: string;
  chatKey: string;
  /** The event as JSON; '' for a settled event. */
  payload: string;
  /** Nothing to process: stored done, with no content. */
  settled: boolean;
  event: E;
}

/** The inbox's table, as a platform keeps it: each function runs on the handle it is given (writes: a unit's). */
export interface InboxStore {
  /** Stores the events not seen before (counting their first attempt); returns those with their `seq`. */
  insert<R extends NewEvent<unknown>>(q: Q, rows: R[], now: Date): Promise<(R & { seq: number })[]>;
  /** Pending rows after `afterSeq`, in `seq` order. */
  pending(q: Q, afterSeq: number, limit: number): Promise<InboxRow[]>;
  /** Counts one more attempt before processing; returns the attempts so far including this one. */
  lease(q: Q, seq: number): Promise<number>;
  recordFailure(q: Q, seq: number, error: string): Promise<void>;
  /** Gives up on a row, keeping `payload` (what may be kept of it) and the error. */
  markDead(q: Q, seq: number, error: string, payload: string, now: Date): Promise<void>;
  /**
   * Several instances on one database (PostgreSQL): takes the row `seq` of `chatKey` for the caller's
   * unit, if it is that chat's oldest pending row and no other unit holds it (see `Claim`). Without
   * it (and on SQLite: one process) every row taken up is this process's.
   */
  claim?(q: Q, seq: number, chatKey: string): Promise<Claim>;
}

/**
 * What a claim found: `mine` (locked for the unit: handle it), `done` (handled or given up on by
 * another instance: drop it), `busy` (another unit holds the chat's oldest row: try again soon), or
 * `older` (an older pending row of the chat comes first: its seq).
 */
export type Claim = { kind: 'mine' } | { kind: 'done' } | { kind: 'busy' } | { kind: 'older'; seq: number };

export interface InboxDeps<E> {
  store: InboxStore;
  /** The platform's id of an event, the chat its order is kept in, and whether it is settled as it arrives. */
  describe(event: E): { key: string; chatKey: string; settled: boolean };
  /** What a dead letter keeps of a payload (e.g. without who sent it). */
  deadPayload?(payload: string): string;
  /** For log lines ("telegram update", "discord event"). */
  what: string;
  units: UnitRunner;
  clock: Clock;
  log: Logger;
  /**
   * Processes one stored event; must mark it done in the unit of its effects and await `within`
   * inside that unit (the inbox counts the chat's next attempt there). Throws to retry. `event`
   * is the event as this process received it, on the first attempt of a row it stored itself.
   * `claim`, awaited first in that unit, says whether the row is this instance's to handle (several
   * instances on one database); on false the unit must do nothing and return.
   */
  process(row: InboxRow & { event?: E }, within: () => Promise<void>, claim: () => Promise<boolean>): Promise<void>;
  /** Called once when an event is given up on (e.g. to answer its callback query). */
  onDead?(row: InboxRow): Promise<void>;
  maxAttempts?: number;
  /** Pauses before the 2nd, 3rd, ... attempt. */
  retryDelaysMs?: number[];
  sleep?: (ms: number) => Promise<void>;
  /** How many pending rows one pick-up takes up (the rest wait until half of those are through). */
  pickUp?: number;
  /**
   * Several instances on one database: every this many ms all pending rows are looked at again, so
   * that what an instance stored and died before handling is taken up by another. Unset (one process): never.
   */
  sweepMs?: number;
}

export interface Inbox<E> {
  /** Stores events in one transaction; resolves once they are committed (then they may be confirmed). */
  store(events: E[]): Promise<number>;
  /** Starts processing whatever is pending and not yet being processed. */
  kick(): void;
  /** Resolves when nothing is being processed. */
  idle(): Promise<void>;
  /** Stops taking up rows and waits for the ones in progress; the rest stay pending for the next start. */
  stop(): Promise<void>;
}

const MINE: Claim = { kind: 'mine' };
/** Pauses while another instance holds a chat's oldest row (it is usually done with it within milliseconds). */
const BUSY_WAITS_MS = [5, 10, 20, 50, 100, 200, 500];

/** A row taken up; `lease` is an attempt already counted (committed) and not yet started. */
type Taken<E> = InboxRow & { lease?: number; event?: E };

export function createInbox<E>(deps: InboxDeps<E>): Inbox<E> {
  const { store: table, units, log } = deps;
  type Row = Taken<E>;
  const maxAttempts = deps.maxAttempts ?? 5;
  const delays = deps.retryDelaysMs ?? [200, 1000, 5000, 15_000];
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const PICK_UP = deps.pickUp ?? 2000;
  /** Per chat, the rows taken up and not finished, in seq order; the first is in progress. */
  const lines = new Map<string, Row[]>();
  const working = new Set<Promise<void>>();
  const inFlight = new Set<number>();
  let stopping = false;

  /** Pick-ups continue after the highest seq taken up so far (0: look at everything pending). */
  let cursor = 0;
  /** Whether the last pick-up left pending rows behind (a backlog larger than PICK_UP). */
  let more = false;
  /** Events stored (committed) by this process and not taken up yet: their payload need not be parsed again. */
  const received = new Map<number, E>();

  async function store(events: E[]): Promise<number> {
    const rows = events.map((event) => {
      const d = deps.describe(event);
      return { ...d, payload: d.settled ? '' : JSON.stringify(event), event }; // a settled row keeps no content
    });
    const added = await units.run((unit) => table.insert(unit.q, rows, deps.clock.now()));
    // An event older than what was taken up already (webhook requests can overtake each other).
    if (added.some((r) => r.seq <= cursor)) cursor = 0;
    for (const r of added) {
      if (r.settled) continue;
      received.set(r.seq, r.event);
      if (reading) storedWhileReading = Math.min(storedWhileReading, r.seq); // the pick-up reading now may not see it
    }
    return added.length;
  }

  /** The pick-up running (reading pending rows, then taking them up), and whether another was asked for meanwhile. */
  let picking: Promise<void> | undefined;
  let again = false;
  /** Pick-ups reading now: rows finished meanwhile stay in `inFlight` until they are through, so none takes them up again. */
  let reading = 0;
  const finishedWhileReading: number[] = [];
  /** The lowest seq stored while a pick-up was reading: the cursor goes back before it, so the next pick-up looks again. */
  let storedWhileReading = Infinity;

  /** Looks at every pending row again (another instance stored rows older than the cursor, or died). */
  function rescan(): void {
    cursor = 0;
    kick();
  }
  let sweeping: NodeJS.Timeout | undefined;

  function kick(): void {
    if (stopping) return;
    if (deps.sweepMs && !sweeping) (sweeping = setInterval(rescan, deps.sweepMs)).unref();
    if (picking) return void (again = true); // one pick-up at a time: each reads what the previous one took up
    picking = pickUp().catch((err: unknown) => log.error({ err }, `${deps.what}: reading the inbox failed`)).finally(() => {
      picking = undefined;
      if (again) (again = false, kick());
    });
  }

  async function pickUp(): Promise<void> {
    reading++;
    const known = [...received.keys()]; // those stored meanwhile are not in what this pick-up reads
    let rows: Row[];
    try {
      rows = await units.read((q) => table.pending(q, cursor, PICK_UP));
    } finally {
      reading--;
    }
    if (stopping) return void releaseFinished();
    more = rows.length === PICK_UP;
    for (const row of rows) {
      cursor = Math.max(cursor, row.seq);
      if (inFlight.has(row.seq)) continue;
      inFlight.add(row.seq);
      row.event = received.get(row.seq);
      received.delete(row.seq);
      if (row.event) row.lease = row.attempts; // stored by this process just now, its first attempt counted with it
      const line = lines.get(row.chatKey);
      if (line) line.push(row);
      else start(row.chatKey, [row]);
    }
    releaseFinished();
    if (storedWhileReading !== Infinity) cursor = Math.min(cursor, storedWhileReading - 1);
    storedWhileReading = Infinity;
    if (!more) for (const seq of known) received.delete(seq); // every pending row was taken up: those left were redeliveries of handled ones
  }

  function releaseFinished(): void {
    if (reading) return;
    for (const seq of finishedWhileReading.splice(0)) inFlight.delete(seq);
  }

  function start(chatKey: string, line: Row[]): void {
    lines.set(chatKey, line);
    const done = work(chatKey, line).finally(() => working.delete(done));
    working.add(done);
  }

  /** Works through one chat's rows in order, each until it is done or dead. */
  async function work(chatKey: string, line: Row[]): Promise<void> {
    while (line.length && !stopping) {
      const row = line[0]!;
      const outcome = await attempt(row, line).catch((err: unknown) => (log.error({ err, seq: row.seq }, `${deps.what} not processed`), 'through' as const));
      if (outcome === 'reordered') continue; // an older row of the chat comes first
      line.shift();
      if (reading) finishedWhileReading.push(row.seq); // a pick-up reading now may have seen it pending
      else inFlight.delete(row.seq);
      if (more && inFlight.size < PICK_UP / 2) kick(); // refill before the backlog runs dry
    }
    lines.delete(chatKey); // in the same tick as the last check: a row taken up later starts a new line
  }

  /**
   * Attempts a row until it is done (here or by another instance), dead, or the inbox stops; or,
   * when a claim showed an older row of the chat that this line holds, puts that row first
   * ('reordered'). Each attempt is counted (committed) before it starts: the first with the row
   * when this process stored it; for a row stored before (a restart, another instance), the
   * chat's next row in the unit that finishes this one, so a chat with a queue pays one commit per
   * update; else in a unit of its own, which claims the row first (several instances: a row another
   * instance holds or handled is not counted). Several instances may still each count one attempt
   * of a row (the one that stored it, the one handling the row before it, the one that claims it):
   * there `maxAttempts` bounds the real attempts less tightly.
   */
  async function attempt(row: Row, line: Row[]): Promise<'through' | 'reordered'> {
    let lastError = 'the process stopped while handling it';
    const waits = { n: 0 };
    while (!stopping) {
      const counted = row.lease !== undefined ? { claim: MINE, attempts: row.lease } : await units.run(async (unit) => {
        const claim = table.claim ? await table.claim(unit.q, row.seq, row.chatKey) : MINE;
        return claim.kind === 'mine' ? { claim, attempts: await table.lease(unit.q, row.seq) } : { claim };
      });
      row.lease = undefined;
      const attempts = counted.attempts;
      if (attempts === undefined) {
        const settled = await notMine(counted.claim, line, waits);
        if (settled) return settled;
        continue;
      }
      if (attempts > maxAttempts) return giveUp(row, attempts - 1, lastError);
      let next: Row | undefined;
      let ahead: number | undefined;
      const got: { claim: Claim } = { claim: MINE };
      const first = row.event;
      row.event = undefined; // a retry reads the stored payload
      try {
        await deps.process(first ? { ...row, event: first } : row, async () => {
          next = line[1];
          if (next && next.lease === undefined) ahead = await table.lease(units.q(), next.seq);
        }, async () => {
          if (table.claim) got.claim = await table.claim(units.q(), row.seq, row.chatKey);
          return got.claim.kind === 'mine';
        });
      } catch (err) {
        lastError = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
        log.warn({ err, seq: row.seq, attempt: attempts }, `${deps.what} failed`);
        if (attempts >= maxAttempts) return giveUp(row, attempts, lastError);
        await units.run((unit) => table.recordFailure(unit.q, row.seq, lastError));
        await sleep(delays[Math.min(attempts - 1, delays.length - 1)] ?? 1000);
        continue;
      }
      if (got.claim.kind === 'mine') {
        if (next && ahead !== undefined) next.lease = ahead; // known only now that its unit committed
        return 'through';
      }
      row.lease = attempts; // this attempt did not start: the next one is it
      if (first) row.event = first;
      const settled = await notMine(got.claim, line, waits);
      if (settled) return settled;
    }
    return 'through';
  }

  /**
   * A claim that was not this instance's: the row is done ('through'), an older row of the chat in
   * this line goes first ('reordered'), or, after a pause, the row is tried again (undefined).
   */
  async function notMine(claim: Claim, line: Row[], waits: { n: number }): Promise<'through' | 'reordered' | undefined> {
    if (claim.kind === 'done') return 'through'; // another instance handled it
    if (claim.kind === 'older') {
      const at = line.findIndex((r) => r.seq === claim.seq);
      if (at > 0) return line.unshift(...line.splice(at, 1)), 'reordered';
      rescan(); // stored meanwhile by another instance: take it up
    }
    await sleep(BUSY_WAITS_MS[Math.min(waits.n++, BUSY_WAITS_MS.length - 1)]!); // another instance holds the chat
    return undefined;
  }

  async function giveUp(row: InboxRow, attempts: number, error: string): Promise<'through'> {
    await units.run((unit) => table.markDead(unit.q, row.seq, error, deps.deadPayload?.(row.payload) ?? '', deps.clock.now()));
    log.error({ seq: row.seq, attempts, error }, `${deps.what} dead-lettered`);
    await deps.onDead?.(row).catch((err: unknown) => log.warn({ err }, 'dead letter hook failed'));
    return 'through';
  }

  async function idle(): Promise<void> {
    while (working.size || picking) await Promise.all([...working, picking]);
  }

  return {
    store,
    kick,
    idle,
    async stop() {
      stopping = true;
      clearInterval(sweeping);
      await idle();
    },
  };
}

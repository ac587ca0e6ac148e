/**
 * Leadership of a role only one instance may hold (the Telegram long poller, the Discord gateway,
 * the outbox's sender) over a lease row (core/leases.repo.ts, which says why a lease rather than
 * an advisory lock). `start` asks for the lease and keeps asking every third of its TTL: the
 * instance that holds it renews it, the others take it over once it expired (its holder died or
 * hung). The role's work starts with `gained` and stops with `lost`, called one at a time.
 *
 * A leader stops believing it leads before anyone else may take over: once its last renewal is
 * `ttl − margin` old (the database refused or did not answer meanwhile), it calls `lost`, though
 * the row is only taken over at `ttl`. A clean stop gives the lease up, so another instance takes
 * over at its next renewal instead of after the TTL. On SQLite one process owns the database: it
 * gets the lease at the first ask (leases.repo.ts) and keeps it.
 *
 * The outbox across instances (issue 18, point 7) — decided: one sending leader (`outbox.sender`),
 * not a shared budget in the database. Every instance writes outbox rows in its units as today;
 * only the leader's worker sends. Why:
 * - The limits are the bot token's (Telegram ~30 a second overall, 1 a second per chat, 20 a
 *   minute per group; Discord's per route and global), and one process sends that fast with room
 *   to spare (the worker keeps calls under way concurrently): more senders add no throughput.
 * - The pacer (core/outbox.pacer.ts) counts a message from when its answer came back and holds its
 *   place while it is under way, per platform and per chat, and a 429's retry_after pauses the
 *   platform: exact in one process's memory. A shared budget would need a row per window (overall,
 *   each chat, each group) updated under a lock before every call — a hot row every send contends
 *   on, a round trip more per message, and in-flight calls of a dead instance that nobody counts
 *   down — to reach the same limits less exactly.
 * - Fail-over is the lease's: the next leader runs the worker's recovery (rows left `sending` by
 *   the dead one become `unknown`, crisis rows are sent again) as after a restart.
 * Its cost: a reply handled by another instance waits for the leader to notice the row (its tick,
 * or a NOTIFY on commit) rather than being sent by the instance that wrote it.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { Q } from '../db/client.js';
import type { Clock } from './clock.js';
import { acquireLease, releaseLease } from './leases.repo.js';
import type { UnitRunner } from './unit-of-work.js';

export interface LeadershipDeps {
  /** The role (`telegram.poller`, `discord.gateway`, `outbox.sender`): the lease's name. */
  name: string;
  /** This instance (instanceId()): a restarted process is another holder. */
  holder: string;
  clock: Clock;
  log: Logger;
  /** Runs a write of its own and commits it (`units.atomic` outside any unit). */
  write<T>(work: (q: Q) => Promise<T>): Promise<T>;
  /** How long a lease lasts unrenewed: the longest fail-over (default 15 s). */
  ttlMs?: number;
  /** This instance leads now: start the role's work. */
  gained(): Promise<void> | void;
  /** This instance no longer leads (lease lost, or stopping): stop the role's work. */
  lost(): Promise<void> | void;
}

export interface Leadership {
  /** Whether this instance leads the role now. */
  leading(): boolean;
  /** Asks for the lease (resolves after the first answer, and `gained` if it was granted), then keeps asking. */
  start(): Promise<void>;
  /**
   * Stops asking; if leading, calls `lost` and gives the lease up (with `release: false` it is left
   * to run out, as when the process dies: tests of fail-over).
   */
  stop(opts?: { release?: boolean }): Promise<void>;
}

/** What a role does as this instance gains and loses its lease. */
export type Role = Pick<LeadershipDeps, 'gained' | 'lost'>;

/** Makes the leadership of a role for this instance: the lease `name`, its work `role`. */
export type Lead = (name: string, role: Role) => Leadership;

/** Leases named by the roles that hold them. */
export const ROLES = { telegramPoller: 'telegram.poller', discordGateway: 'discord.gateway', outboxSender: 'outbox.sender' } as const;

/**
 * The outbox sends only while this instance holds `outbox.sender` (the others still write rows):
 * it stops sending now, and starts with the lease (the leadership's `start`). A commit on another
 * instance does not kick this one's worker: with `pollMs` the sender looks for new rows that often.
 */
export function sendWhileLeading(outbox: { lead(leading: boolean): Promise<void>; kick(): void }, lead: Lead, opts: { pollMs?: number } = {}): Leadership {
  let looking: NodeJS.Timeout | undefined;
  void outbox.lead(false); // nothing was sent yet: settles at once
  return lead(ROLES.outboxSender, {
    async gained() {
      await outbox.lead(true);
      if (opts.pollMs) (looking = setInterval(() => outbox.kick(), opts.pollMs)).unref();
    },
    async lost() {
      clearInterval(looking);
      await outbox.lead(false);
    },
  });
}

/**
 * The leaderships of this instance: one holder name, its clock, its units. A lease's statements
 * (leases.repo.ts) are one statement each, atomic by themselves: they run on the store's handle
 * outside the units (`units.read`) rather than as units, which run one at a time in a process, so
 * that a renewal never waits behind a backlog of units (a busy leader would lose its lease). On
 * SQLite that handle is the connection: inside a batch being written, the renewal commits with it.
 */
export function leaderOf(deps: { holder?: string; clock: Clock; log: Logger; units: UnitRunner; ttlMs?: number }): Lead {
  const holder = deps.holder ?? instanceId();
  return (name, role) => createLeadership({
    name, holder, clock: deps.clock, log: deps.log, write: (work) => deps.units.read(work), ...role,
    ...(deps.ttlMs !== undefined ? { ttlMs: deps.ttlMs } : {}),
  });
}

/** A name for this process as a lease holder: host, pid and a random part. */
export function instanceId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

const DEFAULT_TTL = 15_000;

export function createLeadership(deps: LeadershipDeps): Leadership {
  const { name, holder, clock, log } = deps;
  const ttl = deps.ttlMs ?? DEFAULT_TTL;
  /** Stop leading this long before the lease expires, for the instances' clocks to disagree a little. */
  const margin = Math.floor(ttl / 5);
  let leads = false;
  let stopped = true;
  let renewal: NodeJS.Timeout | undefined;
  let deadline: NodeJS.Timeout | undefined;
  /** Transitions (gained / lost) run one after another. */
  let turns: Promise<void> = Promise.resolve();

  function become(leading: boolean): Promise<void> {
    turns = turns.then(async () => {
      if (leads === leading) return;
      leads = leading;
      log.info({ role: name, holder }, leading ? 'leading this role now' : 'no longer leading this role');
      try {
        await (leading ? deps.gained() : deps.lost());
      } catch (err) {
        log.error({ err, role: name }, leading ? 'starting the role failed' : 'stopping the role failed');
      }
    });
    return turns;
  }

  async function ask(): Promise<void> {
    const askedAt = clock.now();
    let lease: Awaited<ReturnType<typeof acquireLease>>;
    try {
      lease = await deps.write((q) => acquireLease(q, name, holder, askedAt, ttl));
    } catch (err) {
      log.warn({ err, role: name }, 'could not renew the lease; leading until it runs out'); // the deadline decides
      return;
    }
    if (stopped) return;
    if (!lease) return become(false);
    clearTimeout(deadline);
    const left = askedAt.getTime() + ttl - margin - clock.now().getTime();
    deadline = setTimeout(() => void become(false), Math.max(0, left)).unref();
    await become(true);
  }

  function schedule(): void {
    if (stopped) return;
    renewal = setTimeout(() => void ask().finally(schedule), Math.floor(ttl / 3)).unref();
  }

  return {
    leading: () => leads,
    async start() {
      stopped = false;
      await ask();
      schedule();
    },
    async stop(opts = {}) {
      stopped = true;
      clearTimeout(renewal);
      clearTimeout(deadline);
      const held = leads;
      await become(false);
      if (held && opts.release !== false) await deps.write((q) => releaseLease(q, name, holder)).catch((err: unknown) => log.warn({ err, role: name }, 'could not give the lease up; it runs out by itself'));
    },
  };
}

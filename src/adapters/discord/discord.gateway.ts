/**
 * The Discord gateway held by one instance (issue 18, point 5): Discord delivers each event to one
 * connection of a shard, so several instances on one database keep one connection between them,
 * held by the instance that holds the `discord.gateway` lease (core/leadership.ts). On gaining the
 * lease it logs in, hands the connection to the adapter (which stores every event in the inbox),
 * runs `opened` (the slash commands), catches up on what was said while nobody was connected
 * (discord.catchup.ts: a fail-over's gap too) and stores events as they come; a login that fails is
 * tried again while it leads. On losing the lease (which the leadership calls before another
 * instance may take it over) it disconnects first, then stores what it had received. Every instance,
 * holder or not, handles from the inbox and sends through its own REST client. On SQLite one
 * process holds the lease from its first ask.
 */
import type { Logger } from 'pino';
import { ROLES, type Lead } from '../../core/leadership.js';
import type { DiscordGateway } from './discord.client.js';
import type { DiscordAdapter } from './discord.js';

/** Pauses before the 2nd, 3rd, … login while leading. */
const RETRY_MS = [1000, 2000, 5000, 10_000, 30_000];

export interface LedGatewayDeps {
  lead: Lead;
  /** Logs in; the signal aborts a login under way (the lease was lost). */
  open(signal: AbortSignal): Promise<DiscordGateway>;
  adapter: Pick<DiscordAdapter, 'attach' | 'live' | 'detach'>;
  /** Once connected, before the catch-up (the slash commands of the servers it is in). */
  opened?(gateway: DiscordGateway): Promise<void>;
  log: Logger;
  retryMs?: number[];
}

export interface LedGateway {
  /** Asks for the lease (resolves after the first answer; leading, once connected and caught up), then keeps asking. */
  start(): Promise<void>;
  /** Disconnects if connected and gives the lease up (`release: false`: left to run out, as when the process dies). */
  stop(opts?: { release?: boolean }): Promise<void>;
  /** Whether this instance holds the lease now. */
  leading(): boolean;
  /** Whether this instance is connected to the gateway, caught up and storing its events now. */
  live(): boolean;
}

export function gatewayWhileLeading(deps: LedGatewayDeps): LedGateway {
  const { log } = deps;
  const waits = deps.retryMs ?? RETRY_MS;
  let term: { abort: AbortController; gateway?: DiscordGateway; live?: boolean; run: Promise<void> } | undefined;

  /** Connects (trying again while leading), then hands the gateway to the adapter and goes live. */
  async function connect(t: NonNullable<typeof term>): Promise<void> {
    const signal = t.abort.signal;
    for (let attempt = 0; !signal.aborted; attempt++) {
      let gateway: DiscordGateway;
      try {
        gateway = await deps.open(signal);
      } catch (err) {
        if (signal.aborted) return;
        const wait = waits[Math.min(attempt, waits.length - 1)]!;
        log.error({ err, waitMs: wait }, 'discord: connecting to the gateway failed; trying again while holding its lease');
        await sleep(wait, signal);
        continue;
      }
      if (signal.aborted) return void (await gateway.client.destroy()); // lost while it logged in
      t.gateway = gateway; // from here, losing the lease destroys it
      deps.adapter.attach(t.gateway);
      log.info({ servers: t.gateway.client.guilds.cache.size }, 'discord: gateway connected');
      await deps.opened?.(t.gateway).catch((err: unknown) => log.error({ err }, 'discord: after connecting'));
      if (signal.aborted) return;
      await deps.adapter.live();
      t.live = true;
      return;
    }
  }

  const leadership = deps.lead(ROLES.discordGateway, {
    gained() {
      const t: NonNullable<typeof term> = { abort: new AbortController(), run: Promise.resolve() };
      t.run = connect(t).catch((err: unknown) => log.error({ err }, 'discord: taking the gateway failed'));
      term = t;
    },
    async lost() {
      const t = term;
      term = undefined;
      if (!t) return;
      t.abort.abort(); // a login under way ends
      await t.gateway?.client.destroy(); // disconnected before another instance may take the lease over
      await t.run;
      await deps.adapter.detach();
      log.info('discord: gateway disconnected (its lease is another instance\'s to take)');
    },
  });

  return {
    start: () => leadership.start(),
    stop: (opts) => leadership.stop(opts),
    leading: () => leadership.leading(),
    live: () => !!term?.live && !!term.gateway?.client.isReady(),
  };
}

/** Waits `ms`, or less when the signal aborts (its listener goes with the wait: logins tried again for hours add none). */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => (clearTimeout(timer), signal.removeEventListener('abort', done), resolve());
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * What the gateway hands the adapter, from the login on: dispatches are kept until the adapter is
 * `live` (caught up on what was missed), then each one addressed to the bot is stored as it comes
 * (and handled from the inbox). An interaction is looked at on arrival even while catching up: its
 * 3 seconds run from then. Only the instance holding the gateway attaches one (discord.gateway.ts);
 * `detach` stores what was kept, so a lost lease loses nothing received.
 */
import { Events, type GatewayDispatchPayload } from 'discord.js';
import type { Logger } from 'pino';
import type { DiscordGateway } from './discord.client.js';
import type { DiscordEvent } from './discord.js';

export interface IntakeDeps {
  /** The event to store for a dispatch, if it is addressed to the bot; an interaction's clock starts here either way. */
  receive(packet: GatewayDispatchPayload): DiscordEvent | undefined;
  /** Whether an interaction looked at on arrival was addressed (its answer is still open, or it is being deferred to be stored). */
  addressed(interactionId: string): boolean;
  /** Stores events (resolves once committed). */
  store(events: DiscordEvent[]): Promise<void>;
  /** Gets what was stored handled. */
  kick(): void;
  /** Fetches what was said while nobody was connected (discord.catchup.ts); logs its own failure. */
  catchUp(): Promise<void>;
  log: Logger;
}

export interface Intake {
  /** Handles one gateway dispatch: stores it if addressed, and gets it handled. */
  handle(packet: GatewayDispatchPayload): Promise<void>;
  attach(gateway: DiscordGateway): void;
  /** Catches up, stores what was kept meanwhile, then stores events as they come. */
  live(): Promise<void>;
  /** Takes no more events; what was kept is stored (when the database answers), what is being stored finishes. */
  detach(): Promise<void>;
  attached(): boolean;
}

const STORED = new Set(['MESSAGE_CREATE', 'INTERACTION_CREATE']);

export function createIntake(deps: IntakeDeps): Intake {
  const { log } = deps;
  let gateway: DiscordGateway | undefined;
  let live = false;
  const early: GatewayDispatchPayload[] = [];
  const background = new Set<Promise<unknown>>();
  const track = (p: Promise<unknown>) => (background.add(p), void p.finally(() => background.delete(p)));

  async function handle(packet: GatewayDispatchPayload): Promise<void> {
    const event = deps.receive(packet);
    if (!event) return;
    await deps.store([event]);
    deps.kick();
  }

  const onRaw = (packet: GatewayDispatchPayload): void => {
    if (!live) {
      if (packet.t === 'INTERACTION_CREATE') deps.receive(packet); // its 3 seconds run now: acknowledged in time even while catching up
      if (STORED.has(packet.t)) early.push(structuredClone(packet)); // as received: discord.js links its parts afterwards
      return;
    }
    track(handle(packet).catch((err: unknown) => log.error({ err, event: packet.t }, 'discord: storing an event failed')));
  };

  /** Stores what arrived before `live` (an interaction was looked at on arrival). */
  async function storeEarly(): Promise<void> {
    const events = early.splice(0).flatMap((p): DiscordEvent[] => {
      if (p.t === 'INTERACTION_CREATE') return deps.addressed(p.d.id) ? [{ t: 'INTERACTION_CREATE', d: p.d }] : [];
      const e = deps.receive(p);
      return e ? [e] : [];
    });
    if (events.length) await deps.store(events);
  }

  return {
    handle,
    attached: () => gateway !== undefined,
    attach(g) {
      gateway = g;
      for (const p of g.takeEarly()) onRaw(p);
      g.client.on(Events.Raw, onRaw);
    },
    async live() {
      await deps.catchUp();
      live = true;
      await storeEarly();
      deps.kick();
    },
    async detach() {
      live = false;
      gateway?.client.off(Events.Raw, onRaw);
      gateway = undefined;
      await storeEarly().catch((err: unknown) => log.error({ err }, 'discord: storing the events received while catching up failed'));
      while (background.size) await Promise.all([...background]);
    },
  };
}

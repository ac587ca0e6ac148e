/**
 * The Discord adapter's event path, not yet part of start-up (issue 16: the platform-neutral runner
 * and a Discord inbox come next): gateway events (raw MESSAGE_CREATE and INTERACTION_CREATE) are
 * mapped, handled by the router in a unit of work, and every interaction is acknowledged within
 * Discord's 3 seconds whatever the unit does. The port is registered under "discord".
 *
 * Not yet here: storing events before handling them (a crash or restart loses the events being
 * handled, and Discord does not replay what was missed while offline), the catch-up of DM and
 * bound channels at start, command registration at start, and the core passing `replyTo`/`key`
 * to the port (until then interactions are acknowledged and answers posted in the channel).
 */
import { Events, type GatewayDispatchPayload } from 'discord.js';
import type { Logger } from 'pino';
import type { App } from '../../app.js';
import { isForBot } from '../../core/addressing.js';
import type { Clock } from '../../core/clock.js';
import type { Ports } from '../../core/message.js';
import type { Db } from '../../db/client.js';
import { createButtonPayloads } from '../shared/buttons.js';
import type { DiscordConnection } from './discord.client.js';
import { Interactions } from './discord.interactions.js';
import { mapInteraction, mapMessage, type Mapped } from './discord.mapping.js';
import { createDiscordPort, type DiscordPort } from './discord.port.js';

export interface DiscordAdapterDeps {
  connection: DiscordConnection;
  app: App;
  db: Db;
  clock: Clock;
  log: Logger;
  ports: Ports;
  /** When an interaction still unanswered is deferred (default ACK_AFTER_MS). */
  ackAfterMs?: number;
}

export interface DiscordAdapter {
  port: DiscordPort;
  /** Handles one gateway dispatch (what the client's raw event hands over). */
  handle(packet: GatewayDispatchPayload): Promise<void>;
  /** Starts handling the client's events. */
  start(): void;
  /** Stops taking events and waits for those being handled. */
  stop(): Promise<void>;
}

export function createDiscordAdapter(deps: DiscordAdapterDeps): DiscordAdapter {
  const { connection: { client, rest, bot, applicationId }, app, log } = deps;
  const payloads = createButtonPayloads({ db: deps.db, units: app.units, clock: deps.clock });
  const interactions = new Interactions({ rest, applicationId, log, ...(deps.ackAfterMs !== undefined ? { ackAfterMs: deps.ackAfterMs } : {}) });
  const port = createDiscordPort({ rest, payloads, interactions });
  deps.ports.set('discord', port);
  const inFlight = new Set<Promise<void>>();

  function mapPacket(packet: GatewayDispatchPayload): Mapped | undefined {
    if (packet.t === 'MESSAGE_CREATE') return mapMessage(packet.d, bot);
    if (packet.t === 'INTERACTION_CREATE') return mapInteraction(packet.d, payloads.resolve);
    return undefined;
  }

  async function handle(packet: GatewayDispatchPayload): Promise<void> {
    const mapped = mapPacket(packet);
    if (!mapped) return;
    const interaction = mapped.interaction;
    if (interaction) interactions.start(interaction.id, interaction);
    try {
      if (mapped.kind === 'incoming' && isForBot(mapped.incoming, bot.username)) await app.router.handle(mapped.incoming);
    } finally {
      if (interaction) await interactions.finish(interaction.id, mapped.kind === 'incoming' ? mapped.incoming.notice : undefined);
    }
  }

  const onRaw = (packet: GatewayDispatchPayload): void => {
    const p = handle(packet).catch((err: unknown) => log.error({ err, event: packet.t }, 'discord: handling an event failed'));
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  };

  return {
    port,
    handle,
    start: () => void client.on(Events.Raw, onRaw),
    async stop() {
      client.off(Events.Raw, onRaw);
      while (inFlight.size) await Promise.all([...inFlight]);
    },
  };
}

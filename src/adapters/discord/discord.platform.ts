/**
 * Discord as one of the runner's platforms (src/runner.ts). `connectDiscordPlatform` asks Discord
 * who the bot is over REST (a refused token stops the start; `discord.api_root` moves REST and,
 * through `GET /gateway/bot`, the gateway too). Its start handles what was stored and not handled
 * and asks for the `discord.gateway` lease: the instance that holds it (on SQLite, the only one)
 * logs in to the gateway, registers the slash commands in every server the bot is in (shown at
 * once; or globally with `discord.global_commands`), catches up on what was said while nobody was
 * connected, then stores new events (discord.gateway.ts); every instance handles from the inbox
 * and sends through its own REST client. Its stop disconnects and gives the lease up, takes no
 * more events and lets the ones being handled finish.
 */
import { Events } from 'discord.js';
import type { Config } from '../../config.js';
import type { App } from '../../app.js';
import type { Logger } from 'pino';
import type { Clock } from '../../core/clock.js';
import type { Lead } from '../../core/leadership.js';
import type { Ports } from '../../core/message.js';
import type { Connector, PlatformAdapter } from '../../runner.js';
import { connectDiscordRest, openGateway, type DiscordGateway, type DiscordRest } from './discord.client.js';
import { registerCommands, slashCommands } from './discord.commands.js';
import { gatewayWhileLeading, type LedGateway } from './discord.gateway.js';
import { createDiscordAdapter, type DiscordAdapter } from './discord.js';

/** Several instances on one database: how often the inbox looks for events another instance stored (the gateway's holder) and left. */
const SWEEP_MS = 3000;

export const connectDiscordPlatform: Connector = async (config, log) => {
  const apiRoot = config.discord.api_root ? { apiRoot: config.discord.api_root } : {};
  const connection = await connectDiscordRest({ token: config.discord.token!, applicationId: config.discord.application_id!, ...apiRoot });
  log.info({ bot: connection.bot.username }, 'discord: connected');
  return {
    platform: 'discord',
    username: connection.bot.username,
    abandon: async () => undefined,
    attach: async ({ app, clock, log, ports, lead, shared }) => ledDiscord({ connection, config, app, clock, log, ports, lead, ...(shared ? { sweepMs: SWEEP_MS } : {}) }).platform,
  };
};

export interface LedDiscordDeps {
  connection: DiscordRest;
  config: Config;
  app: App;
  clock: Clock;
  log: Logger;
  ports: Ports;
  lead: Lead;
  /** Several instances on one database: the inbox looks at every pending event this often. */
  sweepMs?: number;
}

/** The adapter, the gateway it holds while it leads `discord.gateway`, and the two as a runner's platform. */
export function ledDiscord(deps: LedDiscordDeps): { adapter: DiscordAdapter; gateway: LedGateway; platform: PlatformAdapter } {
  const { connection, config, app, clock, log, ports, lead } = deps;
  const apiRoot = config.discord.api_root ? { apiRoot: config.discord.api_root } : {};
  const adapter = createDiscordAdapter({
    connection, app, clock, log, ports, days: config.privacy.retention.inbox_days, defaultLocale: config.campus.default_locale,
    ...(deps.sweepMs ? { sweepMs: deps.sweepMs } : {}),
  });
  const gateway = gatewayWhileLeading({
    lead, adapter, log,
    open: (signal) => openGateway({ token: config.discord.token!, ...apiRoot, signal }),
    opened: (g) => commandsFor(g, { config, app, log, connection }),
  });
  let up = false;
  const platform: PlatformAdapter = {
    platform: 'discord',
    ...(adapter.port.limits ? { limits: adapter.port.limits } : {}),
    // The gateway's holder is up once connected and caught up; the others need only the database and REST.
    health: () => up && (!gateway.leading() || gateway.live()),
    async start() {
      await adapter.start();
      await gateway.start(); // the first answer: this instance holds the gateway, or another does
      up = true;
      log.info({ bot: connection.bot.username, gateway: gateway.leading() }, 'discord adapter running');
    },
    async stop() {
      up = false;
      await gateway.stop(); // disconnected; another instance takes the gateway at its next ask
      await adapter.stop();
    },
    close: async () => undefined,
  };
  return { adapter, gateway, platform };
}

/** Registers the slash commands in the servers the gateway says the bot is in, and in each server it is added to while connected. */
async function commandsFor(g: DiscordGateway, deps: { config: Config; app: App; log: Logger; connection: DiscordRest }): Promise<void> {
  const { config, app, log, connection: { rest, applicationId } } = deps;
  const register = async (guildIds: string[]) => {
    const commands = slashCommands(app.router.commands, config.campus.default_locale, config.departments);
    await registerCommands(rest, applicationId, commands, { guildIds, global: config.discord.global_commands })
      .then(() => log.info({ commands: commands.length, servers: guildIds.length, global: config.discord.global_commands }, 'discord: slash commands registered'))
      .catch((err: unknown) => log.error({ err }, 'discord: registering slash commands failed'));
  };
  await register([...g.client.guilds.cache.keys()]);
  // A server the bot is added to while connected gets the commands at once.
  g.client.on(Events.GuildCreate, (guild) => void (config.discord.global_commands || register([guild.id])));
}

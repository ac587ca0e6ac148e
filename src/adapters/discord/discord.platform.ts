/**
 * Discord as one of the runner's platforms (src/runner.ts). `connectDiscordPlatform` logs in to the
 * gateway (`discord.api_root` moves REST and, through `GET /gateway/bot`, the gateway too) and keeps
 * the events that arrive from then on. Its start registers the slash commands in every server the
 * bot is in (shown at once; or globally with `discord.global_commands`), handles what was stored
 * and not handled, catches up on what was said while the bot was offline, then takes new events.
 * Its stop takes no more events and lets the ones being handled finish; `close` (after the outbox
 * flush, which still needs REST) disconnects.
 */
import { Events } from 'discord.js';
import type { Connector, PlatformAdapter } from '../../runner.js';
import { connectDiscord } from './discord.client.js';
import { registerCommands, slashCommands } from './discord.commands.js';
import { createDiscordAdapter } from './discord.js';

export const connectDiscordPlatform: Connector = async (config, log) => {
  const connection = await connectDiscord({ token: config.discord.token!, ...(config.discord.api_root ? { apiRoot: config.discord.api_root } : {}) });
  const { client, rest, applicationId } = connection;
  log.info({ bot: connection.bot.username, servers: client.guilds.cache.size }, 'discord: connected');
  return {
    platform: 'discord',
    username: connection.bot.username,
    abandon: () => client.destroy(),
    async attach({ app, clock, log, ports }): Promise<PlatformAdapter> {
      const adapter = createDiscordAdapter({
        connection, app, clock, log, ports, days: config.privacy.retention.inbox_days, defaultLocale: config.campus.default_locale,
      });
      const register = async (guildIds: string[]) => {
        const commands = slashCommands(app.router.commands, config.campus.default_locale, config.departments);
        await registerCommands(rest, applicationId, commands, { guildIds, global: config.discord.global_commands })
          .then(() => log.info({ commands: commands.length, servers: guildIds.length, global: config.discord.global_commands }, 'discord: slash commands registered'))
          .catch((err: unknown) => log.error({ err }, 'discord: registering slash commands failed'));
      };
      // A server the bot is added to while running gets the commands at once.
      const onGuild = (guild: { id: string }) => void (config.discord.global_commands || register([guild.id]).then(() => undefined, () => undefined));
      let up = false;
      return {
        platform: 'discord',
        ...(adapter.port.limits ? { limits: adapter.port.limits } : {}),
        health: () => up && client.isReady(),
        async start() {
          await register([...client.guilds.cache.keys()]);
          await adapter.start();
          client.on(Events.GuildCreate, onGuild);
          up = true;
          log.info({ bot: connection.bot.username }, 'discord adapter running');
        },
        async stop() {
          up = false;
          client.off(Events.GuildCreate, onGuild);
          await adapter.stop();
        },
        close: () => client.destroy(),
      };
    },
  };
};

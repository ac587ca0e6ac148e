/**
 * The discord.js client as the adapter runs it: the gateway with the intents the bot needs and no
 * privileged one (server messages reach it only when they mention it; DMs and interactions always
 * do), small caches (the adapter works on raw payloads), and a REST queue that waits out short
 * rate limits itself but hands long ones to the caller, so the outbox can pause the platform
 * instead of holding calls for minutes. `DISCORD_API_ROOT` moves REST and, through
 * `GET /gateway/bot`, the gateway too.
 */
import { Client, DefaultRestOptions, Events, GatewayIntentBits, Options, Partials, REST, type GatewayDispatchPayload, type RESTOptions } from 'discord.js';
import type { BotIdentity } from './discord.mapping.js';

/** A 429 (or a known empty bucket) asking to wait longer than this becomes an error for the caller. */
export const RATE_LIMIT_WAIT_MS = 5000;

/** Guilds (servers and channels), server messages (only those that mention the bot carry content), DMs. */
export const INTENTS = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages];

export function restOptions(apiRoot: string | undefined): Partial<RESTOptions> {
  return {
    api: (apiRoot ?? DefaultRestOptions.api).replace(/\/+$/, ''),
    rejectOnRateLimit: (data) => data.retryAfter > RATE_LIMIT_WAIT_MS,
  };
}

/** A REST client alone (for the port's tests and for tools that need no gateway). */
export function createRest(token: string, apiRoot?: string): REST {
  return new REST(restOptions(apiRoot)).setToken(token);
}

export function createClient(apiRoot?: string): Client {
  return new Client({
    intents: INTENTS,
    partials: [Partials.Channel],
    rest: restOptions(apiRoot),
    makeCache: Options.cacheWithLimits({ ...Options.DefaultMakeCacheSettings, MessageManager: 0, ReactionManager: 0, GuildMemberManager: 0 }),
  });
}

export interface DiscordConnection {
  client: Client<true>;
  rest: REST;
  bot: BotIdentity;
  applicationId: string;
  /** Hands over the gateway events received since the login (and stops keeping them): nothing said meanwhile is lost. */
  takeEarly(): GatewayDispatchPayload[];
}

/** Logs in and resolves once the gateway is ready (servers received). */
export async function connectDiscord(opts: { token: string; apiRoot?: string }): Promise<DiscordConnection> {
  const client = createClient(opts.apiRoot);
  const early: GatewayDispatchPayload[] = [];
  const keep = (packet: GatewayDispatchPayload) => void early.push(packet);
  client.on(Events.Raw, keep);
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  try {
    await client.login(opts.token);
    await ready;
  } catch (err) {
    await client.destroy();
    throw err;
  }
  const c = client as Client<true>;
  return {
    client: c, rest: c.rest, bot: { id: c.user.id, username: c.user.username }, applicationId: c.application.id,
    takeEarly: () => (client.off(Events.Raw, keep), early.splice(0)),
  };
}

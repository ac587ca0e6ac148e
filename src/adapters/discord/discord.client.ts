/**
 * The discord.js client as the adapter runs it: the gateway with the intents the bot needs and no
 * privileged one (server messages reach it only when they mention it; DMs and interactions always
 * do), small caches (the adapter works on raw payloads), and a REST queue that waits out short
 * rate limits itself but hands long ones to the caller, so the outbox can pause the platform
 * instead of holding calls for minutes. `DISCORD_API_ROOT` moves REST and, through
 * `GET /gateway/bot`, the gateway too.
 */
import { Client, DefaultRestOptions, Events, GatewayIntentBits, Options, Partials, REST, Routes, type APIUser, type GatewayDispatchPayload, type RESTOptions } from 'discord.js';
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

/** What every instance has: a REST client of its own (never the gateway client's: `client.destroy()` clears its token) and who the bot is. */
export interface DiscordRest {
  rest: REST;
  bot: BotIdentity;
  applicationId: string;
}

/** A gateway connection: only the holder of the `discord.gateway` lease has one (discord.gateway.ts). */
export interface DiscordGateway {
  client: Client<true>;
  /** Hands over the gateway events received since the login (and stops keeping them): nothing said meanwhile is lost. */
  takeEarly(): GatewayDispatchPayload[];
}

export interface DiscordConnection extends DiscordRest, DiscordGateway {}

/** Asks Discord who the bot is over REST (a refused token fails here): all an instance needs to handle and send. */
export async function connectDiscordRest(opts: { token: string; apiRoot?: string; applicationId: string }): Promise<DiscordRest> {
  const rest = createRest(opts.token, opts.apiRoot);
  const me = (await rest.get(Routes.user())) as APIUser;
  return { rest, bot: { id: me.id, username: me.username }, applicationId: opts.applicationId };
}

/**
 * Logs in to the gateway and resolves once it is ready (servers received), keeping the events that
 * arrive from the login on; an abort (the lease lost meanwhile) destroys the client, and the login fails.
 */
export async function openGateway(opts: { token: string; apiRoot?: string; signal?: AbortSignal }): Promise<DiscordGateway> {
  const client = createClient(opts.apiRoot);
  const early: GatewayDispatchPayload[] = [];
  // What the adapter stores, copied before discord.js links its parts (a member's user points back).
  const keep = (packet: GatewayDispatchPayload) => void ((packet.t === 'MESSAGE_CREATE' || packet.t === 'INTERACTION_CREATE') && early.push(structuredClone(packet)));
  client.on(Events.Raw, keep);
  const abort = () => void client.destroy();
  const ready = new Promise<void>((resolve, reject) => {
    client.once(Events.ClientReady, () => resolve());
    opts.signal?.addEventListener('abort', () => reject(new Error('the gateway lease was lost while logging in')), { once: true });
  });
  ready.catch(() => undefined); // a login that failed first says why
  opts.signal?.addEventListener('abort', abort, { once: true });
  try {
    opts.signal?.throwIfAborted();
    await Promise.all([client.login(opts.token), ready]); // an abort ends the wait even if the login hangs
  } catch (err) {
    await client.destroy();
    throw err;
  } finally {
    opts.signal?.removeEventListener('abort', abort);
  }
  return { client: client as Client<true>, takeEarly: () => (client.off(Events.Raw, keep), early.splice(0)) };
}

/** Logs in to the gateway and uses the gateway client's REST too (one process without leases: tests, tools). */
export async function connectDiscord(opts: { token: string; apiRoot?: string }): Promise<DiscordConnection> {
  const gateway = await openGateway(opts);
  const c = gateway.client;
  return { ...gateway, rest: c.rest, bot: { id: c.user.id, username: c.user.username }, applicationId: c.application.id };
}

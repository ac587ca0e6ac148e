/**
 * A fake Discord for tests: `startFakeDiscord()` listens on 127.0.0.1 (a free port) and serves
 * the REST API under `/api/v10` and a WebSocket gateway, so the real discord.js connects to it with
 * `rest: { api: fake.apiRoot }` (it learns the gateway URL from `GET /gateway/bot`). Tests build
 * the world (servers, channels, users), script users (`userSends`, `userClicks`,
 * `userRunsCommand`, `userSubmitsModal`), read what the bot did (`sent`, `messagesIn`, `waitFor`), inject faults
 * (`inject`, `gateway.disconnect()`) and rate limits (`setRateLimits`). Nothing leaves the machine.
 *
 *   const fake = await startFakeDiscord();
 *   const client = new Client({ intents, rest: { api: fake.apiRoot } });
 *   await client.login(fake.token);
 *   fake.userSends({ from: alice, content: 'hi' });
 *   await fake.waitFor((r) => r.kind === 'create');
 *   await fake.close();
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIMessage, APIUser } from 'discord.js';
import { FaultQueue, type ActiveFault } from './discord-faults.js';
import { FakeGateway } from './discord-gateway.js';
import { userPayload } from './discord-payloads.js';
import { RequestPipeline } from './discord-pipeline.js';
import { RateLimiter, type RateViolation } from './discord-ratelimits.js';
import type { FakeState, InteractionState } from './discord-state.js';
import { DiscordStore, type ChannelState, type GuildState } from './discord-store.js';
import type { FakeDiscordOptions, FaultRule, RateLimitSettings, RequestRecord, SentRecord } from './discord-types.js';
import type { UploadedFile } from './discord-http.js';
import { ScriptedUsers, type UserClicksArgs, type UserRunsCommandArgs, type UserSendsArgs, type UserSubmitsModalArgs } from './discord-users.js';
import { ChangeWaiters } from './telegram-waits.js';

export { DiscordError } from './discord-types.js';
export { DISCORD_RATE_LIMITS } from './discord-ratelimits.js';
export { INTENTS } from './discord-gateway.js';
export { ACK_WINDOW_MS, TOKEN_LIFETIME_MS } from './discord-rest-interactions.js';
export type * from './discord-types.js';
export type { InteractionState } from './discord-state.js';
export type { UserClicksArgs, UserRunsCommandArgs, UserSendsArgs, UserSubmitsModalArgs } from './discord-users.js';

/** A token of Discord's shape (base64 user id, timestamp, HMAC) for tests that do not care. */
export const FAKE_DISCORD_TOKEN = 'MTMwMDAwMDAwMDAwMDAwMDAwMQ.GfAkE0.yizhan-fake-discord-token-0123456789abc';
export const FAKE_BOT_ID = '1300000000000000001';

export async function startFakeDiscord(opts: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const fake = new FakeDiscord(opts);
  await fake.listen();
  return fake;
}

export class FakeDiscord {
  /** Pass as discord.js `rest.api` (REST root without the version). */
  apiRoot = '';
  readonly token: string;
  readonly bot: APIUser;
  /** The application id (the bot's user id, as for every bot created since 2019). */
  readonly applicationId = FAKE_BOT_ID;
  readonly store: DiscordStore;
  readonly gateway: FakeGateway;
  /** What the bot did that people see, in order. */
  readonly sent: SentRecord[] = [];
  /** Every HTTP request, in order. */
  readonly requests: RequestRecord[] = [];
  /** Files the bot uploaded, by the attachment URL on its message. */
  readonly files = new Map<string, UploadedFile>();
  private readonly state: FakeState;
  private readonly faults = new FaultQueue();
  private readonly limiter: RateLimiter;
  private readonly server: Server;
  private readonly users: ScriptedUsers;
  private closing: Promise<void> | undefined;

  constructor(opts: FakeDiscordOptions) {
    const now = opts.now ?? Date.now;
    this.token = opts.token ?? FAKE_DISCORD_TOKEN;
    this.bot = userPayload({ id: FAKE_BOT_ID, username: 'yizhan', bot: true });
    this.store = new DiscordStore(this.bot, this.applicationId, now, opts.nonceWindowMs ?? 120_000);
    this.limiter = new RateLimiter(opts.rateLimits, now);
    const waits = new ChangeWaiters('fake Discord');
    const base = {
      store: this.store, token: this.token, now, contentIntent: ((opts.privilegedIntents ?? 0) & (1 << 15)) !== 0,
      sent: this.sent, requests: this.requests, interactions: new Map<string, InteractionState>(), waits, files: this.files,
      record: (r: Omit<SentRecord, 'seq' | 'at' | 'responseDropped'>) => {
        const full: SentRecord = { ...r, seq: this.sent.length + 1, at: now(), responseDropped: false };
        this.sent.push(full);
        waits.notify();
        return full;
      },
    };
    this.gateway = new FakeGateway(base, { heartbeatIntervalMs: opts.heartbeatIntervalMs ?? 41_250, privilegedIntents: opts.privilegedIntents ?? 0 });
    this.state = { ...base, gateway: this.gateway };
    const pipeline = new RequestPipeline(this.state, this.faults, this.limiter);
    this.server = createServer((req, res) => void pipeline.handle(req, res));
    this.users = new ScriptedUsers(this.state);
  }

  /** Internal: binds the server. Use startFakeDiscord(). */
  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    this.apiRoot = `${base}/api`;
    this.gateway.attach(this.server, base);
  }

  // ---------------------------------------------------------------------------- the world

  /** A server the bot is in, with its text channels (named). */
  addGuild(g: { name: string; channels?: string[]; locale?: string }): { guild: GuildState; channels: ChannelState[] } {
    const guild = this.store.addGuild(g);
    return { guild, channels: (g.channels ?? ['general']).map((name) => this.store.addTextChannel(guild.id, name)) };
  }

  /** A person; `guilds` makes them a member of those servers (sharing a server lets the bot DM them). */
  addUser(u: { username: string; globalName?: string; locale?: string; guilds?: string[]; nick?: string }): APIUser {
    const user = this.store.addUser(u);
    for (const g of u.guilds ?? []) this.store.addMember(g, user.id, u.nick);
    return user;
  }

  /** The user closes (or opens) DMs from server members: sends to their DM answer 50007. */
  setDmsClosed(userId: string, closed = true): void {
    this.store.user(userId).dmsClosed = closed;
  }

  /** The user leaves a server (with no server left in common, DMs answer 50278). */
  removeMember(guildId: string, userId: string): void {
    this.store.guild(guildId).members.delete(userId);
  }

  /** The DM channel id between the bot and a user (created if needed). */
  dmChannelId(userId: string): string {
    return this.store.dmChannel(userId).id;
  }

  // ---------------------------------------------------------------------------- users act

  userSends(args: UserSendsArgs): APIMessage {
    return this.users.sends(args);
  }

  userClicks(args: UserClicksArgs): InteractionState {
    return this.users.clicks(args);
  }

  userRunsCommand(args: UserRunsCommandArgs): InteractionState {
    return this.users.runsCommand(args);
  }

  /** The user types into an autocomplete option; the bot's choices are in `interaction(id).choices`. */
  userAutocompletes(args: UserRunsCommandArgs & { option: string; typed: string }): InteractionState {
    return this.users.autocompletes(args);
  }

  /** The user fills in the modal the bot answered `opened` with, and submits it (INTERACTION_CREATE type 5). */
  userSubmitsModal(args: UserSubmitsModalArgs): InteractionState {
    return this.users.submitsModal(args);
  }

  /** Discord delivers an interaction again, unchanged (the bot must not act on it twice). */
  replayInteraction(state: InteractionState): void {
    this.users.replays(state);
  }

  // -------------------------------------------------------------------- what the bot did

  /** The channel's history (oldest first), as stored (not filtered by intents). */
  messagesIn(channelId: string): APIMessage[] {
    return [...this.store.channel(channelId).messages];
  }

  /** Ephemeral messages in a channel (each seen only by the user who used the interaction). */
  ephemeralIn(channelId: string): APIMessage[] {
    return [...this.store.channel(channelId).ephemeral];
  }

  /** Messages the bot posted (not deduplicated re-answers) in a channel, as they are now. */
  botMessagesIn(channelId: string): APIMessage[] {
    return this.messagesIn(channelId).filter((m) => m.author.id === this.bot.id);
  }

  interaction(id: string): InteractionState {
    const i = this.state.interactions.get(id);
    if (!i) throw new Error(`fake Discord: no interaction ${id}`);
    return i;
  }

  /** Requests of one route template (`POST /channels/:channel/messages`), in order. */
  requestsTo(route: string): RequestRecord[] {
    return this.requests.filter((r) => r.route === route);
  }

  /** Requests Discord would count as invalid (401, 403, 429 except scope shared). */
  get invalidRequests(): number {
    return this.requests.filter((r) => r.invalid).length;
  }

  waitFor(predicate: (r: SentRecord) => boolean, timeoutMs = 3000): Promise<SentRecord> {
    return this.state.waits.until(() => this.sent.find(predicate), timeoutMs, () => this.dump());
  }

  /** Resolves once `probe` returns something other than undefined (re-checked on every change). */
  waitUntil<T>(probe: () => T | undefined, timeoutMs = 3000): Promise<T> {
    return this.state.waits.until(probe, timeoutMs, () => this.dump());
  }

  dump(): string {
    const reqs = this.requests.slice(-30).map((r) => `  #${r.seq} ${r.method} ${r.path} → ${r.status || 'no answer'}${r.code ? ` (${r.code})` : ''}`);
    const sent = this.sent.map((r) => {
      const flags = `${r.deduplicated ? ' [nonce: existing]' : ''}${r.responseDropped ? ' [response dropped]' : ''}`;
      return `  #${r.seq} ${r.kind}${r.callbackType ? ` type ${r.callbackType}` : ''} channel=${r.channelId} ${JSON.stringify(r.message?.content ?? '')}${flags}`;
    });
    return `requests (last ${reqs.length}):\n${reqs.join('\n') || '  (none)'}\nsent:\n${sent.join('\n') || '  (nothing)'}`;
  }

  // ---------------------------------------------------------------- faults and rate limits

  inject(rule: FaultRule): ActiveFault {
    return this.faults.add(rule);
  }

  get pendingFaults(): readonly ActiveFault[] {
    return this.faults.pending;
  }

  /** Changes the enforced limits (e.g. shorter windows so a test does not wait 5 s per channel). */
  setRateLimits(settings: Partial<RateLimitSettings>): void {
    this.limiter.configure(settings);
  }

  /** Requests the enforcer refused with 429 (injected faults are not counted here). */
  get rateViolations(): readonly RateViolation[] {
    return this.limiter.violations;
  }

  // ---------------------------------------------------------------------------- lifecycle

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    this.state.waits.rejectAll('fake Discord closed');
    await this.gateway.close();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeIdleConnections();
    const force = setTimeout(() => this.server.closeAllConnections(), 100);
    await closed;
    clearTimeout(force);
  }
}

/**
 * The Discord adapter's event path: gateway events (raw MESSAGE_CREATE and INTERACTION_CREATE)
 * are mapped; those addressed to the bot are stored in the inbox before they are handled
 * (`discord_inbox`), then handled one channel at a time by the router, each in one unit of work with
 * its `done` mark. Server chatter (which carries no content: the bot has no Message Content intent)
 * is dropped at once, never written. Every interaction is acknowledged within Discord's 3 seconds
 * whatever the unit does (discord.interactions.ts). At start, what was stored and not handled is
 * handled, and what was said while the bot was offline is fetched (discord.catchup.ts) before new
 * events. The port is registered under "discord".
 *
 * Several instances on one database (issue 18, point 5): only the holder of the `discord.gateway`
 * lease has a gateway connection (discord.gateway.ts `attach` / `detach`); it stores what arrives,
 * deferring every stored interaction at once (discord.interactions.ts `handOver`), and every
 * instance handles from the inbox, claiming a channel's oldest pending event (discord.claim.repo.ts)
 * and answering through its own REST client; the inbox looks at every pending event every
 * `sweepMs`, so an event the holder stored is handled even when nothing wakes this instance.
 */
import { SnowflakeUtil, type APIInteraction, type GatewayDispatchPayload } from 'discord.js';
import type { Logger } from 'pino';
import type { App } from '../../app.js';
import { isForBot } from '../../core/addressing.js';
import type { Clock } from '../../core/clock.js';
import type { Ports } from '../../core/message.js';
import { pruneClaims } from '../../core/updates.repo.js';
import { pruneButtons } from '../shared/buttons.repo.js';
import { createButtonPayloads } from '../shared/buttons.js';
import { createInbox, type Inbox, type InboxRow } from '../shared/inbox.js';
import { catchUp } from './discord.catchup.js';
import { createIntake } from './discord.intake.js';
import type { DiscordGateway, DiscordRest } from './discord.client.js';
import type { Locale } from '../../core/i18n.js';
import { answerAutocomplete, suggestRequest, toChoices } from './discord.autocomplete.js';
import { FOLLOWUP_WINDOW_MS, Followups, type AnswerRoute } from './discord.followups.js';
import { openRepairForm, opensRepairForm } from './discord.modal.js';
import { Interactions } from './discord.interactions.js';
import { mapInteraction, mapMessage, pressedId, type DiscordMessage, type InteractionRef, type Mapped } from './discord.mapping.js';
import { createDiscordPort, type DiscordPort } from './discord.port.js';
import { discordStore, markDone, pruneDiscord, type ChannelMark } from './discord.repo.js';

const DAY_MS = 86_400_000;

/** What the inbox keeps: a gateway event, or a message fetched over REST (whose channel kind the caller knows). */
export type DiscordEvent =
  | { t: 'MESSAGE_CREATE'; d: DiscordMessage; guild: boolean }
  | { t: 'INTERACTION_CREATE'; d: APIInteraction };

export interface DiscordAdapterDeps {
  /** REST and who the bot is; with a gateway client (one process, tests): its events from the start. */
  connection: DiscordRest & Partial<DiscordGateway>;
  app: App;
  clock: Clock;
  log: Logger;
  ports: Ports;
  /** The language of what the adapter shows when the caller's is not one we speak (the campus default). */
  defaultLocale?: Locale;
  /** When an interaction still unanswered is deferred (default ACK_AFTER_MS). */
  ackAfterMs?: number;
  /** DMs active this many days are caught up at start; handled events are kept as long (default 7). */
  days?: number;
  maxAttempts?: number;
  retryDelaysMs?: number[];
  /**
   * Several instances on one database: interactions are deferred on receipt and answered by the
   * instance that handles them, and the inbox looks at every pending event this often (ms).
   */
  sweepMs?: number;
}

export interface DiscordAdapter {
  port: DiscordPort;
  inbox: Inbox<DiscordEvent>;
  /** Handles one gateway dispatch (what the client's raw event hands over): stores it if addressed, and gets it handled. */
  handle(packet: GatewayDispatchPayload): Promise<void>;
  /** Handles what is pending; with the connection's gateway client, catches up and takes its events as `live` does. */
  start(): Promise<void>;
  /** Takes a gateway's events from now on (kept until `live`): this instance holds the gateway. */
  attach(gateway: DiscordGateway): void;
  /** Catches up on what was missed, stores what the gateway received meanwhile, then stores its events as they come. */
  live(): Promise<void>;
  /** Takes no more of the gateway's events; what it received is stored first (when the database answers). */
  detach(): Promise<void>;
  /** Stops taking events and waits for those being handled; the rest stay in the inbox. */
  stop(): Promise<void>;
}

export function createDiscordAdapter(deps: DiscordAdapterDeps): DiscordAdapter {
  const { connection: { rest, bot, applicationId }, app, clock, log } = deps;
  const shared = deps.sweepMs !== undefined;
  const { units } = app;
  const days = deps.days ?? 7;
  const payloads = createButtonPayloads({ units, clock });
  const interactions = new Interactions({ rest, applicationId, log, ...(deps.ackAfterMs !== undefined ? { ackAfterMs: deps.ackAfterMs } : {}) });
  const followups = new Followups({ rest, applicationId, clock, log });
  const port = createDiscordPort({ rest, payloads, interactions, followups });
  deps.ports.set('discord', port);

  /** Maps an event; `press` is the payload behind a pressed button (resolved before, from the store). */
  const mapEvent = (e: DiscordEvent, press?: string): Mapped =>
    (e.t === 'MESSAGE_CREATE' ? mapMessage(e.d, bot, e.guild) : mapInteraction(e.d, press === undefined ? undefined : () => press));
  /** The payload behind the button an interaction pressed, if it pressed one. */
  const pressOf = async (e: DiscordEvent): Promise<string | undefined> => {
    const id = e.t === 'INTERACTION_CREATE' ? pressedId(e.d) : undefined;
    return id === undefined ? undefined : payloads.resolve(id);
  };
  /** Where a channel's catch-up goes on from: the event's id (an interaction's id is a snowflake of its time too). */
  const markOf = (e: unknown): ChannelMark | undefined => {
    const ev = e as DiscordEvent;
    if (ev.t === 'MESSAGE_CREATE') return { channelId: ev.d.channel_id, kind: ev.guild ? 'guild' : 'dm', messageId: ev.d.id };
    const channelId = ev.d.channel?.id ?? ev.d.channel_id;
    return channelId ? { channelId, kind: ev.d.guild_id ? 'guild' : 'dm', messageId: ev.d.id } : undefined;
  };

  /** A slash command in a server channel whose command shows private data: its answers are ephemeral. */
  const answersPrivately = (e: DiscordEvent): boolean =>
    e.t === 'INTERACTION_CREATE' && e.d.type === 2 && !!e.d.guild_id
    && app.router.commands.find((c) => c.name === (e.d.data as { name: string }).name)?.answers === 'private';

  /** How the private answers of an interaction in a server channel go (discord.followups.ts). */
  const routeOf = (e: DiscordEvent, ref: InteractionRef): AnswerRoute => (answersPrivately(e) ? 'ephemeral' : ref.form ? 'form' : 'fallback');

  /** Handles one stored event in one unit: its effects, the router's claim and the `done` mark commit together. */
  async function process(row: InboxRow & { event?: DiscordEvent }, within: () => Promise<void>, claim: () => Promise<boolean>): Promise<void> {
    const event = row.event ?? (JSON.parse(row.payload) as DiscordEvent);
    const mapped = mapEvent(event, await pressOf(event));
    const ref = mapped.interaction;
    // Several instances: the gateway's holder deferred it on receipt; its answers go from here while its token lives.
    if (shared && ref && !interactions.get(ref.id) && answerable(ref.id)) interactions.resume(ref.id, ref);
    // An interaction in a server channel being answered now: its private answers follow it (discord.followups.ts).
    const responder = mapped.kind === 'incoming' && mapped.incoming.chat.kind === 'group' ? interactions.get(ref?.id) : undefined;
    let mine = false;
    try {
      await units.run(async (unit) => {
        if (!(mine = await claim())) return; // another instance's (several on one database)
        const watched = responder && (await followups.watch(unit.q, responder, mapped.kind === 'incoming' ? mapped.incoming.sender.id : '', routeOf(event, responder.ref)));
        // The router swallows failures of its own unit; undefined says one failed.
        if (mapped.kind === 'incoming' && !(await app.router.handle(mapped.incoming))) throw new Error('the router did not record the event as handled');
        if (watched) unit.afterCommit(await watched());
        await markDone(unit.q, row.seq, clock.now());
        await within();
      });
    } finally {
      // Another instance's to answer (it claimed the event): nothing is said through it from here.
      if (ref && shared && !mine) interactions.forget(ref.id);
      else if (ref) await interactions.finish(ref.id, mapped.kind === 'incoming' ? mapped.incoming.notice : undefined);
    }
  }

  /** An interaction's token still lives (15 minutes from the interaction, less a margin): its id says when it was made. */
  const answerable = (id: string): boolean => clock.now().getTime() - SnowflakeUtil.timestampFrom(id) < FOLLOWUP_WINDOW_MS;

  const inbox = createInbox<DiscordEvent>({
    store: discordStore(markOf), units, clock, log, process, what: 'discord event',
    describe: (e) => ({ key: e.d.id, chatKey: e.t === 'MESSAGE_CREATE' ? e.d.channel_id : (e.d.channel?.id ?? e.d.channel_id ?? 'other'), settled: false }),
    ...(deps.maxAttempts ? { maxAttempts: deps.maxAttempts } : {}),
    ...(deps.retryDelaysMs ? { retryDelaysMs: deps.retryDelaysMs } : {}),
    ...(deps.sweepMs ? { sweepMs: deps.sweepMs } : {}),
  });

  /** Several instances: the deferrals of the interactions received to be stored, by id (each stored once deferred). */
  const acks = new Map<string, Promise<void>>();

  /** The event to store for a dispatch, if it is addressed to the bot; an interaction's clock starts here either way. */
  function receive(packet: GatewayDispatchPayload): DiscordEvent | undefined {
    if (packet.t === 'INTERACTION_CREATE' && packet.d.type === 4) return void autocomplete(packet.d);
    if (packet.t === 'INTERACTION_CREATE' && opensRepairForm(packet.d)) return void openForm(packet.d);
    let event: DiscordEvent;
    if (packet.t === 'MESSAGE_CREATE') event = { t: 'MESSAGE_CREATE', d: packet.d, guild: packet.d.guild_id !== undefined };
    else if (packet.t === 'INTERACTION_CREATE') event = { t: 'INTERACTION_CREATE', d: packet.d };
    else return undefined;
    const mapped = mapEvent(event);
    // A private-data command's answers, and all a form says in a server channel, are the caller's alone: so is its "thinking…".
    const inChannel = mapped.kind === 'incoming' && mapped.incoming.chat.kind === 'group';
    if (mapped.interaction && (answersPrivately(event) || (mapped.interaction.form && inChannel))) mapped.interaction.ephemeral = true;
    if (mapped.interaction) interactions.start(mapped.interaction.id, mapped.interaction);
    const addressed = mapped.kind === 'incoming' && isForBot(mapped.incoming, bot.username);
    if (addressed && shared && mapped.interaction) acks.set(mapped.interaction.id, interactions.handOver(mapped.interaction.id));
    else if (!addressed && mapped.interaction) void interactions.finish(mapped.interaction.id);
    return addressed ? event : undefined;
  }

  /**
   * Stores events (several instances: each interaction once deferred, so whoever handles it finds it
   * acknowledged). discord.js changes a packet once its raw event is over (a member's user points
   * back): an event is written, or copied, in the tick it was received.
   */
  async function store(events: DiscordEvent[]): Promise<void> {
    const ids = events.flatMap((e) => (e.t === 'INTERACTION_CREATE' && acks.has(e.d.id) ? [e.d.id] : []));
    if (!ids.length) return void (await inbox.store(events));
    const copies = structuredClone(events);
    await Promise.all(ids.map((id) => acks.get(id)));
    for (const id of ids) acks.delete(id);
    await inbox.store(copies);
  }

  /** Opens the repair form as the interaction's first answer: nothing is stored, nothing changes (discord.modal.ts). */
  function openForm(i: APIInteraction): void {
    void openRepairForm(rest, i, deps.defaultLocale ?? 'zh-CN')
      .catch((err: unknown) => log.warn({ err, interaction: i.id }, 'discord: opening the repair form failed'));
  }

  /** Offers what the caller may name in the option they type (discord.autocomplete.ts); anything else offers nothing. */
  function autocomplete(i: APIInteraction): void {
    const req = suggestRequest(i, clock.now());
    void (req ? app.suggest(req) : Promise.resolve([])).then((found) => answerAutocomplete(rest, i, toChoices(found)))
      .catch((err: unknown) => log.warn({ err, interaction: i.id }, 'discord: answering an autocomplete failed'));
  }

  const intake = createIntake({
    receive, store, log, kick: () => inbox.kick(),
    addressed: (id) => !!interactions.get(id) || acks.has(id),
    catchUp: () => catchUp({ rest, units, clock, log, inbox, bot, since: new Date(clock.now().getTime() - days * DAY_MS) }).then(() => undefined,
      (err: unknown) => log.error({ err }, 'discord: catching up failed; what was said while offline may need asking again')),
  });
  const { client, takeEarly } = deps.connection;
  if (client && takeEarly) intake.attach({ client, takeEarly }); // one process, no lease: its events from the login on

  async function prune(): Promise<void> {
    const before = new Date(clock.now().getTime() - days * DAY_MS);
    await units.run(async (unit) => {
      await pruneDiscord(unit.q, before);
      await pruneClaims(unit.q, 'discord', before);
      await pruneButtons(unit.q, new Date(clock.now().getTime() - 30 * DAY_MS));
    }).catch((err: unknown) => log.warn({ err }, 'discord pruning failed'));
  }

  let pruning: NodeJS.Timeout | undefined;
  return {
    port, inbox, handle: intake.handle, attach: intake.attach, detach: intake.detach, live: intake.live,
    async start() {
      inbox.kick(); // what was stored and not handled before the last stop
      if (intake.attached()) await intake.live();
      void prune();
      pruning = setInterval(() => void prune(), 6 * 3_600_000);
      pruning.unref();
    },
    async stop() {
      await intake.detach();
      clearInterval(pruning);
      await inbox.stop();
    },
  };
}

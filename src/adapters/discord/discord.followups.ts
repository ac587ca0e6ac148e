/**
 * Private answers to an interaction used in a server channel, delivered within Discord's rules.
 * The core answers a command that shows private data (`answers: 'private'`) in the member's
 * private chat with a pointer in the channel, as outbox rows sent after the unit of work. On
 * Discord those rows go instead as ephemeral follow-ups of the interaction (seen by the caller
 * alone): the answer stays where it was asked, the channel sees nothing. Any other request started
 * in a channel (a repair's questions) continues in DMs, where the member answers; when the DM is
 * refused (50007 DMs closed, 50278 no server in common) its rows go ephemerally instead, never in
 * the channel. The interaction's token lives 15 minutes and only in memory: a row sent later (held
 * back, or after a restart) goes to the row's own chat, the DM, as before.
 */
import { Routes, type APIMessage, type REST } from 'discord.js';
import type { Logger } from 'pino';
import type { Clock } from '../../core/clock.js';
import { DeliveryError, type SentRef } from '../../core/message.js';
import type { Q } from '../../db/client.js';
import { toDeliveryError } from './discord.errors.js';
import type { MessageBody, Responder } from './discord.interactions.js';
import { outboxHighWater, rowsForInteraction } from './discord.repo.js';

const EPHEMERAL = 1 << 6;
/** How long after its unit of work an interaction's token is used: its 15 minutes, less a margin. */
export const FOLLOWUP_WINDOW_MS = 14 * 60_000;

/**
 * How the answers of an interaction used in a server channel go: `ephemeral` (a private-data
 * command: all of them, pointer included), `fallback` (a request continued in the DM; the channel
 * reads the pointer), `form` (a form's submission: continued in the DM, and the pointer too is
 * the caller's alone, so the channel sees nothing of it).
 */
export type AnswerRoute = 'ephemeral' | 'fallback' | 'form';

/**
 * How the outbox rows of one interaction's unit are delivered. `ephemeral`: a private-data answer,
 * always ephemeral while the token lives. `fallback`: the DM first, ephemeral when it is refused.
 */
export interface Route {
  responder: Responder;
  mode: 'ephemeral' | 'fallback';
  until: number;
  /** The caller's DM refused this interaction's rows once: the next ones go ephemerally at once. */
  dmRefused?: boolean;
}

export interface FollowupsDeps {
  rest: REST;
  applicationId: string;
  clock: Clock;
  log: Logger;
}

export class Followups {
  /** Outbox row id → its route. */
  private readonly routes = new Map<number, Route>();

  constructor(private readonly deps: FollowupsDeps) {}

  /**
   * Call inside the unit of work of an interaction used in a server channel (`q`: its handle),
   * before it is handled; the function returned, after it was handled (still inside the unit),
   * returns what to register once the unit committed.
   */
  async watch(q: Q, responder: Responder, userId: string, how: AnswerRoute): Promise<() => Promise<() => void>> {
    const before = await outboxHighWater(q);
    return async () => {
      const rows = await rowsForInteraction(q, before, responder.ref.channelId, userId);
      if (!rows.some((r) => r.toCaller)) return () => undefined;
      const until = this.deps.clock.now().getTime() + FOLLOWUP_WINDOW_MS;
      const toCaller: Route = { responder, mode: how === 'ephemeral' ? 'ephemeral' : 'fallback', until };
      // An ephemeral answer and a form take the channel's pointer along; a request continued in DMs keeps it in the channel.
      const pointer: Route | undefined = how === 'fallback' ? undefined : how === 'form' ? { responder, mode: 'ephemeral', until } : toCaller;
      return () => {
        this.add(rows.filter((r) => r.toCaller).map((r) => r.id), toCaller);
        if (pointer) this.add(rows.filter((r) => !r.toCaller).map((r) => r.id), pointer);
      };
    };
  }

  /** The route of the outbox row sent with this key (`outbox:<id>`), while its token lives. */
  routeOf(key: string | undefined): Route | undefined {
    const id = key?.startsWith('outbox:') ? Number(key.slice(7)) : NaN;
    const route = this.routes.get(id);
    if (!route) return undefined;
    this.routes.delete(id);
    return route.until > this.deps.clock.now().getTime() ? route : undefined;
  }

  /**
   * Sends `parts` along `route`; `direct` sends the row to its own chat (the DM). A refused DM of a
   * `fallback` row, or any row of an `ephemeral` one, goes as an ephemeral follow-up; when that fails
   * (the token expired), the row goes its own way after all.
   */
  async send(route: Route, parts: MessageBody[], direct: () => Promise<SentRef>): Promise<SentRef> {
    let refused: DeliveryError | undefined;
    if (route.mode === 'fallback' && !route.dmRefused) {
      try {
        return await direct();
      } catch (err) {
        refused = toDeliveryError(err);
        if (refused.reason !== 'blocked') throw refused;
        route.dmRefused = true;
      }
    }
    try {
      return await this.ephemeral(route.responder, parts);
    } catch (err) {
      this.deps.log.warn({ err, interaction: route.responder.ref.id }, 'discord: an ephemeral follow-up failed; the row goes to its own chat');
      if (refused) throw refused;
      return direct();
    }
  }

  private async ephemeral(responder: Responder, parts: MessageBody[]): Promise<SentRef> {
    await responder.settled; // follow-ups only once the interaction was acknowledged
    const query = new URLSearchParams({ wait: 'true' });
    let last: APIMessage | undefined;
    for (const { nonce: _n, enforce_nonce: _e, ...body } of parts) {
      last = (await this.deps.rest.post(Routes.webhook(this.deps.applicationId, responder.ref.token), { body: { ...body, flags: EPHEMERAL }, auth: false, query })) as APIMessage;
    }
    return { platform: 'discord', chatId: responder.ref.channelId, messageId: last!.id };
  }

  private add(ids: number[], route: Route): void {
    const now = this.deps.clock.now().getTime();
    for (const [id, r] of this.routes) if (r.until <= now) this.routes.delete(id);
    for (const id of ids) this.routes.set(id, route);
  }
}

/**
 * The state the fake Discord's REST routes and gateway share, and the route type. Owned by
 * FakeDiscord (discord-api.ts); handlers only read and change it through these fields.
 */
import type { APIInteraction, APIMessage } from 'discord.js';
import type { BucketName } from './discord-ratelimits.js';
import type { DiscordStore } from './discord-store.js';
import type { RequestRecord, SentRecord } from './discord-types.js';
import type { UploadedFile } from './telegram-types.js';
import type { ChangeWaiters } from './telegram-waits.js';
import type { ModalInput } from './discord-validate.js';

/** Where an event happened, for the gateway's intent filter. */
export interface EventScope {
  guildId?: string;
  /** A message event (needs GUILD_MESSAGES or DIRECT_MESSAGES, and MESSAGE_CONTENT for its content). */
  message?: APIMessage;
}

export interface GatewayPort {
  /** The URL `GET /gateway/bot` hands out. */
  readonly url: string;
  dispatch(event: string, data: unknown, scope: EventScope): void;
  /** Counts an IDENTIFY against the session start limit. */
  readonly sessionStarts: number;
}

/** How an interaction was answered so far. */
export type InteractionResponse = 'none' | 'deferredReply' | 'deferredUpdate' | 'reply' | 'update' | 'modal' | 'autocomplete';

export interface InteractionState {
  payload: APIInteraction;
  id: string;
  token: string;
  channelId: string;
  userId: string;
  createdAt: number;
  response: InteractionResponse;
  /** The message `@original` stands for: the reply (4/5) or the message whose component was used (6/7). */
  originalId?: string;
  /** Callback types received, in order (including refused ones). */
  callbacks: { type: number; at: number; status: number }[];
  followups: string[];
  /** A modal's definition when answered with type 9, and its text inputs. */
  modal?: unknown;
  modalInputs?: ModalInput[];
  /** The choices offered when an autocomplete was answered with type 8. */
  choices?: { name: string; value: string | number }[];
}

export interface FakeState {
  store: DiscordStore;
  token: string;
  now: () => number;
  /** The app has the Message Content intent enabled in the portal (REST returns content then). */
  contentIntent: boolean;
  sent: SentRecord[];
  requests: RequestRecord[];
  /** Files the bot uploaded, by attachment URL. */
  files: Map<string, UploadedFile>;
  interactions: Map<string, InteractionState>;
  waits: ChangeWaiters;
  gateway: GatewayPort;
  record(r: Omit<SentRecord, 'seq' | 'at' | 'responseDropped'>): SentRecord;
}

export interface RouteContext {
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  /** Files uploaded with a multipart body, in order. */
  files: UploadedFile[];
  state: FakeState;
}

/** A REST route: `handle` returns the JSON answer (undefined: 204 No Content) or throws a DiscordError. */
export interface Route {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Path after /api/v10 with `:params` (`/channels/:channel/messages`). */
  path: string;
  /** Needs `Authorization: Bot <token>` (interaction and webhook routes do not). */
  auth: boolean;
  bucket: BucketName;
  /** Counts towards the global limit (interaction endpoints do not). */
  global: boolean;
  /** The top-level resource the bucket is kept per. */
  major(params: Record<string, string>): string;
  /** 201 for creates that Discord answers so; default 200. */
  status?: number;
  handle(ctx: RouteContext): unknown;
}

export const byChannel = (p: Record<string, string>): string => p.channel ?? '';
export const global0 = (): string => 'global';

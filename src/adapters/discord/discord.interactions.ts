/**
 * Answering interactions within Discord's rules. Discord wants a first response within 3 seconds
 * of an interaction, exactly one, and then accepts edits of `@original` and follow-ups through the
 * interaction's token for 15 minutes. A `Responder` gives the handler's first message as the reply
 * (type 4) or its edit of the pressed message as an update (type 7) when they come in time; when the
 * unit of work takes longer than ACK_AFTER_MS it defers (5 for a command: "thinking…", 6 for a
 * button) and the answers go to `@original` and follow-ups. `finish()` acknowledges an interaction
 * nothing was said through, removes a "thinking…" left unanswered, and shows a press's notice to
 * the person who pressed alone (an ephemeral message). Calls on one interaction are
 * made one after the other; once a call failed, the caller sends in the channel instead.
 *
 * Several instances on one database (issue 18, point 5): the gateway's holder cannot know which
 * instance will handle an interaction, nor when. It defers every interaction it stores at once
 * (`handOver`), before storing it; whichever instance handles it then answers through its own
 * REST client as after a deferral (`resume`): `@original`, follow-ups, the notice, the token's.
 */
import { Routes, type APIMessage, type REST } from 'discord.js';
import type { Logger } from 'pino';
import type { ActionRow } from './discord.buttons.js';
import type { InteractionRef } from './discord.mapping.js';
import { editContent } from './discord.text.js';

/** When an interaction not answered yet is deferred: well inside Discord's 3 seconds. */
export const ACK_AFTER_MS = 1500;
const EPHEMERAL = 1 << 6;

/** A message body as the port builds it. */
export interface MessageBody {
  content: string;
  components: ActionRow[];
  embeds?: { image: { url: string } }[];
  allowed_mentions: { parse: never[] };
  nonce?: string;
  enforce_nonce?: boolean;
}

type State = 'fresh' | 'deferred' | 'answered' | 'failed' | 'done';

export interface ResponderDeps {
  rest: REST;
  applicationId: string;
  log: Logger;
  ackAfterMs?: number;
}

export class Responder {
  private state: State = 'fresh';
  /** A deferred command's "thinking…" message has been replaced by an answer. */
  private originalFilled = false;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly timer: NodeJS.Timeout | undefined;
  private settle!: () => void;
  /** Resolves once the unit of work is over and the interaction acknowledged (follow-ups may go then). */
  readonly settled = new Promise<void>((resolve) => (this.settle = resolve));

  /** `deferred`: acknowledged already (by the gateway's holder, on receipt): answers go through the webhook. */
  constructor(private readonly deps: ResponderDeps, readonly ref: InteractionRef, opts: { deferred?: boolean } = {}) {
    if (opts.deferred) {
      this.state = 'deferred';
      return;
    }
    this.timer = setTimeout(() => void this.defer(), deps.ackAfterMs ?? ACK_AFTER_MS);
    this.timer.unref();
  }

  /** Acknowledges now and answers nothing more from here: another instance, or a `resume`d responder, goes on. */
  handOver(): Promise<void> {
    clearTimeout(this.timer);
    return this.defer();
  }

  /** Acknowledges now, if nothing has been: the answers then go through the webhook. */
  defer(): Promise<void> {
    return this.serial(async () => {
      if (this.state !== 'fresh') return;
      await this.deferNow();
    });
  }

  /** A command's "thinking…" is seen by the caller alone when its answer will be ephemeral. */
  private async deferNow(): Promise<void> {
    await this.callback(this.ref.kind === 'command' ? 5 : 6, this.ref.ephemeral && this.ref.kind === 'command' ? { flags: EPHEMERAL } : undefined);
    this.state = 'deferred';
  }

  /** Says `body` through the interaction; undefined when it cannot (the caller posts in the channel). */
  send(body: MessageBody): Promise<APIMessage | undefined> {
    const data = { content: body.content, components: body.components, allowed_mentions: body.allowed_mentions, ...(body.embeds ? { embeds: body.embeds } : {}) };
    return this.serial(async () => {
      if (this.state === 'fresh') {
        const answer = (await this.callback(4, data)) as { resource?: { message?: APIMessage } } | undefined;
        this.state = 'answered';
        this.originalFilled = true;
        return answer?.resource?.message;
      }
      if (this.state !== 'deferred' && this.state !== 'answered') return undefined;
      if (this.ref.kind === 'command' && !this.originalFilled) {
        this.originalFilled = true;
        return (await this.deps.rest.patch(this.original(), { body: data, auth: false })) as APIMessage;
      }
      const query = new URLSearchParams({ wait: 'true' });
      return (await this.deps.rest.post(Routes.webhook(this.deps.applicationId, this.ref.token), { body: data, auth: false, query })) as APIMessage;
    });
  }

  /** Edits the pressed message as the interaction's answer; false when this is not that message or it cannot. */
  /** Edits the pressed message; without `content`, only its buttons. */
  edit(messageId: string, body: { content?: string; components: ActionRow[] }): Promise<boolean> {
    return this.serial(async () => {
      if (this.ref.kind !== 'component' || messageId !== this.ref.messageId) return false;
      const data = { ...(body.content !== undefined ? { content: body.content } : {}), components: body.components };
      if (this.state === 'fresh') {
        await this.callback(7, data);
        this.state = 'answered';
        return true;
      }
      if (this.state !== 'deferred' && this.state !== 'answered') return false;
      await this.deps.rest.patch(this.original(), { body: data, auth: false });
      return true;
    });
  }

  /**
   * The unit of work is over: acknowledge if nothing was said, take back an unanswered "thinking…",
   * and show `notice` to the person alone.
   */
  finish(notice?: string): Promise<void> {
    clearTimeout(this.timer);
    const ephemeral = notice ? { content: editContent(notice), flags: EPHEMERAL, allowed_mentions: { parse: [] } } : undefined;
    return this.serial(async () => {
      if (this.state === 'fresh' && ephemeral && this.ref.kind === 'component') {
        await this.callback(4, ephemeral);
        return void (this.state = 'done');
      }
      if (this.state === 'fresh') await this.deferNow();
      if (ephemeral && (this.state === 'deferred' || this.state === 'answered')) {
        await this.deps.rest.post(Routes.webhook(this.deps.applicationId, this.ref.token), { body: ephemeral, auth: false });
      }
      if (this.state === 'deferred' && this.ref.kind === 'command' && !this.originalFilled) {
        await this.deps.rest.delete(this.original(), { auth: false });
      }
      this.state = 'done';
    }).catch(() => undefined).finally(() => this.settle());
  }

  private original(): `/${string}` {
    return Routes.webhookMessage(this.deps.applicationId, this.ref.token, '@original');
  }

  private callback(type: number, data?: unknown): Promise<unknown> {
    const query = new URLSearchParams({ with_response: 'true' });
    return this.deps.rest.post(Routes.interactionCallback(this.ref.id, this.ref.token), { body: { type, ...(data ? { data } : {}) }, auth: false, query });
  }

  /** Runs calls on this interaction one at a time; a failure is logged, leaves the responder failed, and is rethrown. */
  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work).catch((err: unknown) => {
      if (this.state !== 'done') this.state = 'failed';
      this.deps.log.warn({ err, interaction: this.ref.id }, 'discord: answering an interaction failed');
      throw err;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}

/** The interactions being handled, by the update id of their Incoming. */
export class Interactions {
  private readonly open = new Map<string, Responder>();

  constructor(private readonly deps: ResponderDeps) {}

  /** Starts the clock on an interaction: it will be acknowledged in time whatever happens. */
  start(updateId: string, ref: InteractionRef): Responder {
    const responder = new Responder(this.deps, ref);
    this.open.set(updateId, responder);
    return responder;
  }

  /**
   * Several instances: defers the interaction now, before it is stored, and lets it go from here
   * (the instance that handles it `resume`s it). Resolves either way: a failed deferral is logged.
   */
  async handOver(updateId: string): Promise<void> {
    const responder = this.open.get(updateId);
    this.open.delete(updateId);
    await responder?.handOver().catch(() => undefined);
  }

  /** An interaction the gateway's holder deferred on receipt: its answers go from here, through the webhook. */
  resume(updateId: string, ref: InteractionRef): Responder {
    const responder = new Responder(this.deps, ref, { deferred: true });
    this.open.set(updateId, responder);
    return responder;
  }

  /** Another instance handles this interaction: nothing more is said through it from here. */
  forget(updateId: string): void {
    this.open.delete(updateId);
  }

  get(updateId: string | undefined): Responder | undefined {
    return updateId === undefined ? undefined : this.open.get(updateId);
  }

  /** Finishes an interaction after its unit of work (and its messages) are done; `notice` as in Responder.finish. */
  async finish(updateId: string, notice?: string): Promise<void> {
    const responder = this.open.get(updateId);
    this.open.delete(updateId);
    await responder?.finish(notice);
  }
}

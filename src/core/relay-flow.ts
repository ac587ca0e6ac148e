/**
 * Relaying what someone writes into a conversation with staff — a ticket (after a staff reply's
 * "reply" button, or "not fixed"), a counselling case — under the same rules everywhere:
 * - only while it is open: to one that is over nothing is relayed, the writer is told, and the
 *   message is handled as a new one (or as the thread decides, e.g. a new case);
 * - a message that is clearly a new request or question ("图书馆几点关门") is not relayed silently:
 *   the writer picks "send it there" or "something new", and the text waits in the dialogue's row
 *   meanwhile (as the thread keeps it: a case seals it), so both choices work across restarts too.
 */
import type { AppError } from './errors.js';
import type { ButtonHandler, Ctx, FlowHandler, FlowState } from './feature.js';
import { isClearlyNew, type Understand } from './new-request.js';
import { CANCELLED, LEFT, stepButton } from './steps.js';
import { coreMessages } from './core.messages.js';
import { tr, type Locale } from './i18n.js';
import { summarize } from './relay.js';
import type { SendOptions } from './unit-of-work.js';

/** What a relay flow needs to know of the conversations it relays into. */
export interface Thread<T> {
  /** The feature whose dialogue steps (`answer`, `relay`) and buttons these are. */
  feature: string;
  /** The dialogue data's key for the thread's id (`ticketId`, `caseId`). */
  key: string;
  /** The member's own thread of that id; throws the usual "not found" otherwise. */
  load(ctx: Ctx, id: number): Promise<T>;
  idOf(t: T): number;
  isOpen(t: T): boolean;
  /** Why nothing reaches it any more. */
  closed(t: T): AppError;
  /** Throws the localized answer when `text` cannot be relayed as it is (too long). */
  check(text: string): void;
  /** Relays `text` and tells the writer. */
  send(ctx: Ctx, t: T, text: string): Promise<void>;
  /** After a relay: whether the dialogue keeps listening (a case) or ends (an answer to a ticket). */
  keepsListening: boolean;
  /**
   * A message to a thread that is over: by default the writer is told why and it is handled afresh
   * ('pass'); `clearlyNew` says whether it reads as a new request or question.
   */
  whenClosed?(ctx: Ctx, t: T, text: string, clearlyNew: boolean): Promise<void | 'pass'>;
  /** How the question that quotes the writer's words is sent (a case seals it in the outbox). */
  quoting?: SendOptions;
  /** The waiting text as kept in the dialogue's row, and back (a case seals it). */
  keep(id: number, text: string): string;
  unkeep(id: number, kept: string): string;
  texts(l: Locale, id: number): RelayTexts;
}

export interface RelayTexts {
  /** "Write your answer to T-1:" */
  prompt: string;
  /** "Should I pass this on to T-1, or is it something new?" with the text quoted (its first line, shortened). */
  relayOrNew(text: string): string;
  /** "Please choose with the buttons below…" before the question again. */
  choose: string;
  btnRelayTo: string;
  btnSomethingNew: string;
}

export interface RelayFlowDeps {
  /** The understanding layer's reading of a plain message. */
  understand: Understand;
  /** Handles a text as if the member had just sent it (the router's `runAs`). */
  run: (ctx: Ctx, text: string) => Promise<void>;
}

export function createRelayFlow<T>(thread: Thread<T>, deps: RelayFlowDeps) {
  const idIn = (f: FlowState) => Number(f.data[thread.key]);

  const isNew = (ctx: Ctx, text: string) => isClearlyNew(deps.understand, text, ctx.now);

  async function send(ctx: Ctx, t: T, text: string): Promise<void> {
    if (thread.keepsListening) await ctx.flow.start(thread.feature, 'answer', { [thread.key]: thread.idOf(t) });
    else await ctx.flow.end({ key: 'sent', id: thread.idOf(t) });
    await thread.send(ctx, t, text);
  }

  async function askWhich(ctx: Ctx, id: number, text: string, notice = ''): Promise<void> {
    const x = thread.texts(ctx.locale, id);
    await ctx.flow.start(thread.feature, 'relay', { [thread.key]: id, text: thread.keep(id, text) });
    const step = (await ctx.flow.step());
    ctx.reply({
      text: `${notice ? `${notice}\n\n` : ''}${x.relayOrNew(summarize(text, 60))}`,
      buttons: [[stepButton(step, x.btnRelayTo, thread.feature, 'relaysend', id), stepButton(step, x.btnSomethingNew, thread.feature, 'relaynew')]],
    }, thread.quoting);
  }

  async function closed(ctx: Ctx, t: T, text: string): Promise<void | 'pass'> {
    if ((await ctx.flow.current())?.feature === thread.feature) await ctx.flow.end(CANCELLED);
    if (thread.whenClosed) return thread.whenClosed(ctx, t, text, isNew(ctx, text));
    ctx.reply(thread.closed(t).render(ctx.locale));
    return 'pass';
  }

  /** The message after "reply" (or in a case): relayed, asked about, or (the thread is over) said so and handled afresh. */
  const answer: FlowHandler = async (ctx, f) => {
    const id = idIn(f);
    const text = ctx.msg.text.trim();
    if (!text) return ctx.reply(thread.texts(ctx.locale, id).prompt);
    const t = await thread.load(ctx, id);
    if (!thread.isOpen(t)) return closed(ctx, t, text);
    thread.check(text);
    if (isNew(ctx, text)) return askWhich(ctx, id, text);
    await send(ctx, t, text);
  };

  /** The kept message, while the writer has not chosen yet: ask again. */
  const relay: FlowHandler = async (ctx, f) => {
    const id = idIn(f);
    await askWhich(ctx, id, thread.unkeep(id, String(f.data.text ?? '')), thread.texts(ctx.locale, id).choose);
  };

  /** The kept message, if the dialogue still holds it for this thread (else the button is stale). */
  async function kept(ctx: Ctx, id?: number): Promise<{ id: number; text: string } | undefined> {
    const f = (await ctx.flow.current());
    const mine = f?.feature === thread.feature && f.name === 'relay' ? f : undefined;
    if (mine && (id === undefined || idIn(mine) === id)) return { id: idIn(mine), text: thread.unkeep(idIn(mine), String(mine.data.text ?? '')) };
    ctx.notice(tr(coreMessages, ctx.locale).stepDone);
    return undefined;
  }

  const buttons: Record<'answer' | 'relaysend' | 'relaynew', ButtonHandler> = {
    /** "Reply" under a staff message: the next message goes there, while it is open. */
    answer: async (ctx, [id]) => {
      const t = await thread.load(ctx, Number(id));
      if (!thread.isOpen(t)) throw thread.closed(t);
      await ctx.flow.start(thread.feature, 'answer', { [thread.key]: thread.idOf(t) });
      ctx.reply(thread.texts(ctx.locale, thread.idOf(t)).prompt);
    },
    relaysend: async (ctx, [id]) => {
      const r = await kept(ctx, Number(id));
      if (!r) return;
      const t = await thread.load(ctx, r.id);
      if (thread.isOpen(t)) return send(ctx, t, r.text);
      await closed(ctx, t, r.text); // over meanwhile: the message goes nowhere
    },
    relaynew: async (ctx) => {
      const r = await kept(ctx);
      if (!r) return;
      await ctx.flow.end(LEFT);
      await deps.run(ctx, r.text); // handles the text as just sent
    },
  };

  return { flows: { answer, relay }, buttons };
}

/**
 * What a student writes back to staff — after a staff reply's "reply" button, "not fixed", or in a
 * counselling case — is relayed only while the ticket is open (open, in progress, reopened), never
 * to one that is resolved, closed, rejected or cancelled: the student is told, and the message is
 * handled as a new one. A message that is clearly a new request or question ("图书馆几点关门") is
 * not relayed silently: the student picks "send to T-n" or "something new", and the text waits in
 * the dialogue's row meanwhile, so both choices work, across restarts too.
 */
import type { Ctx, FlowState } from '../../core/feature.js';
import { CANCELLED, LEFT, stepButton } from '../../core/steps.js';
import { coreMessages } from '../../core/core.messages.js';
import { tr, type Locale } from '../../core/i18n.js';
import { ticketMessages } from './tickets.messages.js';
import { ticketCode } from './tickets.access.js';
import { MAX_MESSAGE, requireWithin } from './tickets.limits.js';
import { summarize } from './tickets.render.js';
import { ACTIVE } from './tickets.repo.js';
import { answerClosed, type TicketService } from './tickets.service.js';
import { requireId } from './student.triggers.js';
import { isClearlyNew, type Understand } from './new-request.js';
import type { TicketReceipts } from './tickets.receipts.js';

export interface AnswerFlowDeps {
  tickets: TicketService;
  /** The understanding layer's reading of a plain message. */
  understand: Understand;
  /** Handles a text as if the member had just sent it (the router's `runAs`). */
  run: (ctx: Ctx, text: string) => Promise<void>;
  receipts: TicketReceipts;
}

const m = (l: Locale) => tr(ticketMessages, l);
type Relay = { ticketId: number; text: string };

export function createAnswerFlow(deps: AnswerFlowDeps) {
  const { tickets } = deps;

  /**
   * Relays `text`, or says why the ticket no longer takes messages. The student hears "passed on"
   * once a staff chat accepted it, or that it did not arrive (tickets.receipts.ts).
   */
  function send(ctx: Ctx, id: number, text: string): void {
    const { reached } = tickets.answer(id, ctx.member.id, text, ctx.now, deps.receipts.answer(ctx, id));
    ctx.flow.end({ key: 'sent', id });
    if (!reached) deps.receipts.answerUnreachable(ctx, id);
  }

  function askWhich(ctx: Ctx, { ticketId, text }: Relay, notice = ''): void {
    const t = m(ctx.locale);
    ctx.flow.start('tickets', 'relay', { ticketId, text });
    const step = ctx.flow.step();
    ctx.reply({
      text: `${notice ? `${notice}\n\n` : ''}${t.relayOrNew({ id: ticketCode(ticketId), text: summarize(text, 60) })}`,
      buttons: [[stepButton(step, t.btnRelayTo({ id: ticketCode(ticketId) }), 'tickets', 'relaysend', ticketId), stepButton(step, t.btnSomethingNew, 'tickets', 'relaynew')]],
    });
  }

  /** The message after "reply": relayed, asked about, or (the ticket is over) said so and handled afresh. */
  async function answer(ctx: Ctx, f: FlowState): Promise<void | 'pass'> {
    const id = Number(f.data.ticketId);
    const text = ctx.msg.text.trim();
    if (!text) return ctx.reply(m(ctx.locale).answerPrompt({ id: ticketCode(id) }));
    const t = tickets.reported(id, ctx.member.id);
    if (!ACTIVE.includes(t.status)) {
      ctx.flow.end();
      ctx.reply(answerClosed(t).render(ctx.locale));
      return 'pass';
    }
    requireWithin(text, MAX_MESSAGE);
    if (isClearlyNew(deps.understand, text, ctx.now)) return askWhich(ctx, { ticketId: id, text });
    send(ctx, id, text);
  }

  /** The kept message, while the student has not chosen yet: ask again. */
  async function relay(ctx: Ctx, f: FlowState): Promise<void> {
    askWhich(ctx, f.data as Relay, m(ctx.locale).relayChoose);
  }

  /** The kept message, if the dialogue still holds it for this ticket (else the button is stale). */
  function kept(ctx: Ctx, id?: number): Relay | undefined {
    const f = ctx.flow.current;
    const data = f?.feature === 'tickets' && f.name === 'relay' ? (f.data as Relay) : undefined;
    if (data && (id === undefined || data.ticketId === id)) return data;
    ctx.notice(tr(coreMessages, ctx.locale).stepDone);
    return undefined;
  }

  const buttons = {
    /** "Reply to T-1" under a staff reply: the next message goes there, while the ticket is open. */
    answer: async (ctx: Ctx, [id]: string[]) => {
      const t = tickets.reported(requireId(id ?? ''), ctx.member.id);
      if (!ACTIVE.includes(t.status)) throw answerClosed(t);
      ctx.flow.start('tickets', 'answer', { ticketId: t.id });
      ctx.reply(m(ctx.locale).answerPrompt({ id: ticketCode(t.id) }));
    },
    relaysend: async (ctx: Ctx, [id]: string[]) => {
      const r = kept(ctx, Number(id));
      if (!r) return;
      const t = tickets.reported(r.ticketId, ctx.member.id);
      if (ACTIVE.includes(t.status)) return send(ctx, t.id, r.text);
      ctx.flow.end(CANCELLED); // closed meanwhile: the message goes nowhere
      ctx.reply(answerClosed(t).render(ctx.locale));
    },
    relaynew: async (ctx: Ctx) => {
      const r = kept(ctx);
      if (!r) return;
      ctx.flow.end(LEFT);
      await deps.run(ctx, r.text); // handles the text as just sent
    },
  };

  /** What /cancel says when it leaves these dialogues: what did and did not happen. */
  const cancelled = {
    answer: (f: FlowState, l: Locale) => (f.data.reopened ? m(l).cancelReopened : m(l).cancelAnswer)({ id: ticketCode(Number(f.data.ticketId)) }),
    relay: (f: FlowState, l: Locale) => m(l).cancelAnswer({ id: ticketCode(Number(f.data.ticketId)) }),
  };

  return { flows: { answer, relay }, buttons, cancelled };
}

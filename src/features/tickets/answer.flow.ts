/**
 * What a student writes back to staff — after a staff reply's "reply" button or "not fixed" — is
 * relayed under the rules of `core/relay-flow.ts`: only while the ticket is open (open, in
 * progress, reopened), and a message that is clearly something new is asked about first.
 */
import type { FlowState } from '../../core/feature.js';
import { createRelayFlow, type RelayFlowDeps, type Thread } from '../../core/relay-flow.js';
import { tr, type Locale } from '../../core/i18n.js';
import { ticketMessages } from './tickets.messages.js';
import { ticketCode } from './tickets.access.js';
import { MAX_MESSAGE, requireWithin } from './tickets.limits.js';
import { ACTIVE, type TicketRow } from './tickets.repo.js';
import { answerClosed, type TicketService } from './tickets.service.js';
import { requireId } from './student.triggers.js';
import type { TicketReceipts } from './tickets.receipts.js';

export type AnswerFlowDeps = RelayFlowDeps & { tickets: TicketService; receipts: TicketReceipts };

const m = (l: Locale) => tr(ticketMessages, l);

export function createAnswerFlow(deps: AnswerFlowDeps) {
  const { tickets } = deps;
  const thread: Thread<TicketRow> = {
    feature: 'tickets',
    key: 'ticketId',
    load: async (ctx, id) => tickets.reported(requireId(String(id)), ctx.member.id),
    idOf: (t) => t.id,
    isOpen: (t) => ACTIVE.includes(t.status),
    closed: answerClosed,
    check: (text) => requireWithin(text, MAX_MESSAGE),
    /** The student hears "passed on" once a staff chat accepted it, or that it did not arrive (tickets.receipts.ts). */
    async send(ctx, t, text) {
      const { reached } = await tickets.answer(t.id, ctx.member.id, text, ctx.now, deps.receipts.answer(ctx, t.id));
      if (!reached) deps.receipts.answerUnreachable(ctx, t.id);
    },
    keepsListening: false,
    keep: (_id, text) => text,
    unkeep: (_id, kept) => kept,
    texts: (l, id) => ({
      prompt: m(l).answerPrompt({ id: ticketCode(id) }),
      relayOrNew: (text) => m(l).relayOrNew({ id: ticketCode(id), text }),
      choose: m(l).relayChoose,
      btnRelayTo: m(l).btnRelayTo({ id: ticketCode(id) }),
      btnSomethingNew: m(l).btnSomethingNew,
    }),
  };

  /** What /cancel says when it leaves these dialogues: what did and did not happen. */
  const cancelled = {
    answer: (f: FlowState, l: Locale) => (f.data.reopened ? m(l).cancelReopened : m(l).cancelAnswer)({ id: ticketCode(Number(f.data.ticketId)) }),
    relay: (f: FlowState, l: Locale) => m(l).cancelAnswer({ id: ticketCode(Number(f.data.ticketId)) }),
  };

  return { ...createRelayFlow(thread, deps), cancelled };
}

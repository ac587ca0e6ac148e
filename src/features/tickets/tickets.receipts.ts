/**
 * What the sender of a relay on a ticket hears about it (see core/receipts.ts): staff replying to
 * the student (`tickets.reply`) are told "passed on" once the platform accepted the reply, and the
 * student answering staff (`tickets.answer`) once a staff chat accepted it; either is told when it
 * did not arrive. Staff read the student's alias on an anonymous ticket, nothing about the chat.
 */
import type { Ctx, FailedHook, SentHook } from '../../core/feature.js';
import { tr, type Locale } from '../../core/i18n.js';
import type { Receipt, Receipts } from '../../core/receipts.js';
import type { UnitRunner } from '../../core/unit-of-work.js';
import { staffMessages } from './staff.messages.js';
import { ticketMessages } from './tickets.messages.js';
import { ticketCode } from './tickets.access.js';
import type { TicketNotifier } from './tickets.notify.js';
import { getTicket } from './tickets.repo.js';

const REPLY = 'tickets.reply';
const ANSWER = 'tickets.answer';
const s = (l: Locale) => tr(staffMessages, l);
const m = (l: Locale) => tr(ticketMessages, l);

export function ticketReceipts(deps: { units: UnitRunner; notify: TicketNotifier; receipts: Receipts }) {
  const { receipts } = deps;
  const id = (meta: Record<string, unknown>) => ticketCode(Number(meta.ticketId));
  /** How staff name the student of the ticket (the alias when anonymous), in each language. */
  const whoOf = async (ticketId: number): Promise<(l: Locale) => string> => {
    const t = await getTicket(deps.units.q(), ticketId);
    return t ? deps.notify.studentName(t) : (l) => s(l).student;
  };

  const sent: Record<'reply' | 'answer', SentHook> = {
    reply: async (_ref, meta) => {
      const who = await whoOf(Number(meta.ticketId));
      await receipts.sent(REPLY, meta, (l) => s(l).replySent({ id: id(meta), who: who(l) }));
    },
    answer: (_ref, meta) => receipts.sent(ANSWER, meta, (l) => m(l).answerSent({ id: id(meta) })),
  };
  const failed: Record<'reply' | 'answer', FailedHook> = {
    reply: async (how, meta) => {
      const who = await whoOf(Number(meta.ticketId));
      await receipts.failed(REPLY, how, meta, (l, arrived) => (arrived === 'unknown' ? s(l).replyMaybeNotArrived : s(l).replyNotArrived)({ id: id(meta), who: who(l) }));
    },
    answer: (how, meta) => receipts.failed(ANSWER, how, meta, (l, arrived) =>
      (arrived === 'unknown' ? m(l).answerMaybeNotArrived : m(l).answerNotArrived)({ id: id(meta) })),
  };

  return {
    sent, failed,
    /** The receipt of a staff reply on `ticketId` sent from `ctx`. */
    reply: (ctx: Ctx, ticketId: number): Receipt => (relay) => receipts.options(ctx, REPLY, relay, { ticketId }),
    /** The receipt of a student's answer on `ticketId` sent from `ctx`. */
    answer: (ctx: Ctx, ticketId: number): Receipt => (relay) => receipts.options(ctx, ANSWER, relay, { ticketId }),
    /** Staff are told at once when the student has no chat the bot can write to. */
    replyUnreachable: async (ctx: Ctx, ticketId: number) => {
      const who = await whoOf(ticketId);
      receipts.now(ctx, (l) => s(l).replyNotArrived({ id: ticketCode(ticketId), who: who(l) }), { ticketId });
    },
    /** The student is told at once when no staff chat could be sent the answer. */
    answerUnreachable: (ctx: Ctx, ticketId: number) => receipts.now(ctx, (l) => m(l).answerNotArrived({ id: ticketCode(ticketId) }), { ticketId }),
  };
}

export type TicketReceipts = ReturnType<typeof ticketReceipts>;

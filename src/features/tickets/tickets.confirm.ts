/** The reporter's "fixed?" question after a resolution, as one step (core/steps.ts) however often it is asked. */
import { tr, type Locale } from '../../core/i18n.js';
import type { Button } from '../../core/message.js';
import { openStep, stepButton } from '../../core/steps.js';
import type { Q } from '../../db/client.js';
import { ticketMessages } from './tickets.messages.js';
import type { TicketRow } from './tickets.repo.js';

const m = (l: Locale) => tr(ticketMessages, l);

/** The key of a ticket's "fixed?" step (core/steps.ts): its buttons answer it once. */
export const confirmKey = (ticketId: number) => `tickets.confirm:${ticketId}`;

/** "Fixed" / "Not fixed" for the reporter, as the buttons of the ticket's open "fixed?" step (a reminder asks the same step again). */
export async function confirmButtons(q: Q, t: TicketRow, now: Date): Promise<(l: Locale) => Button[][]> {
  const step = await openStep(q, t.reporterId, 'tickets', confirmKey(t.id), now);
  return (l) => [[stepButton(step, m(l).btnFixed, 'tickets', 'fixed', t.id), stepButton(step, m(l).btnNotFixed, 'tickets', 'notfixed', t.id)]];
}

/** The 1–5 stars asking the reporter to rate a resolved ticket, as the buttons of its rating step. */
export async function ratingButtons(q: Q, t: TicketRow, now: Date): Promise<Button[][]> {
  const step = await openStep(q, t.reporterId, 'tickets', `tickets.rate:${t.id}`, now);
  return [[1, 2, 3, 4, 5].map((n) => stepButton(step, String(n), 'tickets', 'rate', t.id, n))];
}

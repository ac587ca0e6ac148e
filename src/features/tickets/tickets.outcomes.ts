/** What a press on a finished step of a ticket dialogue is told (core/steps.ts): "already submitted as T-1". */
import type { FlowState } from '../../core/feature.js';
import { tr, type Locale } from '../../core/i18n.js';
import type { StepOutcome } from '../../core/steps.js';
import { ticketMessages } from './tickets.messages.js';
import { ticketCode } from './tickets.access.js';

export function ticketOutcome(o: StepOutcome, l: Locale): string | undefined {
  const m = tr(ticketMessages, l);
  const id = ticketCode(Number(o.id));
  switch (o.key) {
    case 'submitted': return m.outcomeSubmitted({ id });
    case 'joined': return m.outcomeJoined({ id });
    case 'fixed': return m.outcomeFixed({ id });
    case 'reopened': return m.outcomeReopened({ id });
    case 'rated': return m.outcomeRated({ id, rating: Number(o.rating) });
    case 'commented': return m.outcomeCommented({ id });
    case 'closed': return m.outcomeClosed({ id });
    case 'sent': return m.outcomeSent({ id });
    default: return undefined;
  }
}

/** What /cancel says when it leaves the rating's comment: the rating stays. */
export const commentCancelled = (f: FlowState, l: Locale) => tr(ticketMessages, l).cancelComment({ id: ticketCode(Number(f.data.ticketId)) });

/**
 * A ticket after staff resolved it: the reporter is asked "fixed?" and the automatic close is
 * scheduled; "fixed" leads to a rating (which closes it) and an optional comment, "not fixed"
 * reopens it; nobody answering closes it by itself after `auto_close_hours`.
 */
import type { Config } from '../../config.js';
import { AppError } from '../../core/errors.js';
import { HOUR } from '../../core/clock.js';
import { closeStepsByKey } from '../../core/steps.repo.js';
import { tr, type Locale } from '../../core/i18n.js';
import type { Button } from '../../core/message.js';
import { relayed } from '../../core/relay.js';
import { cancelTask, scheduleTask } from '../../core/tasks.repo.js';
import type { UnitRunner } from '../../core/unit-of-work.js';
import { ticketMessages } from './tickets.messages.js';
import { staffMessages } from './staff.messages.js';
import { loadReported, ticketCode } from './tickets.access.js';
import type { TicketNotifier } from './tickets.notify.js';
import { confirmButtons, confirmKey, ratingButtons } from './tickets.confirm.js';
import { RATING_NUDGE, scheduleNudge } from './tickets.jobs.js';
import { addEvent, getTicket, setRatingComment, updateTicket, type TicketRow } from './tickets.repo.js';

export interface ResolutionDeps {
  /** Every function runs in the caller's unit and queries on its handle (`units.q()`). */
  units: UnitRunner;
  config: Config;
  notify: TicketNotifier;
}

const m = (l: Locale) => tr(ticketMessages, l);
const s = (l: Locale) => tr(staffMessages, l);
export const AUTOCLOSE = 'tickets.autoclose';

export function createResolution(deps: ResolutionDeps) {
  const { units, config, notify } = deps;

  async function resolvedByReporter(ticketId: number, memberId: number): Promise<TicketRow> {
    const t = await loadReported(units.q(), ticketId, memberId);
    if (t.status !== 'resolved') throw new AppError('tickets.already_answered', (l) => m(l).alreadyAnswered);
    return t;
  }

  /** Called by staff resolution: asks the student, schedules the automatic close. */
  async function askToConfirm(t: TicketRow, resolution: string, now: Date): Promise<void> {
    const q = units.q();
    const id = ticketCode(t.id);
    const buttons = await confirmButtons(q, t, now);
    await notify.toStudents(t, (l) => ({ ...relayed((w) => m(l).resolved({ id, text: w }), resolution), buttons: buttons(l) }), { status: 'resolved' });
    const due = new Date(now.getTime() + config.tickets.auto_close_hours * HOUR);
    await scheduleTask(q, AUTOCLOSE, due, { ticketId: t.id }, now, `${AUTOCLOSE}:${t.id}`);
    await scheduleNudge(q, RATING_NUDGE, t.id, config.tickets.rating_nudge_hours, now, due); // no "fixed?" once it closed by itself
  }

  /** "Fixed": the student is asked to rate next, with these buttons. */
  async function confirmFixed(ticketId: number, memberId: number, now: Date): Promise<{ ticket: TicketRow; stars: Button[][] }> {
    const ticket = await resolvedByReporter(ticketId, memberId);
    return { ticket, stars: await ratingButtons(units.q(), ticket, now) };
  }

  /** "Not fixed": back to the department, the auto-close is called off. */
  async function reopen(ticketId: number, memberId: number, now: Date): Promise<TicketRow> {
    const t = await resolvedByReporter(ticketId, memberId);
    const reopened = { ...t, status: 'reopened' as const, resolvedAt: null, updatedAt: now };
    await units.atomic(async (q) => {
      await updateTicket(q, t.id, { status: 'reopened', resolvedAt: null, updatedAt: now });
      await addEvent(q, t.id, { type: 'reopened', actorId: memberId, public: true }, now);
      await cancelTask(q, `${AUTOCLOSE}:${t.id}`);
      const who = await notify.studentName(t);
      await notify.toDepartment(t, (l) => ({ text: s(l).studentReopened({ id: ticketCode(t.id), who: who(l) }) }));
      await notify.toJoiners(t, { status: 'reopened' });
      await notify.refreshCards(reopened);
    });
    return reopened;
  }

  /** A rating closes the ticket; the comment may follow. */
  async function rate(ticketId: number, memberId: number, rating: number, now: Date): Promise<TicketRow> {
    const t = await resolvedByReporter(ticketId, memberId);
    if (!Number.isInteger(rating) || rating < 1 || rating > 5) throw new AppError('tickets.bad_rating', (l) => m(l).alreadyAnswered);
    await units.atomic(async (q) => {
      await updateTicket(q, t.id, { rating, status: 'closed', closedAt: now, updatedAt: now });
      await addEvent(q, t.id, { type: 'rated', actorId: memberId, public: true, data: { rating } }, now);
      await addEvent(q, t.id, { type: 'closed', actorId: null, public: true }, now);
      await cancelTask(q, `${AUTOCLOSE}:${t.id}`);
      await notify.toJoiners(t, { status: 'closed' });
      await notify.refreshCards({ ...t, status: 'closed', rating });
    });
    return t;
  }

  async function comment(ticketId: number, memberId: number, text: string, now: Date): Promise<void> {
    const t = await loadReported(units.q(), ticketId, memberId);
    if (t.ratingComment || !t.rating) return;
    await units.atomic(async (q) => {
      await setRatingComment(q, t.id, text);
      await notify.toDepartment(t, (l) => relayed((w) => s(l).studentRated({ id: ticketCode(t.id), rating: t.rating!, comment: w }), text));
    });
  }

  /** Due task: a resolved ticket nobody confirmed closes itself. */
  async function autoclose(payload: Record<string, unknown>, now: Date): Promise<void> {
    const q = units.q();
    const t = await getTicket(q, Number(payload.ticketId));
    if (!t || t.status !== 'resolved') return;
    await updateTicket(q, t.id, { status: 'closed', closedAt: now, updatedAt: now });
    await addEvent(q, t.id, { type: 'closed', actorId: null, public: true, data: { auto: true } }, now);
    await closeStepsByKey(q, confirmKey(t.id), { key: 'closed', id: t.id }, now); // "fixed?" lapsed
    const hours = config.tickets.auto_close_hours;
    await notify.toStudents(t, (l) => ({ text: m(l).autoClosed({ id: ticketCode(t.id), hours }) }), { status: 'closed' });
    await notify.toDepartment(t, (l) => ({ text: s(l).autoClosedNotice({ id: ticketCode(t.id) }) }));
    await notify.refreshCards({ ...t, status: 'closed' });
  }

  return { askToConfirm, confirmFixed, reopen, rate, comment, autoclose };
}

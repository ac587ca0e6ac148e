/**
 * Follow-ups on tickets, as due-task rows: reminders to the handler before the first-response and
 * resolution deadlines, escalation to the department's leads and the management chat when one
 * passes, a nudge to rate after a resolution, and a nudge to a student a reply is waiting on.
 * Conditions are checked when the task runs, so a ticket that moved on is left alone. The messages
 * go through the outbox, which holds them back in quiet hours unless the ticket is urgent.
 */
import { findDepartment, type Config } from '../../config.js';
import type { Q } from '../../db/client.js';
import { HOUR } from '../../core/clock.js';
import { button, type MissedHandler } from '../../core/feature.js';
import { pick, tr, type Locale } from '../../core/i18n.js';
import type { Outbox } from '../../core/outbox.js';
import { scheduleTask } from '../../core/tasks.repo.js';
import { formatDateTime } from '../../core/time.js';
import type { UnitRunner } from '../../core/unit-of-work.js';
import type { Holders } from '../access/access.service.js';
import { staffMessages } from './staff.messages.js';
import { ticketMessages } from './tickets.messages.js';
import { ticketCode } from './tickets.access.js';
import type { TicketNotifier } from './tickets.notify.js';
import { confirmButtons } from './tickets.confirm.js';
import { ACTIVE, addEvent, eventsOf, getTicket, type TicketRow } from './tickets.repo.js';

export const FOLLOWUP = 'tickets.followup';
export const RATING_NUDGE = 'tickets.rating_nudge';
export const STUDENT_NUDGE = 'tickets.student_nudge';
type Deadline = 'first' | 'resolve';
type Step = 'remind' | 'escalate';

/** An escalation that could not go out within this long after its deadline (downtime) is folded into the summary of what was missed. */
const ESCALATION_STALE_AFTER = HOUR;

/**
 * (Re)schedules the four deadline follow-ups of a ticket; called at creation and transfer. A
 * reminder is stale once its deadline passed (the escalation says the rest), an escalation an hour
 * after it (it then joins the one summary of what was missed).
 */
export async function scheduleDeadlines(q: Q, config: Config, t: TicketRow, now: Date): Promise<void> {
  const before = config.tickets.remind_before_hours * HOUR;
  const plan: [Deadline, Date | null][] = [['first', t.firstRespondedAt ? null : t.firstResponseDue], ['resolve', t.resolutionDue]];
  for (const [deadline, due] of plan) {
    if (!due) continue;
    const remindAt = new Date(Math.max(now.getTime(), due.getTime() - before));
    await scheduleTask(q, FOLLOWUP, remindAt, { ticketId: t.id, deadline, step: 'remind' }, now, `${FOLLOWUP}:${t.id}:${deadline}:remind`, due);
    const staleAt = new Date(due.getTime() + ESCALATION_STALE_AFTER);
    await scheduleTask(q, FOLLOWUP, due, { ticketId: t.id, deadline, step: 'escalate' }, now, `${FOLLOWUP}:${t.id}:${deadline}:escalate`, staleAt);
  }
}

/** Schedules a nudge `hours` from now; stale (dropped, not sent late) after `staleAt`, e.g. once the ticket closes by itself. */
export async function scheduleNudge(q: Q, kind: typeof RATING_NUDGE | typeof STUDENT_NUDGE, ticketId: number, hours: number, now: Date, staleAt?: Date): Promise<void> {
  await scheduleTask(q, kind, new Date(now.getTime() + hours * HOUR), { ticketId }, now, `${kind}:${ticketId}`, staleAt);
}

export interface JobsDeps {
  /** Every task runs in its unit and queries on its handle (`units.q()`). */
  units: UnitRunner;
  config: Config;
  outbox: Outbox;
  notify: TicketNotifier;
  holders: Holders;
}

export function ticketJobs(deps: JobsDeps) {
  const { units, config, outbox, notify } = deps;
  const s = (l: Locale) => tr(staffMessages, l);
  const m = (l: Locale) => tr(ticketMessages, l);
  const when = (d: Date, l: Locale) => formatDateTime(d, config.campus.timezone, l);

  /** Whether the deadline still matters: no first response yet, or not resolved yet. */
  function pending(t: TicketRow, deadline: Deadline): boolean {
    return ACTIVE.includes(t.status) && (deadline === 'resolve' || !t.firstRespondedAt);
  }

  /** To the handler privately, or to the department when nobody handles it or they can't be reached. */
  async function remind(t: TicketRow, deadline: Deadline, due: Date, now: Date): Promise<void> {
    const q = units.q();
    const text = (l: Locale) => (deadline === 'first' ? s(l).remindFirst : s(l).remindResolve)({ id: ticketCode(t.id), due: when(due, l) });
    const msg = { kind: 'ticket.reminder', key: `ticket:${t.id}:${deadline}:remind:${due.getTime()}`, render: (l: Locale) => ({ text: text(l) }), urgent: t.priority === 'urgent' };
    const toHandler = t.assigneeId ? (await outbox.toMember(q, { ...msg, memberId: t.assigneeId }, now)).row.status !== 'unreachable' : false;
    if (!toHandler) await notify.queueToDepartment(t.departmentId, msg, now);
    await addEvent(q, t.id, { type: 'reminder', actorId: null, public: false, text: text(config.campus.default_locale) }, now);
  }

  /** To the department's leads and the management chat (the department itself when it has neither). */
  async function escalate(t: TicketRow, deadline: Deadline, due: Date, now: Date): Promise<void> {
    const q = units.q();
    const dept = findDepartment(config, t.departmentId)!;
    const text = (l: Locale) => (deadline === 'first' ? s(l).escalateFirst : s(l).escalateResolve)({ id: ticketCode(t.id), dept: pick(dept.name, l), due: when(due, l) });
    const msg = { kind: 'ticket.escalation', key: `ticket:${t.id}:${deadline}:escalate:${due.getTime()}`, render: (l: Locale) => ({ text: text(l) }), urgent: t.priority === 'urgent' };
    const leads = await deps.holders('lead', t.departmentId);
    for (const id of leads) await outbox.toMember(q, { ...msg, key: `${msg.key}:lead${id}`, memberId: id }, now);
    const management = await outbox.toBound(q, { ...msg, binding: 'management', scope: null }, now);
    if (!management.length && !leads.length) await notify.queueToDepartment(t.departmentId, msg, now);
    await addEvent(q, t.id, { type: 'escalation', actorId: null, public: false, text: text(config.campus.default_locale) }, now);
  }

  async function followup(payload: Record<string, unknown>, now: Date): Promise<void> {
    const t = await getTicket(units.q(), Number(payload.ticketId));
    const deadline = payload.deadline as Deadline;
    if (!t || !pending(t, deadline)) return;
    const due = deadline === 'first' ? t.firstResponseDue : t.resolutionDue;
    if ((payload.step as Step) === 'remind') await remind(t, deadline, due, now);
    else await escalate(t, deadline, due, now);
  }

  async function ratingNudge(payload: Record<string, unknown>, now: Date): Promise<void> {
    const q = units.q();
    const t = await getTicket(q, Number(payload.ticketId));
    if (!t || t.status !== 'resolved') return;
    const buttons = await confirmButtons(q, t, now); // the same "fixed?" step as the resolution's own buttons
    await outbox.toMember(q, {
      kind: 'ticket.rating_nudge', key: `ticket:${t.id}:rating_nudge:${t.resolvedAt?.getTime()}`, memberId: t.reporterId,
      render: (l) => ({ text: m(l).ratingNudge({ id: ticketCode(t.id) }), buttons: buttons(l) }),
    }, now);
  }

  /** Nudges the reporter (replies are theirs, not the joiners') when the last public word on an open ticket is still a staff reply. */
  async function studentNudge(payload: Record<string, unknown>, now: Date): Promise<void> {
    const q = units.q();
    const t = await getTicket(q, Number(payload.ticketId));
    const last = t && (await eventsOf(q, t.id, false)).at(-1);
    if (!t || !ACTIVE.includes(t.status) || last?.type !== 'reply') return;
    await outbox.toMember(q, {
      kind: 'ticket.student_nudge', key: `ticket:${t.id}:student_nudge:${last.id}:${t.reporterId}`, memberId: t.reporterId,
      render: (l) => ({
        text: m(l).studentNudge({ id: ticketCode(t.id), dept: pick(findDepartment(config, t.departmentId)!.name, l) }),
        buttons: [[button(m(l).btnAnswer({ id: ticketCode(t.id) }), 'tickets', 'answer', t.id)]],
      }),
    }, now);
  }

  /**
   * A follow-up whose moment passed while the bot was down: a reminder is dropped; an escalation
   * of a deadline that still matters is recorded on the ticket and becomes a line of the summary.
   */
  const missedFollowup: MissedHandler = async (payload, now) => {
    const t = await getTicket(units.q(), Number(payload.ticketId));
    const deadline = payload.deadline as Deadline;
    if (!t || payload.step !== 'escalate' || !pending(t, deadline)) return undefined;
    const due = deadline === 'first' ? t.firstResponseDue : t.resolutionDue;
    const line = (l: Locale) => (deadline === 'first' ? s(l).missedFirst : s(l).missedResolve)({
      id: ticketCode(t.id), dept: pick(findDepartment(config, t.departmentId)!.name, l), due: when(due, l),
    });
    await addEvent(units.q(), t.id, { type: 'escalation', actorId: null, public: false, text: line(config.campus.default_locale) }, now);
    return line;
  };

  return { tasks: { [FOLLOWUP]: followup, [RATING_NUDGE]: ratingNudge, [STUDENT_NUDGE]: studentNudge }, missed: { [FOLLOWUP]: missedFollowup } };
}

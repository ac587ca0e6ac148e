/**
 * Follow-ups on tickets, as due-task rows: reminders to the handler before the first-response and
 * resolution deadlines, escalation to the department's leads and the management chat when one
 * passes, a nudge to rate after a resolution, and a nudge to a student a reply is waiting on.
 * Conditions are checked when the task runs, so a ticket that moved on is left alone; staff pings
 * wait for the end of quiet hours unless the ticket is urgent.
 */
import { findDepartment, type Config } from '../../config';
import type { Db, Q } from '../../db/client';
import { HOUR } from '../../core/clock';
import { button } from '../../core/feature';
import { pick, tr, type Locale } from '../../core/i18n';
import type { Messenger } from '../../core/messenger';
import { scheduleTask } from '../../core/tasks.repo';
import { afterQuietHours, formatDateTime } from '../../core/time';
import { holders } from '../access/access.repo';
import { staffMessages } from './staff.messages';
import { ticketMessages } from './tickets.messages';
import { ticketCode } from './tickets.access';
import type { TicketNotifier } from './tickets.notify';
import { ACTIVE, addEvent, eventsOf, getTicket, type TicketRow } from './tickets.repo';

export const FOLLOWUP = 'tickets.followup';
export const RATING_NUDGE = 'tickets.rating_nudge';
export const STUDENT_NUDGE = 'tickets.student_nudge';
type Deadline = 'first' | 'resolve';
type Step = 'remind' | 'escalate';

/** (Re)schedules the four deadline follow-ups of a ticket; called at creation and transfer. */
export function scheduleDeadlines(q: Q, config: Config, t: TicketRow, now: Date): void {
  const before = config.tickets.remind_before_hours * HOUR;
  const plan: [Deadline, Date | null][] = [['first', t.firstRespondedAt ? null : t.firstResponseDue], ['resolve', t.resolutionDue]];
  for (const [deadline, due] of plan) {
    if (!due) continue;
    const remindAt = new Date(Math.max(now.getTime(), due.getTime() - before));
    scheduleTask(q, FOLLOWUP, remindAt, { ticketId: t.id, deadline, step: 'remind' }, now, `${FOLLOWUP}:${t.id}:${deadline}:remind`);
    scheduleTask(q, FOLLOWUP, due, { ticketId: t.id, deadline, step: 'escalate' }, now, `${FOLLOWUP}:${t.id}:${deadline}:escalate`);
  }
}

export function scheduleNudge(q: Q, kind: typeof RATING_NUDGE | typeof STUDENT_NUDGE, ticketId: number, hours: number, now: Date): void {
  scheduleTask(q, kind, new Date(now.getTime() + hours * HOUR), { ticketId }, now, `${kind}:${ticketId}`);
}

export interface JobsDeps {
  db: Db;
  config: Config;
  messenger: Messenger;
  notify: TicketNotifier;
}

export function ticketJobs(deps: JobsDeps) {
  const { db, config, messenger, notify } = deps;
  const s = (l: Locale) => tr(staffMessages, l);
  const m = (l: Locale) => tr(ticketMessages, l);
  const when = (d: Date, l: Locale) => formatDateTime(d, config.campus.timezone, l);

  /** Whether the deadline still matters: no first response yet, or not resolved yet. */
  function pending(t: TicketRow, deadline: Deadline): boolean {
    return ACTIVE.includes(t.status) && (deadline === 'resolve' || !t.firstRespondedAt);
  }

  function remind(t: TicketRow, deadline: Deadline, due: Date): void {
    const text = (l: Locale) => (deadline === 'first' ? s(l).remindFirst({ id: ticketCode(t.id), due: when(due, l) }) : s(l).remindResolve({ id: ticketCode(t.id), due: when(due, l) }));
    if (!t.assigneeId || !messenger.toMember(t.assigneeId, (l) => ({ text: text(l) }))) notify.toDepartment(t.departmentId, (l) => ({ text: text(l) }));
    addEvent(db, t.id, { type: 'reminder', actorId: null, public: false, text: text(config.campus.default_locale) }, due);
  }

  function escalate(t: TicketRow, deadline: Deadline, due: Date): void {
    const dept = findDepartment(config, t.departmentId)!;
    const text = (l: Locale) => (deadline === 'first' ? s(l).escalateFirst : s(l).escalateResolve)({ id: ticketCode(t.id), dept: pick(dept.name, l), due: when(due, l) });
    const leads = holders(db, 'lead', t.departmentId);
    for (const id of leads) messenger.toMember(id, (l) => ({ text: text(l) }));
    if (messenger.toBound('management', null, (l) => ({ text: text(l) })) === 0 && !leads.length) notify.toDepartment(t.departmentId, (l) => ({ text: text(l) }));
    addEvent(db, t.id, { type: 'escalation', actorId: null, public: false, text: text(config.campus.default_locale) }, due);
  }

  async function followup(payload: Record<string, unknown>, now: Date): Promise<void> {
    const t = getTicket(db, Number(payload.ticketId));
    const deadline = payload.deadline as Deadline;
    if (!t || !pending(t, deadline)) return;
    const later = afterQuietHours(now, config.campus.timezone, config.quiet_hours);
    if (later > now && t.priority !== 'urgent') {
      scheduleTask(db, FOLLOWUP, later, payload, now, `${FOLLOWUP}:${t.id}:${deadline}:${String(payload.step)}`);
      return;
    }
    const due = deadline === 'first' ? t.firstResponseDue : t.resolutionDue;
    if ((payload.step as Step) === 'remind') remind(t, deadline, due);
    else escalate(t, deadline, due);
  }

  async function ratingNudge(payload: Record<string, unknown>): Promise<void> {
    const t = getTicket(db, Number(payload.ticketId));
    if (!t || t.status !== 'resolved') return;
    messenger.toMember(t.reporterId, (l) => ({
      text: m(l).ratingNudge({ id: ticketCode(t.id) }),
      buttons: [[button(m(l).btnFixed, 'tickets', 'fixed', t.id), button(m(l).btnNotFixed, 'tickets', 'notfixed', t.id)]],
    }));
  }

  /** Nudges the student when the last public word on an open ticket is still a staff reply. */
  async function studentNudge(payload: Record<string, unknown>): Promise<void> {
    const t = getTicket(db, Number(payload.ticketId));
    if (!t || !ACTIVE.includes(t.status) || eventsOf(db, t.id, false).at(-1)?.type !== 'reply') return;
    notify.toStudents(t, (l) => ({
      text: m(l).studentNudge({ id: ticketCode(t.id), dept: pick(findDepartment(config, t.departmentId)!.name, l) }),
      buttons: [[button(m(l).btnAnswer({ id: ticketCode(t.id) }), 'tickets', 'answer', t.id)]],
    }));
  }

  return { [FOLLOWUP]: followup, [RATING_NUDGE]: ratingNudge, [STUDENT_NUDGE]: studentNudge };
}

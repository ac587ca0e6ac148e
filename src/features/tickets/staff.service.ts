/**
 * The staff side of tickets: claim, reply, internal note, transfer with a reason, resolve,
 * reject, priority and (leads, admins) assign. Each change and its timeline event commit together
 * and the cards in staff chats follow.
 */
import { findDepartment, type Config, type Department } from '../../config.js';
import { formatDateTime } from '../../core/time.js';
import { requireDepartment } from '../access/access.departments.js';
import { AppError } from '../../core/errors.js';
import { HOUR } from '../../core/clock.js';
import { button } from '../../core/feature.js';
import { pick, tr, type Locale } from '../../core/i18n.js';
import { cancelTask } from '../../core/tasks.repo.js';
import type { UnitRunner } from '../../core/unit-of-work.js';
import type { MembersService } from '../members/members.service.js';
import { ticketMessages } from './tickets.messages.js';
import { ticketLabels } from './tickets.labels.js';
import { staffMessages } from './staff.messages.js';
import { loadWorkable, ticketCode, type Actor } from './tickets.access.js';
import type { TicketNotifier } from './tickets.notify.js';
import { statusLabel } from './tickets.render.js';
import { AUTOCLOSE, type TicketService } from './tickets.service.js';
import { scheduleDeadlines, scheduleNudge, STUDENT_NUDGE } from './tickets.jobs.js';
import { MAX_MESSAGE, requireWithin } from './tickets.limits.js';
import { relayed } from '../../core/relay.js';
import type { Receipt } from '../../core/receipts.js';
import { ACTIVE, addEvent, claimIfFree, getTicket, queueOf, updateTicket, type TicketRow } from './tickets.repo.js';

export interface StaffDeps {
  /** Every function runs in the caller's unit and queries on its handle (`units.q()`). */
  units: UnitRunner;
  config: Config;
  notify: TicketNotifier;
  tickets: TicketService;
  members: MembersService;
}

const s = (l: Locale) => tr(staffMessages, l);
const m = (l: Locale) => tr(ticketMessages, l);
const fail = (code: string, render: (l: Locale) => string) => new AppError(code, render);

export function createStaffService(deps: StaffDeps) {
  const { units, config, notify } = deps;

  /** A ticket the actor may work and that is still open for work (`allowResolved` for replies and notes). */
  async function workable(id: number, actor: Actor, allowResolved = false): Promise<TicketRow> {
    const t = await loadWorkable(units.q(), id, actor);
    if (ACTIVE.includes(t.status) || (allowResolved && t.status === 'resolved')) return t;
    throw fail('tickets.closed', (l) => s(l).closedTicket({ id: ticketCode(t.id), status: statusLabel(t, l) }));
  }

  /** Re-reads the ticket after a change and edits its cards. */
  async function after(id: number): Promise<TicketRow> {
    const t = (await getTicket(units.q(), id))!;
    await notify.refreshCards(t);
    return t;
  }

  async function claim(id: number, actor: Actor, now: Date): Promise<TicketRow> {
    const t = await workable(id, actor);
    if (t.assigneeId) {
      const who = t.assigneeId === actor.id ? '' : (await deps.members.get(t.assigneeId))?.name ?? '';
      throw fail('tickets.claimed', (l) => (who ? s(l).alreadyClaimed({ id: ticketCode(id), who }) : s(l).youClaimed({ id: ticketCode(id) })));
    }
    return units.atomic(async (q) => {
      if (!(await claimIfFree(q, id, actor.id, now))) throw fail('tickets.claimed', (l) => s(l).alreadyClaimed({ id: ticketCode(id), who: '' }));
      if (!t.firstRespondedAt) await updateTicket(q, id, { firstRespondedAt: now });
      await addEvent(q, id, { type: 'claimed', actorId: actor.id, public: true }, now);
      const dept = findDepartment(config, t.departmentId)!;
      const who = (l: Locale) => (dept.show_assignee_name ? actor.name : tr(ticketLabels, l).staffRole);
      await notify.toStudents(t, (l) => ({ text: m(l).claimed({ id: ticketCode(id), dept: pick(dept.name, l), who: who(l) }) }), { status: 'in_progress' });
      return after(id);
    });
  }

  /**
   * Relays a staff reply to the student; `receipt` gives the relay's send options from its unique
   * name (the sender hears what became of it). `reached` is false when the student has no chat the
   * bot can write to (nothing was sent).
   */
  async function reply(id: number, actor: Actor, text: string, now: Date, receipt?: Receipt): Promise<{ ticket: TicketRow; reached: boolean }> {
    requireWithin(text, MAX_MESSAGE);
    const t = await workable(id, actor, true);
    return units.atomic(async (q) => {
      const claimed = !t.assigneeId && (await claimIfFree(q, id, actor.id, now));
      if (!t.firstRespondedAt) await updateTicket(q, id, { firstRespondedAt: now });
      await updateTicket(q, id, { updatedAt: now });
      const event = await addEvent(q, id, { type: 'reply', actorId: actor.id, public: true, text }, now);
      await scheduleNudge(q, STUDENT_NUDGE, id, config.tickets.student_nudge_hours, now);
      const dept = (l: Locale) => deps.tickets.deptName(t.departmentId, l);
      const reached = await notify.toStudents(t, (l) => ({
        ...relayed((w) => m(l).staffReply({ id: ticketCode(id), dept: dept(l), text: w }), text),
        buttons: [[button(m(l).btnAnswer({ id: ticketCode(id) }), 'tickets', 'answer', id)]],
      }), claimed ? { status: 'in_progress' } : null, receipt?.(`event:${event}`));
      return { ticket: claimed ? await after(id) : (await getTicket(q, id))!, reached };
    });
  }

  async function note(id: number, actor: Actor, text: string, now: Date): Promise<void> {
    requireWithin(text, MAX_MESSAGE);
    await workable(id, actor, true);
    await units.atomic(async (q) => {
      await addEvent(q, id, { type: 'note', actorId: actor.id, public: false, text }, now);
      await updateTicket(q, id, { updatedAt: now });
    });
  }

  /**
   * Moves ownership in one step: new department, no assignee; both sides are told. The first
   * response stays due when the student was promised it (a move between offices answers nobody);
   * the resolution is due as the new department promises, counted from the submission, and the
   * staff member and the student are told whether and why it changed (`deadlines`).
   */
  async function transfer(id: number, actor: Actor, deptWord: string, reason: string, now: Date): Promise<{ ticket: TicketRow; deadlines: (l: Locale) => string }> {
    requireWithin(reason, MAX_MESSAGE);
    const t = await workable(id, actor);
    const to = requireDepartment(config, deptWord);
    if (to.id === t.departmentId) throw fail('tickets.same_department', (l) => s(l).transferSame({ id: ticketCode(id), dept: pick(to.name, l) }));
    if (!reason.trim()) throw fail('tickets.transfer_reason', (l) => s(l).transferNeedsReason);
    const from = findDepartment(config, t.departmentId)!;
    const resolutionDue = new Date(t.createdAt.getTime() + to.sla.resolution_hours * HOUR);
    const deadlines = (l: Locale) => deadlineNote(t, resolutionDue, to, l);
    const ticket = await units.atomic(async (q) => {
      await updateTicket(q, id, { departmentId: to.id, assigneeId: null, status: t.status === 'in_progress' ? 'open' : t.status, updatedAt: now, resolutionDue });
      await addEvent(q, id, { type: 'transferred', actorId: actor.id, public: true, text: reason, data: { from: from.id, to: to.id } }, now);
      await notify.retireCards(t, (l) => s(l).transferredAway({ id: ticketCode(id), dept: pick(to.name, l), who: actor.name, reason }));
      const moved = (await getTicket(q, id))!;
      await scheduleDeadlines(q, config, moved, now);
      await notify.postCard(moved, (l) => s(l).cardTransferredIn({ from: pick(from.name, l) }));
      await notify.toStudents(t, (l) => relayed((w) => `${m(l).transferred({ id: ticketCode(id), to: pick(to.name, l), reason: w })}\n${deadlines(l)}`, reason), { department: to.id });
      return moved;
    });
    return { ticket, deadlines };
  }

  /** What a transfer does to the deadlines, in words: kept, or changed and why. */
  function deadlineNote(t: TicketRow, resolutionDue: Date, to: Department, l: Locale): string {
    const when = (d: Date) => formatDateTime(d, config.campus.timezone, l);
    const first = t.firstRespondedAt ? undefined : when(t.firstResponseDue);
    if (resolutionDue.getTime() === t.resolutionDue.getTime()) return first ? m(l).deadlinesKept({ first, resolve: when(resolutionDue) }) : m(l).resolutionKept({ resolve: when(resolutionDue) });
    const changed = m(l).resolutionChanged({ was: when(t.resolutionDue), now: when(resolutionDue), dept: pick(to.name, l), hours: to.sla.resolution_hours });
    return first ? m(l).firstKeptResolutionChanged({ first, changed }) : changed;
  }

  async function resolve(id: number, actor: Actor, resolution: string, now: Date): Promise<TicketRow> {
    requireWithin(resolution, MAX_MESSAGE);
    const t = await workable(id, actor);
    return units.atomic(async (q) => {
      await updateTicket(q, id, {
        status: 'resolved', resolution, resolvedAt: now, updatedAt: now,
        assigneeId: t.assigneeId ?? actor.id, firstRespondedAt: t.firstRespondedAt ?? now,
      });
      await addEvent(q, id, { type: 'resolved', actorId: actor.id, public: true, text: resolution }, now);
      await deps.tickets.askToConfirm(t, resolution, now);
      return after(id);
    });
  }

  async function reject(id: number, actor: Actor, reason: string, now: Date): Promise<TicketRow> {
    requireWithin(reason, MAX_MESSAGE);
    const t = await workable(id, actor);
    return units.atomic(async (q) => {
      await updateTicket(q, id, { status: 'rejected', closedAt: now, updatedAt: now, firstRespondedAt: t.firstRespondedAt ?? now });
      await addEvent(q, id, { type: 'rejected', actorId: actor.id, public: true, text: reason }, now);
      await cancelTask(q, `${AUTOCLOSE}:${id}`);
      await notify.toStudents(t, (l) => relayed((w) => m(l).rejected({ id: ticketCode(id), reason: w }), reason), { status: 'rejected' });
      return after(id);
    });
  }

  async function setPriority(id: number, actor: Actor, priority: 'urgent' | 'normal', now: Date): Promise<void> {
    await workable(id, actor);
    await units.atomic(async (q) => {
      await updateTicket(q, id, { priority, updatedAt: now });
      await addEvent(q, id, { type: 'priority', actorId: actor.id, public: false, data: { priority } }, now);
      await after(id);
    });
  }

  /**
   * Leads and admins hand a ticket to a member of its department, named by @username or #number.
   * Anyone else gets the answer a name that does not exist gets: assigning never reveals who a
   * member number is.
   */
  async function assign(id: number, actor: Actor, who: string, now: Date): Promise<{ id: number; name: string }> {
    const t = await workable(id, actor);
    if (!actor.roles.isAdmin && !actor.roles.has('lead', t.departmentId)) throw fail('tickets.lead_only', (l) => s(l).assignUsage);
    const worksThere = async (id: number) => (await deps.members.grants(id)).some((g) => (g.role === 'staff' || g.role === 'lead') && g.scope === t.departmentId);
    const memberId = await deps.members.resolveAmong(who, worksThere);
    if (memberId === undefined) throw fail('tickets.unknown_person', (l) => s(l).assignUnknown({ who, dept: deps.tickets.deptName(t.departmentId, l) }));
    const assignee = (await deps.members.get(memberId))!;
    const dept = findDepartment(config, t.departmentId)!;
    return units.atomic(async (q) => {
      await updateTicket(q, id, { assigneeId: memberId, status: 'in_progress', updatedAt: now, firstRespondedAt: t.firstRespondedAt ?? now });
      await addEvent(q, id, { type: 'assigned', actorId: actor.id, public: true, data: { assigneeId: memberId, assignee: assignee.name } }, now);
      const moved = await after(id);
      await notify.toStudents(t, (l) => ({ text: m(l).assignedTo({ id: ticketCode(id), dept: pick(dept.name, l), who: dept.show_assignee_name ? assignee.name : tr(ticketLabels, l).staffRole }) }),
        t.status !== 'in_progress' ? { status: 'in_progress' } : null);
      await notify.cardToMember(memberId, moved, (l) => s(l).youWereAssigned({ id: ticketCode(id) }));
      return { id: memberId, name: assignee.name };
    });
  }

  /** The actor's departments' open tickets, overdue first; admins see every department. */
  async function queue(actor: Actor, now: Date): Promise<TicketRow[]> {
    const depts = actor.roles.isAdmin ? 'all' : actor.roles.departments();
    if (depts !== 'all' && !depts.length) throw fail('tickets.no_department', (l) => s(l).noDepartment);
    return queueOf(units.q(), depts, now);
  }

  /** Checks, before asking for text, that the actor may do `action` on the ticket now. */
  const check = (id: number, actor: Actor, action: string) => workable(id, actor, action === 'reply' || action === 'note');

  return { check, claim, reply, note, transfer, resolve, reject, setPriority, assign, queue };
}

export type StaffService = ReturnType<typeof createStaffService>;

/**
 * The student side of tickets: creating one (routed to exactly one department, with SLA due
 * times), joining a repair with "me too", and everything after resolution — confirm, reopen, rate,
 * comment, answer staff, withdraw — plus the automatic close.
 */
import { canonicalBuilding, checkPlace, MAX_PLACE } from '../../core/buildings.js';
import { findDepartment, type Category, type Config, type TicketKind } from '../../config.js';
import type { Db } from '../../db/client.js';
import { AppError } from '../../core/errors.js';
import { HOUR, DAY } from '../../core/clock.js';
import { closeStepsByKey } from '../../core/steps.repo.js';
import { pick, tr, type Locale } from '../../core/i18n.js';
import type { Button, Platform } from '../../core/message.js';
import { hexId, type Rng } from '../../core/rng.js';
import { cancelTask, scheduleTask } from '../../core/tasks.repo.js';
import { ticketMessages } from './tickets.messages.js';
import { staffMessages } from './staff.messages.js';
import { ticketCode, loadReported, loadVisible, isOwnTicket, notFound, type Actor, type Viewer } from './tickets.access.js';
import type { TicketNotifier } from './tickets.notify.js';
import { statusLabel } from './tickets.render.js';
import { similarRepair } from './similar.js';
import { confirmButtons, confirmKey, ratingButtons } from './tickets.confirm.js';
import { MAX_DESCRIPTION, MAX_MESSAGE, requireWithin } from './tickets.limits.js';
import { relayed } from '../../core/relay.js';
import type { Render } from '../../core/messenger.js';
import type { Receipt } from '../../core/receipts.js';
import { RATING_NUDGE, scheduleDeadlines, scheduleNudge } from './tickets.jobs.js';
import {
  ACTIVE, addEvent, addPhotos, addWatcher, eventsOf, getTicket, recentActiveTicket, ticketsOf, insertTicket, repairsAt, setRatingComment, updateTicket, watchersOf, type EventRow, type TicketRow,
} from './tickets.repo.js';

export interface Draft {
  kind: TicketKind;
  category: Category;
  description: string;
  building?: string;
  room?: string;
  item?: string;
  photos: string[];
  anonymous: boolean;
  /** The department a question goes to when the student chose it already (an FAQ entry's owner). */
  department?: string;
}

export interface CreateOptions {
  priority?: 'normal' | 'urgent';
  departmentId?: string;
  header?: (l: Locale) => string;
}

export interface TicketDeps {
  db: Db;
  config: Config;
  rng: Rng;
  notify: TicketNotifier;
}

const m = (l: Locale) => tr(ticketMessages, l);
const s = (l: Locale) => tr(staffMessages, l);
export const AUTOCLOSE = 'tickets.autoclose';

/** Why a message to staff was not passed on: the ticket is resolved, closed, rejected or cancelled. */
export function answerClosed(t: TicketRow): AppError {
  return new AppError('tickets.answer_closed', (l) => {
    const text = m(l).answerClosed({ id: ticketCode(t.id), status: statusLabel(t, l) });
    return t.status === 'resolved' ? `${text}\n${m(l).answerClosedResolved}` : text;
  });
}

/** The building as stored, or the localized reason it is not a place. */
function placeOrThrow(raw: string): string {
  const place = checkPlace(raw);
  if (place.ok) return place.building;
  throw new AppError('tickets.bad_place', (l) => (place.problem === 'too_long' ? m(l).placeTooLong({ max: MAX_PLACE }) : m(l).notAPlace));
}

export function createTicketService(deps: TicketDeps) {
  const { db, config, notify } = deps;

  /** The one department that owns a kind (if one claims it) or else the category. */
  function route(kind: TicketKind, category: Category): string {
    return (config.departments.find((d) => d.kinds.includes(kind)) ?? config.departments.find((d) => d.categories.includes(category)))!.id;
  }

  /** Where a draft goes: the department it names (a known one), else by kind and category. */
  function ownerOf(draft: Pick<Draft, 'kind' | 'category' | 'department'>): string {
    return draft.department && findDepartment(config, draft.department) ? draft.department : route(draft.kind, draft.category);
  }

  /**
   * Files a ticket and posts its card. `opts` serve crisis alerts: urgent, to the configured
   * department, under their own card header.
   */
  function create(draft: Draft, reporterId: number, platform: Platform, now: Date, opts: CreateOptions = {}): TicketRow {
    requireWithin(draft.description, MAX_DESCRIPTION, 'description');
    const building = draft.building ? placeOrThrow(draft.building) : null; // nothing else becomes a digest key
    const departmentId = opts.departmentId ?? ownerOf(draft);
    const sla = findDepartment(config, departmentId)!.sla;
    return db.transaction((tx) => {
      const t = insertTicket(tx, {
        kind: draft.kind, category: draft.category, departmentId, description: draft.description,
        building, room: draft.room ?? null, item: draft.item ?? null,
        reporterId, anonymous: draft.anonymous, alias: hexId(deps.rng, 4), priority: opts.priority ?? 'normal',
        firstResponseDue: new Date(now.getTime() + sla.first_response_hours * HOUR),
        resolutionDue: new Date(now.getTime() + sla.resolution_hours * HOUR),
        createdAt: now, updatedAt: now,
      });
      addEvent(tx, t.id, { type: 'created', actorId: reporterId, public: true }, now);
      addPhotos(tx, t.id, platform, draft.photos, now);
      scheduleDeadlines(tx, config, t, now);
      notify.postCard(t, opts.header ?? ((l) => s(l).cardNew));
      return t;
    });
  }

  /**
   * An unfinished repair at the same room, recent and about the same thing, that `memberId` has
   * neither reported nor joined (nobody is offered their own ticket), if there is one.
   */
  function findSimilar(draft: Draft, memberId: number, now: Date): TicketRow | undefined {
    if (draft.kind !== 'repair' || !draft.building || !draft.room) return undefined;
    const since = new Date(now.getTime() - config.tickets.metoo_days * DAY);
    return repairsAt(db, canonicalBuilding(draft.building), draft.room, since)
      .find((t) => similarRepair(t, draft) && !isOwnTicket(db, t, memberId));
  }

  function joinSimilar(ticketId: number, memberId: number, now: Date): TicketRow {
    const t = getTicket(db, ticketId);
    if (!t || t.kind !== 'repair' || !ACTIVE.includes(t.status)) throw notFound(ticketId);
    db.transaction((tx) => {
      if (t.reporterId === memberId || !addWatcher(tx, t.id, memberId, now)) return;
      addEvent(tx, t.id, { type: 'metoo', actorId: memberId, public: true }, now);
      updateTicket(tx, t.id, { updatedAt: now });
      const n = 1 + watchersOf(tx, t.id).length;
      notify.toDepartment(t, (l) => ({ text: s(l).metooJoined({ id: ticketCode(t.id), n }) }));
      notify.refreshCards(t);
    });
    return t;
  }

  /** The student withdraws a ticket that is still being worked on. */
  function cancel(ticketId: number, memberId: number, now: Date): void {
    const t = loadReported(db, ticketId, memberId);
    if (!ACTIVE.includes(t.status)) {
      throw new AppError('tickets.cannot_cancel', (l) => m(l).cannotCancel({ id: ticketCode(t.id), status: statusLabel(t, l) }));
    }
    db.transaction((tx) => {
      updateTicket(tx, t.id, { status: 'cancelled', closedAt: now, updatedAt: now });
      addEvent(tx, t.id, { type: 'cancelled', actorId: memberId, public: true }, now);
      notify.toDepartment(t, (l) => ({ text: s(l).studentCancelled({ id: ticketCode(t.id) }) }));
      notify.toJoiners(t, { status: 'cancelled' });
      notify.refreshCards({ ...t, status: 'cancelled' });
    });
  }

  function resolvedByReporter(ticketId: number, memberId: number): TicketRow {
    const t = loadReported(db, ticketId, memberId);
    if (t.status !== 'resolved') throw new AppError('tickets.already_answered', (l) => m(l).alreadyAnswered);
    return t;
  }

  /** "Fixed": the student is asked to rate next, with these buttons. */
  function confirmFixed(ticketId: number, memberId: number, now: Date): { ticket: TicketRow; stars: Button[][] } {
    const ticket = resolvedByReporter(ticketId, memberId);
    return { ticket, stars: ratingButtons(db, ticket, now) };
  }

  /** "Not fixed": back to the department, the auto-close is called off. */
  function reopen(ticketId: number, memberId: number, now: Date): TicketRow {
    const t = resolvedByReporter(ticketId, memberId);
    const reopened = { ...t, status: 'reopened' as const, resolvedAt: null, updatedAt: now };
    db.transaction((tx) => {
      updateTicket(tx, t.id, { status: 'reopened', resolvedAt: null, updatedAt: now });
      addEvent(tx, t.id, { type: 'reopened', actorId: memberId, public: true }, now);
      cancelTask(tx, `${AUTOCLOSE}:${t.id}`);
      notify.toDepartment(t, (l) => ({ text: s(l).studentReopened({ id: ticketCode(t.id), who: notify.studentName(t, l) }) }));
      notify.toJoiners(t, { status: 'reopened' });
      notify.refreshCards(reopened);
    });
    return reopened;
  }

  /** A rating closes the ticket; the comment may follow. */
  function rate(ticketId: number, memberId: number, rating: number, now: Date): TicketRow {
    const t = resolvedByReporter(ticketId, memberId);
    if (!Number.isInteger(rating) || rating < 1 || rating > 5) throw new AppError('tickets.bad_rating', (l) => m(l).alreadyAnswered);
    db.transaction((tx) => {
      updateTicket(tx, t.id, { rating, status: 'closed', closedAt: now, updatedAt: now });
      addEvent(tx, t.id, { type: 'rated', actorId: memberId, public: true, data: { rating } }, now);
      addEvent(tx, t.id, { type: 'closed', actorId: null, public: true }, now);
      cancelTask(tx, `${AUTOCLOSE}:${t.id}`);
      notify.toJoiners(t, { status: 'closed' });
      notify.refreshCards({ ...t, status: 'closed', rating });
    });
    return t;
  }

  function comment(ticketId: number, memberId: number, text: string, now: Date): void {
    const t = loadReported(db, ticketId, memberId);
    if (t.ratingComment || !t.rating) return;
    db.transaction((tx) => {
      setRatingComment(tx, t.id, text);
      notify.toDepartment(t, (l) => relayed((w) => s(l).studentRated({ id: ticketCode(t.id), rating: t.rating!, comment: w }), text));
    });
  }

  /**
   * The reporter answers staff (or adds details); staff of the department hear it. The conversation
   * with staff is the reporter's alone: those who joined neither read it nor write into it. With
   * `receipt`, the reporter hears what became of it; `reached` is false when no staff chat could be sent it.
   */
  function answer(ticketId: number, memberId: number, text: string, now: Date, receipt?: Receipt): TicketRow & { reached: boolean } {
    const t = loadReported(db, ticketId, memberId);
    if (!ACTIVE.includes(t.status)) throw answerClosed(t); // nothing reaches a ticket or case that is over
    requireWithin(text, MAX_MESSAGE);
    const chats = db.transaction((tx) => {
      const event = addEvent(tx, t.id, { type: 'student_reply', actorId: memberId, public: true, text }, now);
      updateTicket(tx, t.id, { updatedAt: now });
      const render: Render = (l) => relayed((w) => s(l).studentAnswered({ id: ticketCode(t.id), who: notify.studentName(t, l), text: w }), text);
      return notify.toDepartment(t, render, receipt?.(`event:${event}`));
    });
    return { ...t, reached: chats > 0 };
  }

  /** The student lets the staff of an anonymous ticket know who they are. */
  function reveal(ticketId: number, memberId: number, now: Date): TicketRow {
    const t = loadReported(db, ticketId, memberId);
    if (!t.anonymous) return t;
    const alias = notify.studentName(t, config.campus.default_locale);
    db.transaction((tx) => {
      updateTicket(tx, t.id, { anonymous: false, updatedAt: now });
      addEvent(tx, t.id, { type: 'note', actorId: memberId, public: false, text: `${alias} → ${notify.studentName({ ...t, anonymous: false }, config.campus.default_locale)}` }, now);
      const named = { ...t, anonymous: false };
      notify.toDepartment(t, (l) => ({ text: s(l).identityShared({ id: ticketCode(t.id), alias: notify.studentName(t, l), name: notify.studentName(named, l) }) }));
      notify.refreshCards(named);
    });
    return { ...t, anonymous: false };
  }

  /** Due task: a resolved ticket nobody confirmed closes itself. */
  async function autoclose(payload: Record<string, unknown>, now: Date): Promise<void> {
    const t = getTicket(db, Number(payload.ticketId));
    if (!t || t.status !== 'resolved') return;
    updateTicket(db, t.id, { status: 'closed', closedAt: now, updatedAt: now });
    addEvent(db, t.id, { type: 'closed', actorId: null, public: true, data: { auto: true } }, now);
    closeStepsByKey(db, confirmKey(t.id), { key: 'closed', id: t.id }, now); // "fixed?" lapsed
    const hours = config.tickets.auto_close_hours;
    notify.toStudents(t, (l) => ({ text: m(l).autoClosed({ id: ticketCode(t.id), hours }) }), { status: 'closed' });
    notify.toDepartment(t, (l) => ({ text: s(l).autoClosedNotice({ id: ticketCode(t.id) }) }));
    notify.refreshCards({ ...t, status: 'closed' });
  }

  /** Called by staff resolution: asks the student, schedules the automatic close. */
  function askToConfirm(t: TicketRow, resolution: string, now: Date): void {
    const id = ticketCode(t.id);
    const buttons = confirmButtons(db, t, now);
    notify.toStudents(t, (l) => ({ ...relayed((w) => m(l).resolved({ id, text: w }), resolution), buttons: buttons(l) }), { status: 'resolved' });
    const due = new Date(now.getTime() + config.tickets.auto_close_hours * HOUR);
    scheduleTask(db, AUTOCLOSE, due, { ticketId: t.id }, now, `${AUTOCLOSE}:${t.id}`);
    scheduleNudge(db, RATING_NUDGE, t.id, config.tickets.rating_nudge_hours, now, due); // no "fixed?" once it closed by itself
  }

  const deptName = (id: string, l: Locale) => pick(findDepartment(config, id)!.name, l);

  /** A ticket with its timeline as `actor` may see it. */
  function view(id: number, actor: Actor) {
    const { ticket, viewer } = loadVisible(db, id, actor);
    return { ticket, viewer, events: timelineFor(ticket, viewer) };
  }

  /** Staff: every event; the reporter: the public ones; a joiner: none (replies are the reporter's). */
  function timelineFor(t: TicketRow, viewer: Viewer): EventRow[] {
    return viewer === 'joiner' ? [] : eventsOf(db, t.id, viewer === 'staff');
  }

  return { get: (id: number) => getTicket(db, id), reported: (id: number, memberId: number) => loadReported(db, id, memberId), recentActive: (reporterId: number, dept: string, since: Date) => recentActiveTicket(db, reporterId, dept, since), mine: (memberId: number) => ticketsOf(db, memberId), view, route, ownerOf, create, reveal, findSimilar, joinSimilar, cancel, confirmFixed, reopen, rate, comment, answer, autoclose, askToConfirm, deptName };
}

export type TicketService = ReturnType<typeof createTicketService>;

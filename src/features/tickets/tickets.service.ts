/**
 * The student side of tickets: creating one (routed to exactly one department, with SLA due
 * times), joining a repair with "me too", answering staff, withdrawing, and what they may see;
 * what follows a resolution (confirm, reopen, rate, comment, the automatic close) is in
 * resolution.service.ts and offered here too.
 */
import { canonicalBuilding, checkPlace, MAX_PLACE } from '../../core/buildings.js';
import { findDepartment, type Category, type Config, type TicketKind } from '../../config.js';
import { AppError } from '../../core/errors.js';
import { HOUR, DAY } from '../../core/clock.js';
import { pick, tr, type Locale } from '../../core/i18n.js';
import type { Platform } from '../../core/message.js';
import { hexId, type Rng } from '../../core/rng.js';
import type { UnitRunner } from '../../core/unit-of-work.js';
import { ticketMessages } from './tickets.messages.js';
import { staffMessages } from './staff.messages.js';
import { ticketCode, loadReported, loadVisible, isOwnTicket, notFound, type Actor, type Viewer } from './tickets.access.js';
import type { TicketNotifier } from './tickets.notify.js';
import { statusLabel } from './tickets.render.js';
import { similarRepair } from './similar.js';
import { MAX_DESCRIPTION, MAX_MESSAGE, requireWithin } from './tickets.limits.js';
import { relayed } from '../../core/relay.js';
import type { Render } from '../../core/messenger.js';
import type { Receipt } from '../../core/receipts.js';
import { scheduleDeadlines } from './tickets.jobs.js';
import { createResolution } from './resolution.service.js';
import {
  ACTIVE, addEvent, addPhotos, addWatcher, eventsOf, getTicket, recentActiveTicket, ticketsOf, insertTicket, repairsAt, updateTicket, watchersOf, type EventRow, type TicketRow,
} from './tickets.repo.js';

export { AUTOCLOSE } from './resolution.service.js';

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
  /** Every function runs in the caller's unit and queries on its handle (`units.q()`). */
  units: UnitRunner;
  config: Config;
  rng: Rng;
  notify: TicketNotifier;
}

const m = (l: Locale) => tr(ticketMessages, l);
const s = (l: Locale) => tr(staffMessages, l);

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
  const { units, config, notify } = deps;
  const resolution = createResolution(deps);

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
  async function create(draft: Draft, reporterId: number, platform: Platform, now: Date, opts: CreateOptions = {}): Promise<TicketRow> {
    requireWithin(draft.description, MAX_DESCRIPTION, 'description');
    const building = draft.building ? placeOrThrow(draft.building) : null; // nothing else becomes a digest key
    const departmentId = opts.departmentId ?? ownerOf(draft);
    const sla = findDepartment(config, departmentId)!.sla;
    return units.atomic(async (q) => {
      const t = await insertTicket(q, {
        kind: draft.kind, category: draft.category, departmentId, description: draft.description,
        building, room: draft.room ?? null, item: draft.item ?? null,
        reporterId, anonymous: draft.anonymous, alias: hexId(deps.rng, 4), priority: opts.priority ?? 'normal',
        firstResponseDue: new Date(now.getTime() + sla.first_response_hours * HOUR),
        resolutionDue: new Date(now.getTime() + sla.resolution_hours * HOUR),
        createdAt: now, updatedAt: now,
      });
      await addEvent(q, t.id, { type: 'created', actorId: reporterId, public: true }, now);
      await addPhotos(q, t.id, platform, draft.photos, now);
      await scheduleDeadlines(q, config, t, now);
      await notify.postCard(t, opts.header ?? ((l) => s(l).cardNew));
      return t;
    });
  }

  /**
   * An unfinished repair at the same room, recent and about the same thing, that `memberId` has
   * neither reported nor joined (nobody is offered their own ticket), if there is one.
   */
  async function findSimilar(draft: Draft, memberId: number, now: Date): Promise<TicketRow | undefined> {
    if (draft.kind !== 'repair' || !draft.building || !draft.room) return undefined;
    const q = units.q();
    const since = new Date(now.getTime() - config.tickets.metoo_days * DAY);
    for (const t of await repairsAt(q, canonicalBuilding(draft.building), draft.room, since)) {
      if (similarRepair(t, draft) && !(await isOwnTicket(q, t, memberId))) return t;
    }
    return undefined;
  }

  async function joinSimilar(ticketId: number, memberId: number, now: Date): Promise<TicketRow> {
    const t = await getTicket(units.q(), ticketId);
    if (!t || t.kind !== 'repair' || !ACTIVE.includes(t.status)) throw notFound(ticketId);
    await units.atomic(async (q) => {
      if (t.reporterId === memberId || !(await addWatcher(q, t.id, memberId, now))) return;
      await addEvent(q, t.id, { type: 'metoo', actorId: memberId, public: true }, now);
      await updateTicket(q, t.id, { updatedAt: now });
      const n = 1 + (await watchersOf(q, t.id)).length;
      await notify.toDepartment(t, (l) => ({ text: s(l).metooJoined({ id: ticketCode(t.id), n }) }));
      await notify.refreshCards(t);
    });
    return t;
  }

  /** The student withdraws a ticket that is still being worked on. */
  async function cancel(ticketId: number, memberId: number, now: Date): Promise<void> {
    const t = await loadReported(units.q(), ticketId, memberId);
    if (!ACTIVE.includes(t.status)) {
      throw new AppError('tickets.cannot_cancel', (l) => m(l).cannotCancel({ id: ticketCode(t.id), status: statusLabel(t, l) }));
    }
    await units.atomic(async (q) => {
      await updateTicket(q, t.id, { status: 'cancelled', closedAt: now, updatedAt: now });
      await addEvent(q, t.id, { type: 'cancelled', actorId: memberId, public: true }, now);
      await notify.toDepartment(t, (l) => ({ text: s(l).studentCancelled({ id: ticketCode(t.id) }) }));
      await notify.toJoiners(t, { status: 'cancelled' });
      await notify.refreshCards({ ...t, status: 'cancelled' });
    });
  }

  /**
   * The reporter answers staff (or adds details); staff of the department hear it. The conversation
   * with staff is the reporter's alone: those who joined neither read it nor write into it. With
   * `receipt`, the reporter hears what became of it; `reached` is false when no staff chat could be sent it.
   */
  async function answer(ticketId: number, memberId: number, text: string, now: Date, receipt?: Receipt): Promise<TicketRow & { reached: boolean }> {
    const t = await loadReported(units.q(), ticketId, memberId);
    if (!ACTIVE.includes(t.status)) throw answerClosed(t); // nothing reaches a ticket or case that is over
    requireWithin(text, MAX_MESSAGE);
    const chats = await units.atomic(async (q) => {
      const event = await addEvent(q, t.id, { type: 'student_reply', actorId: memberId, public: true, text }, now);
      await updateTicket(q, t.id, { updatedAt: now });
      const who = await notify.studentName(t);
      const render: Render = (l) => relayed((w) => s(l).studentAnswered({ id: ticketCode(t.id), who: who(l), text: w }), text);
      return notify.toDepartment(t, render, receipt?.(`event:${event}`));
    });
    return { ...t, reached: chats > 0 };
  }

  /** The student lets the staff of an anonymous ticket know who they are. */
  async function reveal(ticketId: number, memberId: number, now: Date): Promise<TicketRow> {
    const t = await loadReported(units.q(), ticketId, memberId);
    if (!t.anonymous) return t;
    const named = { ...t, anonymous: false };
    const [alias, name] = [await notify.studentName(t), await notify.studentName(named)];
    const campus = config.campus.default_locale;
    await units.atomic(async (q) => {
      await updateTicket(q, t.id, { anonymous: false, updatedAt: now });
      await addEvent(q, t.id, { type: 'note', actorId: memberId, public: false, text: `${alias(campus)} → ${name(campus)}` }, now);
      await notify.toDepartment(t, (l) => ({ text: s(l).identityShared({ id: ticketCode(t.id), alias: alias(l), name: name(l) }) }));
      await notify.refreshCards(named);
    });
    return { ...t, anonymous: false };
  }

  const deptName = (id: string, l: Locale) => pick(findDepartment(config, id)!.name, l);

  /** A ticket with its timeline as `actor` may see it. */
  async function view(id: number, actor: Actor): Promise<{ ticket: TicketRow; viewer: Viewer; events: EventRow[] }> {
    const { ticket, viewer } = await loadVisible(units.q(), id, actor);
    return { ticket, viewer, events: await timelineFor(ticket, viewer) };
  }

  /** Staff: every event; the reporter: the public ones; a joiner: none (replies are the reporter's). */
  async function timelineFor(t: TicketRow, viewer: Viewer): Promise<EventRow[]> {
    return viewer === 'joiner' ? [] : await eventsOf(units.q(), t.id, viewer === 'staff');
  }

  return {
    get: (id: number) => getTicket(units.q(), id),
    reported: (id: number, memberId: number) => loadReported(units.q(), id, memberId),
    recentActive: (reporterId: number, dept: string, since: Date) => recentActiveTicket(units.q(), reporterId, dept, since),
    mine: (memberId: number) => ticketsOf(units.q(), memberId),
    view, route, ownerOf, create, reveal, findSimilar, joinSimilar, cancel, answer, deptName, ...resolution,
  };
}

export type TicketService = ReturnType<typeof createTicketService>;

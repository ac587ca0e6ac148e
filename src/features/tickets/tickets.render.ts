/**
 * Texts built from tickets: the staff card, the status view with its timeline, queue lines and
 * summaries. Pure functions of rows, names and a language.
 */
import { summarize } from '../../core/relay.js';
import type { Department } from '../../config.js';
import { button } from '../../core/feature.js';
import { pick, tr, type Locale } from '../../core/i18n.js';
import type { Outgoing } from '../../core/message.js';
import { MAX_PLACE } from '../../core/buildings.js';
import { formatDateTime } from '../../core/time.js';
import { ticketLabels } from './tickets.labels.js';
import { ticketMessages } from './tickets.messages.js';
import { staffMessages } from './staff.messages.js';
import { ticketCode, type Viewer } from './tickets.access.js';
import { ACTIVE, type EventRow, type TicketRow } from './tickets.repo.js';

/** What rendering needs besides the row. */
export interface View {
  locale: Locale;
  tz: string;
  dept: Department;
  /** Display name of a member id (staff names, the reporter of a named ticket). */
  nameOf: (memberId: number) => string;
  /** Name of a department by id, in `locale`. */
  deptNameOf: (id: string) => string;
}

const L = (l: Locale) => tr(ticketLabels, l);
export const kindLabel = (t: Pick<TicketRow, 'kind'>, l: Locale) => L(l)[`kind_${t.kind}`];
export const categoryLabel = (category: string, l: Locale) => L(l)[`cat_${category}` as 'cat_other'] ?? category;
export const statusLabel = (t: Pick<TicketRow, 'status'>, l: Locale) => L(l)[`st_${t.status}`];
const priorityLabel = (t: TicketRow, l: Locale) => L(l)[`prio_${t.priority}`];
/** The repaired item's name (`water_heater` → 热水器); empty when none was recognised. */
export const itemLabel = (item: string | null, l: Locale) => (item ? (L(l)[`item_${item}` as 'item_fan'] ?? '') : '');

/** First line of a text, cut to `max` characters. */
export { summarize };

/** Long text cut for display, saying how long the whole is (the row keeps it whole). */
export function clip(text: string, max: number, l: Locale): string {
  const chars = [...text];
  return chars.length > max ? `${chars.slice(0, max).join('')}${tr(ticketMessages, l).more({ n: chars.length })}` : text;
}

/** Where a ticket is, in `l` ("3号楼 502", "Building 3, room 502"); empty when it names no building. */
export const locationOf = (t: TicketRow, l: Locale) =>
  (t.building ? tr(ticketMessages, l).location({ building: summarize(t.building, MAX_PLACE), room: summarize(t.room ?? '', 8) }) : '');

/** What a ticket is about, without anyone's words: place and item ("3号楼 502 · 热水器"), else its kind. */
export function aboutOf(t: TicketRow, l: Locale): string {
  return [locationOf(t, l), itemLabel(t.item, l)].filter(Boolean).join(' · ') || kindLabel(t, l);
}

/** The reporter as staff may see them: an alias when anonymous. */
export function reporterFor(t: TicketRow, v: View): string {
  return t.anonymous ? tr(staffMessages, v.locale).anonymousAlias({ tag: t.alias }) : v.nameOf(t.reporterId);
}

/** Who handles the ticket, as shown to staff (names) or to students (a role, unless the department allows names). */
export function handlerFor(t: TicketRow, v: View, asStaff: boolean): string {
  if (!t.assigneeId) return tr(ticketMessages, v.locale).unassigned;
  return asStaff || v.dept.show_assignee_name ? v.nameOf(t.assigneeId) : L(v.locale).staffRole;
}

const when = (d: Date, v: View) => formatDateTime(d, v.tz, v.locale);
/** Due times are shown while staff still owe something: not once a ticket is resolved, closed, rejected or withdrawn. */
const isDue = (t: TicketRow) => ACTIVE.includes(t.status);

function cardButtons(t: TicketRow, l: Locale) {
  const s = tr(staffMessages, l);
  const b = (label: string, action: string) => button(label, 'tickets', action, t.id);
  if (t.status === 'open' || t.status === 'reopened') {
    return t.assigneeId
      ? [[b(s.btnReply, 'reply'), b(s.btnTransfer, 'transfer'), b(s.btnResolve, 'resolve')], [b(s.btnNote, 'note'), b(s.btnReject, 'reject')]]
      : [[b(s.btnClaim, 'claim'), b(s.btnReply, 'reply'), b(s.btnTransfer, 'transfer')], [b(s.btnResolve, 'resolve'), b(s.btnReject, 'reject')]];
  }
  if (t.status === 'in_progress') return [[b(s.btnReply, 'reply'), b(s.btnTransfer, 'transfer'), b(s.btnResolve, 'resolve')], [b(s.btnNote, 'note'), b(s.btnReject, 'reject')]];
  return [];
}

/** The card posted to a department's staff chat and edited as the ticket moves. */
export function renderCard(t: TicketRow, v: View, extra: { header: string; photos: string[]; reporters: number }): Outgoing {
  const s = tr(staffMessages, v.locale);
  const lines = [
    ...(extra.header ? [extra.header] : []),
    s.cardHeader({ id: ticketCode(t.id), kind: kindLabel(t, v.locale), category: categoryLabel(t.category, v.locale), priority: priorityLabel(t, v.locale) }),
    s.cardReporter({ who: reporterFor(t, v) }),
    ...(t.building ? [s.cardLocation({ v: locationOf(t, v.locale) })] : []),
    s.cardDescription({ v: clip(t.description, 600, v.locale) }),
    ...(extra.photos.length ? [s.cardPhotos({ n: extra.photos.length })] : []),
    ...(extra.reporters > 1 ? [s.cardWatchers({ n: extra.reporters })] : []),
    ...(isDue(t) ? [s.cardDue({ first: when(t.firstResponseDue, v), resolve: when(t.resolutionDue, v) })] : []),
    s.cardStatus({ status: statusLabel(t, v.locale), who: handlerFor(t, v, true) }),
    ...(t.rating ? [tr(ticketMessages, v.locale).ratingLine({ rating: t.rating })] : []),
  ];
  const buttons = cardButtons(t, v.locale);
  return { text: lines.join('\n'), ...(buttons.length ? { buttons } : {}), ...(extra.photos.length ? { photos: extra.photos } : {}) };
}

/** One timeline line; `asStaff` shows names and internal events. */
export function renderEvent(e: EventRow, v: View, asStaff: boolean): string {
  const l = L(v.locale);
  const who = e.actorId && (asStaff || v.dept.show_assignee_name) ? v.nameOf(e.actorId) : l.staffRole;
  const text = clip(e.text ?? '', 300, v.locale);
  const data = (e.data ?? {}) as Record<string, string>;
  const line: Record<typeof e.type, () => string> = {
    created: () => l.ev_created,
    claimed: () => l.ev_claimed({ who }),
    assigned: () => l.ev_assigned({ who: data.assignee && (asStaff || v.dept.show_assignee_name) ? data.assignee : l.staffRole }),
    transferred: () => l.ev_transferred({ from: v.deptNameOf(data.from ?? ''), to: v.deptNameOf(data.to ?? ''), reason: text }),
    reply: () => l.ev_reply({ text }),
    student_reply: () => l.ev_student_reply({ text }),
    note: () => l.ev_note({ who, text }),
    priority: () => l.ev_priority({ priority: data.priority === 'urgent' ? l.prio_urgent : l.prio_normal }),
    resolved: () => l.ev_resolved({ text }),
    rejected: () => l.ev_rejected({ text }),
    reopened: () => l.ev_reopened,
    rated: () => l.ev_rated({ rating: Number(data.rating), comment: text }),
    closed: () => (data.auto ? l.ev_autoclosed : l.ev_closed),
    cancelled: () => l.ev_cancelled,
    metoo: () => l.ev_metoo,
    reminder: () => l.ev_reminder({ text }),
    escalation: () => l.ev_escalation({ text }),
  };
  return `${when(e.at, v)} ${line[e.type]()}`;
}

/** /status as `viewer` sees it: staff the full timeline, the reporter the public one, a joiner only the facts. */
export function renderStatus(t: TicketRow, events: EventRow[], v: View, viewer: Viewer): string {
  if (viewer === 'joiner') return renderJoined(t, v);
  const m = tr(ticketMessages, v.locale);
  const asStaff = viewer === 'staff';
  const lines = [
    m.statusHeader({ id: ticketCode(t.id), kind: kindLabel(t, v.locale), category: categoryLabel(t.category, v.locale) }),
    m.statusLine({ status: statusLabel(t, v.locale), dept: pick(v.dept.name, v.locale), who: handlerFor(t, v, asStaff) }),
    ...(t.building ? [m.lineLocation({ v: locationOf(t, v.locale) })] : []),
    m.lineDescription({ v: clip(t.description, 1500, v.locale) }),
    ...(isDue(t) ? [m.dueLine({ first: when(t.firstResponseDue, v), resolve: when(t.resolutionDue, v) })] : []),
    ...(t.rating ? [m.ratingLine({ rating: t.rating })] : []),
    '', m.timelineTitle,
    ...events.map((e) => renderEvent(e, v, asStaff)),
  ];
  return lines.join('\n');
}

/**
 * What a student who joined with "me too" sees: kind, category, place, item and status. Never the
 * description, photos, replies or who reported it: those belong to the reporter.
 */
function renderJoined(t: TicketRow, v: View): string {
  const m = tr(ticketMessages, v.locale);
  const item = itemLabel(t.item, v.locale);
  return [
    m.statusHeader({ id: ticketCode(t.id), kind: kindLabel(t, v.locale), category: categoryLabel(t.category, v.locale) }),
    m.joinedStatusLine({ status: statusLabel(t, v.locale) }),
    ...(t.building ? [m.lineLocation({ v: locationOf(t, v.locale) })] : []),
    ...(item ? [m.lineItem({ v: item })] : []),
    '', m.joinedNote,
  ].join('\n');
}

/** One line of /mytickets: the reporter's own words, or for a ticket joined, what it is about. */
export function renderMine(t: TicketRow, memberId: number, l: Locale): string {
  if (t.reporterId !== memberId) return tr(ticketMessages, l).mineJoined({ id: ticketCode(t.id), kind: kindLabel(t, l), about: aboutOf(t, l), status: statusLabel(t, l) });
  return `${ticketCode(t.id)} [${kindLabel(t, l)}] ${summarize(t.description, 24)} — ${statusLabel(t, l)}`;
}

/** One line of /queue: overdue mark, id, kind, summary, handler, the next deadline. */
export function renderQueueLine(t: TicketRow, v: View, now: Date): string {
  const s = tr(staffMessages, v.locale);
  const due = t.firstRespondedAt ? t.resolutionDue : t.firstResponseDue;
  return s.queueLine({
    mark: due < now ? s.queueOverdue : t.priority === 'urgent' ? '❗' : '',
    id: ticketCode(t.id), kind: kindLabel(t, v.locale), summary: summarize(t.description, 20),
    who: handlerFor(t, v, true), due: when(due, v),
  });
}

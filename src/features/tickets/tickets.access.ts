/**
 * Who may see or work a ticket. Students see the tickets they reported or joined; staff the
 * tickets of their departments; admins all. A refusal never reveals whether the id exists.
 */
import { AppError } from '../../core/errors.js';
import { tr } from '../../core/i18n.js';
import type { RoleSet } from '../../core/roles.js';
import type { Q } from '../../db/client.js';
import { ticketMessages } from './tickets.messages.js';
import { getTicket, watchersOf, type TicketRow } from './tickets.repo.js';

export interface Actor {
  id: number;
  name: string;
  roles: RoleSet;
}

export const ticketCode = (id: number) => `T-${id}`;

/** Reads "T-12", "t12", "#12", "12", "Ｔ－１２"; undefined for anything else. */
export function parseTicketId(text: string): number | undefined {
  const m = /^\s*(?:[tT]\s*[-－]?\s*|#|＃)?(\d{1,9})\s*$/.exec(text.normalize('NFKC'));
  const n = m ? Number(m[1]) : NaN;
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

export const badTicketId = () => new AppError('tickets.bad_id', (l) => tr(ticketMessages, l).badTicketId);
export const notFound = (id: number) => new AppError('tickets.not_found', (l) => tr(ticketMessages, l).notFound({ id: ticketCode(id) }));

export function canWork(t: TicketRow, roles: RoleSet): boolean {
  return roles.has('staff', t.departmentId);
}

export function isOwnTicket(q: Q, t: TicketRow, memberId: number): boolean {
  return t.reporterId === memberId || watchersOf(q, t.id).includes(memberId);
}

/** The ticket if `actor` may see it, as staff (full view) or as its student. */
export function loadVisible(q: Q, id: number, actor: Actor): { ticket: TicketRow; asStaff: boolean } {
  const t = getTicket(q, id);
  if (t && canWork(t, actor.roles)) return { ticket: t, asStaff: true };
  if (t && isOwnTicket(q, t, actor.id)) return { ticket: t, asStaff: false };
  throw notFound(id);
}

/** The ticket if `actor` works in its department (or is an admin). */
export function loadWorkable(q: Q, id: number, actor: Actor): TicketRow {
  const t = getTicket(q, id);
  if (!t || !canWork(t, actor.roles)) throw notFound(id);
  return t;
}

/** The ticket if `memberId` reported it (the only one who may confirm, rate, cancel). */
export function loadReported(q: Q, id: number, memberId: number): TicketRow {
  const t = getTicket(q, id);
  if (!t || t.reporterId !== memberId) throw notFound(id);
  return t;
}

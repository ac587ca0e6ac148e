/**
 * Who may see or work a ticket. Staff see the tickets of their departments (admins all) in full;
 * the reporter sees the public timeline; a student who joined with "me too" sees only what the
 * ticket is about and where it stands. A refusal never reveals whether the id exists.
 */
import { AppError } from '../../core/errors.js';
import type { Ctx } from '../../core/feature.js';
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

export async function isOwnTicket(q: Q, t: TicketRow, memberId: number): Promise<boolean> {
  return t.reporterId === memberId || (await watchersOf(q, t.id)).includes(memberId);
}

/** How someone sees a ticket: `staff` in full, its `reporter` the public part, a `joiner` (me too) only its facts. */
export type Viewer = 'staff' | 'reporter' | 'joiner';

/** The ticket if `actor` may see it, and as whom. */
export async function loadVisible(q: Q, id: number, actor: Actor): Promise<{ ticket: TicketRow; viewer: Viewer }> {
  const t = await getTicket(q, id);
  if (t && canWork(t, actor.roles)) return { ticket: t, viewer: 'staff' };
  if (t && t.reporterId === actor.id) return { ticket: t, viewer: 'reporter' };
  if (t && (await watchersOf(q, t.id)).includes(actor.id)) return { ticket: t, viewer: 'joiner' };
  throw notFound(id);
}

/**
 * Whether a group may read what staff see of `t` (internal notes, who reported it, its handling):
 * only the ticket's own department's staff chat, asked by someone who works the ticket.
 */
export function isTicketStaffChat(t: TicketRow | undefined, ctx: Pick<Ctx, 'chat' | 'roles'>): boolean {
  return !!t && ctx.chat.binding === 'staff' && ctx.chat.scope === t.departmentId && canWork(t, ctx.roles);
}

/** Whether `ctx` comes from a staff chat of a department the sender works in (usage answers, the queue). */
export function isOwnStaffChat(ctx: Pick<Ctx, 'chat' | 'roles'>): boolean {
  return ctx.chat.binding === 'staff' && !!ctx.chat.scope && ctx.roles.has('staff', ctx.chat.scope);
}

/** The ticket if `actor` works in its department (or is an admin). */
export async function loadWorkable(q: Q, id: number, actor: Actor): Promise<TicketRow> {
  const t = await getTicket(q, id);
  if (!t || !canWork(t, actor.roles)) throw notFound(id);
  return t;
}

/** The ticket if `memberId` reported it (the only one who may confirm, rate, cancel). */
export async function loadReported(q: Q, id: number, memberId: number): Promise<TicketRow> {
  const t = await getTicket(q, id);
  if (!t || t.reporterId !== memberId) throw notFound(id);
  return t;
}

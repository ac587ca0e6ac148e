/**
 * What a member may name while typing a ticket command (core/suggest.ts). A ticket: a student their
 * own (reported or joined with "me too"); staff also their departments' open work (an admin every
 * department's); never another person's ticket. A member to assign (/assign): the staff and leads
 * of the ticket's department, offered only to its leads and the admins (as `assign` allows); before
 * a ticket is chosen, those of the departments the asker leads. An id typed ("12", "T-12") matches
 * ids; other words match the description or the name.
 */
import type { Suggest, SuggestAsk, Suggestion } from '../../core/suggest.js';
import type { UnitRunner } from '../../core/unit-of-work.js';
import type { Holders } from '../access/access.service.js';
import type { MembersService } from '../members/members.service.js';
import { parseTicketId, ticketCode } from './tickets.access.js';
import { getTicket, queueOf, ticketsOf, type TicketRow } from './tickets.repo.js';

export interface TicketSuggestDeps {
  /** Suggestions are asked for outside any unit (an adapter's autocomplete): they read with `units.read`. */
  units: UnitRunner;
  members: Pick<MembersService, 'get'>;
  holders: Holders;
}

const needle = (typed: string) => typed.normalize('NFKC').trim().toLowerCase();

export function ticketSuggestions(deps: TicketSuggestDeps): { ticket: Suggest; member: Suggest } {
  const { units } = deps;

  /** The tickets `ask.memberId` may name, newest own first, then their departments' queue. */
  async function nameable(ask: SuggestAsk): Promise<TicketRow[]> {
    const departments = ask.roles.isAdmin ? 'all' : ask.roles.departments();
    const own = await units.read((q) => ticketsOf(q, ask.memberId));
    const work = departments === 'all' || departments.length ? await units.read((q) => queueOf(q, departments, ask.now)) : [];
    const seen = new Set<number>();
    return [...own, ...work].filter((t) => !seen.has(t.id) && (seen.add(t.id), true));
  }

  const ticket: Suggest = async (ask) => {
    const typed = needle(ask.typed).replace(/^t\s*-?\s*/, '');
    const matches = (t: TicketRow) => !typed || (/^\d+$/.test(typed) ? String(t.id).startsWith(typed) : t.description.toLowerCase().includes(typed));
    return (await nameable(ask)).filter(matches).map((t) => ({ label: `${ticketCode(t.id)} · ${t.description.replace(/\s+/g, ' ')}`, value: ticketCode(t.id) }));
  };

  /** Departments whose members the asker may assign: the chosen ticket's, if they lead it; else those they lead. */
  async function assignable(ask: SuggestAsk): Promise<string[]> {
    const id = parseTicketId(ask.given.get('ticket') ?? '');
    const t = id === undefined ? undefined : await units.read((q) => getTicket(q, id));
    const leads = (dept: string) => ask.roles.isAdmin || ask.roles.has('lead', dept);
    if (t) return leads(t.departmentId) ? [t.departmentId] : [];
    return ask.roles.grants.filter((g) => g.role === 'lead').map((g) => g.scope);
  }

  const member: Suggest = async (ask) => {
    if (ask.command !== 'assign') return [];
    const typed = needle(ask.typed).replace(/^[#@]/, '');
    const ids = new Set<number>();
    for (const d of await assignable(ask)) for (const id of [...await deps.holders('lead', d), ...await deps.holders('staff', d)]) ids.add(id);
    const found: Suggestion[] = [];
    for (const id of ids) {
      const m = await deps.members.get(id);
      if (!m || m.erasedAt !== null) continue;
      const fits = !typed || m.name.toLowerCase().includes(typed) || String(id).startsWith(typed);
      if (fits) found.push({ label: `${m.name} · #${id}`, value: `#${id}` });
    }
    return found;
  };

  return { ticket, member };
}

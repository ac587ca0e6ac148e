/**
 * Autocomplete of a slash command's ticket option: the tickets the caller may name there, as the
 * commands see them. A student is offered their own tickets (reported or joined with "me too");
 * staff also their departments' open work (an admin's: every department's). Nobody is offered
 * another person's ticket. Someone the bot does not know yet is offered nothing. The answer
 * (callback type 8) is given at once, outside the inbox: it changes nothing.
 */
import { Routes, type APIApplicationCommandOptionChoice, type APIInteraction, type REST } from 'discord.js';
import type { App } from '../../app.js';
import type { Db } from '../../db/client.js';
import { roleSet } from '../../core/roles.js';
import { findSender } from '../../features/members/members.repo.js';
import { ticketCode } from '../../features/tickets/tickets.access.js';
import { queueOf, ticketsOf, type TicketRow } from '../../features/tickets/tickets.repo.js';
import { truncateText } from '../shared/text.js';

const MAX_CHOICES = 25;
const NAME_LIMIT = 100;

/** What the user has typed so far in the focused option, and who they are. */
export interface AutocompleteRequest {
  id: string;
  token: string;
  userId: string;
  typed: string;
}

/** The tickets `userId` may name, newest first, filtered by what they typed. */
export function ticketChoices(db: Db, app: Pick<App, 'members'>, userId: string, typed: string, now: Date): APIApplicationCommandOptionChoice<string>[] {
  const found = findSender(db, 'discord', userId);
  if (!found) return [];
  const roles = roleSet(app.members.grants(found.member.id));
  const departments = roles.isAdmin ? 'all' : roles.departments();
  const work = departments === 'all' || departments.length ? queueOf(db, departments, now) : [];
  const seen = new Set<number>();
  const visible = [...ticketsOf(db, found.member.id), ...work].filter((t) => !seen.has(t.id) && (seen.add(t.id), true));
  const needle = typed.normalize('NFKC').trim().toLowerCase().replace(/^t\s*-?\s*/, '');
  // An id typed ("12", "T-12") matches ids; other words match the description.
  const matches = (t: TicketRow) => !needle || (/^\d+$/.test(needle) ? String(t.id).startsWith(needle) : t.description.toLowerCase().includes(needle));
  return visible.filter(matches)
    .slice(0, MAX_CHOICES).map((t) => ({ name: label(t), value: ticketCode(t.id) }));
}

const label = (t: TicketRow): string => truncateText(`${ticketCode(t.id)} · ${t.description.replace(/\s+/g, ' ')}`, NAME_LIMIT);

/** The option being typed in an autocomplete interaction (subcommands looked through). */
export function focusedOption(i: APIInteraction): { name: string; value: string } | undefined {
  type Opt = { name: string; value?: unknown; focused?: boolean; options?: Opt[] };
  const find = (options: Opt[] | undefined): Opt | undefined => {
    for (const o of options ?? []) {
      const inner = o.options ? find(o.options) : undefined;
      if (inner || o.focused) return inner ?? o;
    }
    return undefined;
  };
  const found = find((i.data as { options?: Opt[] } | undefined)?.options);
  return found && { name: found.name, value: String(found.value ?? '') };
}

/** Answers an autocomplete interaction with `choices`. */
export async function answerAutocomplete(rest: REST, req: AutocompleteRequest, choices: APIApplicationCommandOptionChoice<string>[]): Promise<void> {
  await rest.post(Routes.interactionCallback(req.id, req.token), { body: { type: 8, data: { choices } }, auth: false });
}

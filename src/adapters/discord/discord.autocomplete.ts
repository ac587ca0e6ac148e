/**
 * Autocomplete of a slash command's options: a ticket (or a counsellor's case), a member to assign,
 * a class key. What is offered is what the features let the caller name there (core/suggest.ts:
 * their own tickets, their departments' work, the open cases they may work by alias only, the staff
 * of a department they lead, their classes); nobody is offered another person's ticket, and someone
 * the bot does not know yet is offered nothing. The answer (callback type 8) is given at once,
 * outside the inbox: it changes nothing.
 */
import { Routes, type APIApplicationCommandOptionChoice, type APIInteraction, type REST } from 'discord.js';
import { matchLocale } from '../../core/i18n.js';
import type { SuggestKind, SuggestRequest } from '../../core/suggest.js';
import { truncateText } from '../shared/text.js';
import { kindOfOption, SUGGESTED } from './discord.options.js';

const NAME_LIMIT = 100;
const VALUE_LIMIT = 100;

type Opt = { name: string; value?: unknown; focused?: boolean; options?: Opt[] };

/** The options of an autocomplete interaction, subcommands flattened. */
function optionsOf(i: APIInteraction): Opt[] {
  const flat = (options: Opt[] | undefined): Opt[] => (options ?? []).flatMap((o) => (o.options ? flat(o.options) : [o]));
  return flat((i.data as { options?: Opt[] } | undefined)?.options);
}

/** The option being typed in an autocomplete interaction. */
export function focusedOption(i: APIInteraction): { name: string; value: string } | undefined {
  const found = optionsOf(i).find((o) => o.focused);
  return found && { name: found.name, value: String(found.value ?? '') };
}

/**
 * What to ask the features for this interaction: the focused argument's kind, what was typed and
 * the other arguments given so far (by kind); undefined when the focused option offers nothing.
 */
export function suggestRequest(i: APIInteraction, now: Date): SuggestRequest | undefined {
  const command = (i.data as { name?: string } | undefined)?.name ?? '';
  const userId = (i.member?.user ?? i.user)?.id;
  const focused = focusedOption(i);
  const kind = focused && kindOfOption(command, focused.name);
  if (!userId || !focused || !kind || !SUGGESTED.has(kind)) return undefined;
  const given = new Map(optionsOf(i).flatMap((o) => {
    const k = o.focused ? undefined : kindOfOption(command, o.name);
    return k && o.value !== undefined ? [[k, String(o.value)] as [string, string]] : [];
  }));
  const locale = matchLocale('locale' in i ? i.locale : undefined);
  return { platform: 'discord', userId, kind: kind as SuggestKind, command, given, typed: focused.value, now, ...(locale ? { locale } : {}) };
}

/** Discord's shape of the suggestions: names and values of at most 100 characters. */
export function toChoices(suggestions: { label: string; value: string }[]): APIApplicationCommandOptionChoice<string>[] {
  return suggestions.filter((s) => s.value.length <= VALUE_LIMIT).map((s) => ({ name: truncateText(s.label.replace(/\s+/g, ' '), NAME_LIMIT), value: s.value }));
}

/** Answers an autocomplete interaction with `choices`. */
export async function answerAutocomplete(rest: REST, i: { id: string; token: string }, choices: APIApplicationCommandOptionChoice<string>[]): Promise<void> {
  await rest.post(Routes.interactionCallback(i.id, i.token), { body: { type: 8, data: { choices } }, auth: false });
}

/**
 * Suggestions for a command's argument while a member types it (Discord's autocomplete): the
 * tickets they may name, the members they may assign, the classes they may bind. Each feature
 * offers what its own rules let the asker see (`Feature.suggest`); the platform only shows the
 * list. Someone the bot does not know yet is offered nothing. Reading only: nothing changes.
 */
import type { Locale } from './i18n.js';
import type { Platform } from './message.js';
import type { RoleSet } from './roles.js';

/** What an argument is: a ticket (or case) id, a member, a class key. */
export type SuggestKind = 'ticket' | 'member' | 'class';

export interface SuggestAsk {
  /** The command being typed, and what its other arguments hold already (by kind). */
  command: string;
  given: ReadonlyMap<string, string>;
  /** What was typed so far in this argument. */
  typed: string;
  memberId: number;
  roles: RoleSet;
  locale: Locale;
  now: Date;
}

/** One choice: what the member reads, and what the command line gets. */
export interface Suggestion {
  label: string;
  value: string;
}

/** May answer later: a feature's queries may be asynchronous (the storage seam). */
export type Suggest = (ask: SuggestAsk) => Suggestion[] | Promise<Suggestion[]>;

type MaybeLater<T> = T | Promise<T>;

/** A question from a platform: who (by platform account) types what in which command. */
export interface SuggestRequest extends Omit<SuggestAsk, 'memberId' | 'roles' | 'locale'> {
  platform: Platform;
  userId: string;
  kind: SuggestKind;
  /** The platform's idea of the asker's language, when the member has not chosen one. */
  locale?: Locale;
}

export interface SuggestDeps {
  /** The features' suggestions, in the features' order. */
  sources: () => readonly Partial<Record<SuggestKind, Suggest>>[];
  /** The member behind a platform account ("discord:123"), if the bot knows them. */
  memberOf: (handle: string) => MaybeLater<number | undefined>;
  rolesOf: (memberId: number) => MaybeLater<RoleSet>;
  localeOf: (memberId: number) => MaybeLater<Locale | undefined>;
  defaultLocale: Locale;
}

/** At most this many suggestions (Discord shows 25). */
export const MAX_SUGGESTIONS = 25;

/** Gathers the features' suggestions for one argument, for the member behind the asking account. */
export function createSuggester(deps: SuggestDeps): (req: SuggestRequest) => Promise<Suggestion[]> {
  return async (req) => {
    const memberId = await deps.memberOf(`${req.platform}:${req.userId}`);
    if (memberId === undefined) return [];
    const locale = (await deps.localeOf(memberId)) ?? req.locale ?? deps.defaultLocale;
    const ask: SuggestAsk = { command: req.command, given: req.given, typed: req.typed, now: req.now, memberId, roles: await deps.rolesOf(memberId), locale };
    const lists = await Promise.all(deps.sources().map((s) => s[req.kind]?.(ask) ?? []));
    const seen = new Set<string>();
    return lists.flat().filter((s) => !seen.has(s.value) && (seen.add(s.value), true)).slice(0, MAX_SUGGESTIONS);
  };
}

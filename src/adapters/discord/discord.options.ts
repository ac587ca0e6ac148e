/**
 * Typed options of the slash commands. A command listed here gets one option per argument, in the
 * order the command reads them: a ticket (or case) id, a member to assign or a class key with
 * autocomplete (what the caller may name, see discord.autocomplete.ts), a binding, a department,
 * a priority or a language as choices, free text, a yes/no switch (`/announce`'s private). Any
 * other command keeps one free-text option (`text`), which carries what would follow the command in
 * a chat (`/poll`, `/survey`). The interaction's values are joined back, in this order (or as the
 * command's own line form, LINES), into the command line the core reads.
 */
import { ApplicationCommandOptionType, type APIApplicationCommandBasicOption } from 'discord.js';
import type { Department } from '../../config.js';
import { tr, type Locale } from '../../core/i18n.js';
import { discordMessages } from './discord.messages.js';

export type ArgKind = 'ticket' | 'member' | 'binding' | 'department' | 'class' | 'level' | 'language' | 'text' | 'audience' | 'private' | 'at' | 'urgent';

/** Arguments whose values are offered as the member types (discord.autocomplete.ts, core/suggest.ts). */
export const SUGGESTED: ReadonlySet<ArgKind> = new Set(['ticket', 'member', 'class']);
export interface Arg {
  kind: ArgKind;
  required: boolean;
}

const need = (kind: ArgKind): Arg => ({ kind, required: true });
const may = (kind: ArgKind): Arg => ({ kind, required: false });

/** The arguments of the commands that take typed ones (usage as in their messages: `/transfer T-1 部门 原因`). */
export const COMMAND_ARGS: Readonly<Record<string, readonly Arg[]>> = {
  status: [may('ticket')],
  cancel: [may('ticket')],
  claim: [need('ticket')],
  reply: [need('ticket'), may('text')],
  note: [need('ticket'), may('text')],
  resolve: [need('ticket'), may('text')],
  reject: [need('ticket'), may('text')],
  transfer: [need('ticket'), need('department'), may('text')],
  priority: [need('ticket'), need('level')],
  assign: [need('ticket'), need('member')],
  bind: [need('binding'), may('department'), may('class')],
  lang: [may('language')],
  // /announce audience | text | private | at <when> | urgent: <reason> (the text also takes `list`, `cancel 3`, or the whole line)
  announce: [may('audience'), may('text'), may('private'), may('at'), may('urgent')],
};

/** Commands whose line is not their values joined by spaces: the values by kind → the command's arguments. */
const LINES: Readonly<Record<string, (v: Partial<Record<ArgKind, string>>) => string>> = {
  announce: (v) => {
    const options = [...(v.private === 'true' ? ['private'] : []), ...(v.at ? [`at ${v.at}`] : []), ...(v.urgent ? [`urgent: ${v.urgent}`] : [])];
    if (!v.audience && !options.length) return v.text ?? '';
    return [v.audience ?? '', v.text ?? '', ...options].join(' | ');
  },
};

const FREE_TEXT: readonly Arg[] = [may('text')];
export const argsOf = (command: string): readonly Arg[] => COMMAND_ARGS[command] ?? FREE_TEXT;

/** Discord locales for each language we speak. */
export const DISCORD_LOCALES: Record<Locale, string[]> = { 'zh-CN': ['zh-CN', 'zh-TW'], en: ['en-US', 'en-GB'] };

export function localized(text: (locale: Locale) => string): Record<string, string> {
  return Object.fromEntries((Object.keys(DISCORD_LOCALES) as Locale[]).flatMap((l) => DISCORD_LOCALES[l].map((d) => [d, text(l)])));
}

const choice = (value: string, name: (l: Locale) => string, defaultLocale: Locale) => ({ value, name: name(defaultLocale), name_localizations: localized(name) });

/** The choices of an argument, when it has a fixed set (Discord keeps 25 at most). */
function choicesOf(kind: ArgKind, departments: readonly Department[], defaultLocale: Locale) {
  const m = (l: Locale) => tr(discordMessages, l);
  if (kind === 'department') return departments.slice(0, 25).map((d) => choice(d.id, (l) => d.name[l], defaultLocale));
  if (kind === 'level') return (['urgent', 'normal'] as const).map((v) => choice(v, (l) => m(l).levelName({ level: v }), defaultLocale));
  if (kind === 'language') return [choice('zh', () => '中文', defaultLocale), choice('en', () => 'English', defaultLocale)];
  if (kind === 'binding') return (['staff', 'class', 'management'] as const).map((v) => choice(v, (l) => m(l).bindingName({ binding: v }), defaultLocale));
  return undefined;
}

/** The options of a command's slash form. */
export function optionsOf(command: string, departments: readonly Department[], defaultLocale: Locale): APIApplicationCommandBasicOption[] {
  const m = (l: Locale) => tr(discordMessages, l);
  return argsOf(command).map((a): APIApplicationCommandBasicOption => {
    const choices = choicesOf(a.kind, departments, defaultLocale);
    const named = {
      required: a.required,
      name: m('en').argName({ kind: a.kind }), name_localizations: localized((l) => m(l).argName({ kind: a.kind })),
      description: m(defaultLocale).argDescription({ kind: a.kind }), description_localizations: localized((l) => m(l).argDescription({ kind: a.kind })),
    };
    if (a.kind === 'private') return { type: ApplicationCommandOptionType.Boolean, ...named }; // a yes/no switch
    return { type: ApplicationCommandOptionType.String, ...named, ...(choices ? { choices } : SUGGESTED.has(a.kind) ? { autocomplete: true } : {}) };
  });
}

/** The command line of a slash command's option values (by option name), in the order the command reads them. */
export function commandLine(command: string, values: ReadonlyMap<string, string>): string {
  const line = LINES[command];
  if (line) {
    const args = line(Object.fromEntries(argsOf(command).flatMap((a) => (values.get(optionName(a.kind))?.trim() ? [[a.kind, values.get(optionName(a.kind))!.trim()]] : []))));
    return args ? `/${command} ${args}` : `/${command}`;
  }
  const args = argsOf(command).flatMap((a) => values.get(optionName(a.kind)) ?? []);
  return [`/${command}`, ...args].join(' ');
}

/** An option's name (Discord's default, English) for an argument kind, and back. */
export const optionName = (kind: ArgKind): string => tr(discordMessages, 'en').argName({ kind });
export const kindOfOption = (command: string, name: string): ArgKind | undefined => argsOf(command).find((a) => optionName(a.kind) === name)?.kind;

/**
 * Slash commands from the features' commands: each command under its English name with its
 * Chinese name and descriptions as zh-CN localizations (the campus default language is the
 * default description), and typed options (discord.options.ts): tickets, members and class keys
 * with autocomplete, bindings, departments, priorities and languages as choices, else one
 * free-text option. A command for private chats only is offered only in DMs with the bot.
 */
import {
  ApplicationCommandType, ApplicationIntegrationType, InteractionContextType, Routes,
  type REST, type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { Department } from '../../config.js';
import type { Command } from '../../core/feature.js';
import { tr, type Locale } from '../../core/i18n.js';
import { truncateText } from '../shared/text.js';
import { discordMessages } from './discord.messages.js';
import { localized, optionsOf } from './discord.options.js';

export type SlashCommand = RESTPostAPIChatInputApplicationCommandsJSONBody;

/** Discord's rule for command and option names (lower case where the script has case). */
const NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
const validName = (name: string): boolean => NAME.test(name) && name === name.toLowerCase();
const DESCRIPTION_LIMIT = 100;
const MAX_COMMANDS = 100;

function describe(c: Command, locale: Locale): string {
  const text = c.summary(locale).replace(/\s+/g, ' ').trim() || `/${c.name}`;
  return truncateText(text, DESCRIPTION_LIMIT);
}

/** The commands' slash forms; `departments` are the choices of a department option. */
export function slashCommands(commands: readonly Command[], defaultLocale: Locale, departments: readonly Department[] = []): SlashCommand[] {
  const zh = tr(discordMessages, 'zh-CN');
  return commands.filter((c) => validName(c.name) && !c.takes).slice(0, MAX_COMMANDS).map((c) => {
    const zhName = zh.commandName({ name: c.name });
    return {
      type: ApplicationCommandType.ChatInput,
      name: c.name,
      ...(zhName !== c.name && validName(zhName) ? { name_localizations: { 'zh-CN': zhName, 'zh-TW': zhName } } : {}),
      description: describe(c, defaultLocale),
      description_localizations: localized((l) => describe(c, l)),
      options: optionsOf(c.name, departments, defaultLocale),
      contexts: c.where === 'private' ? [InteractionContextType.BotDM] : [InteractionContextType.Guild, InteractionContextType.BotDM],
      integration_types: [ApplicationIntegrationType.GuildInstall],
    };
  });
}

/**
 * Puts the commands where people use them. By default each server gets those usable in a server
 * (shown at once), and the global list those usable in DMs, restricted to DMs (a server's own
 * commands never reach DMs; restricted so, no server shows a command twice). With `global`, every
 * command is global (Discord may take up to an hour to show changes) and the servers' lists are emptied.
 */
export async function registerCommands(rest: REST, applicationId: string, commands: SlashCommand[], where: { guildIds: string[]; global?: boolean }): Promise<void> {
  const only = (context: InteractionContextType) =>
    commands.filter((c) => c.contexts?.includes(context)).map((c) => ({ ...c, contexts: [context] }));
  for (const guildId of where.guildIds) {
    await rest.put(Routes.applicationGuildCommands(applicationId, guildId), { body: where.global ? [] : only(InteractionContextType.Guild) });
  }
  await rest.put(Routes.applicationCommands(applicationId), { body: where.global ? commands : only(InteractionContextType.BotDM) });
}

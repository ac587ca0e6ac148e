/**
 * Telegram's command menus (setMyCommands), derived from the features' commands and roles: one
 * list for private chats, one for groups, and one per bound staff, class and management chat
 * (`chat` scope), each in zh, en and the campus default (no language_code).
 */
import type { Api } from 'grammy';
import type { BotCommand, BotCommandScope, LanguageCode } from 'grammy/types';
import type { Logger } from 'pino';
import type { Role } from '../../config.js';
import type { Command } from '../../core/feature.js';
import type { Locale } from '../../core/i18n.js';

export type Audience = 'private' | 'group' | 'staff' | 'class' | 'management';
export type Binding = 'staff' | 'class' | 'management';

const NAME = /^[a-z0-9_]{1,32}$/;
const DESCRIPTION_LIMIT = 256;
const MAX_COMMANDS = 100;

/** Role commands shown in a bound chat's menu, on top of everyone's group commands. */
const ROLES_IN: Record<Exclude<Audience, 'private' | 'group'>, readonly Role[]> = {
  staff: ['staff', 'lead'],
  class: ['rep'],
  management: ['rep', 'staff', 'lead', 'admin'],
};

/** The menu of an audience in a locale, in the features' order. */
export function menuFor(commands: readonly Command[], audience: Audience, locale: Locale): BotCommand[] {
  const shown = commands.filter((c) => {
    const roles = c.listedFor ?? c.roles;
    if (!NAME.test(c.name)) return false;
    if (audience === 'private') return !roles;
    if (c.where === 'private') return false;
    return !roles || (audience !== 'group' && roles.some((r) => ROLES_IN[audience].includes(r)));
  });
  return shown.slice(0, MAX_COMMANDS).map((c) => ({ command: c.name, description: describe(c, locale) }));
}

function describe(c: Command, locale: Locale): string {
  const text = c.summary(locale).replace(/\s+/g, ' ').trim() || `/${c.name}`;
  const chars = [...text];
  return chars.length <= DESCRIPTION_LIMIT ? text : `${chars.slice(0, DESCRIPTION_LIMIT - 1).join('')}…`;
}

/** Telegram language codes and the locale each shows; no code = the campus default. */
function languages(defaultLocale: Locale): { code?: LanguageCode; locale: Locale }[] {
  return [{ code: 'zh', locale: 'zh-CN' }, { code: 'en', locale: 'en' }, { locale: defaultLocale }];
}

export interface MenusDeps {
  api: Api;
  log: Logger;
  commands: () => readonly Command[];
  defaultLocale: Locale;
  /** Telegram chats with a binding. */
  boundChats: () => { chatId: string; binding: Binding }[];
}

export interface Menus {
  /** Sets every menu: private, groups, each bound chat. */
  syncAll(): Promise<void>;
  /** Sets (or removes, when unbound) one chat's own menu. */
  syncChat(chatId: string, binding: Binding | null): Promise<void>;
}

export function createMenus(deps: MenusDeps): Menus {
  async function set(scope: BotCommandScope, audience: Audience): Promise<void> {
    for (const { code, locale } of languages(deps.defaultLocale)) {
      const commands = menuFor(deps.commands(), audience, locale);
      await deps.api.setMyCommands(commands, { scope, ...(code ? { language_code: code } : {}) });
    }
  }

  async function syncChat(chatId: string, binding: Binding | null): Promise<void> {
    const scope: BotCommandScope = { type: 'chat', chat_id: Number(chatId) };
    try {
      if (binding) return await set(scope, binding);
      for (const { code } of languages(deps.defaultLocale)) await deps.api.deleteMyCommands({ scope, ...(code ? { language_code: code } : {}) });
    } catch (err) {
      deps.log.warn({ err, binding }, 'could not update a chat command menu');
    }
  }

  return {
    syncChat,
    async syncAll() {
      try {
        await set({ type: 'all_private_chats' }, 'private');
        await set({ type: 'all_group_chats' }, 'group');
      } catch (err) {
        deps.log.warn({ err }, 'could not set the command menus');
      }
      for (const c of deps.boundChats()) await syncChat(c.chatId, c.binding);
    },
  };
}

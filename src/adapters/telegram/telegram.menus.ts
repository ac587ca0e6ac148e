/**
 * Telegram's command menus (setMyCommands), derived from the features' commands and roles, each in
 * zh, en and the campus default (no language_code). Telegram picks the most specific list set for
 * where a person looks (Bot API, BotCommandScope): in a private chat `chat` (that chat) before
 * `all_private_chats`; in a group `chat_member` (that person in that group) before `chat` before
 * `all_group_chats`. So:
 *  - everyone: one list for private chats and one for groups (commands open to all);
 *  - a bound chat (`chat`): what a holder of its role may use: a staff chat a plain staff member's
 *    commands (no lead or admin ones), a class group a rep's, the management chat an admin's;
 *  - a member with a role (`chat` of their private chat): the commands their roles allow; in a
 *    bound staff chat, its department's leads and the admins also get their own (`chat_member`).
 * Member menus are set again after anything that changes roles or bindings; only lists that changed
 * are sent. (A list set for someone who then lost every role stays until the next start, and
 * only offers commands that answer "not allowed".)
 */
import type { Api } from 'grammy';
import type { BotCommand, BotCommandScope, LanguageCode } from 'grammy/types';
import type { Logger } from 'pino';
import type { Command } from '../../core/feature.js';
import type { Locale } from '../../core/i18n.js';
import { chatHolder, mayUse, type ChatBinding, type RoleSet } from '../../core/roles.js';

export type Binding = ChatBinding;

const NAME = /^[a-z0-9_]{1,32}$/;
const DESCRIPTION_LIMIT = 256;
const MAX_COMMANDS = 100;

/** The menu of someone with `roles` (undefined: no role) in a private chat or a group, in the features' order. */
export function menuFor(commands: readonly Command[], where: 'private' | 'group', roles: RoleSet | undefined, locale: Locale): BotCommand[] {
  const shown = commands.filter((c) => {
    const listed = c.listedFor ?? c.roles;
    if (!NAME.test(c.name) || c.takes || (where === 'group' && c.where === 'private')) return false; // a variant (`/reply C-1`) is the plain command's line
    return !listed || (!!roles && mayUse(roles, listed));
  });
  return shown.slice(0, MAX_COMMANDS).map((c) => ({ command: c.name, description: describe(c, locale, roles) }));
}

function describe(c: Command, locale: Locale, roles: RoleSet | undefined): string {
  const text = c.summary(locale, roles).replace(/\s+/g, ' ').trim() || `/${c.name}`;
  const chars = [...text];
  return chars.length <= DESCRIPTION_LIMIT ? text : `${chars.slice(0, DESCRIPTION_LIMIT - 1).join('')}…`;
}

/** Telegram language codes and the locale each shows; no code = the campus default. */
function languages(defaultLocale: Locale): { code?: LanguageCode; locale: Locale }[] {
  return [{ code: 'zh', locale: 'zh-CN' }, { code: 'en', locale: 'en' }, { locale: defaultLocale }];
}

/** A Telegram account whose member holds a role. */
export interface MenuMember {
  userId: string;
  privateChatId: string | null;
  roles: RoleSet;
}

export interface MenusDeps {
  api: Api;
  log: Logger;
  commands: () => readonly Command[];
  defaultLocale: Locale;
  /** Telegram chats with a binding. */
  boundChats: () => Promise<{ chatId: string; binding: Binding; scope: string | null }[]>;
  /** Telegram accounts of members with a role (they get menus of their own). */
  members: () => Promise<MenuMember[]>;
}

export interface Menus {
  /** Sets every menu: private, groups, each bound chat, each member with a role. */
  syncAll(): Promise<void>;
  /** Sets (or removes, when unbound) one chat's own menu. */
  syncChat(chatId: string, binding: Binding | null, scope?: string | null): Promise<void>;
  /** Sets the menus of members with a role that changed since they were last set, removes those no longer wanted. */
  syncMembers(): Promise<void>;
}

type Wanted = { scope: BotCommandScope; where: 'private' | 'group'; roles: RoleSet };

export function createMenus(deps: MenusDeps): Menus {
  /** What was last set per member scope and language, to send only what changed. */
  const memberLists = new Map<string, string>();

  async function set(scope: BotCommandScope, where: 'private' | 'group', roles: RoleSet | undefined): Promise<void> {
    for (const { code, locale } of languages(deps.defaultLocale)) {
      await deps.api.setMyCommands(menuFor(deps.commands(), where, roles, locale), { scope, ...(code ? { language_code: code } : {}) });
    }
  }

  async function remove(scope: BotCommandScope): Promise<void> {
    for (const { code } of languages(deps.defaultLocale)) await deps.api.deleteMyCommands({ scope, ...(code ? { language_code: code } : {}) });
  }

  async function syncChat(chatId: string, binding: Binding | null, scope: string | null = null): Promise<void> {
    const chat: BotCommandScope = { type: 'chat', chat_id: Number(chatId) };
    try {
      if (binding) await set(chat, 'group', chatHolder(binding, scope));
      else await remove(chat);
    } catch (err) {
      deps.log.warn({ err, binding }, 'could not update a chat command menu');
    }
  }

  /** Each member's private menu, and in each bound staff chat its leads' and the admins' own. */
  async function wanted(): Promise<Wanted[]> {
    const staffChats = (await deps.boundChats()).filter((c) => c.binding === 'staff');
    return (await deps.members()).flatMap((m) => [
      ...(m.privateChatId ? [{ scope: { type: 'chat', chat_id: Number(m.privateChatId) } as BotCommandScope, where: 'private' as const, roles: m.roles }] : []),
      ...staffChats.filter((c) => m.roles.isAdmin || m.roles.has('lead', c.scope ?? ''))
        .map((c) => ({ scope: { type: 'chat_member', chat_id: Number(c.chatId), user_id: Number(m.userId) } as BotCommandScope, where: 'group' as const, roles: m.roles })),
    ]);
  }

  async function syncMembers(): Promise<void> {
    const seen = new Set<string>();
    for (const w of await wanted()) {
      const key = JSON.stringify(w.scope);
      seen.add(key);
      const list = JSON.stringify(languages(deps.defaultLocale).map(({ locale }) => menuFor(deps.commands(), w.where, w.roles, locale)));
      if (memberLists.get(key) === list) continue;
      try {
        await set(w.scope, w.where, w.roles);
        memberLists.set(key, list);
      } catch (err) {
        deps.log.warn({ err, scope: w.scope.type }, 'could not set a member command menu');
      }
    }
    for (const key of [...memberLists.keys()].filter((k) => !seen.has(k))) {
      await remove(JSON.parse(key) as BotCommandScope).catch((err: unknown) => deps.log.warn({ err }, 'could not remove a member command menu'));
      memberLists.delete(key);
    }
  }

  return {
    syncChat,
    syncMembers,
    async syncAll() {
      try {
        await set({ type: 'all_private_chats' }, 'private', undefined);
        await set({ type: 'all_group_chats' }, 'group', undefined);
      } catch (err) {
        deps.log.warn({ err }, 'could not set the command menus');
      }
      for (const c of await deps.boundChats()) await syncChat(c.chatId, c.binding, c.scope);
      await syncMembers();
    },
  };
}

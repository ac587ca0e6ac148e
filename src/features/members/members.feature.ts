/** /start, /help, /lang and /whoami. */
import type { Config } from '../../config.js';
import { button, type Command, type Ctx, type Feature } from '../../core/feature.js';
import { pick, tr, type Locale } from '../../core/i18n.js';
import { chatHolder, mayUse } from '../../core/roles.js';
import type { AccessService } from '../access/access.service.js';
import { membersMessages, PLATFORM_NAMES } from './members.messages.js';
import type { MembersService } from './members.service.js';

export interface MembersFeatureDeps {
  config: Config;
  members: MembersService;
  access: AccessService;
  /** Every command of the app, for /help. */
  commands: () => readonly Command[];
  /** What /join does with a code. */
  join: (ctx: Ctx, code: string) => Promise<void>;
}

const LANG_WORDS: Record<string, Locale> = {
  zh: 'zh-CN', 'zh-cn': 'zh-CN', cn: 'zh-CN', 中文: 'zh-CN', 简体中文: 'zh-CN', chinese: 'zh-CN',
  en: 'en', english: 'en', 英文: 'en', 英语: 'en',
};

export function membersFeature(deps: MembersFeatureDeps): Feature {
  const { config, members, access } = deps;
  const m = (l: Locale) => tr(membersMessages, l);

  /** The welcome; `/start CODE` (a Telegram deep link t.me/bot?start=CODE) also redeems a join code. */
  async function start(ctx: Ctx, args: string) {
    ctx.reply(m(ctx.locale).welcome({ name: ctx.member.name, campus: pick(config.campus.name, ctx.locale) }));
    if (args.trim() && ctx.chat.kind === 'private') await deps.join(ctx, args.trim());
  }

  /**
   * The commands one may use here, everyone's first, then those of a role. Privately: the
   * member's own. In a group: the chat's (everyone's, and a holder's of its binding, as its
   * Telegram menu), the same whoever asks, so the group never learns the asker is staff or admin;
   * a last line points to a private /help for the asker's own.
   */
  async function help(ctx: Ctx) {
    const group = ctx.chat.kind === 'group';
    const roles = group ? chatHolder(ctx.chat.binding, ctx.chat.scope) : ctx.roles;
    const listed = (c: Command) => c.listedFor ?? c.roles;
    // a variant (`/reply C-1`) is listed with its plain command
    const usable = deps.commands().filter((c) => !c.takes && mayUse(roles, listed(c)) && !(group && c.where === 'private'));
    const line = (c: Command) => `/${c.name} — ${c.summary(ctx.locale, roles)}`;
    const common = usable.filter((c) => !listed(c)).map(line);
    const work = usable.filter((c) => listed(c)).map(line);
    const parts = [m(ctx.locale).helpTitle, ...common];
    if (work.length) parts.push('', group ? m(ctx.locale).helpChatWorkTitle : m(ctx.locale).helpStaffTitle, ...work);
    parts.push('', ...(group ? [m(ctx.locale).helpGroupHint, m(ctx.locale).helpOwnPrivately] : [m(ctx.locale).helpPlainWords]));
    ctx.reply(parts.join('\n'));
  }

  async function setLang(ctx: Ctx, locale: Locale) {
    await members.setLocale(ctx.member.id, locale);
    ctx.reply(m(locale).langSet);
  }

  async function lang(ctx: Ctx, args: string) {
    const chosen = LANG_WORDS[args.trim().toLowerCase()];
    if (chosen) return setLang(ctx, chosen);
    if (args.trim()) return ctx.reply(m(ctx.locale).langUsage);
    ctx.reply({
      text: m(ctx.locale).langCurrent,
      buttons: [[button('中文', 'members', 'lang', 'zh-CN'), button('English', 'members', 'lang', 'en')]],
    });
  }

  async function whoami(ctx: Ctx) {
    const l = ctx.locale;
    // An admin both in config and by a role row is one admin: each role is listed once.
    const roles = [...new Set([m(l).student, ...ctx.roles.grants.map((g) => access.describe(g, l))])];
    const accounts = (await members.identities(ctx.member.id)).map((i) => m(l).account({ platform: PLATFORM_NAMES[i.platform][l], name: i.username ? `@${i.username}` : i.displayName }));
    ctx.reply(m(l).whoami({ name: ctx.member.name, id: ctx.member.id, roles: roles.join(m(l).listSeparator), accounts: accounts.join(m(l).listSeparator) }));
  }

  return {
    name: 'members',
    commands: [
      { name: 'start', summary: (l) => m(l).startSummary, run: start },
      { name: 'help', summary: (l) => m(l).helpSummary, run: help },
      { name: 'lang', summary: (l) => m(l).langSummary, run: lang },
      { name: 'whoami', summary: (l) => m(l).whoamiSummary, run: whoami, answers: 'private' }, // member number, roles, accounts
    ],
    privacy: {
      // members.id is the member itself; the row stays nameless (see members.erased_at).
      handles: { members: ['id'], identities: ['member_id'], memberships: ['member_id'], conversations: ['member_id'], steps: ['member_id'] },
      exportMine: (q, id) => members.exportMine(q, id),
      forget: (q, id, now) => members.erase(q, id, now),
    },
    buttons: {
      lang: async (ctx, [code]) => {
        if (code === 'zh-CN' || code === 'en') await setLang(ctx, code);
        else ctx.reply(m(ctx.locale).langUsage);
      },
    },
  };
}

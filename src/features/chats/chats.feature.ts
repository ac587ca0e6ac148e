/** /bind and /unbind: what a group chat is for. */
import type { Config } from '../../config.js';
import { requireDepartment } from '../access/access.departments.js';
import { AppError } from '../../core/errors.js';
import type { Ctx, Feature } from '../../core/feature.js';
import type { Suggest } from '../../core/suggest.js';
import { pick, tr, type Locale } from '../../core/i18n.js';
import { chatsMessages } from './chats.messages.js';
import type { BindTarget, ChatsService } from './chats.service.js';

const m = (l: Locale) => tr(chatsMessages, l);
const refuse = (code: string, render: (l: Locale) => string) => new AppError(code, render);

export function chatsFeature(deps: { config: Config; chats: ChatsService }): Feature {
  const { config, chats } = deps;

  /** The binding asked for ("staff logistics", "class class-2301", "management"), with what to answer. */
  function target(ctx: Ctx, args: string[]): (BindTarget & { text: string }) | undefined {
    const [kind = '', scope = ''] = args;
    if (kind === 'management') return { binding: 'management', scope: null, text: m(ctx.locale).boundManagement };
    if (kind === 'staff') {
      if (!ctx.roles.isAdmin) throw refuse('chats.admin_only', (l) => m(l).adminOnly); // before naming departments
      const dept = requireDepartment(config, scope);
      return { binding: 'staff', scope: dept.id, text: m(ctx.locale).boundStaff({ dept: pick(dept.name, ctx.locale) }) };
    }
    if (kind === 'class' && /^[a-z0-9][a-z0-9_-]*$/.test(scope)) return { binding: 'class', scope, text: m(ctx.locale).boundClass({ group: scope }) };
    return undefined;
  }

  async function currentChat(ctx: Ctx) {
    if (ctx.chat.kind !== 'group') throw refuse('chats.group_only', (l) => m(l).groupOnly);
    return (await chats.find(ctx.chat.platform, ctx.chat.platformChatId))!;
  }

  const actor = (ctx: Ctx) => ({ memberId: ctx.member.id, roles: ctx.roles });

  async function bind(ctx: Ctx, args: string) {
    const chat = await currentChat(ctx);
    const t = target(ctx, args.split(/\s+/).filter(Boolean));
    if (!t) return ctx.reply(m(ctx.locale).bindUsage);
    await chats.bind(chat, t, actor(ctx), ctx.now);
    ctx.reply(t.text);
  }

  async function unbind(ctx: Ctx) {
    const chat = await currentChat(ctx);
    if (!chat.binding) return ctx.reply(m(ctx.locale).notBound);
    await chats.bind(chat, { binding: null, scope: null }, actor(ctx), ctx.now);
    ctx.reply(m(ctx.locale).unbound);
  }

  /** The class keys a member may bind a group to while typing /bind: a rep's own classes; an admin's also every bound one. */
  const suggestClass: Suggest = async (ask) => {
    if (ask.command !== 'bind') return [];
    const typed = ask.typed.normalize('NFKC').trim().toLowerCase();
    const keys = [...new Set([...ask.roles.repGroups(), ...(ask.roles.isAdmin ? await chats.classes() : [])])].sort();
    return keys.filter((k) => k.includes(typed)).map((k) => ({ label: k, value: k }));
  };

  return {
    name: 'chats',
    suggest: { class: suggestClass },
    commands: [
      { name: 'bind', roles: ['rep', 'admin'], summary: (l) => m(l).bindSummary, run: bind },
      { name: 'unbind', roles: ['rep', 'admin'], summary: (l) => m(l).unbindSummary, run: unbind },
    ],
  };
}

/** /grant, /revoke, /invite, /join and /link: thin triggers over the access service. */
import type { Config } from '../../config.js';
import { AppError } from '../../core/errors.js';
import type { Ctx, Feature } from '../../core/feature.js';
import { tr } from '../../core/i18n.js';
import type { Messenger } from '../../core/messenger.js';
import { formatDateTime } from '../../core/time.js';
import type { MembersService } from '../members/members.service.js';
import { accessMessages } from './access.messages.js';
import type { AccessService } from './access.service.js';

export interface AccessFeatureDeps {
  config: Config;
  access: AccessService;
  members: MembersService;
  messenger: Messenger;
}

const words = (args: string) => args.split(/\s+/).filter(Boolean);

export function accessFeature(deps: AccessFeatureDeps): Feature {
  const { access, members, config } = deps;
  const m = (ctx: Ctx) => tr(accessMessages, ctx.locale);
  const when = (ctx: Ctx, d: Date) => formatDateTime(d, config.campus.timezone, ctx.locale);

  /** Parses "role scope @who" for /grant and /revoke; undefined when something is missing. */
  function parseRoleChange(args: string) {
    if (!words(args).length) return undefined;
    const { grant, rest } = access.parseGrant(words(args));
    const who = rest[0];
    if (!who) return undefined;
    const memberId = members.resolve(who);
    if (memberId === undefined) throw new AppError('access.unknown_person', (l) => tr(accessMessages, l).unknownPerson({ who }));
    return { grant, memberId, name: members.get(memberId)!.name };
  }

  async function grant(ctx: Ctx, args: string) {
    const p = parseRoleChange(args);
    if (!p) return ctx.reply(m(ctx).grantUsage);
    const role = access.describe(p.grant, ctx.locale);
    const added = access.grant(ctx.member.id, ctx.roles, p.memberId, p.grant, ctx.now);
    ctx.reply(added ? m(ctx).granted({ who: p.name, role }) : m(ctx).alreadyHeld({ who: p.name, role }));
    if (added) deps.messenger.toMember(p.memberId, (l) => ({ text: tr(accessMessages, l).youWereGranted({ role: access.describe(p.grant, l) }) }));
  }

  async function revoke(ctx: Ctx, args: string) {
    const p = parseRoleChange(args);
    if (!p) return ctx.reply(m(ctx).revokeUsage);
    const role = access.describe(p.grant, ctx.locale);
    const removed = access.revoke(ctx.member.id, ctx.roles, p.memberId, p.grant, ctx.now);
    ctx.reply(removed ? m(ctx).revoked({ who: p.name, role }) : m(ctx).notHeld({ who: p.name, role }));
  }

  async function invite(ctx: Ctx, args: string) {
    if (!words(args).length) return ctx.reply(m(ctx).inviteUsage);
    const { grant: g } = access.parseGrant(words(args));
    const made = access.invite(ctx.member.id, ctx.roles, g, ctx.now);
    ctx.reply(m(ctx).inviteCreated({ code: made.code, role: access.describe(g, ctx.locale), until: when(ctx, made.expiresAt) }));
  }

  async function join(ctx: Ctx, args: string) {
    if (!args) return ctx.reply(m(ctx).joinUsage);
    const r = access.join(ctx.member.id, args, ctx.now);
    const role = access.describe(r.grant, ctx.locale);
    ctx.reply(r.granted ? m(ctx).joined({ role }) : m(ctx).codeOutlived({ role }));
  }

  async function link(ctx: Ctx, args: string) {
    if (args) {
      access.redeemLink(ctx.member.id, args, ctx.now);
      return ctx.reply(m(ctx).linked);
    }
    const made = access.createLinkCode(ctx.member.id, ctx.now);
    ctx.reply(m(ctx).linkCreated({ code: made.code, until: when(ctx, made.expiresAt) }));
  }

  const summary = (key: 'grantSummary' | 'revokeSummary' | 'inviteSummary' | 'joinSummary' | 'linkSummary') =>
    (l: 'zh-CN' | 'en') => tr(accessMessages, l)[key];

  return {
    name: 'access',
    commands: [
      { name: 'join', where: 'private', summary: summary('joinSummary'), run: join },
      { name: 'link', where: 'private', summary: summary('linkSummary'), run: link },
      { name: 'grant', roles: ['lead', 'admin'], summary: summary('grantSummary'), run: grant },
      { name: 'revoke', roles: ['lead', 'admin'], summary: summary('revokeSummary'), run: revoke },
      { name: 'invite', roles: ['lead', 'admin'], summary: summary('inviteSummary'), run: invite, answers: 'private' }, // the code is a secret
    ],
  };
}

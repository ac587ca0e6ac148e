/** /grant, /revoke, /invite, /join and /link (with its confirm buttons): thin triggers over the access and link services. */
import type { Config } from '../../config.js';
import { writeAudit } from '../../core/audit.repo.js';
import { AppError } from '../../core/errors.js';
import type { Ctx, Feature } from '../../core/feature.js';
import { tr } from '../../core/i18n.js';
import type { Messenger } from '../../core/messenger.js';
import { formatDateTime } from '../../core/time.js';
import { isMemberNumber, type MembersService } from '../members/members.service.js';
import { accessMessages } from './access.messages.js';
import { LINK_EXPIRE_TASK, type LinkService } from './access.links.js';
import { accessExport, forgetAccessRows } from './access.repo.js';
import type { AccessService } from './access.service.js';

export interface AccessFeatureDeps {
  config: Config;
  access: AccessService;
  links: LinkService;
  members: MembersService;
  messenger: Messenger;
}

const words = (args: string) => args.split(/\s+/).filter(Boolean);

export function accessFeature(deps: AccessFeatureDeps): Feature {
  const { access, links, members, config } = deps;
  const m = (ctx: Ctx) => tr(accessMessages, ctx.locale);
  const when = (ctx: Ctx, d: Date) => formatDateTime(d, config.campus.timezone, ctx.locale);

  /**
   * Parses "role scope @who" for /grant and /revoke; undefined when something is missing. A member
   * number the actor may not name (access.mayName) is answered like one that does not exist.
   */
  async function parseRoleChange(ctx: Ctx, args: string) {
    if (!words(args).length) return undefined;
    const { grant, rest } = access.parseGrant(words(args));
    const who = rest[0];
    if (!who) return undefined;
    const memberId = await members.resolveAmong(who, (id) => !isMemberNumber(who) || access.mayName(ctx.roles, id));
    if (memberId === undefined) throw new AppError('access.unknown_person', (l) => tr(accessMessages, l).unknownPerson({ who }));
    return { grant, memberId, name: (await members.get(memberId))!.name };
  }

  async function grant(ctx: Ctx, args: string) {
    const p = await parseRoleChange(ctx, args);
    if (!p) return ctx.reply(m(ctx).grantUsage);
    const role = access.describe(p.grant, ctx.locale);
    const added = await access.grant(ctx.member.id, ctx.roles, p.memberId, p.grant, ctx.now);
    ctx.reply(added ? m(ctx).granted({ who: p.name, role }) : m(ctx).alreadyHeld({ who: p.name, role }));
    if (added) await deps.messenger.toMember(p.memberId, (l) => ({ text: tr(accessMessages, l).youWereGranted({ role: access.describe(p.grant, l) }) }));
  }

  async function revoke(ctx: Ctx, args: string) {
    const p = await parseRoleChange(ctx, args);
    if (!p) return ctx.reply(m(ctx).revokeUsage);
    const role = access.describe(p.grant, ctx.locale);
    const removed = await access.revoke(ctx.member.id, ctx.roles, p.memberId, p.name, p.grant, ctx.now);
    ctx.reply(removed ? m(ctx).revoked({ who: p.name, role }) : m(ctx).notHeld({ who: p.name, role }));
  }

  async function invite(ctx: Ctx, args: string) {
    if (!words(args).length) return ctx.reply(m(ctx).inviteUsage);
    const { grant: g } = access.parseGrant(words(args));
    const made = await access.invite(ctx.member.id, ctx.roles, g, ctx.now);
    ctx.reply(m(ctx).inviteCreated({ code: made.code, role: access.describe(g, ctx.locale), until: when(ctx, made.expiresAt) }));
  }

  async function join(ctx: Ctx, args: string) {
    if (!args) return ctx.reply(m(ctx).joinUsage);
    const r = await access.join(ctx.member.id, args, ctx.now);
    const role = access.describe(r.grant, ctx.locale);
    ctx.reply(r.granted ? m(ctx).joined({ role }) : m(ctx).codeOutlived({ role }));
  }

  /** `/link` asks for a code on this account; `/link CODE` types one made on another account. */
  async function link(ctx: Ctx, args: string) {
    const platform = ctx.msg.chat.platform;
    const answer = await (args.trim() ? links.redeem(ctx.member.id, platform, args, ctx.now) : links.request(ctx.member.id, platform, ctx.now));
    ctx.reply(answer(ctx.locale));
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
    privacy: {
      // granted_by and created_by are the staff who granted a role or made a code: their work, kept as numbers.
      handles: { role_grants: ['member_id', 'granted_by'], join_codes: ['created_by', 'used_by'], account_links: ['creator_member_id', 'redeemer_member_id'] },
      exportMine: accessExport,
      forget: async (q, memberId, now) => {
        for (const link of await forgetAccessRows(q, memberId, now)) {
          await writeAudit(q, { actorMemberId: memberId, action: 'link.cancelled', target: `link:${link.id}`, detail: { reason: 'member_erased' } }, now);
        }
      },
    },
    buttons: {
      link: async (ctx, [id, answer]) => ctx.reply((await links.press(ctx.member.id, Number(id), answer === 'yes', ctx.now))(ctx.locale)),
    },
    tasks: {
      [LINK_EXPIRE_TASK]: async (p, now) => links.expireDue(Number(p.linkId), now),
    },
  };
}

/**
 * Digests on schedule (each department's daily one in its staff chat, the weekly one in the
 * management chat) through the outbox, and on demand with /digest. A digest due in quiet hours
 * waits for their end; each period's digest is queued once, even if its job runs twice.
 */
import { departmentByWord, type Config } from '../../config.js';
import { requireDepartment } from '../access/access.departments.js';
import { AppError } from '../../core/errors.js';
import type { Ctx, Feature } from '../../core/feature.js';
import { pick, tr, type Locale } from '../../core/i18n.js';
import type { Outbox } from '../../core/outbox.js';
import type { UnitRunner } from '../../core/unit-of-work.js';
import { startOfDay, startOfWeek } from '../../core/time.js';
import type { Holders } from '../access/access.service.js';
import { digestMessages } from './digests.messages.js';
import { createDigestService, type DigestSection } from './digests.service.js';

const m = (l: Locale) => tr(digestMessages, l);

export interface DigestsDeps {
  /** Runs in the caller's unit (a command's, a job's) and queries on its handle. */
  units: UnitRunner;
  config: Config;
  outbox: Outbox;
  /** Sections other features add (survey results in the management digest). */
  sections?: () => DigestSection[];
  /** Who holds a role (a department's leads, the admins get a digest when no chat is bound). */
  holders: Holders;
  /** What a class representative's /digest shows (their polls' turnout). */
  repDigest?: (memberId: number, now: Date, locale: Locale) => Promise<string>;
}

const ALL = /^(all|全部|所有|全部门)$/i;

export function digestsFeature(deps: DigestsDeps): Feature {
  const { config, outbox, units } = deps;
  const tz = config.campus.timezone;
  const digests = createDigestService({ units, config, sections: deps.sections ?? (() => []) });

  /**
   * Which groups may read a /digest: a staff chat its own department's figures (asked by its staff),
   * the management chat every department's (asked by an admin). Elsewhere the answer is private.
   */
  function readsDigest(ctx: Ctx, args: string): boolean {
    if (ctx.chat.binding === 'management') return ctx.roles.isAdmin;
    if (ctx.chat.binding !== 'staff' || !ctx.chat.scope || !ctx.roles.has('staff', ctx.chat.scope)) return false;
    return !args.trim() || departmentByWord(config, args)?.id === ctx.chat.scope;
  }

  /**
   * The departments a /digest covers. Named: that one, for an admin any, for staff only one of
   * theirs. Else: the staff chat's own in a staff chat; the sender's elsewhere (admins: all).
   */
  function digestScope(ctx: Ctx, args: string): string[] | 'all' {
    const word = args.trim();
    if (word && ctx.roles.isAdmin && ALL.test(word)) return 'all';
    if (word) {
      const dept = requireDepartment(config, word);
      const mine = ctx.roles.departments();
      if (ctx.roles.isAdmin || mine.includes(dept.id)) return [dept.id];
      const names = (l: Locale) => config.departments.filter((d) => mine.includes(d.id)).map((d) => pick(d.name, l)).join(m(l).listSep);
      throw new AppError('digests.not_yours', (l) => (mine.length ? m(l).notYourDepartment({ depts: names(l) }) : m(l).noDepartment));
    }
    if (!ctx.inPrivate && ctx.chat.binding === 'staff' && ctx.chat.scope) return [ctx.chat.scope];
    return ctx.roles.isAdmin ? 'all' : ctx.roles.departments();
  }

  /** To the bound chats, else privately to `fallback` members; once per period (the key). */
  async function queue(kind: string, key: string, target: { binding: 'staff' | 'management'; scope: string | null }, render: (l: Locale) => string, fallback: number[], now: Date) {
    await outbox.toBoundOrMembers(units.q(), { kind, key, render: (l: Locale) => ({ text: render(l) }), ...target }, () => fallback, now);
  }

  /** A scheduled digest of the period that just ended; the outbox holds it back in quiet hours. */
  async function due(kind: 'daily' | 'weekly', now: Date): Promise<void> {
    const to = kind === 'daily' ? startOfDay(now, tz) : startOfWeek(now, tz);
    const p = { from: new Date(to.getTime() - (kind === 'daily' ? 1 : 7) * 86_400_000), to };
    if (kind === 'weekly') {
      return queue('digest.weekly', `digest:weekly:${to.getTime()}`, { binding: 'management', scope: null }, await digests.weekly(p), await deps.holders('admin', '*'), now);
    }
    for (const d of config.departments) {
      // Nothing new (no ticket created, resolved or rated): no digest, unless configured; nothing at all: never.
      if (await (config.digests.daily_if_nothing_new ? digests.quiet(d.id, p) : digests.nothingNew(d.id, p))) continue;
      await queue('digest.daily', `digest:daily:${d.id}:${to.getTime()}`, { binding: 'staff', scope: d.id }, await digests.daily(d.id, p), await deps.holders('lead', d.id), now);
    }
  }

  return {
    name: 'digests',
    commands: [{
      name: 'digest', roles: ['staff', 'rep'], summary: (l) => m(l).digestSummary, answers: 'private', sharedIn: readsDigest,
      run: async (ctx, args) => {
        const depts = digestScope(ctx, args);
        // A rep's poll turnout is theirs: only in private (a staff chat reads only its department's figures).
        const rep = ctx.inPrivate && !ctx.roles.isAdmin && ctx.roles.repGroups().length && deps.repDigest ? await deps.repDigest(ctx.member.id, ctx.now, ctx.locale) : undefined;
        if (depts !== 'all' && !depts.length) {
          if (rep) return ctx.reply(rep);
          throw new AppError('digests.no_department', (l) => m(l).noDepartment);
        }
        const text = await digests.onDemand(depts, ctx.now, ctx.locale);
        ctx.reply(rep ? `${text}\n\n${rep}` : text);
      },
    }],
    jobs: [
      { name: 'digests.daily', cron: config.digests.daily_cron, run: (now) => due('daily', now) },
      { name: 'digests.weekly', cron: config.digests.weekly_cron, run: (now) => due('weekly', now) },
    ],
  };
}

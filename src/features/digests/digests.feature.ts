/**
 * Digests on schedule (each department's daily one in its staff chat, the weekly one in the
 * management chat) and on demand with /digest. A digest due in quiet hours waits for their end.
 */
import type { Config } from '../../config';
import type { Db } from '../../db/client';
import { AppError } from '../../core/errors';
import type { Feature } from '../../core/feature';
import { tr, type Locale } from '../../core/i18n';
import type { Messenger } from '../../core/messenger';
import { scheduleTask } from '../../core/tasks.repo';
import { afterQuietHours, startOfDay, startOfWeek } from '../../core/time';
import { holders } from '../access/access.repo';
import { digestMessages } from './digests.messages';
import { createDigestService, type DigestSection } from './digests.service';
import type { Period } from './digests.repo';

const SEND = 'digests.send';
const m = (l: Locale) => tr(digestMessages, l);

export function digestsFeature(deps: { db: Db; config: Config; messenger: Messenger; sections?: () => DigestSection[] }): Feature {
  const { config, messenger } = deps;
  const tz = config.campus.timezone;
  const digests = createDigestService({ db: deps.db, config, sections: deps.sections ?? (() => []) });

  /** Sends a daily or weekly digest for a finished period, to staff chats or the management chat. */
  function send(kind: 'daily' | 'weekly', p: Period): void {
    if (kind === 'weekly') {
      const sent = messenger.toBound('management', null, (l) => ({ text: digests.weekly(p, l) }));
      if (!sent) for (const id of holders(deps.db, 'admin', '*')) messenger.toMember(id, (l) => ({ text: digests.weekly(p, l) }));
      return;
    }
    for (const d of config.departments) {
      if (digests.quiet(d.id, p)) continue; // nothing happened and nothing is open: no digest
      if (!messenger.toBound('staff', d.id, (l) => ({ text: digests.daily(d.id, p, l) }))) {
        for (const id of holders(deps.db, 'lead', d.id)) messenger.toMember(id, (l) => ({ text: digests.daily(d.id, p, l) }));
      }
    }
  }

  /** Runs a scheduled digest now, or when quiet hours end. */
  async function due(kind: 'daily' | 'weekly', now: Date): Promise<void> {
    const to = kind === 'daily' ? startOfDay(now, tz) : startOfWeek(now, tz);
    const from = new Date(to.getTime() - (kind === 'daily' ? 1 : 7) * 86_400_000);
    const later = afterQuietHours(now, tz, config.quiet_hours);
    if (later > now) return scheduleTask(deps.db, SEND, later, { kind, from: from.getTime(), to: to.getTime() }, now, `${SEND}:${kind}:${to.getTime()}`);
    send(kind, { from, to });
  }

  return {
    name: 'digests',
    commands: [{
      name: 'digest', roles: ['staff'], summary: (l) => m(l).digestSummary,
      run: async (ctx) => {
        const depts = ctx.roles.isAdmin ? 'all' : ctx.roles.departments();
        if (depts !== 'all' && !depts.length) throw new AppError('digests.no_department', (l) => m(l).noDepartment);
        ctx.reply(digests.onDemand(depts, ctx.now, ctx.locale));
      },
    }],
    jobs: [
      { name: 'digests.daily', cron: config.digests.daily_cron, run: (now) => due('daily', now) },
      { name: 'digests.weekly', cron: config.digests.weekly_cron, run: (now) => due('weekly', now) },
    ],
    tasks: {
      [SEND]: async (p) => send(p.kind as 'daily' | 'weekly', { from: new Date(Number(p.from)), to: new Date(Number(p.to)) }),
    },
  };
}

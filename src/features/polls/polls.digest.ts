/**
 * What reps hear about their polls: on /digest and in a weekly summary (through the outbox, once
 * per week and rep), each poll open during the week with its turnout.
 */
import type { Config } from '../../config.js';
import type { Db } from '../../db/client.js';
import { tr, type Locale } from '../../core/i18n.js';
import type { Outbox } from '../../core/outbox.js';
import { startOfWeek } from '../../core/time.js';
import { pollsMessages } from './polls.messages.js';
import { pct } from './polls.render.js';
import { pollsSince } from './polls.repo.js';
import type { PollsService } from './polls.service.js';

const WEEK = 7 * 86_400_000;

export function createPollsDigest(deps: { db: Db; config: Config; outbox: Outbox; polls: PollsService }) {
  const { db, polls } = deps;

  /** The member's polls open at some moment since `from`, with turnout; undefined when none. */
  function summary(memberId: number, from: Date, l: Locale): string | undefined {
    const rows = pollsSince(db, from, memberId);
    if (!rows.length) return undefined;
    const m = tr(pollsMessages, l);
    return [m.digestTitle, ...rows.map((p) => {
      const t = polls.tally(p);
      return m.digestLine({ id: p.id, question: p.question, state: p.status === 'open' ? m.open : m.closed, voters: t.voters, roster: t.roster, pct: pct(t.voters, t.roster) });
    })].join('\n');
  }

  /** For /digest: the last seven days (and what is still open). */
  function onDemand(memberId: number, now: Date, l: Locale): string {
    return summary(memberId, new Date(now.getTime() - WEEK), l) ?? tr(pollsMessages, l).digestNone;
  }

  /** Each rep who ran a poll last week gets their summary privately, once per week. */
  async function weekly(now: Date): Promise<void> {
    const to = startOfWeek(now, deps.config.campus.timezone);
    const from = new Date(to.getTime() - WEEK);
    const starters = [...new Set(pollsSince(db, from).filter((p) => p.createdAt < to).map((p) => p.createdBy))];
    for (const memberId of starters) {
      deps.outbox.toMember(db, {
        kind: 'poll.digest', key: `poll:digest:${to.getTime()}:m${memberId}`, memberId,
        render: (l) => ({ text: summary(memberId, from, l) ?? tr(pollsMessages, l).digestNone }),
      }, now);
    }
  }

  return { onDemand, weekly };
}

export type PollsDigest = ReturnType<typeof createPollsDigest>;

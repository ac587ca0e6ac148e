/**
 * What reps hear about their polls: on /digest and in a weekly summary (through the outbox, once
 * per week and rep), each poll open during the week with its turnout.
 */
import type { Config } from '../../config.js';
import { tr, type Locale } from '../../core/i18n.js';
import type { Outbox } from '../../core/outbox.js';
import { startOfWeek } from '../../core/time.js';
import { pollsMessages } from './polls.messages.js';
import { pct } from './polls.render.js';
import { pollsSince } from './polls.repo.js';
import type { PollsService } from './polls.service.js';
import type { Tally } from './polls.render.js';
import type { PollRow } from './polls.repo.js';
import type { UnitRunner } from '../../core/unit-of-work.js';

const WEEK = 7 * 86_400_000;

export function createPollsDigest(deps: { units: UnitRunner; config: Config; outbox: Outbox; polls: PollsService }) {
  const { units, polls } = deps;

  /** The member's polls open at some moment since `from`, with their turnout. */
  async function turnout(memberId: number, from: Date): Promise<{ p: PollRow; t: Tally }[]> {
    const rows = await pollsSince(units.q(), from, memberId);
    const out: { p: PollRow; t: Tally }[] = [];
    for (const p of rows) out.push({ p, t: await polls.tally(p) });
    return out;
  }

  /** The summary of `turnout` in a language; undefined when there is no poll. */
  function summary(polled: { p: PollRow; t: Tally }[], l: Locale): string | undefined {
    if (!polled.length) return undefined;
    const m = tr(pollsMessages, l);
    return [m.digestTitle, ...polled.map(({ p, t }) =>
      m.digestLine({ id: p.id, question: p.question, state: p.status === 'open' ? m.open : m.closed, voters: t.voters, roster: t.roster, pct: pct(t.voters, t.roster) }))].join('\n');
  }

  /** For /digest: the last seven days (and what is still open). */
  async function onDemand(memberId: number, now: Date, l: Locale): Promise<string> {
    return summary(await turnout(memberId, new Date(now.getTime() - WEEK)), l) ?? tr(pollsMessages, l).digestNone;
  }

  /** Each rep who ran a poll last week gets their summary privately, once per week. */
  async function weekly(now: Date): Promise<void> {
    const to = startOfWeek(now, deps.config.campus.timezone);
    const from = new Date(to.getTime() - WEEK);
    const starters = [...new Set((await pollsSince(units.q(), from)).filter((p) => p.createdAt < to).map((p) => p.createdBy))];
    for (const memberId of starters) {
      const polled = await turnout(memberId, from);
      await deps.outbox.toMember(units.q(), {
        kind: 'poll.digest', key: `poll:digest:${to.getTime()}:m${memberId}`, memberId,
        render: (l) => ({ text: summary(polled, l) ?? tr(pollsMessages, l).digestNone }),
      }, now);
    }
  }

  return { onDemand, weekly };
}

export type PollsDigest = ReturnType<typeof createPollsDigest>;

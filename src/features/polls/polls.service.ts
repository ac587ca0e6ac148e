/**
 * Class polls: starting one (its closing and reminders are rows), voting under a per-poll keyed
 * token (anonymous) or the member (named), coalesced live edits of the poll message, reminders,
 * closing (results posted, key erased) and extending. Expected failures are AppErrors.
 */
import { createHmac } from 'node:crypto';
import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import { writeAudit } from '../../core/audit.repo.js';
import { AppError } from '../../core/errors.js';
import { tr } from '../../core/i18n.js';
import type { SentRef } from '../../core/message.js';
import type { Messenger } from '../../core/messenger.js';
import type { Outbox } from '../../core/outbox.js';
import { hexId, type Rng } from '../../core/rng.js';
import { cancelTask, scheduleTask } from '../../core/tasks.repo.js';
import { vacuumLater } from '../../core/vacuum.repo.js';
import { formatDateTime, parseDuration } from '../../core/time.js';
import type { UnitRunner } from '../../core/unit-of-work.js';
import type { Outgoing } from '../../core/message.js';
import { pollsMessages } from './polls.messages.js';
import type { PollSpec } from './polls.parse.js';
import { closedOut, pollOut, resultsText, voteButtons, type Tally } from './polls.render.js';
import {
  addPollMessage, ballotOf, choicesOf, closePoll, editDone, forgetVoters, getPoll, insertPoll, markEditDue, pollMessagesOf,
  rosterOf, saveBallot, sealBallots, setClosesAt, voterIds, type PollRow,
} from './polls.repo.js';

export interface PollsDeps {
  /** Every function runs in the caller's unit and queries on its handle (`units.q()`). */
  units: UnitRunner;
  config: Config;
  rng: Rng;
  log: Logger;
  messenger: Messenger;
  outbox: Outbox;
}

/** At most one live edit of a poll message this often (Telegram allows ~20 messages a minute per group). */
export const EDIT_EVERY_MS = 3_000;
/** The latest a poll may close. */
export const MAX_DAYS = 366;

export type VoteOutcome =
  | { kind: 'voted' | 'changed'; option: string }
  | { kind: 'withdrawn' }
  | { kind: 'ticked'; options: string[] };

const closedError = (id: number) => new AppError('poll.closed', (l) => tr(pollsMessages, l).pollClosed({ id }));
export const unknownPoll = (id: string) => new AppError('poll.unknown', (l) => tr(pollsMessages, l).unknownPoll({ id }));

export function createPollsService(deps: PollsDeps) {
  const { units, config, outbox, messenger } = deps;
  const tz = config.campus.timezone;
  const defaultLocale = config.campus.default_locale;

  /** The ballot token: the member for named polls; for anonymous ones an HMAC under the poll's key. */
  function tokenOf(poll: PollRow, memberId: number): string {
    if (!poll.anonymous) return `m${memberId}`;
    if (!poll.tokenKey) throw closedError(poll.id);
    return createHmac('sha256', poll.tokenKey).update(`${poll.id}:${memberId}`).digest('base64url').slice(0, 22);
  }

  async function tally(poll: PollRow): Promise<Tally> {
    if (poll.status === 'closed' && poll.finalCounts) return { counts: poll.finalCounts, voters: poll.finalVoters ?? 0, roster: poll.finalRoster ?? 0 };
    const counts = poll.options.map(() => 0);
    const all = await choicesOf(units.q(), poll.id);
    for (const c of all) poll.options.forEach((_, i) => { if (c & (1 << i)) counts[i]!++; });
    const roster = (await rosterOf(units.q(), poll.groupKey)).length;
    return { counts, voters: all.length, roster: Math.max(roster, all.length) };
  }

  async function get(id: number): Promise<PollRow> {
    const poll = await getPoll(units.q(), id);
    if (!poll) throw unknownPoll(`#${id}`);
    return poll;
  }

  /** Creates the poll with its closing and reminder rows; the caller posts its message. */
  async function create(spec: PollSpec, groupKey: string, memberId: number, now: Date): Promise<PollRow> {
    const closesAt = spec.closesAt ?? new Date(now.getTime() + parseDuration(config.polls.default_duration)!);
    if (closesAt.getTime() - now.getTime() > MAX_DAYS * 86_400_000) {
      throw new AppError('poll.too_far', (l) => tr(pollsMessages, l).problems({ lines: tr(pollsMessages, l).tooFar({ days: MAX_DAYS }) }));
    }
    return units.atomic(async (q) => {
      const poll = await insertPoll(q, {
        groupKey, question: spec.question, options: spec.options, anonymous: spec.anonymous, multi: spec.multi, hideResults: spec.hideResults,
        createdBy: memberId, createdAt: now, closesAt, tokenKey: spec.anonymous ? hexId(deps.rng, 32) : null,
      });
      await schedule(poll, now);
      await writeAudit(q, { actorMemberId: memberId, action: 'poll.create', target: `poll:${poll.id}`, detail: { group: groupKey, anonymous: spec.anonymous } }, now);
      return poll;
    });
  }

  /** The closing row and one reminder row per configured lead time that is still ahead. */
  async function schedule(poll: PollRow, now: Date): Promise<void> {
    const q = units.q();
    await scheduleTask(q, 'polls.close', poll.closesAt, { pollId: poll.id }, now, `poll-close:${poll.id}`);
    const times = config.polls.remind_before.map((d) => poll.closesAt.getTime() - parseDuration(d)!);
    for (const [n, at] of times.entries()) {
      // Stale once a later reminder (or the close) is due: after downtime only the last one still due goes out.
      const staleAt = new Date(Math.min(poll.closesAt.getTime(), ...times.filter((t) => t > at)));
      if (at > now.getTime()) await scheduleTask(q, 'polls.remind', new Date(at), { pollId: poll.id, n }, now, `poll-remind:${poll.id}:${n}`, staleAt);
      else await cancelTask(q, `poll-remind:${poll.id}:${n}`);
    }
  }

  /** The message that shows the poll (in the campus language, as group messages are). */
  const message = async (poll: PollRow): Promise<Outgoing> => pollOut(poll, await tally(poll), tz, defaultLocale);

  /** Remembers where the poll message went (the send's onSent), to edit it later. */
  async function posted(pollId: number, ref: SentRef): Promise<void> {
    await addPollMessage(units.q(), pollId, ref);
  }

  /** One tap on option `option`: votes, takes back (same option again), changes, or toggles (multi). */
  async function vote(pollId: number, memberId: number, option: number, now: Date): Promise<VoteOutcome> {
    const poll = await get(pollId);
    if (poll.status !== 'open' || now >= poll.closesAt) throw closedError(poll.id);
    if (!Number.isInteger(option) || option < 0 || option >= poll.options.length) throw unknownPoll(`#${pollId}`);
    const token = tokenOf(poll, memberId);
    const q = units.q();
    const before = (await ballotOf(q, poll.id, token)) ?? 0;
    const bit = 1 << option;
    const after = poll.multi ? before ^ bit : before === bit ? 0 : bit;
    await saveBallot(q, poll.id, token, memberId, !poll.anonymous, after);
    await editSoon(poll, now);
    if (poll.multi) return { kind: 'ticked', options: poll.options.filter((_, i) => after & (1 << i)) };
    if (!after) return { kind: 'withdrawn' };
    return { kind: before ? 'changed' : 'voted', option: poll.options[option]! };
  }

  /** Takes back a member's vote in an open poll, named or anonymous (/forgetme); the counts follow. */
  async function withdraw(pollId: number, memberId: number, now: Date): Promise<void> {
    const poll = await get(pollId);
    if (poll.status !== 'open') return;
    await saveBallot(units.q(), poll.id, tokenOf(poll, memberId), memberId, !poll.anonymous, 0);
    await editSoon(poll, now);
  }

  /** Marks the live edit due (at most one per EDIT_EVERY_MS); the `polls.refresh` row makes it. */
  async function editSoon(poll: PollRow, now: Date): Promise<void> {
    const at = new Date(Math.max(now.getTime(), (poll.editedAt?.getTime() ?? 0) + EDIT_EVERY_MS));
    if (await markEditDue(units.q(), poll.id, at)) await scheduleTask(units.q(), 'polls.refresh', at, { pollId: poll.id }, now, `poll-refresh:${poll.id}`);
  }

  /** The due live edit: every copy of the poll message shows the counts as they are now. */
  async function refresh(pollId: number, now: Date): Promise<void> {
    const q = units.q();
    const poll = await getPoll(q, pollId);
    if (!poll || poll.status !== 'open') return;
    const out = await message(poll);
    for (const ref of await pollMessagesOf(q, poll.id)) messenger.edit(ref, () => out);
    await editDone(q, poll.id, now);
  }

  /** Closes the poll: figures frozen, key erased, results posted, poll message edited to "closed". */
  async function close(pollId: number, now: Date, by?: number): Promise<boolean> {
    const q = units.q();
    const poll = await get(pollId);
    if (poll.status !== 'open') return false;
    const t = await tally(poll);
    if (!(await closePoll(q, poll.id, now, t))) return false;
    if (poll.anonymous) {
      // Nothing left that links a ballot to a voter: not "who voted", not the order the ballots were stored in, nor their old versions.
      await forgetVoters(q, poll.id);
      await sealBallots(q, poll.id);
      await vacuumLater(q, ['polls', 'pollBallots', 'pollVoters'], now);
    }
    for (const key of [`poll-close:${poll.id}`, `poll-refresh:${poll.id}`, ...config.polls.remind_before.map((_, n) => `poll-remind:${poll.id}:${n}`)]) await cancelTask(q, key);
    const closed = { ...poll, status: 'closed' as const, closedAt: now };
    // A chat's messages go in the order they were written: the poll shows it closed, then the results follow.
    for (const ref of await pollMessagesOf(q, poll.id)) messenger.edit(ref, (l) => closedOut(closed, t, tz, l));
    await outbox.toBound(q, { kind: 'poll.results', key: `poll:${poll.id}:results`, binding: 'class', scope: poll.groupKey, render: (l) => ({ text: resultsText(closed, t, tz, l) }) }, now);
    if (by !== undefined) await writeAudit(q, { actorMemberId: by, action: 'poll.close', target: `poll:${poll.id}` }, now);
    deps.log.info({ pollId: poll.id }, 'poll closed');
    return true;
  }

  /** Moves the closing time (later or earlier, but ahead of now); reminders follow it. */
  async function extend(pollId: number, closesAt: Date, now: Date, by: number): Promise<PollRow> {
    const q = units.q();
    const poll = await get(pollId);
    if (poll.status !== 'open') throw closedError(poll.id);
    await setClosesAt(q, poll.id, closesAt);
    const moved = { ...poll, closesAt };
    await schedule(moved, now);
    await writeAudit(q, { actorMemberId: by, action: 'poll.extend', target: `poll:${poll.id}`, detail: { closesAt: closesAt.toISOString() } }, now);
    await editSoon(poll, now);
    return moved;
  }

  /** Reminds the group, and for named polls each roster member who has not voted, privately. */
  async function remind(pollId: number, n: number, now: Date): Promise<void> {
    const q = units.q();
    const poll = await getPoll(q, pollId);
    if (!poll || poll.status !== 'open' || now >= poll.closesAt) return; // caught up after closing time: no stale reminder
    const t = await tally(poll);
    const when = (l: typeof defaultLocale) => formatDateTime(poll.closesAt, tz, l);
    await outbox.toBound(q, {
      kind: 'poll.reminder', key: `poll:${poll.id}:remind:${n}`, binding: 'class', scope: poll.groupKey,
      render: (l) => ({ text: tr(pollsMessages, l).remindGroup({ id: poll.id, question: poll.question, when: when(l), voters: t.voters, roster: t.roster }) }),
    }, now);
    if (poll.anonymous) return;
    const voted = new Set(await voterIds(q, poll.id));
    for (const m of (await rosterOf(q, poll.groupKey)).filter((r) => !voted.has(r.id))) {
      await outbox.toMember(q, {
        kind: 'poll.reminder', key: `poll:${poll.id}:remind:${n}:m${m.id}`, memberId: m.id,
        render: (l) => ({ text: tr(pollsMessages, l).remindMember({ question: poll.question, when: when(l) }), buttons: voteButtons(poll) }),
      }, now);
    }
  }

  /** Who in the roster has not voted: named polls only (anonymous polls never say who). */
  async function nonVoters(poll: PollRow): Promise<string[] | undefined> {
    if (poll.anonymous) return undefined;
    const voted = new Set(await voterIds(units.q(), poll.id));
    return (await rosterOf(units.q(), poll.groupKey)).filter((r) => !voted.has(r.id)).map((r) => r.name);
  }

  return { create, posted, message, vote, withdraw, refresh, close, extend, remind, tally, get, nonVoters };
}

export type PollsService = ReturnType<typeof createPollsService>;

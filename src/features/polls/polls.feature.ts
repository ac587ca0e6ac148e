/**
 * /poll (start one in a class group, or step by step in private; list, results, close, extend,
 * export), the vote and close buttons, plain words asking for a poll, and the due work: live
 * edits, reminders, closing, the reps' weekly summary.
 */
import type { Config } from '../../config.js';
import { isAppError, AppError } from '../../core/errors.js';
import { type Ctx, type Feature, type Words } from '../../core/feature.js';
import { coreMessages } from '../../core/core.messages.js';
import { tr, type Locale } from '../../core/i18n.js';
import type { Messenger } from '../../core/messenger.js';
import { formatDateTime, parseDuration } from '../../core/time.js';
import { createDialogue } from './polls.dialogue.js';
import { pollsMessages } from './polls.messages.js';
import { parsePoll, type PollSpec } from './polls.parse.js';
import { parseWhen } from './polls.when.js';
import { anonymousCsv, F, namedCsv, problemsText, resultsText } from './polls.render.js';
import { pollsPrivacy } from './polls.privacy.js';
import { classKeys, mergePollRows, namedBallots, pollsOfGroups, recentPolls, type PollRow } from './polls.repo.js';
import type { PollsDigest } from './polls.digest.js';
import { unknownPoll, type PollsService, type VoteOutcome } from './polls.service.js';
import type { UnitRunner } from '../../core/unit-of-work.js';

export interface PollsFeatureDeps {
  units: UnitRunner;
  config: Config;
  polls: PollsService;
  messenger: Messenger;
  digest: PollsDigest;
}

const m = (l: Locale) => tr(pollsMessages, l);
/** Words before the question when a poll is asked for in plain words ("帮我发个投票：…"). */
const ASKING = /^[^|｜]*?(?:投票|poll)\s*[：:，,]?\s*/iu;
/** The subcommands whose answer only the asker may read: results (with non-voters) and the CSV file. */
const PRIVATE_SUBCOMMANDS = /^\s*(?:results|export)(?:\s|$)/iu;

export function pollsFeature(deps: PollsFeatureDeps): Feature {
  const { units, config, polls } = deps;
  const tz = config.campus.timezone;

  /** Reps of the group, admins, and the group's own admins on the platform (asked in that group). */
  function mayManage(ctx: Ctx, group: string): boolean {
    const here = ctx.chat.binding === 'class' && ctx.chat.scope === group;
    return ctx.roles.has('rep', group) || (here && ctx.msg.fromChatAdmin === true);
  }
  const refuse = (group: string) => new AppError('poll.not_allowed', (l) => m(l).whoMay({ group }));
  /** Once a poll's message landed, `polls.posted` remembers it, to edit it with the live results. */
  const postedAs = (pollId: number) => ({ onSent: 'polls.posted', meta: { pollId } });

  const dialogue = createDialogue({
    tz,
    groupsOf: async (ctx) => (ctx.roles.isAdmin ? [...new Set([...(await classKeys(units.q())), ...ctx.roles.repGroups()])] : ctx.roles.repGroups()),
    defaultClose: (now) => new Date(now.getTime() + parseDuration(config.polls.default_duration)!),
    async publish(ctx, spec, group) {
      if (!mayManage(ctx, group)) throw refuse(group);
      const poll = await polls.create(spec, group, ctx.member.id, ctx.now);
      const out = await polls.message(poll);
      const chats = await deps.messenger.toBound('class', group, () => out, postedAs(poll.id));
      if (!chats) throw new AppError('poll.no_chat', (l) => m(l).noBoundChat({ group }));
      return m(ctx.locale).startedIn({ id: poll.id, chats, group });
    },
  });

  /** `/poll question | options` in a class group: posted right here. */
  async function startHere(ctx: Ctx, spec: PollSpec): Promise<void> {
    const group = ctx.chat.scope!;
    if (!mayManage(ctx, group)) throw refuse(group);
    const poll = await polls.create(spec, group, ctx.member.id, ctx.now);
    ctx.reply(await polls.message(poll), postedAs(poll.id));
  }

  async function create(ctx: Ctx, args: string): Promise<void> {
    if (ctx.chat.kind === 'group' && ctx.chat.binding !== 'class') return ctx.reply(m(ctx.locale).notClassGroup);
    if (!args) return ctx.chat.kind === 'private' ? dialogue.start(ctx) : ctx.reply(m(ctx.locale).usage);
    if (ctx.chat.kind === 'group' && !mayManage(ctx, ctx.chat.scope!)) throw refuse(ctx.chat.scope!);
    const parsed = parsePoll(args, ctx.now, tz);
    if (!parsed.ok) return ctx.reply(problemsText(parsed.problems, ctx.locale));
    if (ctx.chat.kind === 'group') return startHere(ctx, parsed.spec);
    if (!(await dialogueGroups(ctx)).length) return ctx.reply(m(ctx.locale).privateNoGroup);
    await dialogue.start(ctx, parsed.spec);
  }
  const dialogueGroups = async (ctx: Ctx) => (ctx.roles.isAdmin ? classKeys(units.q()) : ctx.roles.repGroups());

  /** The poll an id names ("#3", "3"), else the latest of this group (or of the member's groups). */
  async function target(ctx: Ctx, arg: string): Promise<{ poll: PollRow; rest: string }> {
    const id = /^#?(\d{1,9})\b\s*/.exec(arg);
    if (id) return { poll: await polls.get(Number(id[1])), rest: arg.slice(id[0].length) };
    const groups = ctx.chat.binding === 'class' && ctx.chat.scope ? [ctx.chat.scope] : ctx.roles.repGroups();
    const poll = groups.length ? (await pollsOfGroups(units.q(), groups, 1))[0] : ctx.roles.isAdmin ? (await recentPolls(units.q(), 1))[0] : undefined;
    if (!poll) throw unknownPoll('');
    return { poll, rest: arg };
  }

  async function managed(ctx: Ctx, arg: string): Promise<{ poll: PollRow; rest: string }> {
    const t = await target(ctx, arg);
    if (!mayManage(ctx, t.poll.groupKey)) throw refuse(t.poll.groupKey);
    return t;
  }

  async function list(ctx: Ctx): Promise<void> {
    const groups = ctx.chat.binding === 'class' && ctx.chat.scope ? [ctx.chat.scope] : ctx.roles.repGroups();
    const rows = groups.length ? await pollsOfGroups(units.q(), groups, 10) : ctx.roles.isAdmin ? await recentPolls(units.q(), 10) : [];
    if (!rows.length) return ctx.reply(m(ctx.locale).noPolls);
    const items: string[] = [];
    for (const p of rows) {
      const t = await polls.tally(p);
      items.push(m(ctx.locale).listItem({ id: p.id, question: p.question, state: p.status === 'open' ? m(ctx.locale).open : m(ctx.locale).closed, voters: t.voters, roster: t.roster }));
    }
    ctx.reply([m(ctx.locale).listTitle, ...items].join('\n'));
  }

  async function results(ctx: Ctx, arg: string): Promise<void> {
    const { poll } = await managed(ctx, arg);
    ctx.reply({ text: resultsText(poll, await polls.tally(poll), tz, ctx.locale, await polls.nonVoters(poll)) }); // privately: PRIVATE_SUBCOMMANDS
  }

  async function exportCsv(ctx: Ctx, arg: string): Promise<void> {
    const { poll } = await managed(ctx, arg);
    const t = await polls.tally(poll);
    const content = poll.anonymous ? anonymousCsv(poll, t, ctx.locale) : namedCsv(poll, await namedBallots(units.q(), poll.id), ctx.locale);
    const caption = m(ctx.locale).exportCaption({ id: poll.id, question: poll.question, voters: t.voters, roster: t.roster });
    ctx.reply({ text: caption, file: { name: `poll-${poll.id}.csv`, mime: 'text/csv', content } });
  }

  async function close(ctx: Ctx, arg: string): Promise<void> {
    const { poll } = await managed(ctx, arg);
    const closed = await polls.close(poll.id, ctx.now, ctx.member.id);
    ctx.reply((closed ? m(ctx.locale).closedNow : m(ctx.locale).alreadyClosed)({ id: poll.id }));
  }

  async function extend(ctx: Ctx, arg: string): Promise<void> {
    const { poll, rest } = await managed(ctx, arg);
    if (!rest.trim()) return ctx.reply(m(ctx.locale).extendUsage);
    const words = rest.trim().replace(/^(?:until|截止到?|截至)\s*/iu, '');
    const when = parseWhen(words, ctx.now, tz);
    if (when.kind === 'bad') return ctx.reply(problemsText([{ code: 'bad_time', text: words }], ctx.locale));
    if (when.at <= ctx.now) return ctx.reply(problemsText([{ code: 'past_time', text: words }], ctx.locale));
    const moved = await polls.extend(poll.id, when.at, ctx.now, ctx.member.id);
    ctx.reply(m(ctx.locale).extended({ id: poll.id, when: formatDateTime(moved.closesAt, tz, ctx.locale) }));
  }

  async function poll(ctx: Ctx, args: string): Promise<void> {
    const [sub = '', ...more] = args.split(/\s+/);
    const arg = more.join(' ').trim();
    switch (sub.toLowerCase()) {
      case 'list': return list(ctx);
      case 'results': return results(ctx, arg);
      case 'export': return exportCsv(ctx, arg);
      case 'close': return close(ctx, arg);
      case 'extend': return extend(ctx, arg);
      case 'help': return ctx.reply(m(ctx.locale).usage);
      default: return create(ctx, args);
    }
  }

  function voteNotice(l: Locale, r: VoteOutcome): string {
    if (r.kind === 'ticked') return r.options.length ? m(l).ticked({ options: r.options.join('、') }) : m(l).noneTicked;
    return r.kind === 'withdrawn' ? m(l).withdrawn : m(l)[r.kind]({ option: r.option });
  }

  /** A vote: answered only to the voter (a notice), never in the group. */
  async function vote(ctx: Ctx, [id, option]: string[]): Promise<void> {
    try {
      ctx.notice(voteNotice(ctx.locale, await polls.vote(Number(id), ctx.member.id, Number(option), ctx.now)));
    } catch (err) {
      if (!isAppError(err)) throw err;
      ctx.notice(err.render(ctx.locale));
    }
  }

  async function closeButton(ctx: Ctx, [id]: string[]): Promise<void> {
    const p = await polls.get(Number(id));
    if (!mayManage(ctx, p.groupKey)) return ctx.notice(m(ctx.locale).whoMay({ group: p.groupKey }));
    ctx.notice(((await polls.close(p.id, ctx.now, ctx.member.id)) ? m(ctx.locale).closedNow : m(ctx.locale).alreadyClosed)({ id: p.id }));
  }

  /** "帮我发个投票：周五聚餐去哪 | 火锅 | 烧烤" works like /poll; without options it starts the dialogue. */
  async function fromWords(ctx: Ctx): Promise<void> {
    const text = ctx.msg.text.trim();
    if (/[|｜]/u.test(text)) return create(ctx, text.replace(ASKING, '').trim());
    if (ctx.chat.kind === 'private') return dialogue.start(ctx);
    if (ctx.chat.binding !== 'class' || !ctx.chat.scope) return ctx.reply(m(ctx.locale).notClassGroup);
    if (!mayManage(ctx, ctx.chat.scope)) throw refuse(ctx.chat.scope);
    if (!ctx.replyPrivately(m(ctx.locale).askQuestion({ group: ctx.chat.scope }))) return ctx.reply(tr(coreMessages, ctx.locale).privateUnreachable);
    await ctx.flow.start(F, 'create', { step: 'question', group: ctx.chat.scope, anonymous: true, multi: false, hideResults: false });
    ctx.reply(m(ctx.locale).continueInPrivate);
  }

  /** Whose words a /poll is: material for a class from those who may start one, else the sender's own. */
  const pollWords = (ctx: Ctx): Words => (ctx.roles.isAdmin || ctx.roles.repGroups().length > 0 || ctx.msg.fromChatAdmin === true ? 'work' : 'own');

  return {
    name: F,
    // Anyone may send it (a group's own admins are students here); /help lists it for reps.
    // A poll's question is material for a class, not its author's own state (the crisis check skips it).
    // Results and files (who voted, figures) answer privately; the rest where asked.
    commands: [{
      name: 'poll', listedFor: ['rep'], summary: (l) => m(l).summary, words: pollWords, run: poll,
      answers: 'private', sharedIn: (_ctx, args) => !PRIVATE_SUBCOMMANDS.test(args),
    }],
    buttons: {
      v: vote,
      close: closeButton,
      grp: async (ctx, [group = '']) => dialogue.pickGroup(ctx, group),
      set: async (ctx, [which = '']) => dialogue.toggle(ctx, which),
      go: async (ctx) => dialogue.publish(ctx),
      no: async (ctx) => dialogue.cancel(ctx),
    },
    flows: { create: dialogue.typed },
    flowWords: { create: 'work' },
    intents: { 'poll.create': fromWords },
    tasks: {
      'polls.refresh': async (p, now) => polls.refresh(Number(p.pollId), now),
      'polls.remind': async (p, now) => polls.remind(Number(p.pollId), Number(p.n), now),
      'polls.close': async (p, now) => void (await polls.close(Number(p.pollId), now)),
    },
    jobs: [{ name: 'polls.weekly', cron: config.digests.weekly_cron, run: async (now) => deps.digest.weekly(now) }],
    sent: { posted: (ref, meta) => polls.posted(Number(meta.pollId), ref) },
    onMerge: mergePollRows,
    privacy: pollsPrivacy(polls),
  };
}

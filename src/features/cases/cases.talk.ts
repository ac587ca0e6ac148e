/**
 * The student's side of a case: /talk (情感倾诉, or the "talk to a counsellor" button) opens an
 * anonymous case, and what they write is relayed under the rules of `core/relay-flow.ts` for as
 * long as it is open; `/talk end` ends it. Writing after it closed starts a new case (unless the
 * message is clearly something else, which is then handled afresh). The student may reveal who
 * they are with a button.
 */
import { AppError } from '../../core/errors.js';
import { button, type ButtonHandler, type Command, type Ctx, type FlowHandler } from '../../core/feature.js';
import { tr, type Locale } from '../../core/i18n.js';
import { createRelayFlow, type RelayFlowDeps, type Thread } from '../../core/relay-flow.js';
import type { Sealer } from '../../core/sealing.js';
import { caseMessages as studentTexts } from './cases.messages.js';
import { caseStaffMessages } from './cases.staff.messages.js';
import { caseCode, type CaseNotifier } from './cases.notify.js';
import { isOpen, type CaseRow } from './cases.repo.js';
import { fit, notFound, type CaseService } from './cases.service.js';
import { offerContext } from './cases.crisis.js';
import type { CaseReceipts } from './cases.receipts.js';
import { heldIn, type KeptDrafts } from './cases.drafts.js';

export interface TalkDeps extends RelayFlowDeps {
  cases: CaseService;
  notify: CaseNotifier;
  sealer: Sealer;
  receipts: CaseReceipts;
  drafts: KeptDrafts;
}

const sm = (l: Locale) => tr(studentTexts, l);
const st = (l: Locale) => tr(caseStaffMessages, l);
const keptContext = (caseId: number) => `case:${caseId}:kept`;

export function talkTriggers(deps: TalkDeps) {
  const { cases, notify, sealer } = deps;

  /** A new talk case with the student's first words, announced to the counselling centre. */
  async function openTalk(ctx: Ctx, text: string, previous?: CaseRow): Promise<CaseRow> {
    const c = await cases.open(ctx.member.id, 'talk', fit(text), ctx.now, previous?.id);
    const after = (l: Locale) => (previous ? `${st(l).restartedFrom({ previous: caseCode(previous.id) })}\n` : '');
    const who = await notify.studentName(c);
    await cases.relayStudent(c, fit(text), (l, w) => `${after(l)}${st(l).talk({ id: caseCode(c.id), who: who(l), text: w })}`);
    await ctx.flow.start('cases', 'answer', { caseId: c.id });
    return c;
  }

  const thread: Thread<CaseRow> = {
    feature: 'cases',
    key: 'caseId',
    async load(ctx, id) {
      const c = await cases.get(id);
      if (!c || c.memberId !== ctx.member.id) throw notFound(id);
      return c;
    },
    idOf: (c) => c.id,
    isOpen,
    closed: () => new AppError('cases.over', (l) => sm(l).over),
    check: () => undefined, // a student's words are cut to fit, never refused
    async send(ctx, c, text) {
      // "Passed on" once a counsellor's chat accepted it, or that it did not arrive (cases.receipts.ts).
      if (!(await cases.studentSays(c, text, ctx.now, deps.receipts.said(ctx, c.id)))) await deps.receipts.saidUnreachable(ctx, c.id);
    },
    keepsListening: true,
    async whenClosed(ctx, c, text, clearlyNew) {
      if (clearlyNew) return ctx.reply(sm(ctx.locale).over), 'pass';
      await openTalk(ctx, text, c);
      ctx.reply(sm(ctx.locale).restarted);
    },
    quoting: { seal: true, forget: true },
    keep: (id, text) => sealer.seal(text, keptContext(id)),
    unkeep: (id, kept) => (kept ? sealer.open(kept, keptContext(id)) : ''),
    texts: (l) => ({
      prompt: sm(l).talkPrompt,
      relayOrNew: (text) => sm(l).relayOrNew({ text }),
      choose: sm(l).relayChoose,
      btnRelayTo: sm(l).btnRelayTo,
      btnSomethingNew: sm(l).btnSomethingNew,
    }),
  };
  const relay = createRelayFlow(thread, deps);

  const revealButton = (l: Locale, caseId: number) => [[button(sm(l).btnReveal, 'cases', 'reveal', caseId)]];

  /** /talk: resumes the open case, or opens one (with the words given, else with the next message). */
  async function start(ctx: Ctx, words: string): Promise<void> {
    const open = await cases.openOf(ctx.member.id);
    const l = ctx.locale;
    if (open && words) return void (await relay.flows.answer(ctx, { feature: 'cases', name: 'answer', data: { caseId: open.id } }));
    if (open) {
      await ctx.flow.start('cases', 'answer', { caseId: open.id });
      return ctx.reply(sm(l).talkResumed);
    }
    if (!words) {
      await ctx.flow.start('cases', 'talk', {});
      return ctx.reply(sm(l).talkStarted);
    }
    const c = await openTalk(ctx, words);
    ctx.reply({ text: sm(l).talkStarted, buttons: revealButton(l, c.id) });
  }

  const talk: Command['run'] = async (ctx, args) => {
    const words = args.trim();
    if (/^(end|stop|结束|停止)$/i.test(words)) {
      const ended = await cases.endByStudent(ctx.member.id, ctx.now);
      if ((await ctx.flow.current())?.feature === 'cases') await ctx.flow.end();
      return ctx.reply(ended ? sm(ctx.locale).endedByYou : sm(ctx.locale).nothingToEnd);
    }
    await start(ctx, words);
  };

  /** The first words after a bare /talk open the case. */
  const firstWords: FlowHandler = async (ctx) => {
    const text = ctx.msg.text.trim();
    if (!text) return ctx.reply(sm(ctx.locale).talkPrompt);
    const c = await openTalk(ctx, text);
    ctx.reply({ text: sm(ctx.locale).sent, buttons: revealButton(ctx.locale, c.id) });
  };

  const buttons: Record<string, ButtonHandler> = {
    ...relay.buttons,
    /** "Talk to a counsellor (anonymous)" under an offer: a case with the words that led there. */
    talk: async (ctx) => {
      const f = (await ctx.flow.current());
      const kept = f?.feature === 'cases' && f.name === 'offer' && f.data.text ? sealer.open(String(f.data.text), offerContext(ctx.member.id)) : '';
      if ((await cases.openOf(ctx.member.id)) || !kept) return start(ctx, '');
      const draft = await deps.drafts.kept(ctx); // a repair an earlier crisis answer kept stays kept
      const c = await openTalk(ctx, kept);
      if (draft.keep.held) await ctx.flow.start('cases', 'answer', { caseId: c.id, ...draft.keep });
      ctx.reply({ text: sm(ctx.locale).talkStarted + draft.line, buttons: [...revealButton(ctx.locale, c.id), ...draft.buttons] });
    },
    /** "I'm OK" under a check-in: goes back to the repair it kept, if any. */
    fine: async (ctx) => {
      const f = (await ctx.flow.current());
      const offer = f?.feature === 'cases' && f.name === 'offer';
      if (offer) await ctx.flow.end();
      ctx.reply(sm(ctx.locale).fine);
      const held = offer ? heldIn(f.data) : undefined;
      if (held) await deps.drafts.back(ctx, held);
    },
    reveal: async (ctx, [id]) => {
      ctx.reply((await cases.revealByStudent(Number(id), ctx.member.id, ctx.now)) ? sm(ctx.locale).revealed : sm(ctx.locale).alreadyRevealed);
    },
  };

  return { talk, flows: { ...relay.flows, talk: firstWords }, buttons };
}

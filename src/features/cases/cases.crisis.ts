/**
 * Crisis first: every private message and every addressed group message is checked (the router
 * hands over only the sender's own words) before anything else, favouring recall.
 * - The sender's own crisis (high): the resources at once, the truth about whom the bot alerted,
 *   and an alert on their case (opened now, or the open one: a new signal in any state alerts again).
 *   Medium (hopelessness): a caring check-in with the anonymous-counsellor option; an alert only
 *   when they already have an open case.
 * - A friend at risk: how to help them, and a counsellor alert marked as a worry about someone else.
 * - Danger to people (a weapon, violence, a threat): the emergency number and what to do, at once,
 *   and urgent alerts to the safety department and counselling.
 * - Wellbeing, a friend's wellbeing, asking for a counsellor (or to book one): a caring answer with
 *   the anonymous-counsellor button; nothing is filed unless they press it. Hyperbole stays quiet.
 */
import type { Config } from '../../config.js';
import { coreMessages } from '../../core/core.messages.js';
import { button, type Ctx } from '../../core/feature.js';
import { pick, tr, type Locale } from '../../core/i18n.js';
import type { Sealer } from '../../core/sealing.js';
import type { CaseKind } from '../../db/schema.js';
import { caseMessages as studentTexts } from './cases.messages.js';
import type { Alerts, Concern } from './cases.alerts.js';
import { fit, type CaseService } from './cases.service.js';
import type { CaseReceipts } from './cases.receipts.js';
import { nothingKept, type KeptDraft, type KeptDrafts } from './cases.drafts.js';

/** Whose risk a message speaks of, and how strongly (the understanding layer's reading). */
export interface Signal {
  kind: 'self' | 'other' | 'danger' | 'wellbeing';
  level: 'high' | 'medium' | 'low';
  /** Every kind the words speak of, most urgent first ("他拿刀威胁我，我不想活了": self and danger). */
  kinds: Signal['kind'][];
}

export interface CrisisDeps {
  config: Config;
  cases: CaseService;
  alerts: Alerts;
  sealer: Sealer;
  receipts: CaseReceipts;
  /** An intake being filled in (a repair's description) is kept across the crisis answer. */
  drafts: KeptDrafts;
  /** The signal in a text, if any. */
  signalOf: (text: string, chat: 'private' | 'group', now: Date) => Signal | undefined;
}

type Out = { text: string; buttons: ReturnType<typeof button>[][] };
const sm = (l: Locale) => tr(studentTexts, l);
/** Where the words of an offer wait (sealed) until the student presses "talk to a counsellor". */
export const offerContext = (memberId: number) => `member:${memberId}:offer`;

export function crisisTriggers(deps: CrisisDeps) {
  const { config, cases, alerts, sealer } = deps;
  const resources = (l: Locale) => config.crisis.resources.map((r) => sm(l).resourceLine({ name: pick(r.name, l), phone: r.phone })).join('\n');
  const numbers = cases.emergencyNumbers();

  /** The student's words on their open case (or a new one of `kind`), with an alert; what to tell them about it. */
  async function alertCase(ctx: Ctx, kind: CaseKind, concern: Concern, level: 'high' | 'medium', text: string, draft = nothingKept) {
    const open = await cases.openOf(ctx.member.id);
    const c = open ?? (await cases.open(ctx.member.id, kind, undefined, ctx.now));
    const messageId = await cases.store(c, 'student', null, fit(text), ctx.now);
    if (open?.counsellorId) await cases.relayStudent(open, fit(text)); // the counsellor with them hears it too (the alert goes to the duty chain)
    const alerted = await alerts.raise(c, concern, level, messageId, ctx.now);
    await ctx.flow.start('cases', 'answer', { caseId: c.id, ...draft.keep });
    return { c, alerted };
  }

  /** In private the whole answer; in a group the resources there, in the group's language, and the rest privately. First in line. */
  function deliver(ctx: Ctx, out: Out): void {
    const first = { lane: 'crisis' } as const; // resources and whom the bot alerted: no words of the student's in it
    if (ctx.chat.kind === 'private') return ctx.reply(out, first);
    const sent = ctx.replyPrivately(out, first);
    const g = deps.config.campus.default_locale; // everyone in the group reads it, not only the sender
    ctx.reply((sent ? sm(g).group : sm(g).groupUnreachable)({ resources: resources(g) }), first);
  }

  const reveal = (l: Locale, caseId: number) => [[button(sm(l).btnReveal, 'cases', 'reveal', caseId)]];

  /** `draft`: the intake being filled in, kept (read before anything here replaces the dialogue). */
  async function self(ctx: Ctx, level: 'high' | 'medium', text: string, kept?: KeptDraft): Promise<void> {
    const draft = kept ?? await deps.drafts.kept(ctx);
    const l = ctx.locale;
    if (level === 'medium') return hopeless(ctx, text, draft);
    const { c, alerted } = await alertCase(ctx, 'crisis', 'self', level, text, draft);
    const said = sm(l).high({ resources: resources(l), alerted: alerted(l), numbers }) + draft.line;
    deliver(ctx, { text: said, buttons: [...(c.revealed ? [] : reveal(l, c.id)), ...draft.buttons] });
  }

  /**
   * Hopelessness: a check-in with the counsellor option; with a case open, the words go to it, and
   * an alert only while nobody has answered it yet and none is pending (a guess of the classifier,
   * "我没事了", must not page the duty chain over a conversation already under way).
   */
  async function hopeless(ctx: Ctx, text: string, draft: KeptDraft): Promise<void> {
    const l = ctx.locale;
    const open = await cases.openOf(ctx.member.id);
    if (!open) return offer(ctx, sm(l).medium({ resources: resources(l) }), text, sm(l).btnFine, draft);
    const sent = { text: sm(l).sent + draft.line, buttons: draft.buttons };
    if (open.status === 'open' && !(await alerts.pending(open.id))) {
      await alertCase(ctx, 'crisis', 'self', 'medium', text, draft);
      return ctx.reply(sent);
    }
    await ctx.flow.start('cases', 'answer', { caseId: open.id, ...draft.keep });
    if (draft.line) ctx.reply({ text: draft.line.trim(), buttons: draft.buttons });
    // "Passed on" once a counsellor's chat accepted it, or that it did not arrive (cases.receipts.ts).
    if (!(await cases.studentSays(open, text, ctx.now, deps.receipts.said(ctx, open.id)))) await deps.receipts.saidUnreachable(ctx, open.id);
  }

  async function other(ctx: Ctx, level: 'high' | 'medium', text: string, draft: KeptDraft): Promise<void> {
    const { alerted } = await alertCase(ctx, 'concern', 'other', level, text, draft);
    deliver(ctx, { text: sm(ctx.locale).friend({ resources: resources(ctx.locale), alerted: alerted(ctx.locale), numbers }) + draft.line, buttons: draft.buttons });
  }

  /** Danger to people: the emergency number where it was said (nothing in it is personal), alerts behind it. */
  async function danger(ctx: Ctx, text: string, draft: KeptDraft): Promise<void> {
    const police = config.crisis.resources.find((r) => r.phone === '110')?.phone ?? config.crisis.resources[0]!.phone;
    await alertCase(ctx, 'danger', 'danger', 'high', text, draft);
    const safety = config.departments.find((d) => d.id === config.crisis.safety_department);
    const l = ctx.locale;
    const who = [...(safety ? [pick(safety.name, l)] : []), sm(l).roleCentre].join(sm(l).and);
    ctx.reply({ text: sm(l).danger({ police, who }) + draft.line, buttons: draft.buttons }, { lane: 'crisis' });
  }

  /** A caring answer with the anonymous-counsellor button (privately); the words wait, sealed, for the press. */
  async function offer(ctx: Ctx, text: string, words: string, dismiss = sm(ctx.locale).btnNotNow, kept?: KeptDraft): Promise<void> {
    const draft = kept ?? await deps.drafts.kept(ctx);
    const l = ctx.locale;
    await ctx.flow.start('cases', 'offer', { text: words ? sealer.seal(words, offerContext(ctx.member.id)) : '', ...draft.keep });
    const out = { text: text + draft.line, buttons: [[button(sm(l).btnTalk, 'cases', 'talk'), button(dismiss, 'cases', 'fine')], ...draft.buttons] };
    if (ctx.chat.kind === 'private') return ctx.reply(out);
    ctx.reply(ctx.replyPrivately(out) ? sm(l).offerSentPrivately : tr(coreMessages, l).privateUnreachable);
  }

  /** Answers a crisis, danger or a friend at risk; false for a worry without danger, which goes the usual way (an intent). */
  async function answer(ctx: Ctx, s: Signal | undefined, text: string): Promise<boolean> {
    if (!s || s.kind === 'wellbeing' || s.level === 'low') return false;
    const draft = await deps.drafts.kept(ctx); // read once: the first answer replaces the dialogue; the last one says it is kept
    const last = s.kind === 'other' || s.kind === 'self' ? nothingKept : draft; // danger alone says it, else the answer after it
    if (s.kinds.includes('danger')) await danger(ctx, text, { ...draft, line: last.line, buttons: last.buttons }); // first: someone else may be in danger too
    if (s.kind === 'other') await other(ctx, s.level, text, draft);
    else if (s.kind === 'self') await self(ctx, s.level, text, draft);
    return true;
  }

  /** Reads only the sender's own words; true when it answered them. */
  async function intercept(ctx: Ctx, ownWords: string): Promise<boolean> {
    const text = ownWords.trim();
    return !!text && (await answer(ctx, deps.signalOf(text, ctx.chat.kind, ctx.now), text));
  }

  /** Plain words about wellbeing, a friend's worries, or asking for a counsellor. */
  async function support(ctx: Ctx, signal: Signal | undefined): Promise<void> {
    const l = ctx.locale;
    const p = { resources: resources(l) };
    if (signal?.kind === 'wellbeing') return offer(ctx, sm(l).wellbeing(p), ctx.msg.text);
    if (signal?.kind === 'other') return offer(ctx, sm(l).friendLow(p), ctx.msg.text);
    await offer(ctx, sm(l).offerTalk(p), ctx.msg.text);
  }

  return { intercept, answer, self, support, offer, resources };
}

export type CrisisTriggers = ReturnType<typeof crisisTriggers>;

/**
 * Starting a poll step by step in private: which group, the question, the options, then the
 * settings with a summary to confirm. The state is the member's dialogue row, so a restart loses
 * nothing. A `/poll question | options` sent in private (or said in plain words) starts at the
 * group step with everything else filled in.
 */
import { button, type Ctx, type FlowState } from '../../core/feature.js';
import { AppError } from '../../core/errors.js';
import { tr } from '../../core/i18n.js';
import { pollsMessages } from './polls.messages.js';
import { MAX_QUESTION_LENGTH, optionProblems, parseSettings, segments, type PollSettings, type PollSpec } from './polls.parse.js';
import { F, problemsText, settingsLine } from './polls.render.js';

export type Draft = {
  step: 'group' | 'question' | 'options' | 'settings';
  group?: string;
  question?: string;
  options?: string[];
  anonymous: boolean;
  multi: boolean;
  hideResults: boolean;
  /** ISO; absent: the configured default. */
  closesAt?: string;
};

export interface DialogueDeps {
  tz: string;
  /** Class groups the member may start a poll in. */
  groupsOf(ctx: Ctx): Promise<string[]>;
  defaultClose(now: Date): Date;
  /** Creates and posts the poll; returns the confirmation text. */
  publish(ctx: Ctx, spec: PollSpec, group: string): Promise<string>;
}

const m = (ctx: Ctx) => tr(pollsMessages, ctx.locale);
const FLOW = 'create';

export function createDialogue(deps: DialogueDeps) {
  const draftOf = async (ctx: Ctx): Promise<Draft | undefined> => {
    const f = await ctx.flow.current();
    return f?.feature === F && f.name === FLOW ? (f.data as Draft) : undefined;
  };
  const save = (ctx: Ctx, d: Draft) => ctx.flow.start(F, FLOW, d);

  /** Starts the dialogue; `preset` carries what was already said, `group` a group already known. */
  async function start(ctx: Ctx, preset?: PollSpec, group?: string): Promise<void> {
    const groups = await deps.groupsOf(ctx);
    if (!groups.length) throw new AppError('poll.no_groups', (l) => tr(pollsMessages, l).noGroups);
    const d: Draft = {
      step: 'group', anonymous: preset?.anonymous ?? true, multi: preset?.multi ?? false, hideResults: preset?.hideResults ?? false,
      ...(preset ? { question: preset.question, options: preset.options } : {}), ...(preset?.closesAt ? { closesAt: preset.closesAt.toISOString() } : {}),
    };
    const known = group && groups.includes(group) ? group : groups.length === 1 ? groups[0] : undefined;
    if (known) return next(ctx, { ...d, group: known });
    await save(ctx, d);
    ctx.reply({ text: m(ctx).askGroup, buttons: groups.map((g) => [button(g, F, 'grp', g)]) });
  }

  /** Moves to the first step still missing and asks it. */
  async function next(ctx: Ctx, d: Draft): Promise<void> {
    const step: Draft['step'] = !d.question ? 'question' : !d.options ? 'options' : 'settings';
    await save(ctx, { ...d, step });
    if (step === 'question') return ctx.reply(m(ctx).askQuestion({ group: d.group! }));
    if (step === 'options') return ctx.reply(m(ctx).askOptions);
    showSettings(ctx, d);
  }

  function showSettings(ctx: Ctx, d: Draft): void {
    const closesAt = d.closesAt ? new Date(d.closesAt) : deps.defaultClose(ctx.now);
    const s: PollSettings & { closesAt: Date } = { anonymous: d.anonymous, multi: d.multi, hideResults: d.hideResults, closesAt };
    const summary = [`${d.group} · ${d.question}`, ...d.options!.map((o, i) => `${i + 1}. ${o}`), settingsLine(s, deps.tz, ctx.locale, !d.closesAt)].join('\n');
    const c = m(ctx);
    ctx.reply({
      text: c.settingsTitle({ summary }),
      buttons: [
        [button(c.btnToggleAnonymous({ anonymous: d.anonymous }), F, 'set', 'anonymous'), button(c.btnToggleMulti({ multi: d.multi }), F, 'set', 'multi')],
        [button(c.btnToggleHidden({ hidden: d.hideResults }), F, 'set', 'hide')],
        [button(c.btnPublish, F, 'go'), button(c.btnCancel, F, 'no')],
      ],
    });
  }

  /** A typed answer to the step in progress. */
  async function typed(ctx: Ctx, state: FlowState): Promise<void> {
    const d = state.data as Draft;
    const text = ctx.msg.text.trim();
    if (d.step === 'group') return pickGroup(ctx, text);
    if (d.step === 'question') {
      if (!text || [...text].length > MAX_QUESTION_LENGTH) return ctx.reply(problemsText([text ? { code: 'question_too_long', max: MAX_QUESTION_LENGTH } : { code: 'no_question' }], ctx.locale));
      return next(ctx, { ...d, question: text });
    }
    if (d.step === 'options') {
      const options = (text.includes('\n') ? text.split('\n').map((x) => x.trim()).filter(Boolean) : segments(text));
      const problems = optionProblems(options);
      if (problems.length) return ctx.reply(problemsText(problems, ctx.locale));
      return next(ctx, { ...d, options });
    }
    const r = parseSettings(text, { anonymous: d.anonymous, multi: d.multi, hideResults: d.hideResults }, ctx.now, deps.tz);
    if (r.problems.length) return ctx.reply(problemsText(r.problems, ctx.locale));
    const { closesAt, ...flags } = r.settings;
    await next(ctx, { ...d, ...flags, ...(closesAt ? { closesAt: closesAt.toISOString() } : {}) });
  }

  async function pickGroup(ctx: Ctx, group: string): Promise<void> {
    const d = await draftOf(ctx);
    if (!d) return ctx.reply(m(ctx).notInDialogue);
    const groups = await deps.groupsOf(ctx);
    if (!groups.includes(group)) return ctx.reply({ text: m(ctx).groupFromText({ groups: groups.join(', ') }), buttons: groups.map((g) => [button(g, F, 'grp', g)]) });
    await next(ctx, { ...d, group });
  }

  async function toggle(ctx: Ctx, which: string): Promise<void> {
    const d = await draftOf(ctx);
    if (!d || d.step !== 'settings') return ctx.reply(m(ctx).notInDialogue);
    const flipped = which === 'anonymous' ? { anonymous: !d.anonymous } : which === 'multi' ? { multi: !d.multi } : { hideResults: !d.hideResults };
    await next(ctx, { ...d, ...flipped });
  }

  async function publish(ctx: Ctx): Promise<void> {
    const d = await draftOf(ctx);
    if (!d || d.step !== 'settings') return ctx.reply(m(ctx).notInDialogue);
    const closesAt = d.closesAt ? new Date(d.closesAt) : undefined;
    if (closesAt && closesAt <= ctx.now) return ctx.reply(problemsText([{ code: 'past_time', text: d.closesAt! }], ctx.locale));
    const spec: PollSpec = { question: d.question!, options: d.options!, anonymous: d.anonymous, multi: d.multi, hideResults: d.hideResults, ...(closesAt ? { closesAt } : {}) };
    const done = await deps.publish(ctx, spec, d.group!);
    await ctx.flow.end();
    ctx.reply(done);
  }

  async function cancel(ctx: Ctx): Promise<void> {
    if (await draftOf(ctx)) await ctx.flow.end();
    ctx.reply(m(ctx).cancelled);
  }

  return { start, typed, pickGroup, toggle, publish, cancel };
}

export type Dialogue = ReturnType<typeof createDialogue>;

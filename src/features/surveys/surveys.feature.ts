/**
 * /survey (continue; admins: list, send, results, export, create), the answer buttons, typed
 * answers to text questions, and the scheduled work: cron starts, reminders, closing.
 */
import type { Config } from '../../config.js';
import { coreMessages } from '../../core/core.messages.js';
import { isAppError } from '../../core/errors.js';
import { button, type Ctx, type Feature, type FlowState } from '../../core/feature.js';
import { pick, tr } from '../../core/i18n.js';
import { formatDateTime } from '../../core/time.js';
import { describeCron } from '../../core/cron.describe.js';
import type { Answering, Position, Step } from './surveys.answering.js';
import { parseSurveyCreate } from './surveys.create.js';
import { surveysMessages } from './surveys.messages.js';
import { questionOut } from './surveys.render.js';
import { resultsText } from './surveys.report.js';
import type { SurveyResults } from './surveys.results.js';
import type { SurveyDef } from './surveys.schema.js';
import type { SurveysService } from './surveys.service.js';
import { mergeSurveyRows } from './surveys.repo.js';
import { surveysPrivacy } from './surveys.privacy.js';

export interface SurveysFeatureDeps {
  config: Config;
  surveys: SurveysService;
  answering: Answering;
  results: SurveyResults;
}

const F = 'surveys';
const ADMIN_SUBCOMMANDS = ['list', 'send', 'results', 'export', 'create'];

export function surveysFeature(deps: SurveysFeatureDeps): Feature {
  const { surveys, answering, results, config } = deps;
  const tz = config.campus.timezone;
  const m = (ctx: Ctx) => tr(surveysMessages, ctx.locale);
  const when = (ctx: Ctx, d: Date) => formatDateTime(d, tz, ctx.locale);

  /**
   * What answering an anonymous survey sends (the next question, the options ticked, thanks) is
   * forgotten by the outbox once sent: a row naming the chat next to the moment of each answer
   * would tie the answers to the person.
   */
  const privacy = (def: SurveyDef) => (def.anonymous ? { forget: true } : {});

  async function ask(ctx: Ctx, pos: Position) {
    const q = pos.def.questions[pos.index]!;
    if (q.type === 'text') await ctx.flow.start(F, 'text', { runId: pos.run.id, index: pos.index });
    else if ((await ctx.flow.current())?.feature === F) await ctx.flow.end();
    await ctx.reply(questionOut(pos.def, pos.run.id, pos.index, ctx.locale, pos.drafts.get(q.id) ?? []), privacy(pos.def));
  }

  async function show(ctx: Ctx, step: Step): Promise<void> {
    const title = (def: SurveyDef) => pick(def.title, ctx.locale);
    const def = 'pos' in step ? step.pos.def : step.def;
    if (step.kind === 'question') return ask(ctx, step.pos);
    if (step.kind === 'ticked') {
      const out = questionOut(step.pos.def, step.pos.run.id, step.question, ctx.locale, step.ticked);
      return ctx.msg.pressedMessage ? ctx.edit(ctx.msg.pressedMessage, out, privacy(def)) : void (await ctx.reply(out, privacy(def)));
    }
    if (step.kind === 'pick_one') return void (await ctx.reply(m(ctx).pickAtLeastOneRequired, privacy(def)));
    if (step.kind === 'already_answered') {
      await ctx.reply(m(ctx).alreadyAnswered, privacy(def));
      if (step.pos.index < step.pos.def.questions.length) await ask(ctx, step.pos);
      return;
    }
    if ((await ctx.flow.current())?.feature === F) await ctx.flow.end();
    await ctx.reply(step.kind === 'completed' ? m(ctx).thanks({ title: title(step.def) }) : m(ctx).alreadyDone({ title: title(step.def) }), privacy(def));
  }

  async function continueSurvey(ctx: Ctx) {
    if (!ctx.inPrivate) return void (await ctx.reply(tr(coreMessages, ctx.locale).privateOnly({ name: 'survey continue' })));
    const step = await answering.waiting(ctx.member.id, ctx.now);
    await (step ? show(ctx, step) : ctx.reply(m(ctx).nothingWaiting));
  }

  async function list(ctx: Ctx) {
    const defs = await surveys.definitions();
    if (!defs.length) return void (await ctx.reply(m(ctx).noSurveys));
    const lines: string[] = [];
    for (const d of defs) {
      const last = await surveys.latestRun(d.id);
      const r = last ? await results.results(last.id) : undefined;
      lines.push(m(ctx).listItem({
        id: d.id, title: pick(d.title, ctx.locale), audience: d.audience,
        schedule: d.schedule ? m(ctx).scheduleLabel({ when: describeCron(d.schedule, ctx.locale) }) : m(ctx).manual,
        privacy: d.anonymous ? m(ctx).anonymousShort : m(ctx).namedShort,
        last: last && r ? m(ctx).lastRun({ run: last.id, status: last.status === 'open' ? m(ctx).open : m(ctx).closed, rate: `${(r.responseRate * 100).toFixed(1)}%` }) : m(ctx).neverRun,
      }));
    }
    await ctx.reply([m(ctx).listTitle, ...lines].join('\n'));
  }

  /** `/survey send` (results, export) without a survey: the surveys as buttons that finish the command. */
  async function whichSurvey(ctx: Ctx, action: 'send' | 'results' | 'export') {
    const defs = await surveys.definitions();
    if (!defs.length) return void (await ctx.reply(m(ctx).noSurveys));
    await ctx.reply({ text: m(ctx).whichSurvey({ action }), buttons: defs.map((d) => [button(`${pick(d.title, ctx.locale)} · ${d.id}`, F, 'pick', action, d.id)]) });
  }

  /** `/survey send <id>` asks first, naming how many people it would reach; the buttons send (or not). */
  async function send(ctx: Ctx, id: string) {
    if (!id) return whichSurvey(ctx, 'send');
    const p = await surveys.preview(id);
    const title = pick(p.def.title, ctx.locale);
    if (p.open && !p.newcomers) return void (await ctx.reply(m(ctx).stillOpen({ title, run: p.open.id, invited: 0, closes: when(ctx, p.open.closesAt) })));
    if (!p.newcomers) return void (await ctx.reply(m(ctx).nobodyToSend({ title, audience: p.def.audience })));
    const ask = p.open
      ? m(ctx).confirmTopUp({ title, run: p.open.id, n: p.newcomers, unreachable: p.unreachable, closes: when(ctx, p.open.closesAt) })
      : m(ctx).confirmSend({ title, n: p.newcomers, unreachable: p.unreachable });
    const seen = (await surveys.latestRun(p.def.id))?.id ?? 0;
    await ctx.reply({ text: ask, buttons: [[button(m(ctx).confirmButton, F, 'send', p.def.id, seen), button(m(ctx).cancelButton, F, 'nosend')]] });
  }

  /** The confirmation's button: sends unless a run was started since it was asked (a second press, or another admin). */
  async function confirmedSend(ctx: Ctx, id: string, seen: number) {
    if (!ctx.roles.isAdmin) return void (await ctx.reply(tr(coreMessages, ctx.locale).notAllowed({ name: 'survey send' })));
    const latest = await surveys.latestRun(id);
    if (latest && latest.id !== seen) {
      return void (await ctx.reply(m(ctx).alreadySent({ title: pick((await surveys.find(id)).title, ctx.locale), run: latest.id, closes: when(ctx, latest.closesAt) })));
    }
    const r = await surveys.start(id, ctx.member.id, ctx.now);
    const p = { title: pick(r.def.title, ctx.locale), run: r.run.id, invited: r.invited, closes: when(ctx, r.run.closesAt) };
    await ctx.reply(r.created ? m(ctx).started({ ...p, unreachable: r.unreachable }) : m(ctx).stillOpen(p));
  }

  async function showResults(ctx: Ctx, arg: string) {
    if (!arg) return whichSurvey(ctx, 'results');
    const run = await surveys.resolveRun(arg);
    await ctx.reply(resultsText((await results.results(run.id))!, tz, ctx.locale));
  }

  /** The run's responses as a CSV file (a document on Telegram), with a caption saying what it holds. */
  async function exportCsv(ctx: Ctx, arg: string) {
    if (!arg) return whichSurvey(ctx, 'export');
    const run = await surveys.resolveRun(arg);
    const r = (await results.results(run.id))!;
    const name = `survey-${run.surveyId}-run${run.id}.csv`;
    const caption = m(ctx).exportCaption({ file: name, title: pick(r.title, ctx.locale), run: run.id, responses: r.completed + r.partial, completed: r.completed });
    await ctx.reply({ text: caption, file: { name, mime: 'text/csv', content: await results.csv(run.id) } });
  }

  async function create(ctx: Ctx, args: string) {
    if (!args) return void (await ctx.reply(m(ctx).createUsage));
    const parsed = parseSurveyCreate(args);
    if ('problems' in parsed) return void (await ctx.reply(`${m(ctx).createInvalid({ problems: parsed.problems.join('\n') })}\n\n${m(ctx).createUsage}`));
    const def = await surveys.create(parsed.raw, ctx.member.id, ctx.now);
    await ctx.reply(m(ctx).created({ id: def.id, title: pick(def.title, ctx.locale), count: def.questions.length }));
  }

  async function survey(ctx: Ctx, args: string) {
    const sub = args.split(/\s+/)[0] ?? '';
    const arg = args.slice(sub.length).trim();
    if (sub === 'continue' || (!sub && !ctx.roles.isAdmin)) return continueSurvey(ctx);
    if (!ctx.roles.isAdmin) return void (await ctx.reply(ADMIN_SUBCOMMANDS.includes(sub) ? tr(coreMessages, ctx.locale).notAllowed({ name: `survey ${sub}` }) : m(ctx).nothingWaiting));
    switch (sub) {
      case 'list': return list(ctx);
      case 'send': return send(ctx, arg);
      case 'results': return showResults(ctx, arg);
      case 'export': return exportCsv(ctx, arg);
      case 'create': return create(ctx, arg);
      default: return void (await ctx.reply(m(ctx).adminUsage));
    }
  }

  /** A typed answer; a closed run or a foreign one ends the dialogue, a bad text keeps it. */
  async function typed(ctx: Ctx, state: FlowState) {
    const { runId, index } = state.data as { runId: number; index: number };
    try {
      await show(ctx, await answering.text(ctx.member.id, runId, index, ctx.msg.text, ctx.now));
    } catch (err) {
      if (isAppError(err) && (err.code === 'survey.closed' || err.code === 'survey.not_yours')) await ctx.flow.end();
      throw err;
    }
  }

  const num = (s: string | undefined) => Number(s);
  return {
    name: F,
    // An admin's /survey is survey work (a question may well be about wanting to die); a student's is their own.
    // Results, exports, runs and questions are private: in a group they are answered privately.
    commands: [{
      name: 'survey', run: survey, answers: 'private',
      summary: (l, roles) => (roles?.isAdmin ? tr(surveysMessages, l).adminSummary : tr(surveysMessages, l).summary),
      words: (ctx) => (ctx.roles.isAdmin ? 'work' : 'own'),
    }],
    buttons: {
      a: async (ctx, [run, q, value]) => show(ctx, await answering.answer(ctx.member.id, num(run), num(q), value ?? '', ctx.now)),
      t: async (ctx, [run, q, option]) => show(ctx, await answering.toggle(ctx.member.id, num(run), num(q), option ?? '', ctx.now)),
      d: async (ctx, [run, q]) => show(ctx, await answering.finishMulti(ctx.member.id, num(run), num(q), ctx.now)),
      go: async (ctx, [run]) => show(ctx, await answering.current(ctx.member.id, num(run), ctx.now)),
      send: (ctx, [id = '', seen]) => confirmedSend(ctx, id, num(seen)),
      nosend: async (ctx) => void (await ctx.reply(m(ctx).notSent)),
      pick: async (ctx, [action = '', id = '']) => {
        const inPrivate = ctx.privately(); // as private as the command it finishes
        return inPrivate ? survey(inPrivate, `${action} ${id}`) : ctx.reply(tr(coreMessages, ctx.locale).privateFirst);
      },
    },
    flows: { text: typed },
    jobs: surveys.jobs(),
    tasks: {
      'surveys.remind': async (p, now) => surveys.remind(Number(p.runId), Number(p.n), now),
      'surveys.close': async (p, now) => surveys.close(Number(p.runId), now),
    },
    onMerge: mergeSurveyRows,
    privacy: surveysPrivacy,
  };
}

/**
 * The FAQ in the chat: a question in plain words (`faq.ask`) or `/faq <words>` gets the entry's
 * answer when the match is sure, with "this helped" / "ask a person"; unsure, the best three
 * entries as buttons and "ask a person"; nothing good, "ask a person". "Ask a person" starts a
 * question to the entry's department with the question filled in. In a group an addressed
 * question is answered in the group (answers are public). Staff and admins keep the entries
 * with /faq add, /faq edit, /faq remove and /faq list.
 */
import type { Config } from '../../config.js';
import type { Ctx, Feature } from '../../core/feature.js';
import { AppError } from '../../core/errors.js';
import { pick, tr, type Locale } from '../../core/i18n.js';
import type { Button, Outgoing } from '../../core/message.js';
import { openStep, stepButton } from '../../core/steps.js';
import type { UnitRunner } from '../../core/unit-of-work.js';
import type { AskPerson } from '../tickets/tickets.feature.js';
import { faqMessages } from './faq.messages.js';
import { faqPrivacy } from './faq.privacy.js';
import type { FaqEntry } from './faq.schema.js';
import { MAX_QUESTION, type FaqService } from './faq.service.js';

const m = (l: Locale) => tr(faqMessages, l);
const MANAGE = /^\s*\/\S+\s+(add|edit|remove)(\s|$)/i;

export interface FaqFeatureDeps {
  /** Every handler runs in its message's unit and queries on its handle (`units.q()`). */
  units: UnitRunner;
  config: Config;
  faq: FaqService;
  /** Starts a question ticket with the text (the tickets feature's intake). */
  askPerson: AskPerson;
}

export function faqFeature(deps: FaqFeatureDeps): Feature {
  const { faq } = deps;
  const staffOf = (ctx: Ctx) => ctx.roles.isAdmin || ctx.roles.departments().length > 0;
  /** The buttons of one ask belong to one step of the asker, so only they can press them, once. */
  const step = async (ctx: Ctx, askId: number, what = '') => openStep(deps.units.q(), ctx.member.id, 'faq', `faq:ask:${askId}${what}`, ctx.now);

  function render(e: FaqEntry, l: Locale): string {
    const links = e.links.length ? `\n${e.links.map((u) => `🔗 ${u}`).join('\n')}` : '';
    return `📖 ${pick(e.question, l)}\n\n${pick(e.answer, l)}${links}\n${m(l).owner({ dept: faq.deptName(e.department, l) })}`;
  }

  async function answer(ctx: Ctx, askId: number, e: FaqEntry): Promise<Outgoing> {
    const s = await step(ctx, askId, `:${e.id}`);
    const l = ctx.locale;
    return { text: render(e, l), buttons: [[stepButton(s, m(l).helped, 'faq', 'helped', askId), stepButton(s, m(l).askPerson, 'faq', 'person', askId, e.id)]] };
  }

  /** Answers a question: the entry, the choices, or an offer to ask a person. */
  async function question(ctx: Ctx, text: string): Promise<void> {
    const l = ctx.locale;
    const t = text.trim();
    if (!t) return ctx.reply(m(l).usage);
    const n = [...t].length;
    if (n > MAX_QUESTION) throw new AppError('faq.too_long', (loc) => m(loc).tooLong({ n, max: MAX_QUESTION }));
    const { askId, verdict: v } = await faq.ask(t, ctx.now);
    if (v.kind === 'answer') return ctx.reply(await answer(ctx, askId, faq.entry(v.best.id)!));
    const s = await step(ctx, askId);
    if (v.kind === 'none') {
      return ctx.reply({ text: m(l).none, buttons: [[stepButton(s, m(l).askPerson, 'faq', 'person', askId), stepButton(s, m(l).never, 'faq', 'never', askId)]] });
    }
    const choices: Button[][] = v.choices.map((c) => [stepButton(s, pick(faq.entry(c.id)!.question, l), 'faq', 'show', askId, c.id)]);
    ctx.reply({ text: m(l).choices, buttons: [...choices, [stepButton(s, m(l).notThese, 'faq', 'person', askId)]] });
  }

  function list(ctx: Ctx): void {
    const l = ctx.locale;
    const entries = faq.entries();
    if (!entries.length) return ctx.reply(m(l).listEmpty);
    const lines = entries.map((e) => m(l).listLine({
      id: e.id, question: pick(e.question, l), dept: faq.deptName(e.department, l), changed: faq.changed(e.id) ? m(l).changedMark : '',
    }));
    ctx.reply([m(l).listTitle({ n: entries.length }), ...lines].join('\n'));
  }

  async function manage(ctx: Ctx, action: string, rest: string): Promise<void> {
    const actor = { memberId: ctx.member.id, roles: ctx.roles };
    const l = ctx.locale;
    if (!rest.trim()) return ctx.reply(m(l).adminUsage);
    if (action === 'add') {
      const e = await faq.add(actor, rest, ctx.now);
      return ctx.reply(m(l).added({ id: e.id, dept: faq.deptName(e.department, l) }));
    }
    if (action === 'edit') return ctx.reply(m(l).edited({ id: (await faq.edit(actor, rest, ctx.now)).id }));
    ctx.reply(m(l).removed({ id: (await faq.remove(actor, rest.trim().split(/\s+/)[0]!, ctx.now)).id }));
  }

  async function run(ctx: Ctx, args: string): Promise<void> {
    const [, sub = '', rest = ''] = /^\s*(\S*)\s*([\s\S]*)$/.exec(args) ?? [];
    const word = sub.toLowerCase();
    if (word === 'list' && !rest) return list(ctx);
    if (staffOf(ctx) && ['add', 'edit', 'remove'].includes(word)) return manage(ctx, word, rest);
    if (!args.trim() && staffOf(ctx)) return ctx.reply(`${m(ctx.locale).usage}\n\n${m(ctx.locale).adminUsage}`);
    return question(ctx, args);
  }

  // ---- buttons ----

  async function show(ctx: Ctx, [askId = '', id = '']: string[]) {
    const e = faq.entry(id);
    await ctx.step?.answered();
    if (!e) return ctx.reply(m(ctx.locale).gone({ id }));
    await faq.chose(Number(askId), id);
    ctx.reply(await answer(ctx, Number(askId), e));
  }

  async function helped(ctx: Ctx, [askId = '']: string[]) {
    await ctx.step?.answered({ key: 'faq.helped' });
    await faq.pressed(Number(askId), true);
    ctx.notice(m(ctx.locale).thanks);
  }

  async function person(ctx: Ctx, [askId = '', id]: string[]) {
    await ctx.step?.answered({ key: 'faq.person' });
    const ask = await faq.askRow(Number(askId));
    await faq.pressed(Number(askId), false);
    await deps.askPerson(ctx, ask?.text ?? '', id ? faq.entry(id)?.department : undefined);
  }

  async function never(ctx: Ctx) {
    await ctx.step?.answered();
    ctx.notice(m(ctx.locale).okay);
  }

  return {
    name: 'faq',
    commands: [{
      name: 'faq',
      summary: (l, roles) => (roles && (roles.isAdmin || roles.departments().length) ? m(l).staffSummary : m(l).summary),
      // An entry's text is staff work (an answer about counselling names harm), never the sender's own state.
      words: (ctx) => (staffOf(ctx) && MANAGE.test(ctx.msg.text) ? 'work' : 'own'),
      run,
    }],
    intents: { 'faq.ask': (ctx) => question(ctx, ctx.msg.text) },
    buttons: { show, helped, person, never },
    outcome: (o, l) => (o.key === 'faq.helped' ? m(l).helpedDone : o.key === 'faq.person' ? m(l).personDone : undefined),
    privacy: faqPrivacy(),
  };
}

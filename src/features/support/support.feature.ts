/**
 * Crisis first: every private message and every addressed group message is checked before
 * anything else. High risk: the crisis resources at once, and an urgent anonymous alert to the
 * counselling department (a ticket under an alias; the student may reveal who they are). Medium:
 * a caring check-in offering to talk to a counsellor anonymously. Hyperbole stays silent (the
 * NLU's guards), and so does nothing else: recall comes first.
 */
import { coreMessages } from '../../core/core.messages.js';
import type { Config } from '../../config.js';
import { button, type Ctx, type Feature, type Understanding } from '../../core/feature.js';
import { pick, tr, type Locale } from '../../core/i18n.js';
import type { TicketService } from '../tickets/tickets.service.js';
import { ticketCode } from '../tickets/tickets.access.js';
import { supportMessages } from './support.messages.js';
import { createSupportService, type Risk } from './support.service.js';

export interface SupportDeps {
  config: Config;
  tickets: TicketService;
  /** The crisis level of a text, and the classifier's view of plain messages. */
  crisisOf: (text: string, chat: 'private' | 'group', now: Date) => 'high' | 'medium' | 'none';
}

const m = (l: Locale) => tr(supportMessages, l);

export function supportFeature(deps: SupportDeps): Feature {
  const { config } = deps;
  const support = createSupportService({ config, tickets: deps.tickets, header: (risk, l) => (risk === 'high' ? m(l).alertHigh : m(l).alertMedium) });
  const resources = (l: Locale) => config.crisis.resources.map((r) => m(l).resourceLine({ name: pick(r.name, l), phone: r.phone })).join('\n');

  const alert = (ctx: Ctx, text: string, risk: Risk) => support.raise(ctx.member.id, ctx.chat.platform, text, risk, ctx.now);

  function answer(ctx: Ctx, level: Risk, text: string): void {
    const l = ctx.locale;
    if (level === 'high' || support.openCase(ctx.member.id, ctx.now)) {
      const t = alert(ctx, text, level);
      ctx.flow.start('tickets', 'answer', { ticketId: t.id });
      if (level === 'medium') return ctx.reply(m(l).talkSent); // the counsellor already has the case
      const out = { text: m(l).high({ resources: resources(l) }), buttons: t.anonymous ? [[button(m(l).btnReveal, 'support', 'reveal', t.id)]] : [] };
      return deliver(ctx, out);
    }
    ctx.flow.start('support', 'offer', { text });
    deliver(ctx, { text: m(l).medium({ resources: resources(l) }), buttons: [[button(m(l).btnTalk, 'support', 'talk'), button(m(l).btnFine, 'support', 'fine')]] });
  }

  /** Asked for a counsellor in so many words: the anonymous case is one press away (privately). */
  function offerTalk(ctx: Ctx): void {
    const l = ctx.locale;
    ctx.flow.start('support', 'offer', { text: ctx.msg.text });
    const out = { text: m(l).offerTalk({ resources: resources(l) }), buttons: [[button(m(l).btnTalk, 'support', 'talk'), button(m(l).btnNotNow, 'support', 'fine')]] };
    if (ctx.chat.kind === 'private') return ctx.reply(out);
    ctx.reply(ctx.replyPrivately(out) ? m(l).offerSentPrivately : tr(coreMessages, l).privateUnreachable);
  }

  /**
   * In private the full answer; in a group only the resources, in the group's language (the campus
   * default: everyone there reads it, not only the sender), the rest privately. A crisis answer goes
   * before anything else the bot owes (the alert to the counsellors included), and is sent again
   * rather than lost when a crash cuts its call off.
   */
  function deliver(ctx: Ctx, out: { text: string; buttons: ReturnType<typeof button>[][] }): void {
    const first = { lane: 'crisis' } as const;
    if (ctx.chat.kind === 'private') return ctx.reply(out, first);
    const sent = ctx.replyPrivately(out, first);
    const g = config.campus.default_locale;
    ctx.reply((sent ? m(g).group : m(g).groupUnreachable)({ resources: resources(g) }), first);
  }

  /** Reads only the sender's own words (the router leaves out staff work and relayed text). */
  async function intercept(ctx: Ctx, ownWords: string): Promise<boolean> {
    const text = ownWords.trim();
    if (!text) return false;
    const level = deps.crisisOf(text, ctx.chat.kind, ctx.now);
    if (level === 'none') return false;
    answer(ctx, level, text);
    return true;
  }

  return {
    name: 'support',
    interceptors: [intercept],
    flows: {
      // Only listens: anything the student writes next is routed as usual.
      offer: async (ctx) => { ctx.flow.end(); return 'pass'; },
    },
    buttons: {
      talk: async (ctx) => {
        const f = ctx.flow.current;
        const text = f?.feature === 'support' ? String(f.data.text ?? '') : '';
        const t = alert(ctx, text || m(ctx.locale).btnTalk, 'medium');
        ctx.flow.start('tickets', 'answer', { ticketId: t.id });
        ctx.reply({ text: m(ctx.locale).talkStarted({ id: ticketCode(t.id) }), buttons: [[button(m(ctx.locale).btnReveal, 'support', 'reveal', t.id)]] });
      },
      fine: async (ctx) => {
        if (ctx.flow.current?.feature === 'support') ctx.flow.end();
        ctx.reply(m(ctx.locale).fine);
      },
      reveal: async (ctx, [id]) => {
        support.reveal(Number(id), ctx.member.id, ctx.now);
        ctx.reply(m(ctx.locale).revealed);
      },
    },
    intents: {
      'support.anonymous': async (ctx: Ctx) => offerTalk(ctx),
      // A crisis the lexicon did not flag but the classifier did reaches here only if the
      // interceptor was skipped; answer it the same way.
      crisis: async (ctx: Ctx, u: Understanding) => answer(ctx, u.crisis === 'high' ? 'high' : 'medium', ctx.msg.text),
    },
  };
}

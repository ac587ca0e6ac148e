/**
 * What the bot says to plain messages that are not a ticket: unsure guesses become buttons (in
 * private), chit-chat gets a friendly pointer, out-of-scope requests an honest answer, and
 * intents whose feature does not exist yet say what the student can do now.
 */
import type { Ctx, Feature, Understanding } from '../../core/feature.js';
import { stepButton } from '../../core/steps.js';
import { tr, type Locale } from '../../core/i18n.js';
import { smalltalkKind } from '../../nlu/index.js';
import { assistantMessages } from './assistant.messages.js';

type Catalog = ReturnType<typeof tr<typeof assistantMessages['zh-CN']>>;
const m = (l: Locale) => tr(assistantMessages, l);

/** Intents that can be offered as a choice, with their button label and what a press starts. */
const CHOICES: Record<string, { label: (c: Catalog) => string; command: string }> = {
  'repair.request': { label: (c) => c.intent_repair, command: '/repair' },
  'feedback.submit': { label: (c) => c.intent_feedback, command: '/feedback' },
  'complaint.submit': { label: (c) => c.intent_complaint, command: '/complaint' },
  'ticket.status': { label: (c) => c.intent_status, command: '/mytickets' },
  'faq.ask': { label: (c) => c.intent_question, command: '/faq' },
  help: { label: (c) => c.intent_help, command: '/help' },
};

/** Intents whose feature is not built yet, and how to name them. */
const LATER: Record<string, (c: Catalog) => string> = {
  'booking.create': (c) => c.what_booking, 'booking.cancel': (c) => c.what_cancelBooking,
  'event.list': (c) => c.what_events, 'event.signup': (c) => c.what_events,
};

/** Chit-chat that is a thank-you or a plain "OK" gets an answer to that, anything else `other` (the greeting). */
function smalltalk(ctx: Ctx, other?: string) {
  const c = m(ctx.locale);
  ctx.reply({ thanks: c.smalltalkThanks, ack: c.smalltalkAck, other: other ?? c.smalltalk }[smalltalkKind(ctx.msg.text)]);
}

/** Chit-chat needs no menu of ticket kinds: a short friendly line. Undefined for anything else. */
function noMenu(u: Understanding, c: Catalog): string | undefined {
  // Hyperbole is tiredness, hunger, an exam or a joke (累死了, 笑死我了, I could kill for a coffee): one neutral line fits them all.
  if (u.chitchat) return u.chitchat === 'laughter' ? c.smalltalkLaughter : c.smalltalkShort;
  return undefined;
}

export interface AssistantDeps {
  run: (ctx: Ctx, command: string) => Promise<void>;
  /** Asked to book counselling: the counsellor now, anonymously (bookings are not built yet). */
  counselling?: (ctx: Ctx) => Promise<void>;
}

export function assistantFeature(deps: AssistantDeps): Feature {
  /**
   * An unsure guess: in private, when the best guess is a request, the likely requests are offered
   * as buttons (the message is kept to continue with); small talk, chit-chat and what is not a
   * request get a short friendly line instead. In a group a short hint.
   */
  async function uncertain(ctx: Ctx, u: Understanding) {
    const c = m(ctx.locale);
    const plain = noMenu(u, c);
    if (plain) return ctx.reply(plain);
    if (ctx.chat.kind === 'group') return ctx.reply(c.groupUnsure);
    const options = u.alternatives.filter((a) => CHOICES[a.intent]).slice(0, 3);
    if (!CHOICES[u.intent] || !options.length) return smalltalk(ctx, c.smalltalkShort);
    await ctx.flow.start('assistant', 'choose', { text: ctx.msg.text });
    const step = await ctx.flow.step();
    const b = (label: string, intent: string) => stepButton(step, label, 'assistant', 'pick', intent);
    const buttons = [...options.map((a) => b(CHOICES[a.intent]!.label(m(ctx.locale)), a.intent)), b(m(ctx.locale).btnOther, 'other')];
    ctx.reply({ text: m(ctx.locale).chooseTitle, buttons: [buttons.slice(0, 2), buttons.slice(2)].filter((r) => r.length) });
  }

  async function pick(ctx: Ctx, [intent = '']: string[]) {
    const f = (await ctx.flow.current());
    const text = f?.feature === 'assistant' ? String(f.data.text ?? '') : '';
    if (f?.feature === 'assistant') await ctx.flow.end();
    const choice = CHOICES[intent];
    if (!choice) return ctx.reply(m(ctx.locale).otherAnswer);
    const withText = ['/repair', '/feedback', '/complaint', '/faq'].includes(choice.command) && text ? `${choice.command} ${text}` : choice.command;
    await deps.run(ctx, withText);
  }

  const later = (what: (c: Catalog) => string) => async (ctx: Ctx, u: Understanding) =>
    ctx.reply(noMenu(u, m(ctx.locale)) ?? m(ctx.locale).later({ what: what(m(ctx.locale)) }));

  return {
    name: 'assistant',
    intents: {
      uncertain,
      none: async (ctx, u) => ctx.reply(noMenu(u, m(ctx.locale)) ?? (ctx.chat.kind === 'group' ? m(ctx.locale).groupUnsure : m(ctx.locale).outOfScope)),
      smalltalk: async (ctx, u) => (noMenu(u, m(ctx.locale)) ? ctx.reply(noMenu(u, m(ctx.locale))!) : smalltalk(ctx)),
      help: (ctx) => deps.run(ctx, '/help'),
      ...Object.fromEntries(Object.entries(LATER).map(([intent, what]) => [intent, later(what)])),
      'booking.create': async (ctx, u) => (u.slots.service === 'counseling' && deps.counselling ? deps.counselling(ctx) : later(LATER['booking.create']!)(ctx, u)),
    },
    buttons: { pick },
    flows: { choose: async (ctx) => { await ctx.flow.end(); return 'pass'; } },
  };
}

/**
 * What the bot says to plain messages that are not a ticket: unsure guesses become buttons (in
 * private), chit-chat gets a friendly pointer, out-of-scope requests an honest answer, and
 * intents whose feature does not exist yet say what the student can do now.
 */
import { button, type Ctx, type Feature, type Understanding } from '../../core/feature.js';
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
  'faq.ask': { label: (c) => c.intent_question, command: '/ask' },
  help: { label: (c) => c.intent_help, command: '/help' },
};

/** Intents whose feature is not built yet, and how to name them. */
const LATER: Record<string, (c: Catalog) => string> = {
  'booking.create': (c) => c.what_booking, 'booking.cancel': (c) => c.what_cancelBooking,
  'event.list': (c) => c.what_events, 'event.signup': (c) => c.what_events,
};

/** Chit-chat that is a thank-you or a plain "OK" gets an answer to that, not the greeting. */
function smalltalk(ctx: Ctx) {
  const c = m(ctx.locale);
  ctx.reply({ thanks: c.smalltalkThanks, ack: c.smalltalkAck, other: c.smalltalk }[smalltalkKind(ctx.msg.text)]);
}

export function assistantFeature(deps: { run: (ctx: Ctx, command: string) => Promise<void> }): Feature {
  /** In private an unsure guess is offered as buttons (the message is kept to continue with); in a group a short hint. */
  async function uncertain(ctx: Ctx, u: Understanding) {
    if (ctx.chat.kind === 'group') return ctx.reply(m(ctx.locale).groupUnsure);
    const options = u.alternatives.filter((a) => CHOICES[a.intent]).slice(0, 3);
    if (!options.length) return ctx.reply(m(ctx.locale).outOfScope);
    ctx.flow.start('assistant', 'choose', { text: ctx.msg.text });
    const buttons = [...options.map((a) => button(CHOICES[a.intent]!.label(m(ctx.locale)), 'assistant', 'pick', a.intent)), button(m(ctx.locale).btnOther, 'assistant', 'pick', 'other')];
    ctx.reply({ text: m(ctx.locale).chooseTitle, buttons: [buttons.slice(0, 2), buttons.slice(2)].filter((r) => r.length) });
  }

  async function pick(ctx: Ctx, [intent = '']: string[]) {
    const f = ctx.flow.current;
    const text = f?.feature === 'assistant' ? String(f.data.text ?? '') : '';
    if (f?.feature === 'assistant') ctx.flow.end();
    const choice = CHOICES[intent];
    if (!choice) return ctx.reply(m(ctx.locale).otherAnswer);
    const withText = ['/repair', '/feedback', '/complaint', '/ask'].includes(choice.command) && text ? `${choice.command} ${text}` : choice.command;
    await deps.run(ctx, withText);
  }

  const later = (what: (c: Catalog) => string) => async (ctx: Ctx) => ctx.reply(m(ctx.locale).later({ what: what(m(ctx.locale)) }));

  return {
    name: 'assistant',
    intents: {
      uncertain,
      none: async (ctx) => ctx.reply(ctx.chat.kind === 'group' ? m(ctx.locale).groupUnsure : m(ctx.locale).outOfScope),
      smalltalk: async (ctx) => smalltalk(ctx),
      help: (ctx) => deps.run(ctx, '/help'),
      'faq.ask': (ctx) => deps.run(ctx, `/ask ${ctx.msg.text}`),
      ...Object.fromEntries(Object.entries(LATER).map(([intent, what]) => [intent, later(what)])),
    },
    buttons: { pick },
    flows: { choose: async (ctx) => { ctx.flow.end(); return 'pass'; } },
  };
}

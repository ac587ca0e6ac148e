/** Surveys as messages: the invitation, one question at a time with its buttons, reminders. */
import { button } from '../../core/feature.js';
import { pick, tr, type Locale } from '../../core/i18n.js';
import type { Button, Outgoing } from '../../core/message.js';
import { formatDateTime } from '../../core/time.js';
import { surveysMessages } from './surveys.messages.js';
import type { Question, SurveyDef } from './surveys.schema.js';

const F = 'surveys';
/** The value a "skip" button sends. */
export const SKIP = '-';

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

function hint(q: Question, locale: Locale): string {
  const m = tr(surveysMessages, locale);
  return { rating: m.ratingHint, nps: m.npsHint, choice: m.choiceHint, multi: m.multiHint, text: m.textHint }[q.type];
}

function answerButtons(q: Question, runId: number, index: number, locale: Locale, ticked: readonly string[]): Button[][] {
  const answer = (label: string, value: string | number) => button(label, F, 'a', runId, index, value);
  switch (q.type) {
    case 'rating': return [range(1, 5).map((n) => answer(String(n), n))];
    case 'nps': return [range(0, 5).map((n) => answer(String(n), n)), range(6, 10).map((n) => answer(String(n), n))];
    case 'choice': return q.options!.map((o) => [answer(pick(o.text, locale), o.id)]);
    case 'multi': return [
      ...q.options!.map((o) => [button(`${ticked.includes(o.id) ? '✓ ' : ''}${pick(o.text, locale)}`, F, 't', runId, index, o.id)]),
      [button(tr(surveysMessages, locale).done, F, 'd', runId, index)],
    ];
    case 'text': return [];
  }
}

/** Question `index` of the run, with its buttons (`ticked`: options chosen so far in a multi). */
export function questionOut(def: SurveyDef, runId: number, index: number, locale: Locale, ticked: readonly string[] = []): Outgoing {
  const q = def.questions[index]!;
  const m = tr(surveysMessages, locale);
  const text = m.question({ n: index + 1, total: def.questions.length, text: pick(q.text, locale), hint: hint(q, locale) });
  const buttons = answerButtons(q, runId, index, locale, ticked);
  if (q.optional) buttons.push([button(m.skip, F, 'a', runId, index, SKIP)]);
  return buttons.length ? { text, buttons } : { text };
}

/**
 * The invitation: what the survey is, then its first question with buttons (or a start button
 * when the first question wants typed text, which needs a dialogue the outbox cannot open).
 */
export function inviteOut(def: SurveyDef, runId: number, closesAt: Date, tz: string, locale: Locale): Outgoing {
  const m = tr(surveysMessages, locale);
  const head = m.invite({
    title: pick(def.title, locale), intro: def.intro ? pick(def.intro, locale) : '', total: def.questions.length,
    closes: formatDateTime(closesAt, tz, locale), privacy: def.anonymous ? m.anonymous : m.named,
  });
  if (def.questions[0]!.type === 'text') return { text: head, buttons: [[button(m.start, F, 'go', runId)]] };
  const first = questionOut(def, runId, 0, locale);
  return { text: `${head}\n\n${first.text}`, buttons: first.buttons ?? [] };
}

export function reminderOut(def: SurveyDef, runId: number, closesAt: Date, tz: string, locale: Locale): Outgoing {
  const m = tr(surveysMessages, locale);
  return {
    text: m.reminder({ title: pick(def.title, locale), closes: formatDateTime(closesAt, tz, locale) }),
    buttons: [[button(m.continue, F, 'go', runId)]],
  };
}

/** For someone whose invitation may not have arrived (a lost response): ask, and offer it. */
export function unknownCheckOut(def: SurveyDef, runId: number, locale: Locale): Outgoing {
  const m = tr(surveysMessages, locale);
  return { text: m.unknownCheck({ title: pick(def.title, locale) }), buttons: [[button(m.sendItToMe, F, 'go', runId)]] };
}

export function groupInviteOut(def: SurveyDef, locale: Locale): Outgoing {
  return { text: tr(surveysMessages, locale).groupInvite({ title: pick(def.title, locale) }) };
}

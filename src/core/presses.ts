/**
 * How a button press reaches its feature. A press runs its button's handler; a step's button
 * (core/steps.ts) only while the step is open: a press on a step already closed is told what became
 * of it, alone (`ctx.notice`: a toast on Telegram), and its message's buttons are taken off, as they
 * are when this press closes the step. A button nobody handles any more has expired (a toast too).
 */
import { coreMessages } from './core.messages.js';
import type { Ctx, Feature } from './feature.js';
import { tr, type Locale } from './i18n.js';
import { WITHOUT_BUTTONS, type SentRef } from './message.js';
import type { UnitRunner } from './unit-of-work.js';
import { CANCELLED, LEFT, splitStep, type StepOutcome } from './steps.js';
import { closeStep, getStep, type StepRow } from './steps.repo.js';

export interface PressDeps {
  units: UnitRunner;
  features: ReadonlyMap<string, Feature>;
  /** Pressed messages their press's handler edited itself (their buttons are its business then). */
  edited: WeakSet<SentRef>;
}

export function createPresses(deps: PressDeps) {
  async function press(ctx: Ctx, raw: string): Promise<void> {
    const { data, step } = splitStep(raw);
    const [featureName = '', action = '', ...args] = data.split(':');
    const handler = deps.features.get(featureName)?.buttons?.[action];
    if (!handler) return ctx.notice(tr(coreMessages, ctx.locale).buttonExpired);
    if (step === undefined) return handler(ctx, args);
    const q = deps.units.q();
    const row = await getStep(q, step);
    if (!row?.open || row.memberId !== ctx.member.id) {
      ctx.notice(row && row.memberId === ctx.member.id ? outcomeOf(row, ctx.locale) : tr(coreMessages, ctx.locale).buttonExpired);
      return takeButtonsOff(ctx);
    }
    const answered = async (outcome?: StepOutcome) => void (await closeStep(q, step, outcome ?? null, ctx.now));
    await handler({ ...ctx, step: { id: step, answered } }, args);
    if (!(await getStep(q, step))?.open) takeButtonsOff(ctx);
  }

  /** What a press on a closed step is told: its feature's words for the outcome, else the core's. */
  function outcomeOf(row: StepRow, locale: Locale): string {
    const m = tr(coreMessages, locale);
    const o = row.outcome;
    const own = o ? deps.features.get(row.feature)?.outcome?.(o, locale) : undefined;
    return own ?? (o?.key === CANCELLED.key ? m.stepCancelled : o?.key === LEFT.key ? m.stepLeft : m.stepDone);
  }

  /** Takes the buttons off the pressed message, unless its handler edited that message itself. */
  function takeButtonsOff(ctx: Ctx): void {
    const ref = ctx.msg.pressedMessage;
    if (ref && !deps.edited.has(ref)) ctx.edit(ref, WITHOUT_BUTTONS);
  }

  return { press };
}

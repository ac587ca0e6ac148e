/**
 * Steps: a question put to one member with buttons ("which category?", "submit?", "fixed?"),
 * answered once. A step's buttons carry its id (`tickets:submit:@42`), so the router can tell a
 * press on the question being asked from one on a question already answered, cancelled or
 * replaced (a double tap, an old message scrolled up to): the first runs its handler, the others
 * are told what became of the step (a toast on Telegram, "already submitted as T-1") and do
 * nothing, and the pressed message's buttons are taken off.
 *
 * A dialogue's step is made when its buttons first ask for one (`ctx.flow.step()`) and closed when
 * the dialogue moves on or ends; a step outside any dialogue (a resolution's "fixed?") is opened
 * with a key and closed by its press, or by the key (`closeStepsByKey`) when the question lapses.
 */
import type { Q } from '../db/client.js';
import { DAY } from './clock.js';
import type { CronJob } from './feature.js';
import type { StepOutcome } from '../db/schema.js';
import { insertStep, openStepByKey, pruneSteps } from './steps.repo.js';
import type { UnitRunner } from './unit-of-work.js';

export type { StepOutcome };

const MARK = '@';

/** A button that answers step `step`: its press reaches `feature`'s `action` with `args` only while the step is open. */
export function stepButton(step: number, label: string, feature: string, action: string, ...args: (string | number)[]) {
  return { label, data: [feature, action, ...args.map(String), `${MARK}${step}`].join(':') };
}

/** A button's payload without its step, and the step when it has one. */
export function splitStep(data: string): { data: string; step?: number } {
  const at = data.lastIndexOf(`:${MARK}`);
  const id = at >= 0 ? data.slice(at + 2) : '';
  return /^\d{1,15}$/.test(id) ? { data: data.slice(0, at), step: Number(id) } : { data };
}

/**
 * The open step with this key (a question outside any dialogue, asked of `memberId`), made when
 * there is none: a question asked again (a reminder) is the same step, so the buttons of both
 * messages answer it once.
 */
export async function openStep(q: Q, memberId: number, feature: string, key: string, now: Date): Promise<number> {
  return (await openStepByKey(q, key, memberId)) ?? (await insertStep(q, memberId, feature, key, now));
}

/** Outcomes every feature may use; the router words them. */
export const CANCELLED: StepOutcome = { key: 'cancelled' };
/** The member moved on to something new while the step was open. */
export const LEFT: StepOutcome = { key: 'left' };

/** Closed steps are kept this long: a press on an older one's button answers as expired. */
const KEEP_DAYS = 30;

/** Forgets closed steps after KEEP_DAYS, nightly. */
export const stepsPruning = (units: UnitRunner): CronJob => ({
  name: 'core.steps.prune', cron: '40 3 * * *',
  run: async (now) => void (await pruneSteps(units.q(), new Date(now.getTime() - KEEP_DAYS * DAY))),
});

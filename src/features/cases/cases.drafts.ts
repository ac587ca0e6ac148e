/**
 * A crisis typed while a repair (or another intake) is being described loses no draft: the
 * crisis answer's dialogue carries the intake it set aside, the answer says so with a "continue"
 * button, and "I'm OK" or the next words after a check-in go back to it.
 */
import { coreMessages } from '../../core/core.messages.js';
import { button, type ButtonHandler, type Ctx } from '../../core/feature.js';
import { tr, type Locale } from '../../core/i18n.js';
import type { Drafts } from '../tickets/intake.flow.js';
import { caseMessages } from './cases.messages.js';

/** What a crisis answer's dialogue carries: the intake it set aside, if any. */
export type Kept = { held?: object };
/** The kept intake, the line that says so and its button (all empty when nothing is kept). */
export type KeptDraft = { keep: Kept; line: string; buttons: ReturnType<typeof button>[][] };
export const nothingKept: KeptDraft = { keep: {}, line: '', buttons: [] };

const sm = (l: Locale) => tr(caseMessages, l);

/** The kept intake in a dialogue's data, if any. */
export const heldIn = (data: Record<string, unknown> | undefined) => (data && typeof data.held === 'object' && data.held ? data.held : undefined);

export function keptDrafts(drafts: Drafts) {
  /** The intake being filled in privately (or one an earlier crisis answer of this feature kept). */
  async function kept(ctx: Ctx): Promise<KeptDraft> {
    if (ctx.chat.kind !== 'private') return nothingKept;
    const f = (await ctx.flow.current());
    const held = (await drafts.held(ctx)) ?? (f?.feature === 'cases' ? heldIn(f.data) : undefined);
    const kind = held && drafts.kindOf(held, ctx.locale);
    if (!held || !kind) return nothingKept;
    const l = ctx.locale;
    return { keep: { held }, line: `\n\n${sm(l).draftKept({ kind })}`, buttons: [[button(sm(l).btnResume({ kind }), 'cases', 'resume')]] };
  }

  /** Goes on with the intake a crisis answer kept (its step is asked again). */
  const resume: ButtonHandler = async (ctx) => {
    const f = (await ctx.flow.current());
    const held = f?.feature === 'cases' ? heldIn(f.data) : undefined;
    if (!held || !(await drafts.resume(ctx, held))) ctx.notice(tr(coreMessages, ctx.locale).stepDone);
  };

  return { kept, buttons: { resume }, back: drafts.resume };
}

export type KeptDrafts = ReturnType<typeof keptDrafts>;

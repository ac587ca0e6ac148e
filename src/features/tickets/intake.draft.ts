/**
 * What an intake dialogue holds (its row in `conversations`) and reads from a message: the
 * draft, the steps, the categories each kind offers, photos and words asking for anonymity.
 */
import { CATEGORIES, type Category, type TicketKind } from '../../config.js';
import type { Ctx } from '../../core/feature.js';
import type { Outgoing } from '../../core/message.js';
import { anonymityIn } from '../../nlu/index.js';
import type { Draft } from './tickets.service.js';

export type Step = 'category' | 'description' | 'location' | 'photo' | 'anonymous' | 'metoo' | 'confirm';

export interface IntakeData {
  step: Step;
  draft: Partial<Draft> & { kind: TicketKind; photos: string[] };
  photoDone?: boolean;
  similarId?: number | null;
}

/** Whether a dialogue row's data is an intake's (read back from JSON, so checked rather than cast). */
export function isIntakeData(data: object): data is IntakeData {
  const d = data as Partial<Record<keyof IntakeData, unknown>>;
  return typeof d.step === 'string' && typeof d.draft === 'object' && d.draft !== null;
}

/** What understanding a plain message already knows about the ticket. */
export interface Prefill {
  draft?: Partial<Pick<Draft, 'category' | 'building' | 'room' | 'item' | 'anonymous' | 'department'>>;
  skipPhoto?: boolean;
  /** Photos sent before the dialogue started (a photo on its own, then the kind picked). */
  photos?: string[];
}

/** Slots found in free text: where and what (repairs). */
export type Extract = (text: string) => { building?: string; room?: string; item?: string };

export const CATEGORIES_BY_KIND: Record<TicketKind, readonly Category[]> = {
  repair: ['facilities', 'life_services', 'safety', 'other'],
  question: ['academic', 'career', 'mental_health', 'life_services', 'service_quality', 'other'],
  feedback: CATEGORIES,
  complaint: CATEGORIES,
};

/** The photos a message carries, as attachment refs. */
export const photosIn = (ctx: Ctx): string[] => (ctx.msg.attachments ?? []).filter((a) => a.kind === 'photo').map((a) => a.ref);

/** Words asking to stay anonymous ("匿名", "don't tell them my name") or to be named preset the choice. */
export function askedAnonymity(text: string): { anonymous?: boolean } {
  const asked = anonymityIn(text);
  return asked ? { anonymous: asked === 'anonymous' } : {};
}

/** A question preceded by why it is asked again ("the description is too long"). */
export const withNotice = (out: Outgoing, notice: string): Outgoing => (notice ? { ...out, text: `${notice}\n\n${out.text}` } : out);

/**
 * What the FAQ keeps about people: nothing that points at a member. A question asked is kept
 * without who asked (for the digest's most asked and gaps); its text is erased after
 * ASK_TEXT_DAYS, leaving the entry it matched and whether it helped.
 */
import type { PrivacyHooks } from '../../core/feature.js';
import { DAY } from '../../core/clock.js';
import { eraseAskTexts } from './faq.repo.js';

export const ASK_TEXT_DAYS = 90;

export function faqPrivacy(): PrivacyHooks {
  return {
    handles: {},
    retain: async (q, _retention, now) => ({ faq_question_texts: await eraseAskTexts(q, new Date(now.getTime() - ASK_TEXT_DAYS * DAY)) }),
  };
}

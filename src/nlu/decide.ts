/**
 * The rule `understand` follows to turn the concern analysis, the privacy and chit-chat
 * recognisers and the classifier's ranking into one intent (see index.ts for the contract).
 */
import type { Scored } from './classifier.js';
import type { Chitchat } from './chitchat.js';
import type { ConcernAnalysis } from './concern.js';
import type { CrisisLevel } from './crisis.js';
import type { Intent } from './intents.js';
import { hasGist } from './model-gist.js';
import { modelCrisisKind, type ModelKind } from './model-kind.js';
import type { PrivacyRequest } from './privacy.js';

/** A classifier-only crisis (no lexicon cue) needs at least this probability to count. */
export const MODEL_CRISIS_MIN = 0.4;
/**
 * ... and at least this one when the message shows only wellbeing words ("感觉自己在宿舍被孤立了"):
 * then it is a worry answered with the anonymous counsellor, not the sender's crisis.
 */
export const MODEL_CRISIS_OVER_WELLBEING = 0.8;
/**
 * ... and, when the message has no word a crisis is made of (model-gist.ts: "走廊灯一直闪", "整层楼都
 * 这样", "算了"), at least this one: short everyday text shares n-grams with crisis lines.
 */
export const MODEL_CRISIS_WITHOUT_GIST = 0.95;
/** Confidence of a crisis, danger or worry found by the lexicon, by its level. */
const LEXICON_CONFIDENCE = { high: 0.99, medium: 0.9 } as const;
/** A wellbeing message goes to support unless the classifier is at least this sure of something else. */
export const WELLBEING_KEEP = 0.6;
const WELLBEING_CONFIDENCE = 0.8;
/** Chit-chat stays `none` unless the classifier is at least this sure of a request. */
const CHITCHAT_KEEP = 0.5;
const PRIVACY_CONFIDENCE = 0.9;

export interface DecideInput {
  /** The message, folded (normalize.ts). */
  folded: string;
  analysis: ConcernAnalysis;
  privacy: PrivacyRequest | undefined;
  chitchat: Chitchat | undefined;
  scores: Scored[];
  chat: 'private' | 'group';
  threshold: number;
}

export interface Decision {
  intent: Intent;
  confidence: number;
  /** The ranking the alternatives come from (the chosen intent first). */
  ranked: Scored[];
  /** The sender's own crisis level (a classifier-only crisis is `medium`). */
  crisis: CrisisLevel;
  /** True when the crisis came from the classifier alone (the analysis found no words for it). */
  modelCrisis: boolean;
  /** Whose a classifier-only crisis is (model-kind.ts): only `self` makes it the sender's. */
  modelKind?: ModelKind;
}

/** Drops `intent` from the distribution (renormalised). */
function without(scores: Scored[], intent: Intent): Scored[] {
  const rest = scores.filter((s) => s.intent !== intent);
  const total = rest.reduce((sum, s) => sum + s.confidence, 0) || 1;
  return rest.map((s) => ({ intent: s.intent, confidence: s.confidence / total }));
}

/** Talking to a counsellor now (找心理老师聊聊) is support; booking one (预约心理咨询) names a booking word. */
const TALK = /聊|倾诉|说说|谈谈|\b(?:talk|chat|speak|vent)\b/u;
const BOOKING = /预约|约(?:个|一个|一次|下|在)|挂号|登记|\b(?:book|booking|appointment|schedule|reserve|session)\b/u;

function talkNotBooking({ folded }: DecideInput, scores: Scored[]): boolean {
  return scores[0]!.intent === 'booking.create' && scores[1]?.intent === 'support.anonymous' && TALK.test(folded) && !BOOKING.test(folded);
}

const probability = (scores: Scored[], intent: Intent) => scores.find((s) => s.intent === intent)?.confidence ?? 0;

/** `intent` first with `confidence`, the rest of the ranking after it. */
function lead(intent: Intent, confidence: number, scores: Scored[], crisis: CrisisLevel = 'none'): Decision {
  return { intent, confidence, ranked: [{ intent, confidence }, ...scores.filter((s) => s.intent !== intent)], crisis, modelCrisis: false };
}

/** Self, danger and a friend's crisis are intent `crisis` in every chat; thresholds never silence them. */
function urgent({ analysis, scores }: DecideInput): Decision | undefined {
  const c = analysis.concern;
  if (!c || c.kind === 'wellbeing' || c.level === 'low') return undefined;
  const confidence = Math.max(LEXICON_CONFIDENCE[c.level], probability(scores, 'crisis'));
  return lead('crisis', confidence, scores, analysis.crisis);
}

/** A worry (the sender's wellbeing, or a friend's) that the classifier does not read as a clear request. */
function worried({ analysis, chat }: DecideInput, scores: Scored[]): boolean {
  const c = analysis.concern;
  const best = scores[0]!;
  const open = ['none', 'smalltalk', 'support.anonymous'].includes(best.intent) || best.confidence < WELLBEING_KEEP;
  return chat === 'private' && !!c && (c.kind === 'wellbeing' || c.kind === 'other') && open;
}

export function decide(input: DecideInput): Decision {
  const found = urgent(input);
  if (found) return found;
  const { analysis, privacy, chitchat, chat, threshold } = input;
  // Hyperbole, crisis words about someone else, a story or a denial, and words-free noise leave the model no say on a crisis.
  let scores = analysis.hyperbole || analysis.elsewhere || chitchat ? without(input.scores, 'crisis') : input.scores;
  if (scores[0]!.intent === 'crisis') {
    const min = Math.max(analysis.concern ? MODEL_CRISIS_OVER_WELLBEING : MODEL_CRISIS_MIN, hasGist(input.folded) ? 0 : MODEL_CRISIS_WITHOUT_GIST);
    if (scores[0]!.confidence >= min) {
      const kind = modelCrisisKind(input.folded);
      return { ...lead('crisis', scores[0]!.confidence, scores, kind === 'self' ? 'medium' : 'none'), modelCrisis: true, modelKind: kind };
    }
    scores = without(scores, 'crisis');
  }
  if (privacy) return { intent: 'none', confidence: Math.max(probability(scores, 'none'), PRIVACY_CONFIDENCE), ranked: [], crisis: 'none', modelCrisis: false };
  if (talkNotBooking(input, scores)) return lead('support.anonymous', probability(scores, 'support.anonymous'), scores);
  if (worried(input, scores)) return lead('support.anonymous', Math.max(probability(scores, 'support.anonymous'), WELLBEING_CONFIDENCE), scores);
  const best = scores[0]!;
  if (chitchat && !analysis.concern && !['none', 'smalltalk'].includes(best.intent) && best.confidence < CHITCHAT_KEEP) {
    return { intent: 'none', confidence: probability(scores, 'none'), ranked: scores, crisis: 'none', modelCrisis: false };
  }
  const silent = chat === 'group' && best.confidence < threshold;
  return { intent: silent ? 'none' : best.intent, confidence: best.confidence, ranked: scores, crisis: 'none', modelCrisis: false };
}

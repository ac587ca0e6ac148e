/**
 * Public API of the NLU layer — the rest of the app imports only this module.
 *
 * `createNlu()` trains the joint zh/en classifier from `src/nlu/data/*.yaml` (deterministic,
 * well under a second) and tunes the two confidence thresholds on `src/nlu/data/dev/`.
 */
import { fileURLToPath } from 'node:url';
import { analyzeCrisis, type CrisisLevel } from './crisis.js';
import { classifierFrom, fitClassifier, type Classifier, type ClassifierModel, type Scored } from './classifier.js';
import { loadExamples, type Example } from './examples.js';
import type { Intent } from './intents.js';
import { loadOrTrain, type CacheLog } from './model-cache.js';
import { extractSlots, type Slots } from './slots/index.js';
import { offsetMinutes } from './slots/zone.js';
import { tuneThresholds, type Thresholds } from './thresholds.js';

export type { Intent } from './intents.js';
export type { Slots } from './slots/index.js';
export type { CrisisLevel, CrisisVerdict } from './crisis.js';
export { detectCrisis } from './crisis.js';
export { INTENTS } from './intents.js';
export { smalltalkKind, type SmalltalkKind } from './smalltalk.js';
export { anonymityIn, type Anonymity } from './anonymity.js';
/** For the booking flow: the same time slot with its precision (ask for a time when it is not `minute`). */
export { extractTime, type TimeMatch } from './slots/time.js';

export interface NluResult {
  intent: Intent;
  confidence: number;
  slots: Slots;
  alternatives: { intent: Intent; confidence: number }[];
  crisis: 'high' | 'medium' | 'none';
}

export interface UnderstandOptions {
  chat: 'private' | 'group';
  now: Date;
  /** IANA zone of the campus, e.g. "Asia/Shanghai"; an unknown zone throws RangeError. */
  timezone: string;
}

export interface Nlu {
  understand(text: string, opts: UnderstandOptions): NluResult;
  thresholds: Thresholds;
}

/** A classifier-only crisis (no lexicon cue) needs at least this probability to count. */
export const MODEL_CRISIS_MIN = 0.4;
const LEXICON_CONFIDENCE: Record<Exclude<CrisisLevel, 'none'>, number> = { high: 0.99, medium: 0.9 };

/** Drops `crisis` from the distribution (renormalised) — used when only hyperbole was seen. */
function withoutCrisis(scores: Scored[]): Scored[] {
  const rest = scores.filter((s) => s.intent !== 'crisis');
  const total = rest.reduce((sum, s) => sum + s.confidence, 0) || 1;
  return rest.map((s) => ({ intent: s.intent, confidence: s.confidence / total }));
}

/** Top three intents that make sense as buttons (never `none`). */
function alternativesOf(scores: readonly Scored[]): Scored[] {
  return scores.filter((s) => s.intent !== 'none').slice(0, 3).map((s) => ({ ...s }));
}

const knownZones = new Set<string>();

/** Throws RangeError for an invalid `now` or an unknown zone (each zone is checked once). */
function checkClock({ now, timezone }: UnderstandOptions): void {
  if (Number.isNaN(now.getTime())) throw new RangeError('now is an invalid Date');
  if (knownZones.has(timezone)) return;
  offsetMinutes(now, timezone);
  knownZones.add(timezone);
}

/**
 * Runs the slot extractors once so the first real message does not pay for JIT and regex
 * compilation (chrono-node's patterns: 0.1–0.2 s). createNlu and buildNlu do it at once; a bot that
 * starts with cachedNlu calls it once it is ready, so the start does not wait for it.
 */
export function warmUpNlu(): void {
  const ctx = { now: new Date(0), timezone: 'UTC' };
  extractSlots('booking.create', '明天下午3点 tomorrow at 3pm', ctx);
  extractSlots('repair.request', '3号楼502 Building 7 room 215', ctx);
}

/** What training produces: the classifier's model and the thresholds tuned on the dev split. */
export interface NluModel {
  classifier: ClassifierModel;
  thresholds: Thresholds;
}

/** Trains on `train` and tunes the thresholds on `dev` (deterministic: same data, same model). */
export function trainNlu(train: readonly Example[], dev: readonly Example[]): NluModel {
  const classifier = fitClassifier([...train]);
  const classify = classifierFrom(classifier).classify;
  return { classifier, thresholds: tuneThresholds(dev.map((e) => ({ gold: e.intent, ranked: classify(e.text) }))) };
}

/** Builds an Nlu from explicit training and dev examples (createNlu uses the YAML files). */
export function buildNlu(train: readonly Example[], dev: readonly Example[]): Nlu {
  return nluFrom(trainNlu(train, dev));
}

/**
 * An Nlu over a trained model.
 *
 * The rule `understand` follows, in order:
 * 1. Crisis lexicon first, in every chat: a `high` or `medium` cue gives intent `crisis` with
 *    confidence 0.99 / ≥ 0.9 and `crisis` set to that level; thresholds never silence it.
 * 2. Otherwise the classifier ranks all intents. If hyperbole ("累死了") was seen, `crisis` is
 *    removed from that ranking. If `crisis` still ranks first with probability ≥ MODEL_CRISIS_MIN,
 *    the result is intent `crisis` with `crisis: 'medium'` (recall first); below that, `crisis` is
 *    dropped from the ranking so intent and `crisis` never disagree.
 * 3. Otherwise the best intent is returned with its probability as `confidence`. When that is
 *    below `thresholds[chat]`: in a group the intent becomes `none` (the bot stays silent; the
 *    confidence and alternatives still describe the guess); in private the best guess is kept, so
 *    the caller can offer `alternatives` (top three intents, never `none`) as buttons.
 * Slots are extracted for the returned intent only; empty text is `none` with confidence 1.
 * An unknown time zone or an invalid `now` throws RangeError (a configuration error), whatever
 * the text.
 */
export function nluFrom(model: NluModel, opts: { warmUp?: boolean } = {}): Nlu {
  const classifier: Classifier = classifierFrom(model.classifier);
  const thresholds = { ...model.thresholds };
  if (opts.warmUp ?? true) warmUpNlu();
  const result = (intent: Intent, confidence: number, scores: Scored[], crisis: NluResult['crisis'], text: string, opts: UnderstandOptions): NluResult => {
    // Slots are extracted when first read: the crisis check asks about every message, and most
    // answers (a step of a dialogue in progress, a command's arguments) never look at them.
    const at = { now: opts.now, timezone: opts.timezone };
    let slots: Slots | undefined;
    return {
      intent, confidence, crisis, alternatives: alternativesOf(scores),
      get slots() {
        return (slots ??= extractSlots(intent, text, at));
      },
    };
  };
  return {
    thresholds,
    understand(text, opts) {
      checkClock(opts);
      if (!text.trim()) return { intent: 'none', confidence: 1, slots: {}, alternatives: [], crisis: 'none' };
      const lexicon = analyzeCrisis(text);
      let scores = classifier.classify(text);
      if (lexicon.level !== 'none') {
        const modelCrisis = scores.find((s) => s.intent === 'crisis')?.confidence ?? 0;
        const confidence = Math.max(LEXICON_CONFIDENCE[lexicon.level], modelCrisis);
        const ranked = [{ intent: 'crisis' as const, confidence }, ...scores.filter((s) => s.intent !== 'crisis')];
        return result('crisis', confidence, ranked, lexicon.level, text, opts);
      }
      if (lexicon.hyperbole) scores = withoutCrisis(scores);
      if (scores[0]!.intent === 'crisis') {
        if (scores[0]!.confidence >= MODEL_CRISIS_MIN) return result('crisis', scores[0]!.confidence, scores, 'medium', text, opts);
        scores = withoutCrisis(scores);
      }
      const best = scores[0]!;
      const silent = opts.chat === 'group' && best.confidence < thresholds.group;
      return result(silent ? 'none' : best.intent, best.confidence, scores, 'none', text, opts);
    },
  };
}

/** Trains from src/nlu/data (any working directory) and tunes thresholds on the dev split. */
export function createNlu(): Nlu {
  return nluFrom(trainFromData());
}

/**
 * createNlu without the training: the model `npm run build` wrote, or the one `file` holds, when
 * made from the same data, code and Node (see model-cache.ts); otherwise trains and writes the
 * model to `file` for the next start. Not warmed up: call warmUpNlu() once ready.
 */
export function cachedNlu(file: string, log?: CacheLog): Nlu {
  return nluFrom(loadOrTrain({ file, train: trainFromData, ...(log ? { log } : {}) }), { warmUp: false });
}

/** Trains on src/nlu/data (the model `npm run build` ships and the caches keep). */
export function trainFromData(): NluModel {
  return trainNlu(loadExamples('train'), loadExamples('dev'));
}

/** Where sharedNlu keeps its model: the usual cache folder of the project's tools. */
const SHARED_CACHE = fileURLToPath(new URL('../../node_modules/.cache/yizhan/nlu.model', import.meta.url));

let shared: Nlu | undefined;
/**
 * One model per process for the apps that bring none (the simulator, tests: every test file would
 * train again), read like cachedNlu's, from the build or node_modules/.cache/yizhan/.
 */
export function sharedNlu(): Nlu {
  return (shared ??= nluFrom(loadOrTrain({ file: SHARED_CACHE, train: trainFromData })));
}

/** Slots of free text for an intent, e.g. building, room and item of a repair description. */
export { extractSlots } from './slots/index.js';

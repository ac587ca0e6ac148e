/**
 * Public API of the NLU layer — the rest of the app imports only this module.
 *
 * `createNlu()` trains the joint zh/en classifier from `src/nlu/data/*.yaml` (deterministic,
 * well under a second) and tunes the two confidence thresholds on `src/nlu/data/dev/`.
 */
import { fileURLToPath } from 'node:url';
import { chitchatIn, type Chitchat } from './chitchat.js';
import { classifierFrom, fitClassifier, type Classifier, type ClassifierModel } from './classifier.js';
import { analyzeConcern, type Concern, type ConcernAnalysis, type ConcernKind } from './concern.js';
import { decide, type Decision } from './decide.js';
import { loadExamples, type Example } from './examples.js';
import { foldText } from './normalize.js';
import type { Intent } from './intents.js';
import { loadOrTrain, type CacheLog } from './model-cache.js';
import { privacyRequest, type PrivacyRequest } from './privacy.js';
import { extractSlots, type Slots } from './slots/index.js';
import { offsetMinutes } from './slots/zone.js';
import { tuneThresholds, type Thresholds } from './thresholds.js';

export type { Intent } from './intents.js';
export type { Slots } from './slots/index.js';
export type { CrisisLevel, CrisisVerdict } from './crisis.js';
export type { Concern, ConcernKind, ConcernLevel } from './concern.js';
export { detectCrisis } from './crisis.js';
export { analyzeConcern } from './concern.js';
export { INTENTS } from './intents.js';
export { MODEL_CRISIS_MIN } from './decide.js';
export { smalltalkKind, type SmalltalkKind } from './smalltalk.js';
export { chitchatIn, type Chitchat } from './chitchat.js';
export { anonymityIn, type Anonymity } from './anonymity.js';
export { privacyRequest, type PrivacyRequest } from './privacy.js';
/** For the booking flow: the same time slot with its precision (ask for a time when it is not `minute`). */
export { extractTime, type TimeMatch } from './slots/time.js';

export interface NluResult {
  intent: Intent;
  confidence: number;
  slots: Slots;
  alternatives: { intent: Intent; confidence: number }[];
  /** The sender's own crisis: `high` / `medium` exactly when `concern.kind` is `self`. */
  crisis: 'high' | 'medium' | 'none';
  /**
   * Who is at risk and of what, when anyone is (concern.ts): `self` (the sender's crisis), `other`
   * (a worry about someone else: `high` / `medium` a crisis, `low` their wellbeing), `danger`
   * (a weapon, violence, a threat) or `wellbeing` (the sender's stress, sleep, loneliness, …).
   */
  concern?: Concern;
  /** The sender asks to erase ('forget') or to see ('export') what is stored about them. */
  privacy?: PrivacyRequest;
  /**
   * Set when the message is chit-chat that asks for nothing (intent `none` or `smalltalk`):
   * hyperbole alone (累死了, this exam is killing me), laughter, or noise (emoji, `<b>x</b>`, asdfgh).
   * The app answers it with a short friendly line, not a menu of ticket kinds.
   */
  chitchat?: Chitchat;
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

/** Top three intents that make sense as buttons (never `none`). */
function alternativesOf(scores: readonly { intent: Intent; confidence: number }[]): NluResult['alternatives'] {
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
  analyzeConcern('我室友说她不想活了，走廊里有人拿着刀 my friend said she wants to die');
}

const URGENCY: readonly ConcernKind[] = ['self', 'danger', 'other', 'wellbeing'];

/** The concern to report: a classifier-only crisis is at `medium`, the sender's unless model-kind.ts reads it as someone else's or danger. */
function concernOf(analysis: ConcernAnalysis, decision: Decision): Concern | undefined {
  const c = analysis.concern;
  if (!decision.modelCrisis) return c;
  const kind = decision.modelKind ?? 'self';
  const kinds = URGENCY.filter((k) => k === kind || c?.kinds.includes(k));
  return { kind, level: 'medium', kinds, cues: c?.cues ?? [] };
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
 * The rule `understand` follows, in order (decide.ts):
 * 1. Concern first, in every chat (concern.ts): the sender's own crisis words (`high` or
 *    `medium`), danger to people, or a friend's crisis give intent `crisis` with confidence
 *    0.99 / ≥ 0.9; thresholds never silence it. `crisis` is set only for the sender's own.
 * 2. Otherwise the classifier ranks all intents. If hyperbole ("累死了") was seen, or crisis words
 *    were about someone else, a story or denied, `crisis` is removed from that ranking. If `crisis`
 *    still ranks first with probability ≥ MODEL_CRISIS_MIN, the result is intent `crisis` at
 *    `medium`, the sender's (`crisis: 'medium'`, concern `self`: recall first) unless the message
 *    speaks only of danger or only of someone else (model-kind.ts: concern `danger` or `other`,
 *    `crisis: 'none'`); below that, `crisis` is dropped.
 * 3. A request about the sender's own data (privacy.ts) is intent `none` with no alternatives.
 * 4. A counselling request the classifier ranks booking first but that names no booking word
 *    ("I want to talk to a counsellor") is `support.anonymous` (talking now), if that ranks second.
 * 5. In private, a worry (the sender's wellbeing, or a friend's) is `support.anonymous` unless the
 *    classifier is ≥ 0.6 sure of another request. Chit-chat with nothing worrying in it
 *    (chitchat.ts: hyperbole alone, laughter, noise) is `none` unless the classifier is ≥ 0.5 sure
 *    of a request (or says `smalltalk`), and `chitchat` then says which kind it is.
 * 6. Otherwise the best intent is returned with its probability as `confidence`. When that is
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
  return {
    thresholds,
    understand(text, opts) {
      checkClock(opts);
      if (!text.trim()) return { intent: 'none', confidence: 1, slots: {}, alternatives: [], crisis: 'none' };
      const analysis = analyzeConcern(text);
      const privacy = privacyRequest(text);
      const scores = classifier.classify(text);
      const chitchat = chitchatIn(text);
      const decision = decide({ folded: foldText(text), analysis, privacy, chitchat, scores, chat: opts.chat, threshold: thresholds.group });
      const concern = concernOf(analysis, decision);
      const chatty = chitchat && !concern && !privacy && (decision.intent === 'none' || decision.intent === 'smalltalk') ? chitchat : undefined;
      // Slots are extracted when first read: the crisis check asks about every message, and most
      // answers (a step of a dialogue in progress, a command's arguments) never look at them.
      const at = { now: opts.now, timezone: opts.timezone };
      const intent = decision.intent;
      let slots: Slots | undefined;
      return {
        intent, confidence: decision.confidence, crisis: decision.crisis, alternatives: alternativesOf(decision.ranked),
        ...(concern ? { concern } : {}), ...(privacy ? { privacy } : {}), ...(chatty ? { chitchat: chatty } : {}),
        get slots() {
          return (slots ??= extractSlots(intent, text, at));
        },
      };
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

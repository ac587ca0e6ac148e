/**
 * The joint bilingual intent classifier: features → TF-IDF → softmax regression.
 * `trainClassifier` is deterministic: the same examples always give the same predictions.
 */
import { extractFeatures } from './features.js';
import { INTENTS, type Intent } from './intents.js';
import { predictProba, trainSoftmax, DEFAULT_TRAIN_OPTIONS, type SoftmaxModel, type TrainOptions } from './softmax.js';
import { fitVectorizer, transform, type Vectorizer } from './tfidf.js';

/** Features seen in a single training example only add noise; dropping them also halves training time. */
const MIN_DF = 2;

/**
 * Square-root class balancing: the big `none` class (chatter) would otherwise pull unfamiliar but
 * in-scope requests towards `none`; full balancing over-corrects. Measured on the dev split.
 */
const CLASS_WEIGHT_POWER = 0.5;

/** Per-example weights (n / (k · n_class)) ** CLASS_WEIGHT_POWER. */
function classWeights(ys: readonly number[]): number[] {
  const counts = new Map<number, number>();
  for (const y of ys) counts.set(y, (counts.get(y) ?? 0) + 1);
  return ys.map((y) => (ys.length / (counts.size * (counts.get(y) ?? 1))) ** CLASS_WEIGHT_POWER);
}

export interface Scored {
  intent: Intent;
  confidence: number;
}

export interface Classifier {
  /** Every intent with its probability, best first (ties keep INTENTS order). */
  classify(text: string): Scored[];
}

export interface LabelledText {
  text: string;
  intent: Intent;
}

/** What training learned, enough to classify without the examples (kept in a file by model-cache.ts). */
export interface ClassifierModel {
  /** Feature names in column order. */
  vocabulary: string[];
  idf: Float64Array;
  softmax: SoftmaxModel;
}

/** Learns the vocabulary, idf and weights from the examples (deterministic). */
export function fitClassifier(examples: LabelledText[], options: TrainOptions = DEFAULT_TRAIN_OPTIONS): ClassifierModel {
  const docs = examples.map((e) => extractFeatures(e.text));
  const vectorizer = fitVectorizer(docs, MIN_DF);
  const xs = docs.map((d) => transform(vectorizer, d));
  const ys = examples.map((e) => INTENTS.indexOf(e.intent));
  const softmax = trainSoftmax(xs, ys, INTENTS.length, vectorizer.vocabulary.size, options, classWeights(ys));
  return { vocabulary: [...vectorizer.vocabulary.keys()], idf: vectorizer.idf, softmax };
}

/** A classifier over a learned model. */
export function classifierFrom(model: ClassifierModel): Classifier {
  const vectorizer: Vectorizer = { vocabulary: new Map(model.vocabulary.map((name, i) => [name, i] as const)), idf: model.idf };
  return {
    classify(text) {
      const p = predictProba(model.softmax, transform(vectorizer, extractFeatures(text)));
      return INTENTS.map((intent, i) => ({ intent, confidence: p[i] ?? 0 })).sort((a, b) => b.confidence - a.confidence);
    },
  };
}

/** Trains on the given examples; intents without examples simply get low probabilities. */
export function trainClassifier(examples: LabelledText[], options: TrainOptions = DEFAULT_TRAIN_OPTIONS): Classifier {
  return classifierFrom(fitClassifier(examples, options));
}

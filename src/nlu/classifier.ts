/**
 * The joint bilingual intent classifier: features → TF-IDF → softmax regression.
 * `trainClassifier` is deterministic: the same examples always give the same predictions.
 */
import { extractFeatures } from './features';
import { INTENTS, type Intent } from './intents';
import { predictProba, trainSoftmax, DEFAULT_TRAIN_OPTIONS, type TrainOptions } from './softmax';
import { fitVectorizer, transform } from './tfidf';

/** Features seen in a single training example only add noise; dropping them also halves training time. */
const MIN_DF = 2;

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

/** Trains on the given examples; intents without examples simply get low probabilities. */
export function trainClassifier(examples: LabelledText[], options: TrainOptions = DEFAULT_TRAIN_OPTIONS): Classifier {
  const docs = examples.map((e) => extractFeatures(e.text));
  const vectorizer = fitVectorizer(docs, MIN_DF);
  const xs = docs.map((d) => transform(vectorizer, d));
  const ys = examples.map((e) => INTENTS.indexOf(e.intent));
  const model = trainSoftmax(xs, ys, INTENTS.length, vectorizer.vocabulary.size, options);
  return {
    classify(text) {
      const p = predictProba(model, transform(vectorizer, extractFeatures(text)));
      return INTENTS.map((intent, i) => ({ intent, confidence: p[i] ?? 0 })).sort((a, b) => b.confidence - a.confidence);
    },
  };
}

/**
 * The two systems the NLU benchmark compares, behind one interface: ours (the full `understand`
 * pipeline, and the bare classifier) and nlp.js v4 trained on the same examples, each example
 * added under its detected language (zh when it contains Han characters, else en).
 */
import { containerBootstrap } from '@nlpjs/core';
import { LangEn } from '@nlpjs/lang-en-min';
import { LangZh } from '@nlpjs/lang-zh';
import { Nlp } from '@nlpjs/nlp';
import { trainClassifier } from '../src/nlu/classifier.js';
import type { Example } from '../src/nlu/examples.js';
import { buildNlu } from '../src/nlu/index.js';
import { hasHan } from '../src/nlu/normalize.js';

export interface System {
  name: string;
  trainMs: number;
  predict(text: string): Promise<string>;
}

const now = new Date('2026-03-02T10:00:00+08:00');

/** Ours as the app uses it: crisis lexicon + classifier, private-chat rule. */
export function ourPipeline(train: Example[], dev: Example[]): System {
  const t0 = performance.now();
  const nlu = buildNlu(train, dev);
  const trainMs = performance.now() - t0;
  return { name: 'ours', trainMs, predict: async (text) => nlu.understand(text, { chat: 'private', now, timezone: 'Asia/Shanghai' }).intent };
}

/** Ours without the crisis lexicon or thresholds: the classifier's top intent. */
export function ourClassifier(train: Example[]): System {
  const t0 = performance.now();
  const classifier = trainClassifier(train);
  const trainMs = performance.now() - t0;
  return { name: 'ours (classifier only)', trainMs, predict: async (text) => classifier.classify(text)[0]?.intent ?? 'none' };
}

const localeOf = (text: string) => (hasHan(text) ? 'zh' : 'en');

/** Runs `work` with console.log sent to stderr (nlp.js prints its training epochs to stdout). */
async function quietly<T>(work: () => Promise<T>): Promise<T> {
  const log = console.log;
  console.log = (...args: unknown[]) => console.error(...args);
  try {
    return await work();
  } finally {
    console.log = log;
  }
}

/** nlp.js with its defaults (threshold 0.5 → "None"), sentiment off since nothing reads it. */
export function nlpjs(train: Example[]): Promise<System> {
  return quietly(() => trainNlpjs(train));
}

async function trainNlpjs(train: Example[]): Promise<System> {
  const container = await containerBootstrap();
  container.use(Nlp);
  container.use(LangZh);
  container.use(LangEn);
  const nlp = container.get('nlp');
  Object.assign(nlp.settings, { autoSave: false, autoLoad: false, calculateSentiment: false, log: false });
  nlp.addLanguage(['zh', 'en']);
  for (const e of train) nlp.addDocument(localeOf(e.text), e.text, e.intent);
  const t0 = performance.now();
  await nlp.train();
  const trainMs = performance.now() - t0;
  return {
    name: 'nlp.js',
    trainMs,
    predict: async (text) => {
      const { intent } = await nlp.process(localeOf(text), text);
      return intent === 'None' ? 'none' : intent;
    },
  };
}

/**
 * Loads the YAML training and dev examples that live next to this module, from any working
 * directory. Each intent has one file `data/<intent>.yaml` (training) and one `data/dev/<intent>.yaml`
 * (held out, never trained on) with the lists `zh`, `en` and `mixed`.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { INTENTS, type Intent } from './intents.js';

export type Lang = 'zh' | 'en' | 'mixed';
export const LANGS: readonly Lang[] = ['zh', 'en', 'mixed'];

export interface Example {
  text: string;
  intent: Intent;
  lang: Lang;
}

export type Split = 'train' | 'dev';

const DATA_DIR = new URL('./data/', import.meta.url);

function fileUrl(intent: Intent, split: Split): URL {
  return new URL(`${split === 'dev' ? 'dev/' : ''}${intent}.yaml`, DATA_DIR);
}

/** Parses one intent file; throws with the file name when its shape is wrong. */
export function parseIntentFile(source: string, intent: Intent, name: string): Example[] {
  const doc: unknown = parse(source);
  if (typeof doc !== 'object' || doc === null) throw new Error(`${name}: expected a mapping`);
  const record = doc as Record<string, unknown>;
  if (record.intent !== intent) throw new Error(`${name}: intent must be ${intent}`);
  const examples: Example[] = [];
  for (const lang of LANGS) {
    const lines = record[lang] ?? [];
    if (!Array.isArray(lines)) throw new Error(`${name}: ${lang} must be a list`);
    for (const line of lines) {
      if (typeof line !== 'string' && typeof line !== 'number') throw new Error(`${name}: ${lang} has a non-text entry`);
      const text = String(line).trim();
      if (text) examples.push({ text, intent, lang });
    }
  }
  return examples;
}

/** Every training and dev file, in the order loadExamples reads them (the model cache hashes them). */
export function exampleFiles(): URL[] {
  return (['train', 'dev'] as const).flatMap((split) => INTENTS.map((intent) => fileUrl(intent, split)));
}

/** All examples of one split, in a fixed order (intent order of INTENTS, then file order). */
export function loadExamples(split: Split): Example[] {
  return INTENTS.flatMap((intent) => {
    const url = fileUrl(intent, split);
    return parseIntentFile(readFileSync(url, 'utf8'), intent, url.pathname);
  });
}

/** Minimal typings for the parts of nlp.js v4 the NLU benchmark uses (the packages ship none). */
declare module '@nlpjs/core' {
  export interface Container {
    use(plugin: unknown): void;
    get(name: 'nlp'): import('@nlpjs/nlp').NlpInstance;
  }
  export function containerBootstrap(): Promise<Container>;
}

declare module '@nlpjs/nlp' {
  export interface NlpInstance {
    settings: { autoSave?: boolean; autoLoad?: boolean; calculateSentiment?: boolean; threshold?: number; log?: boolean };
    addLanguage(locale: string | string[]): void;
    addDocument(locale: string, utterance: string, intent: string): void;
    train(): Promise<unknown>;
    process(locale: string, utterance: string): Promise<{ intent: string; score: number }>;
  }
  export const Nlp: unknown;
}

declare module '@nlpjs/lang-zh' {
  export const LangZh: unknown;
}

declare module '@nlpjs/lang-en-min' {
  export const LangEn: unknown;
}

/**
 * Typed message catalogs. Every catalog holds zh-CN and en side by side; the en half must have
 * exactly the keys and signatures of the zh-CN half, so a missing translation fails the type check.
 */

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

type Entry = string | ((params: never) => string);

export interface Catalog<T extends Record<string, Entry>> {
  'zh-CN': T;
  en: T;
}

/** Declares a catalog; the en half is checked against the zh-CN half. */
export function defineMessages<T extends Record<string, Entry>>(c: {
  'zh-CN': T;
  en: NoInfer<{ [K in keyof T]: T[K] }>;
}): Catalog<T> {
  return c;
}

/** The half of a catalog for one locale. */
export function tr<T extends Record<string, Entry>>(c: Catalog<T>, locale: Locale): T {
  return c[locale];
}

/**
 * Maps a platform locale ("zh-hans", "zh_CN", "en-US", "zh-TW") to one we speak, or undefined
 * when we speak nothing close to it.
 */
export function matchLocale(raw: string | undefined | null): Locale | undefined {
  if (!raw) return undefined;
  const lower = raw.toLowerCase().replace('_', '-');
  if (lower.startsWith('zh')) return 'zh-CN';
  if (lower.startsWith('en')) return 'en';
  return undefined;
}

/** Picks the text of a bilingual config value ({ zh-CN, en }). */
export function pick(text: { 'zh-CN': string; en: string }, locale: Locale): string {
  return text[locale];
}

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

const LATIN_END = /[A-Za-z0-9]$/u;
const LATIN_START = /^[A-Za-z0-9]/u;
const HAN_END = /\p{Script=Han}$/u;
const HAN_START = /^\p{Script=Han}/u;

/**
 * A zh-CN template whose values may be Latin (a name such as "Amy Chen", a platform): where a value
 * meets Chinese text, a Latin letter or digit and a Han character are kept apart by a space, as
 * mixed zh/en text is written ("Amy Chen 反馈问题还没解决", "由 Amy Chen 认领"); Chinese values stay
 * glued ("李华反馈…"), and punctuation needs none ("「Amy Chen」").
 */
export function zh(strings: TemplateStringsArray, ...values: unknown[]): string {
  let out = strings[0]!;
  values.forEach((v, i) => {
    const value = String(v);
    const next = strings[i + 1]!;
    const before = (LATIN_START.test(value) && HAN_END.test(out)) || (HAN_START.test(value) && LATIN_END.test(out)) ? ' ' : '';
    const after = (LATIN_END.test(value) && HAN_START.test(next)) || (HAN_END.test(value) && LATIN_START.test(next)) ? ' ' : '';
    out += `${before}${value}${after}${next}`;
  });
  return out;
}

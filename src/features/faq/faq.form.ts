/**
 * The one-line form of /faq add and /faq edit (like /survey create):
 *
 *   /faq add gym-hours | 体育馆几点开门？ / When is the gym open? | 每天 8:00–21:00。 / Daily 8:00–21:00.
 *     | variants: 体育馆开放时间; gym opening hours | tags: 体育馆; gym | dept: logistics
 *   /faq edit gym-hours | answer: 每天 7:00–22:00。 / Daily 7:00–22:00.
 *
 * Segments are split by "|" (or "｜"); the first is the id. In `add` the next two may be the
 * question and the answer without a key; anything else is `key: value` with key question, answer,
 * variants, tags, links or dept (also 问题, 答案, 说法, 标签, 链接, 部门). A text is "中文 / English"
 * (" / " with spaces, or "／"); lists are separated by ";" (or "；"). The result is raw: the entry
 * schema (faq.schema.ts) checks it and names what is wrong.
 */
import { hasHan } from '../../nlu/normalize.js';

export type FaqForm = { id: string; fields: Record<string, unknown> } | { problems: string[] };

const SEGMENT = /\s*[|｜]\s*/;
const LANGS = /\s+\/\s+|\s*／\s*/;
const LIST = /\s*[;；]\s*/;
const KEYS: Record<string, string> = {
  question: 'question', q: 'question', 问题: 'question', answer: 'answer', a: 'answer', 答案: 'answer',
  variants: 'variants', 说法: 'variants', tags: 'tags', 标签: 'tags', links: 'links', 链接: 'links',
  dept: 'department', department: 'department', 部门: 'department',
};
const KEYED = new RegExp(`^(${Object.keys(KEYS).join('|')})\\s*[:：]\\s*([\\s\\S]*)$`, 'i');

/** "中文 / English" as both languages; a text in one script alone fills only that language. */
export function bilingual(text: string): Record<string, string> {
  const parts = text.split(LANGS);
  if (parts.length >= 2) return { 'zh-CN': parts[0]!, en: parts.slice(1).join(' / ') };
  return hasHan(text) ? { 'zh-CN': text } : { en: text };
}

/** Variants sorted by script: Chinese, English, or both in one phrase (mixed). */
function variants(text: string): Record<string, string[]> {
  const out: Record<string, string[]> = { 'zh-CN': [], en: [], mixed: [] };
  for (const v of list(text)) out[!hasHan(v) ? 'en' : /[a-z]/i.test(v) ? 'mixed' : 'zh-CN']!.push(v);
  return out;
}

const list = (text: string) => text.split(LIST).filter((x) => x.length > 0);

function value(key: string, text: string): unknown {
  if (key === 'question' || key === 'answer') return bilingual(text);
  if (key === 'variants') return variants(text);
  if (key === 'tags' || key === 'links') return list(text);
  return text;
}

/** Parses the arguments after /faq add or /faq edit; never throws. */
export function parseFaqForm(args: string, mode: 'add' | 'edit'): FaqForm {
  const [id = '', ...rest] = args.trim().replace(/\s*\n\s*/g, ' ').split(SEGMENT);
  if (!id) return { problems: ['id: is missing (write the entry\'s id first, e.g. gym-hours)'] };
  const fields: Record<string, unknown> = {};
  const problems: string[] = [];
  const positional = mode === 'add' ? ['question', 'answer'] : [];
  rest.forEach((segment, i) => {
    if (!segment) return;
    const keyed = KEYED.exec(segment);
    const key = keyed ? KEYS[keyed[1]!.toLowerCase()]! : positional.find((k) => !(k in fields));
    if (!key) return void problems.push(`segment ${i + 2} "${segment.slice(0, 40)}": write it as key: value (question, answer, variants, tags, links, dept)`);
    fields[key] = value(key, keyed ? keyed[2]!.trim() : segment);
  });
  return problems.length ? { problems } : { id, fields };
}

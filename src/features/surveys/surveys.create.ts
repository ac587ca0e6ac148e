/**
 * The one-line form of /survey create (or YAML on the lines after the command):
 *
 *   /survey create canteen | 食堂满意度 / Canteen survey | rating: 饭菜质量 / Food quality
 *     | choice: 常去哪个食堂？ / Which canteen? [一食堂 / Canteen 1; 二食堂 / Canteen 2]
 *     | text?: 建议 / Suggestions | audience building:3号楼 | open 3d | remind 24h, -6h | named
 *
 * Segments are split by "|" (or "｜"); the first is the id, the second the title. A question is
 * `type: text` with type rating, nps, choice, multi or text ("?" after the type: may be skipped),
 * options in [...] separated by ";". A text is "中文 / English" (" / " with spaces, or "／");
 * without one, the same text serves both languages. Settings: audience, open, schedule, remind
 * (positive: after opening, negative: before closing), intro, named, anonymous.
 * The result is a raw definition, validated by the survey schema like a YAML file.
 */
import { parse as parseYaml } from 'yaml';
import { QUESTION_TYPES } from './surveys.schema.js';

type Bilingual = { 'zh-CN': string; en: string };
export type ParsedCreate = { raw: Record<string, unknown> } | { problems: string[] };

const SEGMENT = /\s*[|｜]\s*/;
const LANGS = /\s+\/\s+|\s*／\s*/;
const QUESTION = new RegExp(`^(${QUESTION_TYPES.join('|')})(\\?|？)?\\s*[:：]\\s*([\\s\\S]*)$`, 'i');
const OPTIONS = /\s*[[【]([^[\]【】]*)[\]】]\s*$/;

/** Parses the arguments of /survey create; never throws. */
export function parseSurveyCreate(args: string): ParsedCreate {
  const text = args.trim();
  if (!text) return { problems: ['(empty)'] };
  const firstLine = text.split('\n')[0]!;
  if (text.includes('\n') && !SEGMENT.test(firstLine)) return parseYamlBody(text);
  return parseSurveyLine(text.replace(/\s*\n\s*/g, ' '));
}

function parseYamlBody(text: string): ParsedCreate {
  try {
    const raw: unknown = parseYaml(text);
    if (raw && typeof raw === 'object' && !Array.isArray(raw)) return { raw: raw as Record<string, unknown> };
    return { problems: ['(top level): expected a mapping with id, title, questions'] };
  } catch (e) {
    return { problems: [`is not valid YAML: ${(e as Error).message.split('\n')[0]}`] };
  }
}

export function parseSurveyLine(line: string): ParsedCreate {
  const [id = '', title = '', ...rest] = line.trim().split(SEGMENT);
  const raw: Record<string, unknown> = { id, title: bilingual(title) };
  const questions: Record<string, unknown>[] = [];
  const problems: string[] = [];
  if (!title) problems.push('title: is missing (write id | 中文标题 / English title | ...)');
  rest.forEach((segment, i) => {
    if (!segment) return;
    const q = question(segment, questions.length);
    if (q) return void questions.push(q);
    const problem = setting(segment, raw);
    if (problem) problems.push(`segment ${i + 3} "${segment}": ${problem}`);
  });
  raw.questions = questions;
  return problems.length ? { problems } : { raw };
}

/** "中文 / English" → both; a text without the separator serves both languages. */
export function bilingual(text: string): Bilingual {
  const [zh = '', ...en] = text.split(LANGS);
  const english = en.join(' / ').trim();
  return { 'zh-CN': zh.trim(), en: english || zh.trim() };
}

function question(segment: string, index: number): Record<string, unknown> | undefined {
  const m = QUESTION.exec(segment);
  if (!m) return undefined;
  const type = m[1]!.toLowerCase();
  const opts = OPTIONS.exec(m[3]!);
  const body = opts ? m[3]!.slice(0, opts.index) : m[3]!;
  const q: Record<string, unknown> = { id: `q${index + 1}`, type, text: bilingual(body) };
  if (m[2]) q.optional = true;
  if (opts) q.options = optionList(opts[1]!);
  return q;
}

function optionList(text: string): { id: string; text: Bilingual }[] {
  const used = new Set<string>();
  return text.split(/\s*[;；]\s*/).filter(Boolean).map((o, i) => {
    const t = bilingual(o);
    let id = slug(t.en);
    if (!id || used.has(id)) id = `o${i + 1}`;
    used.add(id);
    return { id, text: t };
  });
}

/** A readable option id from its English text: "Canteen 1" → "canteen-1". */
export function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 24).replace(/-+$/, '');
}

/** Applies a setting segment to `raw`; returns a problem, or undefined when it was one. */
function setting(segment: string, raw: Record<string, unknown>): string | undefined {
  const [word = '', ...more] = segment.split(/\s+/);
  const value = more.join(' ');
  switch (word.toLowerCase()) {
    case 'audience': raw.audience = value; return undefined;
    case 'open': raw.open_for = value; return undefined;
    case 'schedule': raw.schedule = value; return undefined;
    case 'intro': raw.intro = bilingual(value); return undefined;
    case 'named': raw.anonymous = false; return undefined;
    case 'anonymous': raw.anonymous = true; return undefined;
    case 'remind': raw.reminders = reminders(value); return undefined;
    default: return 'is neither a question (rating|nps|choice|multi|text: ...) nor a setting (audience, open, schedule, remind, intro, named, anonymous)';
  }
}

function reminders(value: string): { after: string[]; before_close: string[] } {
  const items = value.split(/\s*[,，]\s*/).filter(Boolean);
  return {
    after: items.filter((d) => !d.startsWith('-')).map((d) => d.replace(/^\+/, '')),
    before_close: items.filter((d) => d.startsWith('-')).map((d) => d.slice(1)),
  };
}

/**
 * What an FAQ entry is (config/faq.yaml next to the config file, or /faq add in the chat),
 * validated with zod; a problem names the file, the entry (its id and place) and the key.
 * Self-contained on purpose: src/config.ts imports this file.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

const Text = z.string().trim().min(1, 'must not be empty').max(2000, 'must be at most 2,000 characters');
const Bilingual = z.strictObject({ 'zh-CN': Text, en: Text });
const Phrasings = z.array(z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters')).max(60);
export const FAQ_ID = /^[a-z0-9][a-z0-9_-]*$/;

export const FaqEntrySchema = z.strictObject({
  id: z.string().regex(FAQ_ID, 'use lowercase letters, digits, "-" and "_"').max(40),
  /** The department that owns the entry: its staff edit it, and "ask a person" opens a question to it. */
  department: z.string().regex(FAQ_ID, 'is a department id such as logistics'),
  question: Bilingual,
  answer: Bilingual,
  /** Other ways people ask, in either language or mixed; only matching reads them. */
  variants: z.strictObject({ 'zh-CN': Phrasings.default([]), en: Phrasings.default([]), mixed: Phrasings.default([]) })
    .default({ 'zh-CN': [], en: [], mixed: [] }),
  tags: z.array(z.string().trim().min(1).max(40)).max(20).default([]),
  links: z.array(z.url('must be a web address such as https://lib.example.edu.cn')).max(5).default([]),
});

export const FaqFileSchema = z.strictObject({ entries: z.array(z.unknown()).max(5000) });

export type FaqEntry = z.infer<typeof FaqEntrySchema>;

/** "answer.en: is missing (every entry needs its English text too)" — the key path, then what is wrong. */
export function describeFaqIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.length ? issue.path.join('.') : '(top level)';
  if (issue.code === 'unrecognized_keys') return `${path}: unknown key ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  if (issue.code === 'invalid_type' && issue.message.includes('received undefined')) {
    const last = issue.path.at(-1);
    const why = last === 'en' ? ' (every entry needs its English text too)' : last === 'zh-CN' ? ' (every entry needs its Chinese text too)' : '';
    return `${path}: is missing${why}`;
  }
  return `${path}: ${issue.message}`;
}

/** Validates one parsed entry; returns it or the problems (key paths inside the entry). */
export function checkFaqEntry(raw: unknown): { entry: FaqEntry } | { problems: string[] } {
  const r = FaqEntrySchema.safeParse(raw);
  return r.success ? { entry: r.data } : { problems: r.error.issues.map(describeFaqIssue) };
}

/** How an entry is named in a problem: `entry 3 "library-hours"` (1-based, as people count). */
function entryName(raw: unknown, index: number): string {
  const id = raw && typeof raw === 'object' && 'id' in raw && typeof raw.id === 'string' ? ` "${raw.id}"` : '';
  return `entry ${index + 1}${id} (entries.${index})`;
}

export interface FaqFileContents {
  entries: FaqEntry[];
  problems: string[];
  /** False when there is no such file (no FAQ: start-up says so). */
  found: boolean;
}

/** Validates a parsed faq.yaml: every problem names the entry and the key; ids are unique. */
export function checkFaqFile(raw: unknown): { entries: FaqEntry[]; problems: string[] } {
  if (raw === null || raw === undefined) return { entries: [], problems: [] };
  const file = FaqFileSchema.safeParse(raw);
  if (!file.success) return { entries: [], problems: file.error.issues.map(describeFaqIssue) };
  const entries: FaqEntry[] = [];
  const problems: string[] = [];
  file.data.entries.forEach((raw, i) => {
    const r = checkFaqEntry(raw);
    if ('problems' in r) return void problems.push(...r.problems.map((p) => `${entryName(raw, i)}: ${p}`));
    if (entries.some((e) => e.id === r.entry.id)) return void problems.push(`${entryName(raw, i)}: id: "${r.entry.id}" is used by an earlier entry`);
    entries.push(r.entry);
  });
  return { entries, problems };
}

/** Reads faq.yaml; a missing file means no FAQ, unreadable YAML is a problem. */
export function loadFaqFile(file: string): FaqFileContents {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? { entries: [], problems: [], found: false } : { entries: [], problems: [`cannot read the file (${code ?? String(e)})`], found: true };
  }
  try {
    return { ...checkFaqFile(parseYaml(text)), found: true };
  } catch (e) {
    return { entries: [], problems: [`is not valid YAML: ${(e as Error).message.split('\n')[0]}`], found: true };
  }
}

/** Entries whose department the config does not have, as problems naming them. */
export function unknownDepartments(entries: readonly FaqEntry[], departments: readonly string[]): string[] {
  return entries.flatMap((e, i) => (departments.includes(e.department)
    ? []
    : [`entry ${i + 1} "${e.id}" (entries.${i}): department: unknown department "${e.department}" (known: ${departments.join(', ')})`]));
}

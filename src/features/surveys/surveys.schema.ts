/**
 * What a survey definition is (config/surveys/*.yaml, inline `surveys:` in the config, or
 * /survey create), validated with zod; problems name the file and the key.
 * Self-contained on purpose: src/config.ts imports this file.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { canonicalBuilding } from '../../core/buildings.js';
import { cronProblem } from '../../core/scheduler.js';
import { parseDuration } from '../../core/time.js';

export const QUESTION_TYPES = ['rating', 'nps', 'choice', 'multi', 'text'] as const;
const GRANT_ROLES = ['rep', 'staff', 'lead', 'admin'] as const;
type GrantRole = (typeof GRANT_ROLES)[number];
const isGrantRole = (v: string): v is GrantRole => (GRANT_ROLES as readonly string[]).includes(v);

export type Audience =
  | { kind: 'students' } | { kind: 'all' }
  | { kind: 'building'; value: string } | { kind: 'group'; value: string }
  | { kind: 'role'; value: GrantRole };

export const AUDIENCE_HELP = 'write students, all, building:<name>, group:<class key> or role:<rep|staff|lead|admin>';

/** Parses an audience ("students", "building:3号楼", "group:class-2301", "role:rep"). */
export function parseAudience(text: string): Audience | undefined {
  const t = text.trim();
  if (t === 'students' || t === 'all') return { kind: t };
  const m = /^(building|group|role):\s*(\S(?:.*\S)?)$/.exec(t);
  if (!m) return undefined;
  const value = m[2]!;
  if (m[1] === 'role') return isGrantRole(value) ? { kind: 'role', value } : undefined;
  if (m[1] === 'group' && !/^[a-z0-9][a-z0-9_-]*$/.test(value)) return undefined;
  if (m[1] === 'building') return { kind: 'building', value: canonicalBuilding(value) }; // as members' buildings are stored
  return { kind: 'group', value };
}

const Bilingual = z.strictObject({ 'zh-CN': z.string().trim().min(1), en: z.string().trim().min(1) });
const Id = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'use lowercase letters, digits, "-" and "_"').max(40);
const Duration = z.string().refine((s) => (parseDuration(s) ?? 0) > 0, 'must be a duration such as 90m, 6h, 3d or 1w');

const Option = z.strictObject({ id: Id, text: Bilingual });

const Question = z.strictObject({
  id: Id,
  type: z.enum(QUESTION_TYPES),
  text: Bilingual,
  /** choice and multi only: 2 to 10 options. */
  options: z.array(Option).min(2).max(10).optional(),
  /** May be skipped (a "skip" button). */
  optional: z.boolean().default(false),
}).superRefine((q, ctx) => {
  const needs = q.type === 'choice' || q.type === 'multi';
  if (needs && !q.options) ctx.addIssue({ code: 'custom', path: ['options'], message: `a ${q.type} question needs 2 to 10 options` });
  if (!needs && q.options) ctx.addIssue({ code: 'custom', path: ['options'], message: `a ${q.type} question has no options` });
  q.options?.forEach((o, i) => {
    if (q.options!.findIndex((x) => x.id === o.id) !== i) ctx.addIssue({ code: 'custom', path: ['options', i, 'id'], message: `duplicate option id "${o.id}"` });
  });
});

export const SurveyDefSchema = z.strictObject({
  id: Id,
  title: Bilingual,
  intro: Bilingual.optional(),
  audience: z.string().refine((s) => parseAudience(s) !== undefined, AUDIENCE_HELP).default('students'),
  /** Cron expression in the campus time zone; without one, the survey starts only with /survey send. */
  schedule: z.string().superRefine((s, ctx) => {
    const problem = cronProblem(s);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }).optional(),
  open_for: Duration.default('3d'),
  /** To those who have not finished; what is not set is derived from open_for (`defaultReminders`). */
  reminders: z.strictObject({
    after: z.array(Duration).optional(),
    before_close: z.array(Duration).optional(),
  }).default({}),
  anonymous: z.boolean().default(true),
  questions: z.array(Question).min(1).max(30),
}).superRefine((s, ctx) => {
  s.questions.forEach((q, i) => {
    if (s.questions.findIndex((x) => x.id === q.id) !== i) ctx.addIssue({ code: 'custom', path: ['questions', i, 'id'], message: `duplicate question id "${q.id}"` });
  });
  const window = parseDuration(s.open_for) ?? 0;
  const check = (key: 'after' | 'before_close') => s.reminders[key]?.forEach((d, i) => {
    if ((parseDuration(d) ?? 0) >= window) ctx.addIssue({ code: 'custom', path: ['reminders', key, i], message: `must be shorter than open_for (${s.open_for})` });
  });
  check('after');
  check('before_close');
}).transform((s) => ({ ...s, reminders: { ...defaultReminders(s.open_for), ...definedOnly(s.reminders) } }));

const definedOnly = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

/**
 * Reminders that fit the window, for a survey that does not set its own: one after opening (24 h,
 * or half the window when it is 2 days or shorter) and one before closing (6 h, or a quarter of the
 * window when that is shorter). "open 1d" reminds after 12 h and 6 h before the close.
 */
export function defaultReminders(openFor: string): { after: string[]; before_close: string[] } {
  const minutes = Math.floor((parseDuration(openFor) ?? 0) / 60_000);
  const after = minutes > 48 * 60 ? 24 * 60 : Math.floor(minutes / 2);
  const before = Math.min(6 * 60, Math.floor(minutes / 4));
  const text = (m: number) => (m % 60 === 0 ? `${m / 60}h` : `${m}m`);
  return { after: after > 0 ? [text(after)] : [], before_close: before > 0 ? [text(before)] : [] };
}

export type SurveyDef = z.infer<typeof SurveyDefSchema>;
export type Question = SurveyDef['questions'][number];

/** "questions.2.type: Invalid option..." — the key path, then what is wrong. */
export function describeSurveyIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.length ? issue.path.join('.') : '(top level)';
  if (issue.code === 'unrecognized_keys') return `${path}: unknown key ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  if (issue.code === 'invalid_type' && issue.message.includes('received undefined')) return `${path}: is missing (expected ${issue.expected})`;
  return `${path}: ${issue.message}`;
}

/** Validates one parsed definition; returns it or the problems. */
export function checkSurvey(raw: unknown): { survey: SurveyDef } | { problems: string[] } {
  const r = SurveyDefSchema.safeParse(raw);
  return r.success ? { survey: r.data } : { problems: r.error.issues.map(describeSurveyIssue) };
}

export interface SurveyFileProblem {
  file: string;
  problems: string[];
}

export interface SurveyDirContents {
  surveys: SurveyDef[];
  /** Which file each survey came from, in the same order. */
  files: { id: string; file: string }[];
  errors: SurveyFileProblem[];
  /** False when the folder does not exist (or cannot be read): no surveys, which start-up says. */
  found: boolean;
}

/** Reads every *.yaml / *.yml in `dir` (sorted); a missing folder means no surveys. */
export function loadSurveyDir(dir: string): SurveyDirContents {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => /\.ya?ml$/.test(n)).sort();
  } catch {
    return { surveys: [], files: [], errors: [], found: false };
  }
  const out: SurveyDirContents = { surveys: [], files: [], errors: [], found: true };
  for (const name of names) {
    const file = join(dir, name);
    const r = readSurveyFile(file);
    if ('survey' in r) {
      out.surveys.push(r.survey);
      out.files.push({ id: r.survey.id, file });
    } else out.errors.push({ file, problems: r.problems });
  }
  return out;
}

function readSurveyFile(file: string): { survey: SurveyDef } | { problems: string[] } {
  try {
    return checkSurvey(parseYaml(readFileSync(file, 'utf8')));
  } catch (e) {
    return { problems: [`is not valid YAML: ${(e as Error).message.split('\n')[0]}`] };
  }
}

/** Ids used twice across all definitions (config files, inline, admin-made). */
export function duplicateIds(defs: readonly { id: string }[]): string[] {
  const ids = defs.map((d) => d.id);
  return [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
}

/**
 * Configuration: one YAML file validated with zod, then overridden by the environment variables of
 * SPEC section 9. Errors name the key path and what is wrong.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { parseDuration } from './core/time.js';
import { z } from 'zod';
import { ADMIN_HELP, ADMIN_KEY, applyEnv, envProblems } from './config.env.js';
import { duplicateIds, SurveyDefSchema } from './features/surveys/surveys.schema.js';
import type { FaqEntry } from './features/faq/faq.schema.js';
import { ConfigError, withFaqFile, withSurveyFiles } from './config.files.js';
import { renameDeprecated } from './config.renames.js';
import { AnnounceTo, announceToProblems, Bilingual, CrisisResource, CronExpression, Days, Duty, Hours, Slug, TimeOfDay, TimeZone, WEEKDAYS } from './config.parts.js';

export { ConfigError, WEEKDAYS };

export const CATEGORIES = [
  'service_quality', 'facilities', 'culture_environment', 'safety', 'mental_health',
  'academic', 'career', 'life_services', 'other',
] as const;
export const TICKET_KINDS = ['feedback', 'complaint', 'repair', 'question'] as const;
export const ROLES = ['student', 'rep', 'staff', 'lead', 'admin'] as const;
export type Category = (typeof CATEGORIES)[number];
export type TicketKind = (typeof TICKET_KINDS)[number];
export type Role = (typeof ROLES)[number];

const Department = z.strictObject({
  id: Slug,
  name: Bilingual,
  staff_chat: Slug,
  categories: z.array(z.enum(CATEGORIES)).default([]),
  /** Kinds this department owns whatever the category (e.g. every repair goes to logistics). */
  kinds: z.array(z.enum(TICKET_KINDS)).default([]),
  sla: z.strictObject({ first_response_hours: Hours, resolution_hours: Hours }),
  /** Whether students may see the assignee's name on their tickets (else only "staff"). */
  show_assignee_name: z.boolean().default(false),
  /** Whom its staff and leads may announce to besides its own staff (config.parts.ts). */
  announce_to: AnnounceTo,
});

/** A person declaration, shared by the simulator and the console's demo people. */
export const PersonSchema = z.strictObject({
  user: z.string().regex(/^[A-Za-z0-9_.-]+$/, 'use letters, digits, ".", "-" and "_"'),
  name: z.string().min(1),
  locale: z.string().optional(),
  roles: z.array(z.enum(ROLES)).default(['student']),
  department: Slug.optional(),
  groups: z.array(Slug).default([]),
  rep_of: z.array(Slug).default([]),
  building: z.string().optional(),
});
export type Person = z.infer<typeof PersonSchema>;



const ConfigSchema = z.strictObject({
  campus: z.strictObject({
    name: Bilingual,
    timezone: TimeZone,
    default_locale: z.enum(['zh-CN', 'en']),
  }),
  /** Admins by platform identity: "telegram:123456", "discord:98765", "local:admin"; YIZHAN_ADMINS adds more. */
  admins: z.array(z.string().regex(ADMIN_KEY, ADMIN_HELP)).default([]),
  management_chat: Slug,
  departments: z.array(Department).min(1),
  crisis: z.strictObject({
    department: Slug,
    /** Alerted at once, as urgent, when someone reports danger to people (a weapon, violence, a threat). */
    safety_department: Slug.optional(),
    resources: z.array(CrisisResource).min(1),
    duty: Duty,
  }),
  tickets: z.strictObject({
    auto_close_hours: Hours.default(72),
    metoo_days: z.number().int().positive().default(7),
    /** Staff are reminded this long before a first-response or resolution deadline. */
    remind_before_hours: Hours.default(1),
    /** A student who has not confirmed a resolution is reminded after this long. */
    rating_nudge_hours: Hours.default(24),
    /** A student who has not answered a staff reply is nudged after this long. */
    student_nudge_hours: Hours.default(48),
  }).default({ auto_close_hours: 72, metoo_days: 7, remind_before_hours: 1, rating_nudge_hours: 24, student_nudge_hours: 48 }),
  /** When digests go out (node-cron, campus time): each department's daily, the management's weekly. */
  digests: z.strictObject({
    daily_cron: CronExpression.default('30 8 * * *'),
    weekly_cron: CronExpression.default('0 9 * * 1'),
    /** Post a department's daily digest also for a day with nothing new (no ticket created, resolved or rated). */
    daily_if_nothing_new: z.boolean().default(false),
  }).default({ daily_cron: '30 8 * * *', weekly_cron: '0 9 * * 1', daily_if_nothing_new: false }),
  /** Class polls (SPEC §6): how long one stays open unless its starter says, and when reminders go before it closes. */
  polls: z.strictObject({
    default_duration: z.string().refine((d) => !!parseDuration(d), 'write a duration such as 3d, 12h or 90m').default('3d'),
    remind_before: z.array(z.string().refine((d) => !!parseDuration(d), 'write durations such as 24h or 1h')).default(['24h', '1h']),
  }).default({ default_duration: '3d', remind_before: ['24h', '1h'] }),
  /** No staff pings in this window (campus time) unless a ticket is urgent; they wait for its end. */
  quiet_hours: z.strictObject({ start: TimeOfDay, end: TimeOfDay }).default({ start: '22:00', end: '07:30' }),
  /**
   * What the bot keeps and for how long (README "Your data" and "Retention"). Digests never break
   * mental-health figures down into groups smaller than `min_group_size`.
   */
  privacy: z.strictObject({
    min_group_size: z.number().int().min(2, 'must be a whole number of at least 2').default(5),
    retention: z.strictObject({
      /** Texts of counselling cases closed this long ago are erased (issue 14, the cases feature). */
      closed_case_text_days: Days.default(180),
      /** Descriptions, photos and timeline texts of tickets finished this long ago are erased. */
      closed_ticket_text_days: Days.default(730),
      /**
       * Handled Telegram updates and Discord events (their id and day) are forgotten after this long;
       * Discord DMs quiet this long are not caught up at start. Formerly `telegram_inbox_days` (config.renames.ts).
       */
      inbox_days: Days.default(7),
      /** Audit entries older than this are deleted. */
      audit_days: Days.default(1095),
      /** What the bot sent (the outbox) keeps its text this long once sent or given up, then only its outcome. */
      outbox_text_days: Days.default(7),
    }).default({ closed_case_text_days: 180, closed_ticket_text_days: 730, inbox_days: 7, audit_days: 1095, outbox_text_days: 7 }),
  }).default({ min_group_size: 5, retention: { closed_case_text_days: 180, closed_ticket_text_days: 730, inbox_days: 7, audit_days: 1095, outbox_text_days: 7 } }),
  join_code_days: z.number().int().positive().default(7),
  /** How long a /link code waits to be typed on the other account, and then for both confirmations. */
  link_code_minutes: z.number().int().positive().default(30),
  telegram: z.strictObject({
    token: z.string().optional(),
    api_root: z.url().default('https://api.telegram.org'),
    webhook_url: z.url().optional(),
    /** Telegram allows about 30 messages a second overall (more with paid broadcasts); per chat limits stay. */
    messages_per_second: z.number().int().positive().max(1000).default(30),
  }).default({ api_root: 'https://api.telegram.org', messages_per_second: 30 }),
  discord: z.strictObject({
    token: z.string().optional(),
    application_id: z.string().regex(/^\d+$/, 'must be the numeric Application ID').optional(),
    /** REST root (default Discord's); the gateway URL follows from GET /gateway/bot. */
    api_root: z.url().optional(),
    /** Register slash commands globally (Discord may take up to an hour to show them) instead of per server (at once). */
    global_commands: z.boolean().default(false),
  }).default({ global_commands: false }),
  /** SQLite at `path`; `url` (DATABASE_URL) names a PostgreSQL database instead (src/db/pg/). */
  database: z.strictObject({
    path: z.string().min(1).default('./data/yizhan.db'),
    url: z.string().regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres://user:password@host:port/database URL').optional(),
  }).default({ path: './data/yizhan.db' }),
  log_level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /**
   * A stop (SIGTERM, SIGINT) stops receiving, lets the updates in progress finish and sends what is
   * owed for at most this long; whatever is left then stays in the database for the next start.
   */
  shutdown: z.strictObject({
    flush_seconds: z.number().positive('must be a positive number of seconds').max(600, 'must be at most 600 seconds').default(10),
  }).default({ flush_seconds: 10 }),
  /** People the console chat knows from the start (same shape as simulator declarations). */
  demo_people: z.array(PersonSchema).default([]),
  /** Surveys written inline; loadConfig adds those of the `surveys/` folder next to the file. */
  surveys: z.array(SurveyDefSchema).default([]),
}).superRefine(checkReferences);

/** Where the configuration came from, as loadConfig found it (start-up says it: a log line, the console banner). */
export interface ConfigFiles {
  config: string;
  /** The surveys/ folder next to the config file, whether it exists, and the survey each file there defined. */
  surveyDir: string;
  surveyDirFound: boolean;
  surveys: { id: string; file: string }[];
  /** config/faq.yaml next to the config file, and whether it exists. */
  faq: string;
  faqFound: boolean;
}

/** `faq`: the entries of faq.yaml next to the config file (none without one), validated by loadConfig. */
export type Config = z.infer<typeof ConfigSchema> & { files?: ConfigFiles; faq?: FaqEntry[]; deprecated?: string[] };

/** The surveys in use and where each came from: a file of the surveys/ folder, or the config itself (`file` undefined). */
export function surveySources(config: Config): { id: string; file?: string }[] {
  return config.surveys.map((s) => ({ id: s.id, ...(config.files?.surveys.find((f) => f.id === s.id) ?? {}) }));
}
export type Department = Config['departments'][number];
export type Retention = Config['privacy']['retention'];
export type DutyConfig = Config['crisis']['duty'];
export type Weekday = (typeof WEEKDAYS)[number];

type Ctx = z.RefinementCtx;

/** Every category has exactly one owner; kinds at most one; references point at real departments. */
function checkReferences(c: z.infer<typeof ConfigSchema>, ctx: Ctx): void {
  const ids = new Set(c.departments.map((d) => d.id));
  checkUnique(c.departments.map((d) => d.id), 'id', ctx);
  checkUnique(c.departments.map((d) => d.staff_chat), 'staff_chat', ctx);
  c.departments.forEach((d, i) => {
    if (d.staff_chat !== c.management_chat) return;
    const message = `"${d.staff_chat}" is also departments.${i}.staff_chat (${d.id}); the management chat must be a chat of its own`;
    ctx.addIssue({ code: 'custom', path: ['management_chat'], message });
  });
  for (const cat of CATEGORIES) {
    const owners = c.departments.filter((d) => d.categories.includes(cat)).map((d) => d.id);
    if (owners.length !== 1) {
      ctx.addIssue({ code: 'custom', path: ['departments'], message: `category "${cat}" must belong to exactly one department (now: ${owners.join(', ') || 'none'})` });
    }
  }
  for (const kind of TICKET_KINDS) {
    const owners = c.departments.filter((d) => d.kinds.includes(kind)).map((d) => d.id);
    if (owners.length > 1) ctx.addIssue({ code: 'custom', path: ['departments'], message: `kind "${kind}" is claimed by several departments: ${owners.join(', ')}` });
  }
  if (!ids.has(c.crisis.department)) ctx.addIssue({ code: 'custom', path: ['crisis', 'department'], message: `unknown department "${c.crisis.department}"` });
  const safety = c.crisis.safety_department;
  if (safety && !ids.has(safety)) ctx.addIssue({ code: 'custom', path: ['crisis', 'safety_department'], message: `unknown department "${safety}"` });
  for (const p of announceToProblems(c.departments)) ctx.addIssue({ code: 'custom', ...p });
  for (const id of duplicateIds(c.surveys)) ctx.addIssue({ code: 'custom', path: ['surveys'], message: `duplicate survey id "${id}"` });
  c.demo_people.forEach((p, i) => {
    if (p.department && !ids.has(p.department)) ctx.addIssue({ code: 'custom', path: ['demo_people', i, 'department'], message: `unknown department "${p.department}"` });
  });
}

function checkUnique(values: string[], key: string, ctx: Ctx): void {
  values.forEach((v, i) => {
    if (values.indexOf(v) !== i) ctx.addIssue({ code: 'custom', path: ['departments', i, key], message: `duplicate ${key} "${v}"` });
  });
}



/** Validates an already parsed object; `file` only names the source in errors. */
export function parseConfig(raw: unknown, file: string, env: NodeJS.ProcessEnv = {}): Config {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError(file, ['(top level): expected a mapping of keys such as campus, departments, crisis']);
  }
  const renamed = renameDeprecated(raw as Record<string, unknown>);
  const problems = [...envProblems(env), ...renamed.problems];
  if (problems.length) throw new ConfigError(file, problems);
  const result = ConfigSchema.safeParse(applyEnv(renamed.raw, env));
  if (result.success) return renamed.deprecated.length ? { ...result.data, deprecated: renamed.deprecated } : result.data;
  throw new ConfigError(file, result.error.issues.map(describeIssue));
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.length ? issue.path.join('.') : '(top level)';
  if (issue.code === 'unrecognized_keys') return `${path}: unknown key ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  if (issue.code === 'invalid_type' && issue.message.includes('received undefined')) return `${path}: is missing (expected ${issue.expected})`;
  return `${path}: ${issue.message}`;
}

/** Reads, parses and validates the YAML file at `file` (YIZHAN_CONFIG or config/default.yaml). */
export function loadConfig(file: string, env: NodeJS.ProcessEnv = process.env): Config {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(file, [`cannot read the file (${(e as NodeJS.ErrnoException).code ?? String(e)})`]);
  }
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (e) {
    throw new ConfigError(file, [`is not valid YAML: ${(e as Error).message.split('\n')[0]}`]);
  }
  return withFaqFile(withSurveyFiles(parseConfig(raw, file, env), file, join(dirname(file), 'surveys')), join(dirname(file), 'faq.yaml'));
}

export function configPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.YIZHAN_CONFIG || 'config/default.yaml';
}

export function findDepartment(config: Config, id: string): Department | undefined {
  return config.departments.find((d) => d.id === id);
}

/**
 * The departments a word names, as people type it: the one whose id or Chinese or English name it
 * is, else every one whose name contains it ("后勤" for 后勤保障处, "student affairs"; English parts
 * of at least 3 letters). Several means the word is ambiguous ("中心").
 */
export function departmentsByWord(config: Config, word: string): Department[] {
  const w = word.trim().toLowerCase();
  if (!w) return [];
  const exact = config.departments.find((d) => d.id === w || d.name['zh-CN'].toLowerCase() === w || d.name.en.toLowerCase() === w);
  if (exact) return [exact];
  return config.departments.filter((d) => d.name['zh-CN'].toLowerCase().includes(w) || (w.length >= 3 && d.name.en.toLowerCase().includes(w)));
}

/** The one department a word names; undefined when nothing or several match. */
export function departmentByWord(config: Config, word: string): Department | undefined {
  const found = departmentsByWord(config, word);
  return found.length === 1 ? found[0] : undefined;
}

/** "logistics（后勤保障处）、..." for error messages that list the choices (all departments, or `some`). */
export function listDepartments(config: Config, locale: 'zh-CN' | 'en', some: readonly Department[] = config.departments): string {
  return some.map((d) => (locale === 'en' ? `${d.id} (${d.name.en})` : `${d.id}（${d.name['zh-CN']}）`)).join(locale === 'en' ? ', ' : '、');
}

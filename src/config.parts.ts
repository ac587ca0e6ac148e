/**
 * The building blocks of the campus config (config.ts assembles them): validated scalars, and the
 * counselling duty (rota and escalation), which config.ts would otherwise grow past its size for.
 */
import { z } from 'zod';
import { cronProblem } from './core/scheduler.js';
import { parseTargetSpec, TARGET_HELP } from './features/announce/announce.targets.js';

export const Bilingual = z.strictObject({ 'zh-CN': z.string().min(1), en: z.string().min(1) });
export const Slug = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'use lowercase letters, digits, "-" and "_"');
export const Hours = z.number().positive('must be a positive number of hours');
export const CronExpression = z.string().refine((c) => !cronProblem(c), 'is not a cron expression such as "30 8 * * *"');
export const Days = z.number().int('must be a whole number of days').positive('must be a positive number of days');
export const TimeOfDay = z.string().regex(/^([01]?\d|2[0-3]):[0-5]\d$/, 'write a time of day such as 22:00');

export const TimeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'is not an IANA time zone such as Asia/Shanghai');

export const CrisisResource = z.strictObject({ name: Bilingual, phone: z.string().min(2) });

/** A person by platform identity, as admins are named: "telegram:123456", "local:xu". */
export const Identity = z.string().regex(/^(local|telegram|discord):\S+$/, 'write platform:user-id, e.g. telegram:123456');
export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
/** Who is the counsellor on duty on some weekdays between two times (campus time); `to` before `from` runs past midnight. */
const Shift = z.strictObject({ days: z.array(z.enum(WEEKDAYS)).min(1), from: TimeOfDay, to: TimeOfDay, who: Identity })
  .refine((s) => s.from !== s.to, { message: 'from and to must differ (to before from runs past midnight)', path: ['to'] });
/** Who hears of an unacknowledged crisis next: a person (with the role the student is told), or the management. */
const EscalationStep = z.strictObject({ role: z.enum(['counsellor', 'lead', 'management']), who: Identity.optional() })
  .refine((s) => (s.role === 'management') === (s.who === undefined), {
    message: 'name who (platform:user-id) for a counsellor or lead; management is the management chat and the admins', path: ['who'],
  });
const DUTY_DEFAULTS = { acknowledge_minutes: 5, show_names: false, rota: [], escalation: [{ role: 'management' as const }] };
/**
 * Someone is responsible for a crisis at every hour: the counsellor on duty by the rota (else the
 * out-of-hours person) is alerted privately with the counselling chat; unacknowledged after
 * `acknowledge_minutes`, the alert goes to each step of `escalation` in turn.
 */
export const Duty = z.strictObject({
  acknowledge_minutes: z.number().positive('must be a positive number of minutes').max(120, 'must be at most 120 minutes').default(5),
  /** Whether a student is told the name of the person alerted and of the counsellor with them (else only the role). */
  show_names: z.boolean().default(false),
  rota: z.array(Shift).default([]),
  out_of_hours: Identity.optional(),
  escalation: z.array(EscalationStep).default(DUTY_DEFAULTS.escalation),
}).default(DUTY_DEFAULTS);

/**
 * The audiences a department's staff (and leads) may announce to besides its own staff
 * (dept:<id>): survey audiences, building:* / group:* (any building, any class group), another
 * department. Problems name the department and the key.
 */
export const AnnounceTo = z.array(z.string()).default([]);

export function announceToProblems(departments: readonly { id: string; announce_to: string[] }[]): { path: (string | number)[]; message: string }[] {
  const ids = new Set(departments.map((d) => d.id));
  return departments.flatMap((d, i) => d.announce_to.flatMap((spec, j) => {
    const t = parseTargetSpec(spec);
    const path = ['departments', i, 'announce_to', j];
    if (!t) return [{ path, message: `department "${d.id}": unknown audience "${spec}" (${TARGET_HELP})` }];
    if (t.kind === 'dept' && !ids.has(t.value)) return [{ path, message: `department "${d.id}": unknown department "${t.value}" in "${spec}"` }];
    return [];
  }));
}

/**
 * Who an announcement may reach, and whom it reaches. Admins: any audience (the survey audiences —
 * students, all, building:<b>, group:<class>, role:<r> — and dept:<department>). Class reps: their
 * class groups (group:<class>). Staff and leads: their department's audience — its own staff
 * (dept:<department>: the staff chat and, privately, its staff) and what the campus config lists
 * in the department's `announce_to` (the dorm office the buildings, academic affairs all students)
 * — sent in its name. An audience left out is the class of the class group or the department of
 * the staff chat it is sent in, or the sender's only one.
 */
import { findDepartment, type Config } from '../../config.js';
import { AppError } from '../../core/errors.js';
import { tr, type Locale } from '../../core/i18n.js';
import type { RoleSet } from '../../core/roles.js';
import { announceMessages } from './announce.messages.js';
import { ANY, covers, describeTarget, parseTarget, parseTargetSpec, type Target } from './announce.targets.js';

export { describeTarget, type Target };

export interface Sender {
  roles: RoleSet;
  /** The chat it is sent in: a bound class group or staff chat names the audience left out. */
  chat: { binding: 'staff' | 'class' | 'management' | null; scope: string | null };
}

/** An audience the sender may use, and the department it is sent in the name of (none for a rep's class). */
interface Allowance {
  spec: Target;
  department: string | null;
}

const m = (l: Locale) => tr(announceMessages, l);
const fail = (code: string, say: (c: (typeof announceMessages)['en'], l: Locale) => string) => new AppError(code, (l) => say(m(l), l));

/** A rep's class groups and a staff member's departments (dept:<id>): the audiences a chat or a single role implies. */
function ownTargets(sender: Sender): Allowance[] {
  return [
    ...sender.roles.repGroups().map((value): Allowance => ({ spec: { kind: 'group', value }, department: null })),
    ...sender.roles.departments().map((value): Allowance => ({ spec: { kind: 'dept', value }, department: value })),
  ];
}

/** Everything a non-admin may send to: their own, and their departments' `announce_to`. */
function allowances(sender: Sender, config: Config): Allowance[] {
  const listed = sender.roles.departments().flatMap((id) => (findDepartment(config, id)?.announce_to ?? [])
    .flatMap((raw) => parseTargetSpec(raw) ?? []).map((spec): Allowance => ({ spec, department: id })));
  return [...ownTargets(sender), ...listed];
}

/** What `sender` may send to, as they would write it, for error messages. */
export function allowedTargets(sender: Sender, config: Config, l: Locale): string[] {
  if (sender.roles.isAdmin) return ['students', 'all', 'building:…', 'group:…', 'role:…', 'dept:…'];
  const shown = allowances(sender, config).map(({ spec }) => ('value' in spec && spec.value === ANY
    ? (spec.kind === 'building' ? m(l).anyBuilding : m(l).anyGroup) : describeTarget(spec)));
  return [...new Set(shown)];
}

/** The audience left out: the chat's own, else the sender's only one. */
function implied(sender: Sender): Target {
  const { binding, scope } = sender.chat;
  if (binding === 'class' && scope) return { kind: 'group', value: scope };
  if (binding === 'staff' && scope) return { kind: 'dept', value: scope };
  const own = ownTargets(sender);
  if (!sender.roles.isAdmin && own.length === 1) return own[0]!.spec;
  throw fail('announce.which_audience', (c) => c.whichAudience);
}

/**
 * The audience `raw` names if `sender` may send to it, with the department it goes out in the
 * name of (an admin's: the department addressed, if any); clear errors otherwise.
 */
export function targetFor(sender: Sender, raw: string, config: Config): { target: Target; department: string | null } {
  const t = raw ? parseTarget(raw) : implied(sender);
  if (!t || (t.kind === 'dept' && !findDepartment(config, t.value))) throw fail('announce.bad_audience', (c) => c.badAudience({ audience: raw }));
  if (sender.roles.isAdmin) return { target: t, department: t.kind === 'dept' ? t.value : null };
  const allowed = allowances(sender, config).find((a) => covers(a.spec, t));
  if (allowed) return { target: t, department: allowed.department };
  if (!allowances(sender, config).length) throw fail('announce.nobody', (c) => c.nobody);
  throw fail('announce.not_yours', (c, l) => c.notYours({ allowed: allowedTargets(sender, config, l).join(l === 'en' ? ', ' : '、') }));
}

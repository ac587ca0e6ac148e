/**
 * Who an announcement may reach, and whom it reaches. Admins: any audience (the survey audiences —
 * students, all, building:<b>, group:<class>, role:<r> — and dept:<department>). Class reps: their
 * class groups (group:<class>). Staff and leads: their department's audience, dept:<department> —
 * its staff chat and, privately, its staff — sent in its name. An audience left out is the class of
 * the class group or the department of the staff chat it is sent in, or the sender's only one.
 */
import { findDepartment, type Config } from '../../config.js';
import { AppError } from '../../core/errors.js';
import { tr } from '../../core/i18n.js';
import type { RoleSet } from '../../core/roles.js';
import { parseAudience, type Audience } from '../surveys/surveys.schema.js';
import { announceMessages } from './announce.messages.js';

export type Target = Audience | { kind: 'dept'; value: string };

export interface Sender {
  roles: RoleSet;
  /** The chat it is sent in: a bound class group or staff chat names the audience left out. */
  chat: { binding: 'staff' | 'class' | 'management' | null; scope: string | null };
}

const fail = (code: string, say: (m: (typeof announceMessages)['en']) => string) => new AppError(code, (l) => say(tr(announceMessages, l)));

export function describeTarget(t: Target): string {
  return 'value' in t ? `${t.kind}:${t.value}` : t.kind;
}

/** A rep's class groups and a staff member's departments. */
function ownTargets(sender: Sender): Target[] {
  return [
    ...sender.roles.repGroups().map((value): Target => ({ kind: 'group', value })),
    ...sender.roles.departments().map((value): Target => ({ kind: 'dept', value })),
  ];
}

/** What `sender` may send to, as written. */
export function allowedTargets(sender: Sender): string[] {
  if (sender.roles.isAdmin) return ['students', 'all', 'building:…', 'group:…', 'role:…', 'dept:…'];
  return ownTargets(sender).map(describeTarget);
}

function parseTarget(raw: string, config: Config): Target | undefined {
  const dept = /^(?:dept|department|部门)\s*[:：]\s*(\S+)$/i.exec(raw);
  if (dept) return findDepartment(config, dept[1]!) ? { kind: 'dept', value: dept[1]! } : undefined;
  return parseAudience(raw.replace(/^([a-z]+)\s*：\s*/i, '$1:'));
}

/** The audience left out: the chat's own, else the sender's only one. */
function implied(sender: Sender): Target {
  const { binding, scope } = sender.chat;
  if (binding === 'class' && scope) return { kind: 'group', value: scope };
  if (binding === 'staff' && scope) return { kind: 'dept', value: scope };
  const own = ownTargets(sender);
  if (!sender.roles.isAdmin && own.length === 1) return own[0]!;
  throw fail('announce.which_audience', (m) => m.whichAudience);
}

/** The audience `raw` names, if `sender` may send to it; clear errors otherwise. */
export function targetFor(sender: Sender, raw: string, config: Config): Target {
  const t = raw ? parseTarget(raw, config) : implied(sender);
  if (!t) throw fail('announce.bad_audience', (m) => m.badAudience({ audience: raw }));
  if (sender.roles.isAdmin) return t;
  if (ownTargets(sender).some((o) => describeTarget(o) === describeTarget(t))) return t;
  const allowed = allowedTargets(sender);
  if (!allowed.length) throw fail('announce.nobody', (m) => m.nobody);
  throw fail('announce.not_yours', (m) => m.notYours({ allowed: allowed.join(', ') }));
}

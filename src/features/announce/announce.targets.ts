/**
 * The audiences of announcements as written: the survey audiences (students, all, building:<b>,
 * group:<class>, role:<r>) and dept:<department> (its staff chat and staff). In a department's
 * `announce_to` (config), `building:*` and `group:*` stand for any building and any class group.
 * Self-contained on purpose (syntax only, no config): src/config.ts validates `announce_to` with it.
 */
import { parseAudience, type Audience } from '../surveys/surveys.schema.js';

export type Target = Audience | { kind: 'dept'; value: string };

/** Any building, any class group: only in a department's `announce_to`. */
export const ANY = '*';

export const TARGET_HELP = 'write students, all, building:<name>, building:*, group:<class key>, group:*, role:<rep|staff|lead|admin> or dept:<department id>';

export function describeTarget(t: Target): string {
  return 'value' in t ? `${t.kind}:${t.value}` : t.kind;
}

/** An audience as people type it ("dept：logistics", "部门:logistics", "building：3号楼"); undefined when it is none. */
export function parseTarget(raw: string): Target | undefined {
  const dept = /^(?:dept|department|部门)\s*[:：]\s*([a-z0-9][a-z0-9_-]*)$/i.exec(raw.trim());
  if (dept) return { kind: 'dept', value: dept[1]! };
  return parseAudience(raw.trim().replace(/^([a-z]+)\s*：\s*/i, '$1:'));
}

/** An entry of a department's `announce_to`: an audience, or any building / any class group. */
export function parseTargetSpec(raw: string): Target | undefined {
  const any = /^(building|group)\s*:\s*\*$/.exec(raw.trim());
  return any ? { kind: any[1] as 'building' | 'group', value: ANY } : parseTarget(raw);
}

/** Whether the spec `spec` (of `announce_to`) lets one send to `t`. */
export function covers(spec: Target, t: Target): boolean {
  if (spec.kind !== t.kind) return false;
  return !('value' in spec) || spec.value === ANY || spec.value === (t as { value: string }).value;
}

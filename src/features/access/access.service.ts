/**
 * Roles: granting and revoking them, and one-time join codes. Every privileged action is written to
 * the audit log. (Linking accounts is access.links.ts.)
 */
import type { Config } from '../../config.js';
import { requireDepartment } from './access.departments.js';
import type { Q } from '../../db/client.js';
import { writeAudit } from '../../core/audit.repo.js';
import { AppError } from '../../core/errors.js';
import { pick, tr, type Locale } from '../../core/i18n.js';
import { codeId, type Rng } from '../../core/rng.js';
import type { Grant, GrantRole, RoleSet } from '../../core/roles.js';
import { DAY } from '../../core/clock.js';
import type { UnitRunner } from '../../core/unit-of-work.js';
import { accessMessages } from './access.messages.js';
import { normaliseCode } from './access.links.js';
import { addGrant, findCode, holders, insertCode, removeGrant, useCode } from './access.repo.js';

const ROLE_WORDS: Record<string, GrantRole> = {
  staff: 'staff', 工作人员: 'staff', 老师: 'staff',
  lead: 'lead', 负责人: 'lead',
  rep: 'rep', 班级代表: 'rep', 班委: 'rep',
  admin: 'admin', 管理员: 'admin',
};

export interface AccessDeps {
  units: UnitRunner;
  config: Config;
  rng: Rng;
  /** A member's roles as they stand now (database grants and config admins). */
  rolesOf: (memberId: number) => Promise<RoleSet>;
  /** The member's identity listed among the config's admins ("local:admin"), if any. */
  adminByConfig: (memberId: number) => Promise<string | undefined>;
}

const fail = (code: string, render: (l: Locale) => string) => new AppError(code, render);
const m = (l: Locale) => tr(accessMessages, l);

/** Who holds a role in a scope, as other features ask the access service (not its tables). */
export type Holders = (role: GrantRole, scope: string) => Promise<number[]>;

export function createAccessService(deps: AccessDeps) {
  const { units, config } = deps;

  /** Reads "role scope" from the front of `words`; what is left over is returned too. */
  function parseGrant(words: string[]): { grant: Grant; rest: string[] } {
    const [roleWord = '', ...rest] = words;
    const role = ROLE_WORDS[roleWord.toLowerCase()];
    if (!role) throw fail('access.unknown_role', (l) => m(l).unknownRole({ role: roleWord }));
    if (role === 'admin') return { grant: { role, scope: '*' }, rest };
    const [scopeWord = '', ...after] = rest;
    if (role === 'rep') {
      if (!/^[a-z0-9][a-z0-9_-]*$/.test(scopeWord)) throw fail('access.bad_class', (l) => m(l).badClass({ name: scopeWord }));
      return { grant: { role, scope: scopeWord }, rest: after };
    }
    const dept = requireDepartment(config, scopeWord);
    return { grant: { role, scope: dept.id }, rest: after };
  }

  /** Admins may grant anything; a lead may grant staff in their own department and class reps. */
  function mayGrant(actor: RoleSet, g: Grant): boolean {
    return actor.isAdmin || (g.role === 'staff' && actor.has('lead', g.scope)) || (g.role === 'rep' && actor.has('lead'));
  }

  /**
   * Whom a role change may name by member number: an admin anyone, a lead the staff and leads of
   * the departments they lead. Anyone else is answered as nobody (members.resolveAmong), so a lead
   * cannot try numbers to learn names; a colleague not yet in the department is named by @username
   * or given an /invite code.
   */
  async function mayName(actor: RoleSet, memberId: number): Promise<boolean> {
    return actor.isAdmin || (await deps.rolesOf(memberId)).departments().some((d) => actor.has('lead', d));
  }

  function assertMayGrant(actor: RoleSet, g: Grant): void {
    if (!mayGrant(actor, g)) throw fail('access.not_your_scope', (l) => m(l).notYourScope);
  }

  function describe(g: Grant, l: Locale): string {
    const dept = config.departments.find((d) => d.id === g.scope);
    const deptName = dept ? pick(dept.name, l) : g.scope;
    if (g.role === 'staff') return m(l).roleStaff({ dept: deptName });
    if (g.role === 'lead') return m(l).roleLead({ dept: deptName });
    if (g.role === 'rep') return m(l).roleRep({ group: g.scope });
    return m(l).roleAdmin;
  }

  function grant(actorId: number, actor: RoleSet, memberId: number, g: Grant, now: Date): Promise<boolean> {
    assertMayGrant(actor, g);
    return units.atomic(async (tx) => {
      const added = await addGrant(tx, memberId, g, actorId, now);
      if (added) await writeAudit(tx, { actorMemberId: actorId, action: 'role.grant', target: `member:${memberId}`, detail: { ...g } }, now);
      return added;
    });
  }

  /**
   * Refuses a revoke that would not do what it says: an admin by config stays one whatever the
   * database holds, and removing the last admin (config admins count) would lock everyone out.
   */
  async function assertRevocable(q: Q, memberId: number, name: string, g: Grant): Promise<void> {
    if (g.role !== 'admin') return;
    const key = await deps.adminByConfig(memberId);
    if (key) throw fail('access.admin_by_config', (l) => m(l).adminByConfig({ who: name, key }));
    const others = (await holders(q, 'admin', '*')).filter((id) => id !== memberId).length + config.admins.length;
    if (!others) throw fail('access.last_admin', (l) => m(l).lastAdmin({ who: name }));
  }

  function revoke(actorId: number, actor: RoleSet, memberId: number, name: string, g: Grant, now: Date): Promise<boolean> {
    assertMayGrant(actor, g);
    return units.atomic(async (tx) => {
      await assertRevocable(tx, memberId, name, g);
      const removed = await removeGrant(tx, memberId, g);
      if (removed) await writeAudit(tx, { actorMemberId: actorId, action: 'role.revoke', target: `member:${memberId}`, detail: { ...g } }, now);
      return removed;
    });
  }

  async function newCode(q: Q, createdBy: number, g: Grant, now: Date) {
    const code = codeId(deps.rng, 6);
    const expiresAt = new Date(now.getTime() + config.join_code_days * DAY);
    await insertCode(q, { code, purpose: 'role', role: g.role, scope: g.scope, createdBy, createdAt: now, expiresAt });
    return { code, expiresAt };
  }

  function invite(actorId: number, actor: RoleSet, g: Grant, now: Date) {
    assertMayGrant(actor, g);
    return units.atomic(async (tx) => {
      const made = await newCode(tx, actorId, g, now);
      await writeAudit(tx, { actorMemberId: actorId, action: 'code.create', target: `code:${made.code}`, detail: { ...g } }, now);
      return made;
    });
  }

  /**
   * Redeems a role code once. The grant counts as made by whoever created the code, so it is made
   * only if they may still grant it now (roles and department as they stand at redemption); if not,
   * nothing is granted, the code stays unused and the refusal is audited.
   */
  function join(memberId: number, rawCode: string, now: Date): Promise<{ granted: boolean; grant: Grant }> {
    const code = normaliseCode(rawCode);
    return units.atomic(async (tx) => {
      const row = await findCode(tx, code);
      if (!row || row.purpose !== 'role' || !row.role || !row.scope || row.usedBy !== null || row.expiresAt <= now) {
        throw fail('access.code_invalid', (l) => m(l).codeInvalid);
      }
      const g: Grant = { role: row.role, scope: row.scope };
      const audit = (action: string, extra: Record<string, unknown> = {}) =>
        writeAudit(tx, { actorMemberId: memberId, action, target: `code:${code}`, detail: { ...g, createdBy: row.createdBy, ...extra } }, now);
      if (!mayGrant(await deps.rolesOf(row.createdBy), g)) {
        await audit('code.refused', { reason: 'creator_may_not_grant' });
        return { granted: false, grant: g };
      }
      if (!(await useCode(tx, code, memberId, now))) throw fail('access.code_invalid', (l) => m(l).codeInvalid);
      await addGrant(tx, memberId, g, row.createdBy, now);
      await audit('code.use');
      return { granted: true, grant: g };
    });
  }

  /** Members holding `role` in `scope` (a department's staff and leads, the admins): for features that notify them. */
  const holdersOf: Holders = (role, scope) => units.read((q) => holders(q, role, scope));

  return { parseGrant, mayName, describe, grant, revoke, invite, join, holders: holdersOf };
}

export type AccessService = ReturnType<typeof createAccessService>;

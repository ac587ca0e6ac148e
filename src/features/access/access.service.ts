/**
 * Roles and accounts: granting and revoking roles, one-time join codes, and linking a second
 * platform account to a member. Every privileged action is written to the audit log.
 */
import { departmentByWord, listDepartments, type Config } from '../../config.js';
import type { Db, Q, Tx } from '../../db/client.js';
import { writeAudit } from '../../core/audit.repo.js';
import { AppError } from '../../core/errors.js';
import { pick, tr, type Locale } from '../../core/i18n.js';
import { codeId, type Rng } from '../../core/rng.js';
import type { Grant, GrantRole, RoleSet } from '../../core/roles.js';
import { HOUR, DAY } from '../../core/clock.js';
import { mergeMemberRows } from '../members/members.repo.js';
import { accessMessages } from './access.messages.js';
import { addGrant, findCode, insertCode, mergeGrants, removeGrant, useCode } from './access.repo.js';

const ROLE_WORDS: Record<string, GrantRole> = {
  staff: 'staff', 工作人员: 'staff', 老师: 'staff',
  lead: 'lead', 负责人: 'lead',
  rep: 'rep', 班级代表: 'rep', 班委: 'rep',
  admin: 'admin', 管理员: 'admin',
};
const LINK_CODE_TTL = HOUR;

export interface AccessDeps {
  db: Db;
  config: Config;
  rng: Rng;
  /** A member's roles as they stand now (database grants and config admins). */
  rolesOf: (memberId: number) => RoleSet;
  /** Feature hooks that move rows when two accounts are linked. */
  mergeHooks: () => ((tx: Tx, from: number, to: number) => void)[];
}

const fail = (code: string, render: (l: Locale) => string) => new AppError(code, render);
const m = (l: Locale) => tr(accessMessages, l);

export function createAccessService(deps: AccessDeps) {
  const { db, config } = deps;

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
    const dept = departmentByWord(config, scopeWord);
    if (!dept) {
      throw fail('access.unknown_department', (l) => m(l).unknownDepartment({ name: scopeWord, known: listDepartments(config, l) }));
    }
    return { grant: { role, scope: dept.id }, rest: after };
  }

  /** Admins may grant anything; a lead may grant staff in their own department and class reps. */
  function mayGrant(actor: RoleSet, g: Grant): boolean {
    return actor.isAdmin || (g.role === 'staff' && actor.has('lead', g.scope)) || (g.role === 'rep' && actor.has('lead'));
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

  function grant(actorId: number, actor: RoleSet, memberId: number, g: Grant, now: Date): boolean {
    assertMayGrant(actor, g);
    return db.transaction((tx) => {
      const added = addGrant(tx, memberId, g, actorId, now);
      if (added) writeAudit(tx, { actorMemberId: actorId, action: 'role.grant', target: `member:${memberId}`, detail: { ...g } }, now);
      return added;
    });
  }

  function revoke(actorId: number, actor: RoleSet, memberId: number, g: Grant, now: Date): boolean {
    assertMayGrant(actor, g);
    return db.transaction((tx) => {
      const removed = removeGrant(tx, memberId, g);
      if (removed) writeAudit(tx, { actorMemberId: actorId, action: 'role.revoke', target: `member:${memberId}`, detail: { ...g } }, now);
      return removed;
    });
  }

  function newCode(q: Q, purpose: 'role' | 'link', createdBy: number, ttlMs: number, g: Grant | null, now: Date) {
    const code = codeId(deps.rng, 6);
    const expiresAt = new Date(now.getTime() + ttlMs);
    insertCode(q, { code, purpose, role: g?.role ?? null, scope: g?.scope ?? null, createdBy, createdAt: now, expiresAt });
    return { code, expiresAt };
  }

  function invite(actorId: number, actor: RoleSet, g: Grant, now: Date) {
    assertMayGrant(actor, g);
    return db.transaction((tx) => {
      const made = newCode(tx, 'role', actorId, config.join_code_days * DAY, g, now);
      writeAudit(tx, { actorMemberId: actorId, action: 'code.create', target: `code:${made.code}`, detail: { ...g } }, now);
      return made;
    });
  }

  /**
   * Redeems a role code once. The grant counts as made by whoever created the code, so it is made
   * only if they may still grant it now (roles and department as they stand at redemption); if not,
   * nothing is granted, the code stays unused and the refusal is audited.
   */
  function join(memberId: number, rawCode: string, now: Date): { granted: boolean; grant: Grant } {
    const code = normaliseCode(rawCode);
    return db.transaction((tx) => {
      const row = findCode(tx, code);
      if (!row || row.purpose !== 'role' || !row.role || !row.scope || row.usedBy !== null || row.expiresAt <= now) {
        throw fail('access.code_invalid', (l) => m(l).codeInvalid);
      }
      const g: Grant = { role: row.role, scope: row.scope };
      const audit = (action: string, extra: Record<string, unknown> = {}) =>
        writeAudit(tx, { actorMemberId: memberId, action, target: `code:${code}`, detail: { ...g, createdBy: row.createdBy, ...extra } }, now);
      if (!mayGrant(deps.rolesOf(row.createdBy), g)) {
        audit('code.refused', { reason: 'creator_may_not_grant' });
        return { granted: false, grant: g };
      }
      if (!useCode(tx, code, memberId, now)) throw fail('access.code_invalid', (l) => m(l).codeInvalid);
      addGrant(tx, memberId, g, row.createdBy, now);
      audit('code.use');
      return { granted: true, grant: g };
    });
  }

  const createLinkCode = (memberId: number, now: Date) => newCode(db, 'link', memberId, LINK_CODE_TTL, null, now);

  /** Moves everything of the member using the code into the member who created it. */
  function redeemLink(memberId: number, rawCode: string, now: Date): number {
    const code = normaliseCode(rawCode);
    return db.transaction((tx) => {
      const row = findCode(tx, code);
      const invalid = () => fail('access.link_invalid', (l) => m(l).linkInvalid);
      if (!row || row.purpose !== 'link' || row.usedBy !== null) throw invalid();
      if (row.createdBy === memberId) throw fail('access.link_same', (l) => m(l).linkSame);
      if (!useCode(tx, code, memberId, now)) throw invalid();
      const to = row.createdBy;
      for (const hook of deps.mergeHooks()) hook(tx, memberId, to);
      mergeGrants(tx, memberId, to);
      mergeMemberRows(tx, memberId, to);
      writeAudit(tx, { actorMemberId: to, action: 'member.link', target: `member:${to}`, detail: { merged: memberId } }, now);
      return to;
    });
  }

  return { parseGrant, describe, grant, revoke, invite, join, createLinkCode, redeemLink };
}

export function normaliseCode(raw: string): string {
  return raw.toUpperCase().replace(/[\s-]/g, '');
}

export type AccessService = ReturnType<typeof createAccessService>;

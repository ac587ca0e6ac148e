import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { prepared, type Db, type Q } from '../../db/client.js';
import { joinCodes, roleGrants } from '../../db/schema.js';
import type { Grant, GrantRole } from '../../core/roles.js';

export type CodeRow = typeof joinCodes.$inferSelect;

/** A member's grants; read for every message, so a plain SQLite statement (its rows are Grants as they are). */
export function grantsOf(db: Db, memberId: number): Grant[] {
  return prepared(db, 'access.grantsOf', (d) => d.$client.prepare('SELECT role, scope FROM role_grants WHERE member_id = ?')).all(memberId) as Grant[];
}

/** Adds a grant; false when the member already held it. */
export function addGrant(q: Q, memberId: number, g: Grant, grantedBy: number | null, now: Date): boolean {
  const r = q.insert(roleGrants).values({ memberId, ...g, grantedBy, createdAt: now }).onConflictDoNothing().run();
  return r.changes === 1;
}

/** Removes a grant; false when the member did not hold it. */
export function removeGrant(q: Q, memberId: number, g: Grant): boolean {
  const r = q.delete(roleGrants)
    .where(and(eq(roleGrants.memberId, memberId), eq(roleGrants.role, g.role), eq(roleGrants.scope, g.scope))).run();
  return r.changes === 1;
}

/** Members holding `role` in `scope`. */
export function holders(q: Q, role: GrantRole, scope: string): number[] {
  return q.select({ m: roleGrants.memberId }).from(roleGrants)
    .where(and(eq(roleGrants.role, role), eq(roleGrants.scope, scope))).all().map((r) => r.m);
}

/** Moves grants of `from` to `to` when two accounts are linked. */
export function mergeGrants(q: Q, from: number, to: number): void {
  q.run(sql`INSERT OR IGNORE INTO role_grants (member_id, role, scope, granted_by, created_at)
            SELECT ${to}, role, scope, granted_by, created_at FROM role_grants WHERE member_id = ${from}`);
  q.delete(roleGrants).where(eq(roleGrants.memberId, from)).run();
}

export function insertCode(q: Q, row: Omit<CodeRow, 'usedBy' | 'usedAt'>): void {
  q.insert(joinCodes).values(row).run();
}

export function findCode(q: Q, code: string): CodeRow | undefined {
  return q.select().from(joinCodes).where(eq(joinCodes.code, code)).get();
}

/** Marks a code used by `memberId` if it is unused and unexpired; false otherwise (one use only). */
export function useCode(q: Q, code: string, memberId: number, now: Date): boolean {
  const r = q.update(joinCodes).set({ usedBy: memberId, usedAt: now })
    .where(and(eq(joinCodes.code, code), isNull(joinCodes.usedBy), gt(joinCodes.expiresAt, now))).run();
  return r.changes === 1;
}

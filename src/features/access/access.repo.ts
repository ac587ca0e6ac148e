import { and, eq, gt, inArray, isNull, or, sql } from 'drizzle-orm';
import { prepared, type Db, type Q } from '../../db/client.js';
import { accountLinks, joinCodes, roleGrants, type LinkStatus } from '../../db/schema.js';
import type { Grant, GrantRole } from '../../core/roles.js';

export type CodeRow = typeof joinCodes.$inferSelect;
export type LinkRow = typeof accountLinks.$inferSelect;

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

/**
 * Moves the class-representative grants of `from` to `to` when two accounts are linked. Only
 * those: staff, lead and admin never come from the side that typed the code (the link service
 * refuses such a side; the rest is deleted with the member).
 */
export function moveRepGrants(q: Q, from: number, to: number): void {
  q.run(sql`INSERT OR IGNORE INTO role_grants (member_id, role, scope, granted_by, created_at)
            SELECT ${to}, role, scope, granted_by, created_at FROM role_grants WHERE member_id = ${from} AND role = 'rep'`);
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

export function insertLink(q: Q, row: typeof accountLinks.$inferInsert): LinkRow {
  return q.insert(accountLinks).values(row).returning().get();
}

export function linkByCode(q: Q, code: string): LinkRow | undefined {
  return q.select().from(accountLinks).where(eq(accountLinks.code, code)).get();
}

export function linkById(q: Q, id: number): LinkRow | undefined {
  return q.select().from(accountLinks).where(eq(accountLinks.id, id)).get();
}

/** Links of a member (on either side) that are still open or waiting for confirmation. */
export function activeLinksOf(q: Q, memberId: number): LinkRow[] {
  return q.select().from(accountLinks).where(and(
    or(eq(accountLinks.creatorMemberId, memberId), eq(accountLinks.redeemerMemberId, memberId)),
    inArray(accountLinks.status, ['open', 'pending']),
  )).all();
}

/** Changes a link if it is still in one of the `from` states; false when someone else changed it first. */
export function updateLink(q: Q, id: number, from: LinkStatus[], values: Partial<Omit<LinkRow, 'id' | 'code'>>): boolean {
  return q.update(accountLinks).set(values).where(and(eq(accountLinks.id, id), inArray(accountLinks.status, from))).run().changes === 1;
}

// ---- the person's own data (/mydata, /forgetme) ----

/** The member's roles, the codes they used and their side of each account link (never the other side's member). */
export function accessExport(q: Q, memberId: number): Record<string, unknown> {
  const roles = q.select().from(roleGrants).where(eq(roleGrants.memberId, memberId)).all();
  const codes = q.select().from(joinCodes).where(eq(joinCodes.usedBy, memberId)).all();
  const links = q.select().from(accountLinks)
    .where(or(eq(accountLinks.creatorMemberId, memberId), eq(accountLinks.redeemerMemberId, memberId))).all();
  return {
    roles: roles.map((g) => ({ role: g.role, scope: g.scope, since: g.createdAt })),
    join_codes_used: codes.map((c) => ({ role: c.role, scope: c.scope, used_at: c.usedAt })),
    account_links: links.map((l) => {
      const mine = l.creatorMemberId === memberId;
      return { asked_on: mine ? l.creatorPlatform : l.redeemerPlatform, other_platform: mine ? l.redeemerPlatform : l.creatorPlatform, status: l.status, at: l.createdAt, closed_at: l.closedAt };
    }),
  };
}

/** /forgetme: the member's roles go; links still open or waiting are cancelled (their codes die). Returns those links. */
export function forgetAccessRows(q: Q, memberId: number, now: Date): LinkRow[] {
  q.delete(roleGrants).where(eq(roleGrants.memberId, memberId)).run();
  const active = activeLinksOf(q, memberId);
  for (const link of active) updateLink(q, link.id, ['open', 'pending'], { status: 'cancelled', closedAt: now });
  return active;
}

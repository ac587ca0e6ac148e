/** Queries of roles, join codes and account links, on the handle of the unit they run in (core/unit-of-work.ts). */
import { and, asc, eq, gt, inArray, isNull, or } from 'drizzle-orm';
import { first, prepared, type Q } from '../../db/client.js';
import type { accountLinks as accountLinksTable, joinCodes as joinCodesTable, LinkStatus } from '../../db/schema.js';
import { onPostgres, tables } from '../../db/tables.js';
import type { Grant, GrantRole } from '../../core/roles.js';

export type CodeRow = typeof joinCodesTable.$inferSelect;
export type LinkRow = typeof accountLinksTable.$inferSelect;

/** A member's grants; read for every message, so on SQLite a plain statement (its rows are Grants as they are). */
export async function grantsOf(q: Q, memberId: number): Promise<Grant[]> {
  if (!onPostgres(q)) {
    // sqlite: a prepared statement on the connection.
    return prepared(q, 'access.grantsOf', (d) => d.$client.prepare('SELECT role, scope FROM role_grants WHERE member_id = ?')).all(memberId) as Grant[];
  }
  const { roleGrants } = tables(q);
  return await q.select({ role: roleGrants.role, scope: roleGrants.scope }).from(roleGrants).where(eq(roleGrants.memberId, memberId))
    .orderBy(asc(roleGrants.role), asc(roleGrants.scope)); // SQLite's order: it reads them from the (member, role, scope) index
}

/** Adds a grant; false when the member already held it. */
export async function addGrant(q: Q, memberId: number, g: Grant, grantedBy: number | null, now: Date): Promise<boolean> {
  const { roleGrants } = tables(q);
  const added = await q.insert(roleGrants).values({ memberId, ...g, grantedBy, createdAt: now }).onConflictDoNothing().returning({ id: roleGrants.id });
  return added.length === 1;
}

/** Removes a grant; false when the member did not hold it. */
export async function removeGrant(q: Q, memberId: number, g: Grant): Promise<boolean> {
  const { roleGrants } = tables(q);
  const removed = await q.delete(roleGrants)
    .where(and(eq(roleGrants.memberId, memberId), eq(roleGrants.role, g.role), eq(roleGrants.scope, g.scope))).returning({ id: roleGrants.id });
  return removed.length === 1;
}

/** Members holding `role` in `scope`. */
export async function holders(q: Q, role: GrantRole, scope: string): Promise<number[]> {
  const { roleGrants } = tables(q);
  return (await q.select({ m: roleGrants.memberId }).from(roleGrants)
    .where(and(eq(roleGrants.role, role), eq(roleGrants.scope, scope))).orderBy(asc(roleGrants.id))).map((r) => r.m);
}

/**
 * Moves the class-representative grants of `from` to `to` when two accounts are linked. Only
 * those: staff, lead and admin never come from the side that typed the code (the link service
 * refuses such a side; the rest is deleted with the member).
 */
export async function moveRepGrants(q: Q, from: number, to: number): Promise<void> {
  const { roleGrants } = tables(q);
  const reps = await q.select().from(roleGrants).where(and(eq(roleGrants.memberId, from), eq(roleGrants.role, 'rep'))).orderBy(asc(roleGrants.id));
  if (reps.length) {
    await q.insert(roleGrants).values(reps.map((g) => ({ memberId: to, role: g.role, scope: g.scope, grantedBy: g.grantedBy, createdAt: g.createdAt })))
      .onConflictDoNothing();
  }
  await q.delete(roleGrants).where(eq(roleGrants.memberId, from));
}

export async function insertCode(q: Q, row: Omit<CodeRow, 'usedBy' | 'usedAt'>): Promise<void> {
  const { joinCodes } = tables(q);
  await q.insert(joinCodes).values(row);
}

export async function findCode(q: Q, code: string): Promise<CodeRow | undefined> {
  const { joinCodes } = tables(q);
  return first(await q.select().from(joinCodes).where(eq(joinCodes.code, code)).limit(1));
}

/** Marks a code used by `memberId` if it is unused and unexpired; false otherwise (one use only). */
export async function useCode(q: Q, code: string, memberId: number, now: Date): Promise<boolean> {
  const { joinCodes } = tables(q);
  const used = await q.update(joinCodes).set({ usedBy: memberId, usedAt: now })
    .where(and(eq(joinCodes.code, code), isNull(joinCodes.usedBy), gt(joinCodes.expiresAt, now))).returning({ code: joinCodes.code });
  return used.length === 1;
}

export async function insertLink(q: Q, row: typeof accountLinksTable.$inferInsert): Promise<LinkRow> {
  const { accountLinks } = tables(q);
  const [link] = await q.insert(accountLinks).values(row).returning();
  return link!;
}

export async function linkByCode(q: Q, code: string): Promise<LinkRow | undefined> {
  const { accountLinks } = tables(q);
  return first(await q.select().from(accountLinks).where(eq(accountLinks.code, code)).limit(1));
}

export async function linkById(q: Q, id: number): Promise<LinkRow | undefined> {
  const { accountLinks } = tables(q);
  return first(await q.select().from(accountLinks).where(eq(accountLinks.id, id)).limit(1));
}

/** Links of a member (on either side) that are still open or waiting for confirmation. */
export async function activeLinksOf(q: Q, memberId: number): Promise<LinkRow[]> {
  const { accountLinks } = tables(q);
  return await q.select().from(accountLinks).where(and(
    or(eq(accountLinks.creatorMemberId, memberId), eq(accountLinks.redeemerMemberId, memberId)),
    inArray(accountLinks.status, ['open', 'pending']),
  )).orderBy(asc(accountLinks.id));
}

/** Changes a link if it is still in one of the `from` states; false when someone else changed it first. */
export async function updateLink(q: Q, id: number, from: LinkStatus[], values: Partial<Omit<LinkRow, 'id' | 'code'>>): Promise<boolean> {
  const { accountLinks } = tables(q);
  const changed = await q.update(accountLinks).set(values).where(and(eq(accountLinks.id, id), inArray(accountLinks.status, from))).returning({ id: accountLinks.id });
  return changed.length === 1;
}

// ---- the person's own data (/mydata, /forgetme) ----

/** The member's roles, the codes they used and their side of each account link (never the other side's member). */
export async function accessExport(q: Q, memberId: number): Promise<Record<string, unknown>> {
  const { accountLinks, joinCodes, roleGrants } = tables(q);
  const roles = await q.select().from(roleGrants).where(eq(roleGrants.memberId, memberId)).orderBy(asc(roleGrants.id));
  const codes = await q.select().from(joinCodes).where(eq(joinCodes.usedBy, memberId));
  const links = await q.select().from(accountLinks)
    .where(or(eq(accountLinks.creatorMemberId, memberId), eq(accountLinks.redeemerMemberId, memberId))).orderBy(asc(accountLinks.id));
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
export async function forgetAccessRows(q: Q, memberId: number, now: Date): Promise<LinkRow[]> {
  const { roleGrants } = tables(q);
  await q.delete(roleGrants).where(eq(roleGrants.memberId, memberId));
  const active = await activeLinksOf(q, memberId);
  for (const link of active) await updateLink(q, link.id, ['open', 'pending'], { status: 'cancelled', closedAt: now });
  return active;
}

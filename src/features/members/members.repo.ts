import { and, desc, eq, isNotNull, sql } from 'drizzle-orm';
import type { Q } from '../../db/client';
import { identities, members, memberships } from '../../db/schema';
import type { Platform } from '../../core/message';

export type MemberRow = typeof members.$inferSelect;
export type IdentityRow = typeof identities.$inferSelect;

export function findIdentity(q: Q, platform: Platform, platformUserId: string): IdentityRow | undefined {
  return q.select().from(identities)
    .where(and(eq(identities.platform, platform), eq(identities.platformUserId, platformUserId))).get();
}

export function getMember(q: Q, id: number): MemberRow | undefined {
  return q.select().from(members).where(eq(members.id, id)).get();
}

export function insertMember(q: Q, values: { name: string; platformLocale: string | null; building?: string | null }, now: Date): MemberRow {
  return q.insert(members).values({ ...values, createdAt: now }).returning().get();
}

export function updateMember(q: Q, id: number, values: Partial<Pick<MemberRow, 'name' | 'locale' | 'platformLocale' | 'building'>>): void {
  q.update(members).set(values).where(eq(members.id, id)).run();
}

export interface IdentityInput {
  platform: Platform;
  platformUserId: string;
  username: string | null;
  displayName: string;
  privateChatId: string | null;
}

export function insertIdentity(q: Q, memberId: number, v: IdentityInput, now: Date): IdentityRow {
  return q.insert(identities).values({ ...v, memberId, createdAt: now, lastSeenAt: now }).returning().get();
}

/** Refreshes what the platform tells us each time the person writes. */
export function touchIdentity(q: Q, id: number, v: Omit<IdentityInput, 'platform' | 'platformUserId'>, now: Date): void {
  const set = { username: v.username, displayName: v.displayName, lastSeenAt: now };
  q.update(identities).set(v.privateChatId ? { ...set, privateChatId: v.privateChatId, reachable: true } : set)
    .where(eq(identities.id, id)).run();
}

export function identitiesOf(q: Q, memberId: number): IdentityRow[] {
  return q.select().from(identities).where(eq(identities.memberId, memberId)).orderBy(desc(identities.lastSeenAt)).all();
}

/** Identities that can be written to privately, most recently seen first. */
export function reachableIdentities(q: Q, memberId: number): IdentityRow[] {
  return q.select().from(identities)
    .where(and(eq(identities.memberId, memberId), eq(identities.reachable, true), isNotNull(identities.privateChatId)))
    .orderBy(desc(identities.lastSeenAt)).all();
}

export function setReachable(q: Q, identityId: number, reachable: boolean): void {
  q.update(identities).set({ reachable }).where(eq(identities.id, identityId)).run();
}

/** Members having an identity with this username (case-insensitive). */
export function membersByUsername(q: Q, username: string): number[] {
  const rows = q.selectDistinct({ memberId: identities.memberId }).from(identities)
    .where(sql`lower(${identities.username}) = lower(${username})`).all();
  return rows.map((r) => r.memberId);
}

export function addMembership(q: Q, memberId: number, groupKey: string): void {
  q.insert(memberships).values({ memberId, groupKey }).onConflictDoNothing().run();
}

export function groupsOf(q: Q, memberId: number): string[] {
  return q.select().from(memberships).where(eq(memberships.memberId, memberId)).all().map((r) => r.groupKey);
}

/** Moves identities and memberships of `from` to `to`, then deletes `from`. Part of a link. */
export function mergeMemberRows(q: Q, from: number, to: number): void {
  q.update(identities).set({ memberId: to }).where(eq(identities.memberId, from)).run();
  q.run(sql`INSERT OR IGNORE INTO memberships (member_id, group_key) SELECT ${to}, group_key FROM memberships WHERE member_id = ${from}`);
  q.delete(members).where(eq(members.id, from)).run();
}

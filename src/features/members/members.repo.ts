import { and, desc, eq, isNotNull, sql } from 'drizzle-orm';
import { prepared, type Db, type Q } from '../../db/client';
import { identities, members, memberships } from '../../db/schema';
import type { Platform } from '../../core/message';

export type MemberRow = typeof members.$inferSelect;
export type IdentityRow = typeof identities.$inferSelect;

const ph = sql.placeholder;

export function findIdentity(db: Db, platform: Platform, platformUserId: string): IdentityRow | undefined {
  return prepared(db, 'members.findIdentity', (d) => d.select().from(identities)
    .where(and(eq(identities.platform, ph('platform')), eq(identities.platformUserId, ph('uid')))).prepare())
    .get({ platform, uid: platformUserId });
}

export function getMember(db: Db, id: number): MemberRow | undefined {
  return prepared(db, 'members.get', (d) => d.select().from(members).where(eq(members.id, ph('id'))).prepare()).get({ id });
}

export function insertMember(q: Q, values: { name: string; platformLocale: string | null; building?: string | null }, now: Date): MemberRow {
  return q.insert(members).values({ ...values, createdAt: now }).returning().get();
}

export function updateMember(q: Q, id: number, values: Partial<Pick<MemberRow, 'name' | 'locale' | 'platformLocale' | 'building'>>): void {
  q.update(members).set(values).where(eq(members.id, id)).run();
}

/** The two writes a message may cause (a /lang choice, a platform reporting another language). */
export function setLocales(db: Db, id: number, column: 'locale' | 'platformLocale', value: string | null): void {
  prepared(db, `members.set.${column}`, (d) => d.update(members).set({ [column]: sql`${ph('value')}` }).where(eq(members.id, ph('id'))).prepare())
    .run({ id, value });
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

/** Refreshes what the platform tells us when the person writes. */
export function touchIdentity(db: Db, id: number, v: Omit<IdentityInput, 'platform' | 'platformUserId'>, now: Date): void {
  prepared(db, 'members.touchIdentity', (d) => d.update(identities).set({
    username: sql`${ph('username')}`, displayName: sql`${ph('displayName')}`, lastSeenAt: sql`${ph('now')}`,
    privateChatId: sql`coalesce(${ph('privateChatId')}, ${identities.privateChatId})`,
    reachable: sql`CASE WHEN ${ph('privateChatId')} IS NULL THEN ${identities.reachable} ELSE 1 END`,
  }).where(eq(identities.id, ph('id'))).prepare())
    .run({ id, username: v.username, displayName: v.displayName, now: now.getTime(), privateChatId: v.privateChatId });
}

export function identitiesOf(db: Db, memberId: number): IdentityRow[] {
  return prepared(db, 'members.identitiesOf', (d) => d.select().from(identities)
    .where(eq(identities.memberId, ph('memberId'))).orderBy(desc(identities.lastSeenAt)).prepare()).all({ memberId });
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

export function addMembership(db: Db, memberId: number, groupKey: string): void {
  prepared(db, 'members.addMembership', (d) => d.insert(memberships)
    .values({ memberId: sql`${ph('memberId')}`, groupKey: sql`${ph('groupKey')}` }).onConflictDoNothing().prepare())
    .run({ memberId, groupKey });
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

/** Queries of who a survey is for: an audience's members, whether they can be reached, their groups and names. */
import { and, asc, eq, inArray, isNotNull, isNull, notInArray, sql } from 'drizzle-orm';
import type { Q } from '../../db/client.js';
import { tables } from '../../db/tables.js';
import type { Audience } from './surveys.schema.js';

/** Member ids of an audience. `adminIds`: members who are admins by config (they are not students). */
export async function audienceMembers(q: Q, audience: Audience, adminIds: number[]): Promise<number[]> {
  const { members, memberships, roleGrants } = tables(q);
  const ids = (rows: { id: number }[]) => rows.map((r) => r.id);
  const granted = (roles: string[]) => q.selectDistinct({ id: roleGrants.memberId }).from(roleGrants).where(inArray(roleGrants.role, roles as never[]));
  switch (audience.kind) {
    // An erased member (/forgetme) is nobody's audience: the other kinds cannot match one (no building, groups or roles).
    case 'all': return ids(await q.select({ id: members.id }).from(members).where(isNull(members.erasedAt)).orderBy(asc(members.id)));
    case 'students': return ids(await q.select({ id: members.id }).from(members)
      .where(and(isNull(members.erasedAt), notInArray(members.id, granted(['staff', 'lead', 'admin'])), notInArray(members.id, adminIds))).orderBy(asc(members.id)));
    case 'building': return ids(await q.select({ id: members.id }).from(members).where(eq(members.building, audience.value)).orderBy(asc(members.id)));
    case 'group': return ids(await q.select({ id: memberships.memberId }).from(memberships).where(eq(memberships.groupKey, audience.value)).orderBy(asc(memberships.memberId)));
    case 'role': {
      const roles = audience.value === 'staff' ? ['staff', 'lead'] : [audience.value];
      const extra = audience.value === 'admin' ? adminIds : [];
      return [...new Set([...ids(await granted(roles)), ...extra])].sort((a, b) => a - b);
    }
  }
}

/** How many of these members have no private chat the bot may write to (as the outbox will find). */
export async function unreachableAmong(q: Q, memberIds: number[]): Promise<number> {
  if (!memberIds.length) return 0;
  const { identities } = tables(q);
  const reachable = await q.selectDistinct({ id: identities.memberId }).from(identities)
    .where(and(inArray(identities.memberId, memberIds), eq(identities.reachable, true), isNotNull(identities.privateChatId)));
  return memberIds.length - reachable.length;
}

/** Members owning one of these platform identities ("telegram:123"), e.g. the admins of the config. */
export async function membersWithIdentities(q: Q, keys: readonly string[]): Promise<number[]> {
  if (!keys.length) return [];
  const { identities } = tables(q);
  return (await q.selectDistinct({ id: identities.memberId }).from(identities)
    .where(inArray(sql`${identities.platform} || ':' || ${identities.platformUserId}`, keys as string[]))).map((r) => r.id);
}

/** Class groups of members (for the "start the bot" announcement to those we cannot reach). */
export async function groupsOfMembers(q: Q, memberIds: number[]): Promise<string[]> {
  if (!memberIds.length) return [];
  const { memberships } = tables(q);
  return (await q.selectDistinct({ key: memberships.groupKey }).from(memberships).where(inArray(memberships.memberId, memberIds))
    .orderBy(asc(memberships.groupKey))).map((r) => r.key);
}

/** The names of these members, by id (a named run's export). */
export async function memberNames(q: Q, memberIds: number[]): Promise<Map<number, string>> {
  if (!memberIds.length) return new Map();
  const { members } = tables(q);
  const rows = await q.select({ id: members.id, name: members.name }).from(members).where(inArray(members.id, [...new Set(memberIds)]));
  return new Map(rows.map((r) => [r.id, r.name]));
}

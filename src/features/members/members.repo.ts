/**
 * Queries of members and their platform identities, on the handle of the unit they run in
 * (core/unit-of-work.ts). The reads and writes every message makes (who sent it, a new last-seen
 * day, a language) are prepared SQLite statements on SQLite (`// sqlite:`), builder calls on PostgreSQL.
 */
import { and, asc, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { first, prepared, type Q } from '../../db/client.js';
import type { identities as identitiesTable, members as membersTable } from '../../db/schema.js';
import { onPostgres, tables } from '../../db/tables.js';
import type { Platform } from '../../core/message.js';
import { dayOf } from '../../core/time.js';

export type MemberRow = typeof membersTable.$inferSelect;
export type IdentityRow = typeof identitiesTable.$inferSelect;

const ph = sql.placeholder;

// Every message reads who sent it: on SQLite these run as plain statements returning arrays,
// mapped here by hand (drizzle's row mapping cost more than the query). Columns in schema order;
// members.repo.test.ts checks that they read what drizzle reads.
const IDENTITY = 'SELECT id, member_id, platform, platform_user_id, username, display_name, private_chat_id, reachable, created_at, last_seen_at FROM identities';
const MEMBER = 'SELECT id, name, locale, platform_locale, building, created_at, erased_at FROM members';

function toIdentity(r: unknown[]): IdentityRow {
  return {
    id: r[0] as number, memberId: r[1] as number, platform: r[2] as Platform, platformUserId: r[3] as string,
    username: r[4] as string | null, displayName: r[5] as string, privateChatId: r[6] as string | null,
    reachable: r[7] === 1, createdAt: new Date(r[8] as number), lastSeenAt: new Date(r[9] as number),
  };
}

function toMember(r: unknown[]): MemberRow {
  return {
    id: r[0] as number, name: r[1] as string, locale: r[2] as MemberRow['locale'], platformLocale: r[3] as string | null,
    building: r[4] as string | null, createdAt: new Date(r[5] as number), erasedAt: r[6] === null ? null : new Date(r[6] as number),
  };
}

export async function findIdentity(q: Q, platform: Platform, platformUserId: string): Promise<IdentityRow | undefined> {
  if (!onPostgres(q)) {
    // sqlite: a prepared statement on the connection, rows as arrays.
    const row = prepared(q, 'members.findIdentity', (d) => d.$client.prepare(`${IDENTITY} WHERE platform = ? AND platform_user_id = ?`).raw())
      .get(platform, platformUserId) as unknown[] | undefined;
    return row && toIdentity(row);
  }
  const { identities } = tables(q);
  return first(await q.select().from(identities).where(and(eq(identities.platform, platform), eq(identities.platformUserId, platformUserId))).limit(1));
}

/** The sender's identity with its member, in one statement (every message asks for both). */
export async function findSender(q: Q, platform: Platform, platformUserId: string): Promise<{ identity: IdentityRow; member: MemberRow } | undefined> {
  if (!onPostgres(q)) {
    // sqlite: a prepared statement on the connection, rows as arrays.
    const row = prepared(q, 'members.findSender', (d) => d.$client.prepare(`SELECT i.id, i.member_id, i.platform, i.platform_user_id, i.username,
      i.display_name, i.private_chat_id, i.reachable, i.created_at, i.last_seen_at, m.id, m.name, m.locale, m.platform_locale, m.building, m.created_at, m.erased_at
      FROM identities i JOIN members m ON m.id = i.member_id WHERE i.platform = ? AND i.platform_user_id = ?`).raw())
      .get(platform, platformUserId) as unknown[] | undefined;
    return row && { identity: toIdentity(row), member: toMember(row.slice(10)) };
  }
  const { identities, members } = tables(q);
  return first(await q.select({ identity: identities, member: members }).from(identities).innerJoin(members, eq(members.id, identities.memberId))
    .where(and(eq(identities.platform, platform), eq(identities.platformUserId, platformUserId))).limit(1));
}

export async function getMember(q: Q, id: number): Promise<MemberRow | undefined> {
  if (!onPostgres(q)) {
    // sqlite: a prepared statement on the connection, rows as arrays.
    const row = prepared(q, 'members.get', (d) => d.$client.prepare(`${MEMBER} WHERE id = ?`).raw()).get(id) as unknown[] | undefined;
    return row && toMember(row);
  }
  const { members } = tables(q);
  return first(await q.select().from(members).where(eq(members.id, id)).limit(1));
}

// Members and identities keep days, not moments (created, last seen): see `dayOf`.

export async function insertMember(q: Q, values: { name: string; platformLocale: string | null; building?: string | null }, now: Date): Promise<MemberRow> {
  const { members } = tables(q);
  const [row] = await q.insert(members).values({ ...values, createdAt: dayOf(now) }).returning();
  return row!;
}

export async function updateMember(q: Q, id: number, values: Partial<Pick<MemberRow, 'name' | 'locale' | 'platformLocale' | 'building'>>): Promise<void> {
  const { members } = tables(q);
  await q.update(members).set(values).where(eq(members.id, id));
}

/** The two writes a message may cause (a /lang choice, a platform reporting another language). */
export async function setLocales(q: Q, id: number, column: 'locale' | 'platformLocale', value: string | null): Promise<void> {
  if (!onPostgres(q)) {
    // sqlite: a prepared statement on the connection.
    const sqlColumn = column === 'locale' ? 'locale' : 'platform_locale';
    prepared(q, `members.set.${column}`, (d) => d.$client.prepare(`UPDATE members SET ${sqlColumn} = ? WHERE id = ?`)).run(value, id);
    return;
  }
  const { members } = tables(q);
  await q.update(members).set(column === 'locale' ? { locale: value as MemberRow['locale'] } : { platformLocale: value }).where(eq(members.id, id));
}

export interface IdentityInput {
  platform: Platform;
  platformUserId: string;
  username: string | null;
  displayName: string;
  privateChatId: string | null;
}

export async function insertIdentity(q: Q, memberId: number, v: IdentityInput, now: Date): Promise<IdentityRow> {
  const { identities } = tables(q);
  const [row] = await q.insert(identities).values({ ...v, memberId, createdAt: dayOf(now), lastSeenAt: dayOf(now) }).returning();
  return row!;
}

/**
 * Refreshes what the platform tells us when the person writes; last seen becomes `now`'s day. A
 * private chat reported makes the identity reachable again; none reported keeps the one known.
 */
export async function touchIdentity(q: Q, id: number, v: Omit<IdentityInput, 'platform' | 'platformUserId'>, now: Date): Promise<void> {
  const { identities } = tables(q);
  if (!onPostgres(q)) {
    // sqlite: drizzle's prepared statement on the connection, run synchronously.
    prepared(q, 'members.touchIdentity', (d) => d.update(identities).set({
      username: sql`${ph('username')}`, displayName: sql`${ph('displayName')}`, lastSeenAt: sql`${ph('now')}`,
      privateChatId: sql`coalesce(${ph('privateChatId')}, ${identities.privateChatId})`,
      reachable: sql`CASE WHEN ${ph('privateChatId')} IS NULL THEN ${identities.reachable} ELSE 1 END`,
    }).where(eq(identities.id, ph('id'))).prepare())
      .run({ id, username: v.username, displayName: v.displayName, now: dayOf(now).getTime(), privateChatId: v.privateChatId });
    return;
  }
  const chat = v.privateChatId === null ? {} : { privateChatId: v.privateChatId, reachable: true };
  await q.update(identities).set({ username: v.username, displayName: v.displayName, lastSeenAt: dayOf(now), ...chat }).where(eq(identities.id, id));
}

/** "platform:user id" of each identity of a member (as config lists admins). */
export async function identityKeys(q: Q, memberId: number): Promise<string[]> {
  if (!onPostgres(q)) {
    // sqlite: a prepared statement on the connection (every message asks whether the sender is an admin by config).
    return prepared(q, 'members.identityKeys', (d) => d.$client.prepare(`SELECT platform || ':' || platform_user_id FROM identities WHERE member_id = ?`).pluck())
      .all(memberId) as string[];
  }
  const { identities } = tables(q);
  const rows = await q.select({ platform: identities.platform, userId: identities.platformUserId }).from(identities).where(eq(identities.memberId, memberId));
  return rows.map((r) => `${r.platform}:${r.userId}`);
}

export async function identitiesOf(q: Q, memberId: number): Promise<IdentityRow[]> {
  if (!onPostgres(q)) {
    // sqlite: a prepared statement on the connection, rows as arrays.
    const rows = prepared(q, 'members.identitiesOf', (d) => d.$client.prepare(`${IDENTITY} WHERE member_id = ? ORDER BY last_seen_at DESC, id DESC`).raw())
      .all(memberId) as unknown[][];
    return rows.map(toIdentity);
  }
  const { identities } = tables(q);
  return await q.select().from(identities).where(eq(identities.memberId, memberId)).orderBy(desc(identities.lastSeenAt), desc(identities.id));
}

/** Identities that can be written to privately, most recently seen first. */
export async function reachableIdentities(q: Q, memberId: number): Promise<IdentityRow[]> {
  if (!onPostgres(q)) {
    // sqlite: a prepared statement on the connection; asked once per recipient of every notification and survey invitation (5,000 in a row).
    const rows = prepared(q, 'members.reachable', (d) => d.$client.prepare(`${IDENTITY}
      WHERE member_id = ? AND reachable = 1 AND private_chat_id IS NOT NULL ORDER BY last_seen_at DESC, id DESC`).raw()).all(memberId) as unknown[][];
    return rows.map(toIdentity);
  }
  const { identities } = tables(q);
  return await q.select().from(identities)
    .where(and(eq(identities.memberId, memberId), eq(identities.reachable, true), isNotNull(identities.privateChatId)))
    .orderBy(desc(identities.lastSeenAt), desc(identities.id));
}

export async function setReachable(q: Q, identityId: number, reachable: boolean): Promise<void> {
  const { identities } = tables(q);
  await q.update(identities).set({ reachable }).where(eq(identities.id, identityId));
}

/** Members having an identity with this username (case-insensitive). */
export async function membersByUsername(q: Q, username: string): Promise<number[]> {
  const { identities } = tables(q);
  const rows = await q.selectDistinct({ memberId: identities.memberId }).from(identities)
    .where(sql`lower(${identities.username}) = lower(${username})`);
  return rows.map((r) => r.memberId);
}

export async function addMembership(q: Q, memberId: number, groupKey: string): Promise<void> {
  const { memberships } = tables(q);
  if (!onPostgres(q)) {
    // sqlite: drizzle's prepared statement on the connection, run synchronously (every message in a class group).
    prepared(q, 'members.addMembership', (d) => d.insert(memberships)
      .values({ memberId: sql`${ph('memberId')}`, groupKey: sql`${ph('groupKey')}` }).onConflictDoNothing().prepare())
      .run({ memberId, groupKey });
    return;
  }
  await q.insert(memberships).values({ memberId, groupKey }).onConflictDoNothing();
}

/**
 * Moves identities, memberships, asked steps and a dialogue in progress of `from` to `to` (the dialogue only when
 * `to` has none), fills in a language choice or building `to` lacks, then deletes `from`. The last
 * step of a link, after every feature moved its own rows.
 */
export async function mergeMemberRows(q: Q, from: number, to: number): Promise<void> {
  const { conversations, identities, members, memberships, outbox, steps } = tables(q);
  await q.update(identities).set({ memberId: to }).where(eq(identities.memberId, from));
  await q.update(outbox).set({ memberId: to }).where(eq(outbox.memberId, from)); // what is owed to them follows
  const groups = await q.select({ groupKey: memberships.groupKey }).from(memberships).where(eq(memberships.memberId, from));
  if (groups.length) await q.insert(memberships).values(groups.map((g) => ({ memberId: to, groupKey: g.groupKey }))).onConflictDoNothing();
  const hasDialogue = (await q.select({ id: conversations.memberId }).from(conversations).where(eq(conversations.memberId, to))).length > 0;
  if (!hasDialogue) await q.update(conversations).set({ memberId: to }).where(eq(conversations.memberId, from));
  await q.update(steps).set({ memberId: to }).where(eq(steps.memberId, from));
  const both = await q.select().from(members).where(inArray(members.id, [from, to]));
  const [old, kept] = [both.find((m) => m.id === from), both.find((m) => m.id === to)];
  if (old && kept) await q.update(members).set({ locale: kept.locale ?? old.locale, building: kept.building ?? old.building }).where(eq(members.id, to));
  await q.delete(members).where(eq(members.id, from));
}

// ---- the person's own data (/mydata, /forgetme) ----

/** What is stored about the member itself: the row, accounts, groups, a dialogue in progress and the questions with buttons put to them (steps). */
export async function memberExport(q: Q, memberId: number): Promise<Record<string, unknown>> {
  const { conversations, identities, members, memberships, steps } = tables(q);
  const m = first(await q.select().from(members).where(eq(members.id, memberId)).limit(1));
  const accounts = await q.select().from(identities).where(eq(identities.memberId, memberId)).orderBy(asc(identities.id));
  const groups = await q.select({ key: memberships.groupKey }).from(memberships).where(eq(memberships.memberId, memberId)).orderBy(asc(memberships.groupKey));
  const dialogue = first(await q.select().from(conversations).where(eq(conversations.memberId, memberId)).limit(1));
  const asked = await q.select().from(steps).where(eq(steps.memberId, memberId)).orderBy(asc(steps.id));
  return {
    member: m && { number: m.id, name: m.name, language: m.locale, platform_language: m.platformLocale, building: m.building, first_seen_day: m.createdAt },
    accounts: accounts.map((i) => ({
      platform: i.platform, platform_user_id: i.platformUserId, username: i.username, display_name: i.displayName,
      private_chat_id: i.privateChatId, reachable: i.reachable, first_seen_day: i.createdAt, last_seen_day: i.lastSeenAt,
    })),
    groups: groups.map((g) => g.key),
    dialogue_in_progress: dialogue ? { feature: dialogue.feature, step: dialogue.name, data: dialogue.data, day: dialogue.updatedAt } : null,
    questions_asked: asked.map((a) => ({ feature: a.feature, open: a.open, outcome: a.outcome, day: a.updatedAt })),
  };
}

/**
 * Erases the person from the member row (name, languages, building; the row stays as the
 * nameless reporter of anonymous statistics, marked erased on `now`'s day), and deletes their
 * accounts, groups, dialogue and steps. Returns the private chats the accounts had, for their rows to go too.
 */
export async function eraseMemberRows(q: Q, memberId: number, now: Date): Promise<{ platform: Platform; chatId: string }[]> {
  const { conversations, identities, members, memberships, steps } = tables(q);
  const chats = await q.select({ platform: identities.platform, chatId: identities.privateChatId }).from(identities).where(eq(identities.memberId, memberId));
  await q.delete(conversations).where(eq(conversations.memberId, memberId));
  await q.delete(steps).where(eq(steps.memberId, memberId));
  await q.delete(memberships).where(eq(memberships.memberId, memberId));
  await q.delete(identities).where(eq(identities.memberId, memberId));
  await q.update(members).set({ name: '', locale: null, platformLocale: null, building: null, erasedAt: dayOf(now) }).where(eq(members.id, memberId));
  return chats.flatMap((c) => (c.chatId ? [{ platform: c.platform, chatId: c.chatId }] : []));
}

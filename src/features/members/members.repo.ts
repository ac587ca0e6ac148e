import { eq, sql } from 'drizzle-orm';
import { prepared, type Db, type Q } from '../../db/client.js';
import { conversations, identities, members, memberships, outbox, steps } from '../../db/schema.js';
import type { Platform } from '../../core/message.js';
import { dayOf } from '../../core/time.js';

export type MemberRow = typeof members.$inferSelect;
export type IdentityRow = typeof identities.$inferSelect;

const ph = sql.placeholder;

// Every message reads who sent it: these two run as plain SQLite statements returning arrays,
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

export function findIdentity(db: Db, platform: Platform, platformUserId: string): IdentityRow | undefined {
  const row = prepared(db, 'members.findIdentity', (d) => d.$client.prepare(`${IDENTITY} WHERE platform = ? AND platform_user_id = ?`).raw())
    .get(platform, platformUserId) as unknown[] | undefined;
  return row && toIdentity(row);
}

/** The sender's identity with its member, in one statement (every message asks for both). */
export function findSender(db: Db, platform: Platform, platformUserId: string): { identity: IdentityRow; member: MemberRow } | undefined {
  const row = prepared(db, 'members.findSender', (d) => d.$client.prepare(`SELECT i.id, i.member_id, i.platform, i.platform_user_id, i.username,
    i.display_name, i.private_chat_id, i.reachable, i.created_at, i.last_seen_at, m.id, m.name, m.locale, m.platform_locale, m.building, m.created_at, m.erased_at
    FROM identities i JOIN members m ON m.id = i.member_id WHERE i.platform = ? AND i.platform_user_id = ?`).raw())
    .get(platform, platformUserId) as unknown[] | undefined;
  return row && { identity: toIdentity(row), member: toMember(row.slice(10)) };
}

export function getMember(db: Db, id: number): MemberRow | undefined {
  const row = prepared(db, 'members.get', (d) => d.$client.prepare(`${MEMBER} WHERE id = ?`).raw()).get(id) as unknown[] | undefined;
  return row && toMember(row);
}

// Members and identities keep days, not moments (created, last seen): see `dayOf`.

export function insertMember(q: Q, values: { name: string; platformLocale: string | null; building?: string | null }, now: Date): MemberRow {
  return q.insert(members).values({ ...values, createdAt: dayOf(now) }).returning().get();
}

export function updateMember(q: Q, id: number, values: Partial<Pick<MemberRow, 'name' | 'locale' | 'platformLocale' | 'building'>>): void {
  q.update(members).set(values).where(eq(members.id, id)).run();
}

/** The two writes a message may cause (a /lang choice, a platform reporting another language). */
export function setLocales(db: Db, id: number, column: 'locale' | 'platformLocale', value: string | null): void {
  const sqlColumn = column === 'locale' ? 'locale' : 'platform_locale';
  prepared(db, `members.set.${column}`, (d) => d.$client.prepare(`UPDATE members SET ${sqlColumn} = ? WHERE id = ?`)).run(value, id);
}

export interface IdentityInput {
  platform: Platform;
  platformUserId: string;
  username: string | null;
  displayName: string;
  privateChatId: string | null;
}

export function insertIdentity(q: Q, memberId: number, v: IdentityInput, now: Date): IdentityRow {
  return q.insert(identities).values({ ...v, memberId, createdAt: dayOf(now), lastSeenAt: dayOf(now) }).returning().get();
}

/** Refreshes what the platform tells us when the person writes; last seen becomes `now`'s day. */
export function touchIdentity(db: Db, id: number, v: Omit<IdentityInput, 'platform' | 'platformUserId'>, now: Date): void {
  prepared(db, 'members.touchIdentity', (d) => d.update(identities).set({
    username: sql`${ph('username')}`, displayName: sql`${ph('displayName')}`, lastSeenAt: sql`${ph('now')}`,
    privateChatId: sql`coalesce(${ph('privateChatId')}, ${identities.privateChatId})`,
    reachable: sql`CASE WHEN ${ph('privateChatId')} IS NULL THEN ${identities.reachable} ELSE 1 END`,
  }).where(eq(identities.id, ph('id'))).prepare())
    .run({ id, username: v.username, displayName: v.displayName, now: dayOf(now).getTime(), privateChatId: v.privateChatId });
}

/** "platform:user id" of each identity of a member (as config lists admins). */
export function identityKeys(db: Db, memberId: number): string[] {
  return prepared(db, 'members.identityKeys', (d) => d.$client.prepare(`SELECT platform || ':' || platform_user_id FROM identities WHERE member_id = ?`).pluck())
    .all(memberId) as string[];
}

export function identitiesOf(db: Db, memberId: number): IdentityRow[] {
  const rows = prepared(db, 'members.identitiesOf', (d) => d.$client.prepare(`${IDENTITY} WHERE member_id = ? ORDER BY last_seen_at DESC, id DESC`).raw())
    .all(memberId) as unknown[][];
  return rows.map(toIdentity);
}

/** Identities that can be written to privately, most recently seen first. */
export function reachableIdentities(db: Db, memberId: number): IdentityRow[] {
  // Asked once per recipient of every notification and survey invitation (5,000 in a row).
  const rows = prepared(db, 'members.reachable', (d) => d.$client.prepare(`${IDENTITY}
    WHERE member_id = ? AND reachable = 1 AND private_chat_id IS NOT NULL ORDER BY last_seen_at DESC, id DESC`).raw()).all(memberId) as unknown[][];
  return rows.map(toIdentity);
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


/**
 * Moves identities, memberships, asked steps and a dialogue in progress of `from` to `to` (the dialogue only when
 * `to` has none), fills in a language choice or building `to` lacks, then deletes `from`. The last
 * step of a link, after every feature moved its own rows.
 */
export function mergeMemberRows(q: Q, from: number, to: number): void {
  q.update(identities).set({ memberId: to }).where(eq(identities.memberId, from)).run();
  q.update(outbox).set({ memberId: to }).where(eq(outbox.memberId, from)).run(); // what is owed to them follows
  q.run(sql`INSERT OR IGNORE INTO memberships (member_id, group_key) SELECT ${to}, group_key FROM memberships WHERE member_id = ${from}`);
  q.run(sql`UPDATE OR IGNORE conversations SET member_id = ${to} WHERE member_id = ${from}`);
  q.run(sql`UPDATE steps SET member_id = ${to} WHERE member_id = ${from}`);
  q.run(sql`UPDATE members SET locale = coalesce(locale, (SELECT locale FROM members WHERE id = ${from})),
            building = coalesce(building, (SELECT building FROM members WHERE id = ${from})) WHERE id = ${to}`);
  q.delete(members).where(eq(members.id, from)).run();
}

// ---- the person's own data (/mydata, /forgetme) ----

/** What is stored about the member itself: the row, accounts, groups, a dialogue in progress and the questions with buttons put to them (steps). */
export function memberExport(q: Q, memberId: number): Record<string, unknown> {
  const m = q.select().from(members).where(eq(members.id, memberId)).get();
  const accounts = q.select().from(identities).where(eq(identities.memberId, memberId)).all();
  const groups = q.select({ key: memberships.groupKey }).from(memberships).where(eq(memberships.memberId, memberId)).all();
  const dialogue = q.select().from(conversations).where(eq(conversations.memberId, memberId)).get();
  const asked = q.select().from(steps).where(eq(steps.memberId, memberId)).all();
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
export function eraseMemberRows(q: Q, memberId: number, now: Date): { platform: Platform; chatId: string }[] {
  const chats = q.select({ platform: identities.platform, chatId: identities.privateChatId }).from(identities).where(eq(identities.memberId, memberId)).all();
  q.delete(conversations).where(eq(conversations.memberId, memberId)).run();
  q.delete(steps).where(eq(steps.memberId, memberId)).run();
  q.delete(memberships).where(eq(memberships.memberId, memberId)).run();
  q.delete(identities).where(eq(identities.memberId, memberId)).run();
  q.update(members).set({ name: '', locale: null, platformLocale: null, building: null, erasedAt: dayOf(now) }).where(eq(members.id, memberId)).run();
  return chats.flatMap((c) => (c.chatId ? [{ platform: c.platform, chatId: c.chatId }] : []));
}

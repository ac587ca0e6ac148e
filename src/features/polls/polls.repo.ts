/**
 * Queries of class polls; synchronous, on the one connection (so inside the caller's transaction).
 * The statements a vote runs are prepared once: a burst of votes runs them hundreds of times.
 */
import { and, asc, desc, eq, gte, inArray, or, sql } from 'drizzle-orm';
import { prepared, type Db, type Q } from '../../db/client.js';
import { chats, members, memberships, pollBallots, pollMessages, polls, pollVoters } from '../../db/schema.js';
import type { SentRef } from '../../core/message.js';

export type PollRow = typeof polls.$inferSelect;
export type NewPoll = Omit<typeof polls.$inferInsert, 'id' | 'status'>;

export function insertPoll(q: Q, v: NewPoll): PollRow {
  return q.insert(polls).values(v).returning().get();
}

export function getPoll(db: Db, id: number): PollRow | undefined {
  return prepared(db, 'polls.get', (d) => d.select().from(polls).where(eq(polls.id, sql.placeholder('id'))).prepare()).get({ id });
}

export function addPollMessage(q: Q, pollId: number, ref: SentRef): void {
  q.insert(pollMessages).values({ pollId, platform: ref.platform, chatId: ref.chatId, messageId: ref.messageId })
    .onConflictDoUpdate({ target: [pollMessages.pollId, pollMessages.platform, pollMessages.chatId], set: { messageId: ref.messageId } }).run();
}

export function pollMessagesOf(q: Q, pollId: number): SentRef[] {
  return q.select().from(pollMessages).where(eq(pollMessages.pollId, pollId)).all()
    .map((r) => ({ platform: r.platform, chatId: r.chatId, messageId: r.messageId }));
}

// ---- ballots and voters (every vote) ----

export function ballotOf(db: Db, pollId: number, token: string): number | undefined {
  const r = prepared(db, 'polls.ballot', (d) => d.$client.prepare('SELECT choices FROM poll_ballots WHERE poll_id = ? AND token = ?'))
    .get(pollId, token) as { choices: number } | undefined;
  return r?.choices;
}

/** Sets a voter's choices (0 takes the vote back) and the "has voted" mark with it. */
export function saveBallot(db: Db, pollId: number, token: string, memberId: number, named: boolean, choices: number): void {
  if (choices === 0) {
    prepared(db, 'polls.dropBallot', (d) => d.$client.prepare('DELETE FROM poll_ballots WHERE poll_id = ? AND token = ?')).run(pollId, token);
    prepared(db, 'polls.dropVoter', (d) => d.$client.prepare('DELETE FROM poll_voters WHERE poll_id = ? AND member_id = ?')).run(pollId, memberId);
    return;
  }
  prepared(db, 'polls.putBallot', (d) => d.$client.prepare(`INSERT INTO poll_ballots (poll_id, token, member_id, choices) VALUES (?, ?, ?, ?)
    ON CONFLICT (poll_id, token) DO UPDATE SET choices = excluded.choices`)).run(pollId, token, named ? memberId : null, choices);
  prepared(db, 'polls.putVoter', (d) => d.$client.prepare('INSERT OR IGNORE INTO poll_voters (poll_id, member_id) VALUES (?, ?)')).run(pollId, memberId);
}

/** Marks a live edit due at `at` unless one is pending already; true when this call marked it. */
export function markEditDue(db: Db, pollId: number, at: Date): boolean {
  return prepared(db, 'polls.markEdit', (d) => d.$client.prepare('UPDATE polls SET edit_due_at = ? WHERE id = ? AND edit_due_at IS NULL'))
    .run(at.getTime(), pollId).changes === 1;
}

export function editDone(q: Q, pollId: number, now: Date): void {
  q.update(polls).set({ editDueAt: null, editedAt: now }).where(eq(polls.id, pollId)).run();
}

/** Every ballot's choices, in token order (no order of arrival). */
export function choicesOf(q: Q, pollId: number): number[] {
  return q.select({ c: pollBallots.choices }).from(pollBallots).where(eq(pollBallots.pollId, pollId)).orderBy(asc(pollBallots.token)).all().map((r) => r.c);
}

export function voterIds(q: Q, pollId: number): number[] {
  return q.select({ id: pollVoters.memberId }).from(pollVoters).where(eq(pollVoters.pollId, pollId)).orderBy(asc(pollVoters.memberId)).all().map((r) => r.id);
}

/** Named polls only: each voter's name and choices, by name. */
export function namedBallots(q: Q, pollId: number): { memberId: number; name: string; choices: number }[] {
  return q.select({ memberId: members.id, name: members.name, choices: pollBallots.choices }).from(pollBallots)
    .innerJoin(members, eq(members.id, pollBallots.memberId)).where(eq(pollBallots.pollId, pollId))
    .orderBy(asc(members.name), asc(members.id)).all();
}

/** The class roster: everyone the bot has seen in the group or who is declared/bound to the class. */
export function rosterOf(q: Q, groupKey: string): { id: number; name: string }[] {
  return q.select({ id: members.id, name: members.name }).from(memberships).innerJoin(members, eq(members.id, memberships.memberId))
    .where(eq(memberships.groupKey, groupKey)).orderBy(asc(members.name), asc(members.id)).all();
}

// ---- closing, extending, listing ----

/** Closes an open poll with its final figures and erases its token key; false when it was closed already. */
export function closePoll(q: Q, id: number, now: Date, final: { voters: number; roster: number; counts: number[] }): boolean {
  return q.update(polls).set({
    status: 'closed', closedAt: now, tokenKey: null, editDueAt: null,
    finalVoters: final.voters, finalRoster: final.roster, finalCounts: final.counts,
  }).where(and(eq(polls.id, id), eq(polls.status, 'open'))).run().changes === 1;
}

/** After an anonymous poll closed, "who voted" is no longer needed by anything: it goes. */
export function forgetVoters(q: Q, pollId: number): void {
  q.delete(pollVoters).where(eq(pollVoters.pollId, pollId)).run();
}

export function setClosesAt(q: Q, id: number, closesAt: Date): void {
  q.update(polls).set({ closesAt }).where(eq(polls.id, id)).run();
}

/** A group's polls, open ones first, then the most recent. */
export function pollsOfGroups(q: Q, groupKeys: string[], limit: number): PollRow[] {
  if (!groupKeys.length) return [];
  return q.select().from(polls).where(inArray(polls.groupKey, groupKeys))
    .orderBy(sql`${polls.status} = 'open' desc`, desc(polls.id)).limit(limit).all();
}

/** Polls open at some moment since `from` (for the reps' digest), by starter. */
export function pollsSince(q: Q, from: Date, createdBy?: number): PollRow[] {
  const live = or(eq(polls.status, 'open'), gte(polls.closedAt, from));
  return q.select().from(polls).where(createdBy === undefined ? live : and(live, eq(polls.createdBy, createdBy))).orderBy(asc(polls.id)).all();
}

/** Open polls whose live edit is pending (none should be after a task ran; used by tests). */
export function pendingEdits(q: Q): PollRow[] {
  return q.select().from(polls).where(and(eq(polls.status, 'open'), sql`${polls.editDueAt} is not null`)).all();
}

/** Members merged: the survivor takes over ballots and "has voted" marks (a clash keeps the survivor's). */
export function mergePollRows(q: Q, from: number, to: number): void {
  q.run(sql`INSERT OR IGNORE INTO poll_voters (poll_id, member_id) SELECT poll_id, ${to} FROM poll_voters WHERE member_id = ${from}`);
  q.delete(pollVoters).where(eq(pollVoters.memberId, from)).run();
  q.update(pollBallots).set({ memberId: to }).where(eq(pollBallots.memberId, from)).run();
  q.update(polls).set({ createdBy: to }).where(eq(polls.createdBy, from)).run();
}

/** Every class key a chat is bound to (what an admin may start a poll in). */
export function classKeys(q: Q): string[] {
  return q.selectDistinct({ key: chats.scope }).from(chats).where(eq(chats.binding, 'class')).orderBy(asc(chats.scope)).all()
    .flatMap((r) => (r.key ? [r.key] : []));
}

export function recentPolls(q: Q, limit: number): PollRow[] {
  return q.select().from(polls).orderBy(sql`${polls.status} = 'open' desc`, desc(polls.id)).limit(limit).all();
}

// ---- the person's own data (/mydata, /forgetme) ----

/** A member's ballots in named polls, with their poll. */
export function namedBallotsOf(q: Q, memberId: number): { poll: PollRow; choices: number }[] {
  return q.select({ poll: polls, choices: pollBallots.choices }).from(pollBallots).innerJoin(polls, eq(polls.id, pollBallots.pollId))
    .where(eq(pollBallots.memberId, memberId)).orderBy(asc(polls.id)).all();
}

/** Polls in which a member's vote is recorded as "has voted" (kept while a poll is open, or for named ones). */
export function votedIn(q: Q, memberId: number): PollRow[] {
  return q.select({ poll: polls }).from(pollVoters).innerJoin(polls, eq(polls.id, pollVoters.pollId))
    .where(eq(pollVoters.memberId, memberId)).orderBy(asc(polls.id)).all().map((r) => r.poll);
}

export function startedBy(q: Q, memberId: number): PollRow[] {
  return q.select().from(polls).where(eq(polls.createdBy, memberId)).orderBy(asc(polls.id)).all();
}

/** Deletes a member's named ballots and "has voted" marks (/forgetme, after open votes were taken back). */
export function dropMemberVotes(q: Q, memberId: number): void {
  q.delete(pollBallots).where(eq(pollBallots.memberId, memberId)).run();
  q.delete(pollVoters).where(eq(pollVoters.memberId, memberId)).run();
}

/**
 * Queries of class polls, on the handle of the unit they run in (core/unit-of-work.ts). The
 * statements a vote runs are prepared once: a burst of votes runs them hundreds of times.
 */
import { and, asc, desc, eq, gte, inArray, isNull, or, sql } from 'drizzle-orm';
import { first, prepared, type Q } from '../../db/client.js';
import type { polls } from '../../db/schema.js';
import { onPostgres, tables } from '../../db/tables.js';
import type { SentRef } from '../../core/message.js';

export type PollRow = typeof polls.$inferSelect;
export type NewPoll = Omit<typeof polls.$inferInsert, 'id' | 'status'>;

export async function insertPoll(q: Q, v: NewPoll): Promise<PollRow> {
  const { polls } = tables(q);
  const [row] = await q.insert(polls).values(v).returning();
  return row!;
}

export async function getPoll(q: Q, id: number): Promise<PollRow | undefined> {
  const { polls } = tables(q);
  if (onPostgres(q)) return first(await q.select().from(polls).where(eq(polls.id, id)).limit(1));
  // sqlite: drizzle's prepared statement is run synchronously with .get (every vote reads the poll).
  return prepared(q, 'polls.get', (d) => d.select().from(polls).where(eq(polls.id, sql.placeholder('id'))).prepare()).get({ id });
}

export async function addPollMessage(q: Q, pollId: number, ref: SentRef): Promise<void> {
  const { pollMessages } = tables(q);
  await q.insert(pollMessages).values({ pollId, platform: ref.platform, chatId: ref.chatId, messageId: ref.messageId })
    .onConflictDoUpdate({ target: [pollMessages.pollId, pollMessages.platform, pollMessages.chatId], set: { messageId: ref.messageId } });
}

export async function pollMessagesOf(q: Q, pollId: number): Promise<SentRef[]> {
  const { pollMessages } = tables(q);
  return (await q.select().from(pollMessages).where(eq(pollMessages.pollId, pollId)))
    .map((r) => ({ platform: r.platform, chatId: r.chatId, messageId: r.messageId }));
}

// ---- ballots and voters (every vote) ----

export async function ballotOf(q: Q, pollId: number, token: string): Promise<number | undefined> {
  if (onPostgres(q)) {
    const { pollBallots } = tables(q);
    return first(await q.select({ c: pollBallots.choices }).from(pollBallots).where(and(eq(pollBallots.pollId, pollId), eq(pollBallots.token, token))).limit(1))?.c;
  }
  // sqlite: prepared statements on the connection (a burst of votes).
  const r = prepared(q, 'polls.ballot', (d) => d.$client.prepare('SELECT choices FROM poll_ballots WHERE poll_id = ? AND token = ?'))
    .get(pollId, token) as { choices: number } | undefined;
  return r?.choices;
}

/** Sets a voter's choices (0 takes the vote back) and the "has voted" mark with it. */
export async function saveBallot(q: Q, pollId: number, token: string, memberId: number, named: boolean, choices: number): Promise<void> {
  if (onPostgres(q)) return saveBallotPg(q, pollId, token, named ? memberId : null, memberId, choices);
  // sqlite: prepared statements on the connection; INSERT OR IGNORE (PostgreSQL: ON CONFLICT DO NOTHING).
  if (choices === 0) {
    prepared(q, 'polls.dropBallot', (d) => d.$client.prepare('DELETE FROM poll_ballots WHERE poll_id = ? AND token = ?')).run(pollId, token);
    prepared(q, 'polls.dropVoter', (d) => d.$client.prepare('DELETE FROM poll_voters WHERE poll_id = ? AND member_id = ?')).run(pollId, memberId);
    return;
  }
  prepared(q, 'polls.putBallot', (d) => d.$client.prepare(`INSERT INTO poll_ballots (poll_id, token, member_id, choices) VALUES (?, ?, ?, ?)
    ON CONFLICT (poll_id, token) DO UPDATE SET choices = excluded.choices`)).run(pollId, token, named ? memberId : null, choices);
  prepared(q, 'polls.putVoter', (d) => d.$client.prepare('INSERT OR IGNORE INTO poll_voters (poll_id, member_id) VALUES (?, ?)')).run(pollId, memberId);
}

/** PostgreSQL's `saveBallot`: the same statements in the builder. */
async function saveBallotPg(q: Q, pollId: number, token: string, memberIdOnBallot: number | null, memberId: number, choices: number): Promise<void> {
  const { pollBallots, pollVoters } = tables(q);
  if (choices === 0) {
    await q.delete(pollBallots).where(and(eq(pollBallots.pollId, pollId), eq(pollBallots.token, token)));
    await q.delete(pollVoters).where(and(eq(pollVoters.pollId, pollId), eq(pollVoters.memberId, memberId)));
    return;
  }
  await q.insert(pollBallots).values({ pollId, token, memberId: memberIdOnBallot, choices })
    .onConflictDoUpdate({ target: [pollBallots.pollId, pollBallots.token], set: { choices } });
  await q.insert(pollVoters).values({ pollId, memberId }).onConflictDoNothing();
}

/** Marks a live edit due at `at` unless one is pending already; true when this call marked it. */
export async function markEditDue(q: Q, pollId: number, at: Date): Promise<boolean> {
  if (onPostgres(q)) {
    const { polls } = tables(q);
    return (await q.update(polls).set({ editDueAt: at }).where(and(eq(polls.id, pollId), isNull(polls.editDueAt))).returning({ id: polls.id })).length === 1;
  }
  // sqlite: a prepared statement on the connection, and its `changes`.
  return prepared(q, 'polls.markEdit', (d) => d.$client.prepare('UPDATE polls SET edit_due_at = ? WHERE id = ? AND edit_due_at IS NULL'))
    .run(at.getTime(), pollId).changes === 1;
}

export async function editDone(q: Q, pollId: number, now: Date): Promise<void> {
  const { polls } = tables(q);
  await q.update(polls).set({ editDueAt: null, editedAt: now }).where(eq(polls.id, pollId));
}

/** Every ballot's choices, in token order (no order of arrival). */
export async function choicesOf(q: Q, pollId: number): Promise<number[]> {
  const { pollBallots } = tables(q);
  return (await q.select({ c: pollBallots.choices }).from(pollBallots).where(eq(pollBallots.pollId, pollId)).orderBy(asc(pollBallots.token))).map((r) => r.c);
}

export async function voterIds(q: Q, pollId: number): Promise<number[]> {
  const { pollVoters } = tables(q);
  return (await q.select({ id: pollVoters.memberId }).from(pollVoters).where(eq(pollVoters.pollId, pollId)).orderBy(asc(pollVoters.memberId))).map((r) => r.id);
}

/** Named polls only: each voter's name and choices, by name. */
export async function namedBallots(q: Q, pollId: number): Promise<{ memberId: number; name: string; choices: number }[]> {
  const { members, pollBallots } = tables(q);
  return await q.select({ memberId: members.id, name: members.name, choices: pollBallots.choices }).from(pollBallots)
    .innerJoin(members, eq(members.id, pollBallots.memberId)).where(eq(pollBallots.pollId, pollId))
    .orderBy(asc(members.name), asc(members.id));
}

/** The class roster: everyone the bot has seen in the group or who is declared/bound to the class. */
export async function rosterOf(q: Q, groupKey: string): Promise<{ id: number; name: string }[]> {
  const { members, memberships } = tables(q);
  return await q.select({ id: members.id, name: members.name }).from(memberships).innerJoin(members, eq(members.id, memberships.memberId))
    .where(eq(memberships.groupKey, groupKey)).orderBy(asc(members.name), asc(members.id));
}

// ---- closing, extending, listing ----

/** Closes an open poll with its final figures and erases its token key; false when it was closed already. */
export async function closePoll(q: Q, id: number, now: Date, final: { voters: number; roster: number; counts: number[] }): Promise<boolean> {
  const { polls } = tables(q);
  const closed = await q.update(polls).set({
    status: 'closed', closedAt: now, tokenKey: null, editDueAt: null,
    finalVoters: final.voters, finalRoster: final.roster, finalCounts: final.counts,
  }).where(and(eq(polls.id, id), eq(polls.status, 'open'))).returning({ id: polls.id });
  return closed.length === 1;
}

/** After an anonymous poll closed, "who voted" is no longer needed by anything: it goes. */
export async function forgetVoters(q: Q, pollId: number): Promise<void> {
  const { pollVoters } = tables(q);
  await q.delete(pollVoters).where(eq(pollVoters.pollId, pollId));
}

/**
 * After an anonymous poll closed (its key erased), its ballots are kept in an order that tells
 * nothing. SQLite keeps them in token order already (WITHOUT ROWID), and tokens derived from an
 * erased key are random. PostgreSQL keeps them in the order they were written (a changed vote
 * anew at the end), beside "who voted" rows written in the same order: they are written again,
 * in token order. The old versions stay until VACUUM (the caller asks for it: core/vacuum.repo.ts).
 */
export async function sealBallots(q: Q, pollId: number): Promise<void> {
  if (!onPostgres(q)) return; // sqlite: already in token order
  const { pollBallots } = tables(q);
  const rows = await q.delete(pollBallots).where(eq(pollBallots.pollId, pollId)).returning();
  rows.sort((a, b) => (a.token < b.token ? -1 : a.token > b.token ? 1 : 0));
  for (let i = 0; i < rows.length; i += 5000) await q.insert(pollBallots).values(rows.slice(i, i + 5000));
}

export async function setClosesAt(q: Q, id: number, closesAt: Date): Promise<void> {
  const { polls } = tables(q);
  await q.update(polls).set({ closesAt }).where(eq(polls.id, id));
}

/** A group's polls, open ones first, then the most recent. */
export async function pollsOfGroups(q: Q, groupKeys: string[], limit: number): Promise<PollRow[]> {
  const { polls } = tables(q);
  if (!groupKeys.length) return [];
  return await q.select().from(polls).where(inArray(polls.groupKey, groupKeys))
    .orderBy(sql`${polls.status} = 'open' desc`, desc(polls.id)).limit(limit);
}

/** Polls open at some moment since `from` (for the reps' digest), by starter. */
export async function pollsSince(q: Q, from: Date, createdBy?: number): Promise<PollRow[]> {
  const { polls } = tables(q);
  const live = or(eq(polls.status, 'open'), gte(polls.closedAt, from));
  return await q.select().from(polls).where(createdBy === undefined ? live : and(live, eq(polls.createdBy, createdBy))).orderBy(asc(polls.id));
}

/** Open polls whose live edit is pending (none should be after a task ran; used by tests). */
export async function pendingEdits(q: Q): Promise<PollRow[]> {
  const { polls } = tables(q);
  return await q.select().from(polls).where(and(eq(polls.status, 'open'), sql`${polls.editDueAt} is not null`));
}

/** Members merged: the survivor takes over ballots and "has voted" marks (a clash keeps the survivor's). */
export async function mergePollRows(q: Q, from: number, to: number): Promise<void> {
  const { polls, pollBallots, pollVoters } = tables(q);
  const voted = await q.select({ pollId: pollVoters.pollId }).from(pollVoters).where(eq(pollVoters.memberId, from));
  if (voted.length) await q.insert(pollVoters).values(voted.map((v) => ({ pollId: v.pollId, memberId: to }))).onConflictDoNothing();
  await q.delete(pollVoters).where(eq(pollVoters.memberId, from));
  await q.update(pollBallots).set({ memberId: to }).where(eq(pollBallots.memberId, from));
  await q.update(polls).set({ createdBy: to }).where(eq(polls.createdBy, from));
}

/** Every class key a chat is bound to (what an admin may start a poll in). */
export async function classKeys(q: Q): Promise<string[]> {
  const { chats } = tables(q);
  return (await q.selectDistinct({ key: chats.scope }).from(chats).where(eq(chats.binding, 'class')).orderBy(asc(chats.scope)))
    .flatMap((r) => (r.key ? [r.key] : []));
}

export async function recentPolls(q: Q, limit: number): Promise<PollRow[]> {
  const { polls } = tables(q);
  return await q.select().from(polls).orderBy(sql`${polls.status} = 'open' desc`, desc(polls.id)).limit(limit);
}

// ---- the person's own data (/mydata, /forgetme) ----

/** A member's ballots in named polls, with their poll. */
export async function namedBallotsOf(q: Q, memberId: number): Promise<{ poll: PollRow; choices: number }[]> {
  const { pollBallots, polls } = tables(q);
  return await q.select({ poll: polls, choices: pollBallots.choices }).from(pollBallots).innerJoin(polls, eq(polls.id, pollBallots.pollId))
    .where(eq(pollBallots.memberId, memberId)).orderBy(asc(polls.id));
}

/** Polls in which a member's vote is recorded as "has voted" (kept while a poll is open, or for named ones). */
export async function votedIn(q: Q, memberId: number): Promise<PollRow[]> {
  const { polls, pollVoters } = tables(q);
  return (await q.select({ poll: polls }).from(pollVoters).innerJoin(polls, eq(polls.id, pollVoters.pollId))
    .where(eq(pollVoters.memberId, memberId)).orderBy(asc(polls.id))).map((r) => r.poll);
}

export async function startedBy(q: Q, memberId: number): Promise<PollRow[]> {
  const { polls } = tables(q);
  return await q.select().from(polls).where(eq(polls.createdBy, memberId)).orderBy(asc(polls.id));
}

/** Deletes a member's named ballots and "has voted" marks (/forgetme, after open votes were taken back). */
export async function dropMemberVotes(q: Q, memberId: number): Promise<void> {
  const { pollBallots, pollVoters } = tables(q);
  await q.delete(pollBallots).where(eq(pollBallots.memberId, memberId));
  await q.delete(pollVoters).where(eq(pollVoters.memberId, memberId));
}

/** Drizzle queries of surveys: definitions, runs, deliveries, responses and answers. Synchronous. */
import { and, asc, desc, eq, inArray, isNull, lt, notInArray, sql } from 'drizzle-orm';
import { prepared, type Db, type Q } from '../../db/client.js';
import {
  identities, members, memberships, roleGrants, surveyAnswers, surveyDeliveries, surveyResponses, surveyRuns, surveys,
} from '../../db/schema.js';
import type { Audience, SurveyDef } from './surveys.schema.js';

export type RunRow = typeof surveyRuns.$inferSelect;
export type AnswerRow = typeof surveyAnswers.$inferSelect;
export type ResponseRow = typeof surveyResponses.$inferSelect;

// ---- definitions made with /survey create ----

export function storedSurveys(q: Q): SurveyDef[] {
  return q.select().from(surveys).orderBy(asc(surveys.createdAt)).all().map((r) => r.definition as unknown as SurveyDef);
}

export function saveSurvey(q: Q, def: SurveyDef, createdBy: number, now: Date): void {
  q.insert(surveys).values({ id: def.id, definition: def as unknown as Record<string, unknown>, createdBy, createdAt: now }).run();
}

// ---- runs ----

export function insertRun(q: Q, v: Omit<typeof surveyRuns.$inferInsert, 'id' | 'status'>): RunRow {
  return q.insert(surveyRuns).values(v).returning().get();
}

export function getRun(q: Q, id: number): RunRow | undefined {
  return q.select().from(surveyRuns).where(eq(surveyRuns.id, id)).get();
}

export function openRunOf(q: Q, surveyId: string): RunRow | undefined {
  return q.select().from(surveyRuns).where(and(eq(surveyRuns.surveyId, surveyId), eq(surveyRuns.status, 'open'))).get();
}

export function latestRunOf(q: Q, surveyId: string): RunRow | undefined {
  return q.select().from(surveyRuns).where(eq(surveyRuns.surveyId, surveyId)).orderBy(desc(surveyRuns.id)).limit(1).get();
}

/** Runs that were open at some moment of [from, to), oldest first (for the digests). */
export function runsDuring(q: Q, from: Date, to: Date): RunRow[] {
  return q.select().from(surveyRuns)
    .where(and(lt(surveyRuns.openedAt, to), sql`coalesce(${surveyRuns.closedAt}, ${surveyRuns.closesAt}) >= ${from.getTime()}`))
    .orderBy(asc(surveyRuns.id)).all();
}

/** Closes the run and erases its token key: from now on nothing links answers to people. */
export function closeRun(q: Q, id: number, now: Date): boolean {
  return q.update(surveyRuns).set({ status: 'closed', closedAt: now, tokenKey: null })
    .where(and(eq(surveyRuns.id, id), eq(surveyRuns.status, 'open'))).run().changes === 1;
}

// ---- deliveries ----

/**
 * Adds the (run, member) delivery; false when it existed (the run was started before). Runs once
 * per audience member, so the statement is prepared once; on the one connection, so inside the
 * caller's transaction.
 */
export function insertDelivery(db: Db, runId: number, memberId: number): boolean {
  return prepared(db, 'surveys.insertDelivery', (d) => d.$client.prepare('INSERT INTO survey_deliveries (run_id, member_id) VALUES (?, ?) ON CONFLICT DO NOTHING'))
    .run(runId, memberId).changes === 1;
}

export function getDelivery(q: Q, runId: number, memberId: number) {
  return q.select().from(surveyDeliveries).where(and(eq(surveyDeliveries.runId, runId), eq(surveyDeliveries.memberId, memberId))).get();
}

export function deliveriesOf(q: Q, runId: number) {
  return q.select().from(surveyDeliveries).where(eq(surveyDeliveries.runId, runId)).orderBy(asc(surveyDeliveries.memberId)).all();
}

export function markResponded(q: Q, runId: number, memberId: number): void {
  q.update(surveyDeliveries).set({ responded: true })
    .where(and(eq(surveyDeliveries.runId, runId), eq(surveyDeliveries.memberId, memberId))).run();
}

/** Open runs in which the member still has questions to answer, oldest first. */
export function waitingRuns(q: Q, memberId: number): RunRow[] {
  return q.select({ run: surveyRuns }).from(surveyDeliveries)
    .innerJoin(surveyRuns, eq(surveyRuns.id, surveyDeliveries.runId))
    .where(and(eq(surveyDeliveries.memberId, memberId), eq(surveyDeliveries.responded, false), eq(surveyRuns.status, 'open')))
    .orderBy(asc(surveyRuns.id)).all().map((r) => r.run);
}

/** Two accounts became one member: `to` takes over `from`'s deliveries (and named responses). */
export function mergeSurveyRows(q: Q, from: number, to: number): void {
  q.run(sql`INSERT OR IGNORE INTO survey_deliveries (run_id, member_id, responded)
    SELECT run_id, ${to}, responded FROM survey_deliveries WHERE member_id = ${from}`);
  q.run(sql`UPDATE survey_deliveries SET responded = 1 WHERE member_id = ${to}
    AND run_id IN (SELECT run_id FROM survey_deliveries WHERE member_id = ${from} AND responded = 1)`);
  q.update(surveyResponses).set({ memberId: to }).where(eq(surveyResponses.memberId, from)).run();
}

// ---- responses and answers ----

export function ensureResponse(q: Q, token: string, runId: number, memberId: number | null): void {
  q.insert(surveyResponses).values({ token, runId, memberId }).onConflictDoNothing().run();
}

export function answersOf(q: Q, token: string): AnswerRow[] {
  return q.select().from(surveyAnswers).where(eq(surveyAnswers.token, token)).all();
}

/** Writes a draft (multi-choice ticking) or a final answer; a final answer is never overwritten. */
export function saveAnswer(q: Q, a: typeof surveyAnswers.$inferInsert): boolean {
  return q.insert(surveyAnswers).values(a)
    .onConflictDoUpdate({ target: [surveyAnswers.token, surveyAnswers.questionId], set: { value: a.value, final: a.final }, setWhere: eq(surveyAnswers.final, false) })
    .run().changes === 1;
}

export function completeResponse(q: Q, token: string, completedAt: Date | null): void {
  q.update(surveyResponses).set({ complete: true, completedAt }).where(eq(surveyResponses.token, token)).run();
}

/** Every response of a run with its final answers, ordered by token (random: no order of arrival). */
export function runResponses(q: Q, runId: number): (ResponseRow & { answers: AnswerRow[] })[] {
  const responses = q.select().from(surveyResponses).where(eq(surveyResponses.runId, runId)).orderBy(asc(surveyResponses.token)).all();
  const answers = q.select().from(surveyAnswers).where(and(eq(surveyAnswers.runId, runId), eq(surveyAnswers.final, true))).all();
  const byToken = new Map<string, AnswerRow[]>();
  for (const a of answers) byToken.set(a.token, [...(byToken.get(a.token) ?? []), a]);
  return responses.map((r) => ({ ...r, answers: byToken.get(r.token) ?? [] }));
}

/**
 * Re-keys a closed anonymous run's responses: every response and its answers are deleted and
 * inserted again under a fresh `newToken()`, responses in `shuffle`d order. Tokens, rowids, index
 * entries and where the rows' bytes sit then follow the shuffle, not the order answers arrived
 * in; secure_delete zeroes the old rows. Returns how many responses there were.
 */
export function rekeyResponses(q: Q, runId: number, shuffle: <T>(xs: T[]) => T[], newToken: () => string): number {
  const responses = q.select().from(surveyResponses).where(eq(surveyResponses.runId, runId)).all();
  const answers = q.select().from(surveyAnswers).where(eq(surveyAnswers.runId, runId)).all();
  q.delete(surveyAnswers).where(eq(surveyAnswers.runId, runId)).run();
  q.delete(surveyResponses).where(eq(surveyResponses.runId, runId)).run();
  const byToken = new Map<string, AnswerRow[]>();
  for (const a of answers) byToken.set(a.token, [...(byToken.get(a.token) ?? []), a]);
  for (const r of shuffle(responses)) {
    const token = newToken();
    q.insert(surveyResponses).values({ token, runId, memberId: null, complete: r.complete, completedAt: null }).run();
    const own = (byToken.get(r.token) ?? []).map((a) => ({ ...a, token }));
    if (own.length) q.insert(surveyAnswers).values(own).run();
  }
  return responses.length;
}

/** Forgets who finished a run (the flags were only there for its reminders). */
export function clearResponded(q: Q, runId: number): void {
  q.update(surveyDeliveries).set({ responded: false }).where(eq(surveyDeliveries.runId, runId)).run();
}

// ---- audience ----

/** Member ids of an audience. `adminIds`: members who are admins by config (they are not students). */
export function audienceMembers(q: Q, audience: Audience, adminIds: number[]): number[] {
  const ids = (rows: { id: number }[]) => rows.map((r) => r.id);
  const granted = (roles: string[]) => q.selectDistinct({ id: roleGrants.memberId }).from(roleGrants).where(inArray(roleGrants.role, roles as never[]));
  switch (audience.kind) {
    // An erased member (/forgetme) is nobody's audience: the other kinds cannot match one (no building, groups or roles).
    case 'all': return ids(q.select({ id: members.id }).from(members).where(isNull(members.erasedAt)).orderBy(asc(members.id)).all());
    case 'students': return ids(q.select({ id: members.id }).from(members)
      .where(and(isNull(members.erasedAt), notInArray(members.id, granted(['staff', 'lead', 'admin'])), notInArray(members.id, adminIds))).orderBy(asc(members.id)).all());
    case 'building': return ids(q.select({ id: members.id }).from(members).where(eq(members.building, audience.value)).orderBy(asc(members.id)).all());
    case 'group': return ids(q.select({ id: memberships.memberId }).from(memberships).where(eq(memberships.groupKey, audience.value)).orderBy(asc(memberships.memberId)).all());
    case 'role': {
      const roles = audience.value === 'staff' ? ['staff', 'lead'] : [audience.value];
      const extra = audience.value === 'admin' ? adminIds : [];
      return [...new Set([...ids(granted(roles).all()), ...extra])].sort((a, b) => a - b);
    }
  }
}

/** How many of these members have no private chat the bot may write to (as the outbox will find). */
export function unreachableAmong(q: Q, memberIds: number[]): number {
  if (!memberIds.length) return 0;
  const reachable = q.selectDistinct({ id: identities.memberId }).from(identities)
    .where(and(inArray(identities.memberId, memberIds), eq(identities.reachable, true), sql`${identities.privateChatId} IS NOT NULL`)).all();
  return memberIds.length - reachable.length;
}

/** Members owning one of these platform identities ("telegram:123"), e.g. the admins of the config. */
export function membersWithIdentities(q: Q, keys: readonly string[]): number[] {
  if (!keys.length) return [];
  return q.selectDistinct({ id: identities.memberId }).from(identities)
    .where(inArray(sql`${identities.platform} || ':' || ${identities.platformUserId}`, keys as string[])).all().map((r) => r.id);
}

/** Class groups of members (for the "start the bot" announcement to those we cannot reach). */
export function groupsOfMembers(q: Q, memberIds: number[]): string[] {
  if (!memberIds.length) return [];
  return q.selectDistinct({ key: memberships.groupKey }).from(memberships).where(inArray(memberships.memberId, memberIds))
    .orderBy(asc(memberships.groupKey)).all().map((r) => r.key);
}

// ---- the person's own data (/mydata, /forgetme) ----

/** Named responses of a member with their final answers and run. */
export function namedResponsesOf(q: Q, memberId: number): { run: RunRow; response: ResponseRow; answers: AnswerRow[] }[] {
  const rows = q.select({ run: surveyRuns, response: surveyResponses }).from(surveyResponses)
    .innerJoin(surveyRuns, eq(surveyRuns.id, surveyResponses.runId)).where(eq(surveyResponses.memberId, memberId)).orderBy(asc(surveyRuns.id)).all();
  return rows.map((r) => ({ ...r, answers: answersOf(q, r.response.token).filter((a) => a.final) }));
}

/** The runs a member was invited to, with whether they finished (kept for anonymous runs only while open). */
export function invitationsOf(q: Q, memberId: number): { run: RunRow; responded: boolean }[] {
  return q.select({ run: surveyRuns, responded: surveyDeliveries.responded }).from(surveyDeliveries)
    .innerJoin(surveyRuns, eq(surveyRuns.id, surveyDeliveries.runId)).where(eq(surveyDeliveries.memberId, memberId)).orderBy(asc(surveyRuns.id)).all();
}

/** Deletes one response and its answers. */
export function deleteResponse(q: Q, token: string): void {
  q.delete(surveyAnswers).where(eq(surveyAnswers.token, token)).run();
  q.delete(surveyResponses).where(eq(surveyResponses.token, token)).run();
}

export function deleteDelivery(q: Q, runId: number, memberId: number): void {
  q.delete(surveyDeliveries).where(and(eq(surveyDeliveries.runId, runId), eq(surveyDeliveries.memberId, memberId))).run();
}

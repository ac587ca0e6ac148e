/**
 * Queries of surveys: definitions, runs, deliveries, responses and answers. Async, on the handle
 * of the unit they run in (core/unit-of-work.ts), with the tables of the handle's dialect.
 */
import { and, asc, desc, eq, gte, inArray, isNull, lt, or } from 'drizzle-orm';
import { first, prepared, type Q } from '../../db/client.js';
import { onPostgres, tables } from '../../db/tables.js';
import type { surveyAnswers as answerTable, surveyResponses as responseTable, surveyRuns as runTable } from '../../db/schema.js';
import type { SurveyDef } from './surveys.schema.js';

export type RunRow = typeof runTable.$inferSelect;
export type AnswerRow = typeof answerTable.$inferSelect;
export type ResponseRow = typeof responseTable.$inferSelect;
export type DeliveryRow = { runId: number; memberId: number; responded: boolean };

// ---- definitions made with /survey create ----

export async function storedSurveys(q: Q): Promise<SurveyDef[]> {
  const { surveys } = tables(q);
  return (await q.select().from(surveys).orderBy(asc(surveys.createdAt))).map((r) => r.definition as unknown as SurveyDef);
}

export async function saveSurvey(q: Q, def: SurveyDef, createdBy: number, now: Date): Promise<void> {
  const { surveys } = tables(q);
  await q.insert(surveys).values({ id: def.id, definition: def as unknown as Record<string, unknown>, createdBy, createdAt: now });
}

// ---- runs ----

export async function insertRun(q: Q, v: Omit<typeof runTable.$inferInsert, 'id' | 'status'>): Promise<RunRow> {
  const { surveyRuns } = tables(q);
  const [row] = await q.insert(surveyRuns).values(v).returning();
  return row!;
}

export async function getRun(q: Q, id: number): Promise<RunRow | undefined> {
  const { surveyRuns } = tables(q);
  return first(await q.select().from(surveyRuns).where(eq(surveyRuns.id, id)).limit(1));
}

export async function openRunOf(q: Q, surveyId: string): Promise<RunRow | undefined> {
  const { surveyRuns } = tables(q);
  return first(await q.select().from(surveyRuns).where(and(eq(surveyRuns.surveyId, surveyId), eq(surveyRuns.status, 'open'))).limit(1));
}

export async function latestRunOf(q: Q, surveyId: string): Promise<RunRow | undefined> {
  const { surveyRuns } = tables(q);
  return first(await q.select().from(surveyRuns).where(eq(surveyRuns.surveyId, surveyId)).orderBy(desc(surveyRuns.id)).limit(1));
}

/** Runs that were open at some moment of [from, to), oldest first (for the digests). */
export async function runsDuring(q: Q, from: Date, to: Date): Promise<RunRow[]> {
  const { surveyRuns } = tables(q);
  // coalesce(closed_at, closes_at) >= from
  const endsAfter = or(gte(surveyRuns.closedAt, from), and(isNull(surveyRuns.closedAt), gte(surveyRuns.closesAt, from)));
  return await q.select().from(surveyRuns).where(and(lt(surveyRuns.openedAt, to), endsAfter)).orderBy(asc(surveyRuns.id));
}

/** Closes the run and erases its token key: from now on nothing links answers to people. */
export async function closeRun(q: Q, id: number, now: Date): Promise<boolean> {
  const { surveyRuns } = tables(q);
  const closed = await q.update(surveyRuns).set({ status: 'closed', closedAt: now, tokenKey: null })
    .where(and(eq(surveyRuns.id, id), eq(surveyRuns.status, 'open'))).returning({ id: surveyRuns.id });
  return closed.length === 1;
}

// ---- deliveries ----

/** Adds the (run, member) delivery; false when it existed (the run was started before). Runs once per audience member. */
export async function insertDelivery(q: Q, runId: number, memberId: number): Promise<boolean> {
  if (!onPostgres(q)) {
    // sqlite: prepared once on the connection (a fan-out runs it thousands of times), and its `changes`.
    return prepared(q, 'surveys.insertDelivery', (d) => d.$client.prepare('INSERT INTO survey_deliveries (run_id, member_id) VALUES (?, ?) ON CONFLICT DO NOTHING'))
      .run(runId, memberId).changes === 1;
  }
  const { surveyDeliveries } = tables(q);
  const added = await q.insert(surveyDeliveries).values({ runId, memberId }).onConflictDoNothing().returning({ runId: surveyDeliveries.runId });
  return added.length === 1;
}

export async function getDelivery(q: Q, runId: number, memberId: number): Promise<DeliveryRow | undefined> {
  const { surveyDeliveries } = tables(q);
  return first(await q.select().from(surveyDeliveries).where(and(eq(surveyDeliveries.runId, runId), eq(surveyDeliveries.memberId, memberId))).limit(1));
}

export async function deliveriesOf(q: Q, runId: number): Promise<DeliveryRow[]> {
  const { surveyDeliveries } = tables(q);
  return await q.select().from(surveyDeliveries).where(eq(surveyDeliveries.runId, runId)).orderBy(asc(surveyDeliveries.memberId));
}

export async function markResponded(q: Q, runId: number, memberId: number): Promise<void> {
  const { surveyDeliveries } = tables(q);
  await q.update(surveyDeliveries).set({ responded: true })
    .where(and(eq(surveyDeliveries.runId, runId), eq(surveyDeliveries.memberId, memberId)));
}

/** Open runs in which the member still has questions to answer, oldest first. */
export async function waitingRuns(q: Q, memberId: number): Promise<RunRow[]> {
  const { surveyDeliveries, surveyRuns } = tables(q);
  return (await q.select({ run: surveyRuns }).from(surveyDeliveries)
    .innerJoin(surveyRuns, eq(surveyRuns.id, surveyDeliveries.runId))
    .where(and(eq(surveyDeliveries.memberId, memberId), eq(surveyDeliveries.responded, false), eq(surveyRuns.status, 'open')))
    .orderBy(asc(surveyRuns.id))).map((r) => r.run);
}

/** Two accounts became one member: `to` takes over `from`'s deliveries (a clash keeps `to`'s, finished if either was) and named responses. */
export async function mergeSurveyRows(q: Q, from: number, to: number): Promise<void> {
  const { surveyDeliveries, surveyResponses } = tables(q);
  const theirs = await q.select().from(surveyDeliveries).where(eq(surveyDeliveries.memberId, from));
  if (theirs.length) await q.insert(surveyDeliveries).values(theirs.map((d) => ({ runId: d.runId, memberId: to, responded: d.responded }))).onConflictDoNothing();
  const finished = theirs.filter((d) => d.responded).map((d) => d.runId);
  if (finished.length) await q.update(surveyDeliveries).set({ responded: true }).where(and(eq(surveyDeliveries.memberId, to), inArray(surveyDeliveries.runId, finished)));
  await q.update(surveyResponses).set({ memberId: to }).where(eq(surveyResponses.memberId, from));
}

// ---- responses and answers ----

export async function ensureResponse(q: Q, token: string, runId: number, memberId: number | null): Promise<void> {
  const { surveyResponses } = tables(q);
  await q.insert(surveyResponses).values({ token, runId, memberId }).onConflictDoNothing();
}

/** One response's answers (one person's), final and drafts. */
export async function answersOf(q: Q, token: string): Promise<AnswerRow[]> {
  const { surveyAnswers } = tables(q);
  return await q.select().from(surveyAnswers).where(eq(surveyAnswers.token, token));
}

/** Writes a draft (multi-choice ticking) or a final answer; a final answer is never overwritten. */
export async function saveAnswer(q: Q, a: typeof answerTable.$inferInsert): Promise<boolean> {
  const { surveyAnswers } = tables(q);
  const written = await q.insert(surveyAnswers).values(a)
    .onConflictDoUpdate({ target: [surveyAnswers.token, surveyAnswers.questionId], set: { value: a.value, final: a.final }, setWhere: eq(surveyAnswers.final, false) })
    .returning({ token: surveyAnswers.token });
  return written.length === 1;
}

export async function completeResponse(q: Q, token: string, completedAt: Date | null): Promise<void> {
  const { surveyResponses } = tables(q);
  await q.update(surveyResponses).set({ complete: true, completedAt }).where(eq(surveyResponses.token, token));
}

/**
 * Every response of a run with its final answers, ordered by token (random: no order of arrival).
 * Answers are grouped under their response, never listed in the order the store keeps them
 * (PostgreSQL returns rows in the order they were written when no order is asked for).
 */
export async function runResponses(q: Q, runId: number): Promise<(ResponseRow & { answers: AnswerRow[] })[]> {
  const { surveyResponses, surveyAnswers } = tables(q);
  const responses = await q.select().from(surveyResponses).where(eq(surveyResponses.runId, runId)).orderBy(asc(surveyResponses.token));
  const answers = await q.select().from(surveyAnswers).where(and(eq(surveyAnswers.runId, runId), eq(surveyAnswers.final, true)))
    .orderBy(asc(surveyAnswers.token), asc(surveyAnswers.questionId));
  const byToken = new Map<string, AnswerRow[]>();
  for (const a of answers) byToken.set(a.token, [...(byToken.get(a.token) ?? []), a]);
  return responses.map((r) => ({ ...r, answers: byToken.get(r.token) ?? [] }));
}

/**
 * Re-keys a closed anonymous run's responses: every response and its answers are deleted and
 * inserted again under a fresh `newToken()`, responses in `shuffle`d order. Tokens, rowids, index
 * entries and where the rows' bytes sit then follow the shuffle, not the order answers arrived
 * in (on PostgreSQL too: the new rows are written in the shuffled order); SQLite's secure_delete
 * zeroes the old rows. Returns how many responses there were.
 */
export async function rekeyResponses(q: Q, runId: number, shuffle: <T>(xs: T[]) => T[], newToken: () => string): Promise<number> {
  const { surveyResponses, surveyAnswers } = tables(q);
  // By token (random), so that the shuffle alone decides the new order, whatever order the store keeps rows in.
  const responses = await q.select().from(surveyResponses).where(eq(surveyResponses.runId, runId)).orderBy(asc(surveyResponses.token));
  const answers = await q.select().from(surveyAnswers).where(eq(surveyAnswers.runId, runId)).orderBy(asc(surveyAnswers.token), asc(surveyAnswers.questionId));
  await q.delete(surveyAnswers).where(eq(surveyAnswers.runId, runId));
  await q.delete(surveyResponses).where(eq(surveyResponses.runId, runId));
  const byToken = new Map<string, AnswerRow[]>();
  for (const a of answers) byToken.set(a.token, [...(byToken.get(a.token) ?? []), a]);
  for (const r of shuffle(responses)) {
    const token = newToken();
    await q.insert(surveyResponses).values({ token, runId, memberId: null, complete: r.complete, completedAt: null });
    const own = (byToken.get(r.token) ?? []).map((a) => ({ ...a, token }));
    if (own.length) await q.insert(surveyAnswers).values(own);
  }
  return responses.length;
}

/** Forgets who finished a run (the flags were only there for its reminders). */
export async function clearResponded(q: Q, runId: number): Promise<void> {
  const { surveyDeliveries } = tables(q);
  const ofRun = eq(surveyDeliveries.runId, runId);
  if (!onPostgres(q)) {
    // sqlite: updated in place; a row keeps its rowid, so the table's order stays the order of the invitations.
    await q.update(surveyDeliveries).set({ responded: false }).where(ofRun);
    return;
  }
  // PostgreSQL writes every updated row anew at the end of the table: the flags set as people finished
  // put their rows in the order they finished, which an UPDATE in scan order would keep. Written again in member order.
  const ids = (await q.delete(surveyDeliveries).where(ofRun).returning({ memberId: surveyDeliveries.memberId })).map((r) => r.memberId).sort((a, b) => a - b);
  for (let i = 0; i < ids.length; i += 5000) {
    await q.insert(surveyDeliveries).values(ids.slice(i, i + 5000).map((memberId) => ({ runId, memberId, responded: false })));
  }
}

// ---- the person's own data (/mydata, /forgetme) ----

/** Named responses of a member with their final answers and run. */
export async function namedResponsesOf(q: Q, memberId: number): Promise<{ run: RunRow; response: ResponseRow; answers: AnswerRow[] }[]> {
  const { surveyRuns, surveyResponses } = tables(q);
  const rows = await q.select({ run: surveyRuns, response: surveyResponses }).from(surveyResponses)
    .innerJoin(surveyRuns, eq(surveyRuns.id, surveyResponses.runId)).where(eq(surveyResponses.memberId, memberId)).orderBy(asc(surveyRuns.id));
  const out = [];
  for (const r of rows) out.push({ ...r, answers: (await answersOf(q, r.response.token)).filter((a) => a.final) });
  return out;
}

/** The runs a member was invited to, with whether they finished (kept for anonymous runs only while open). */
export async function invitationsOf(q: Q, memberId: number): Promise<{ run: RunRow; responded: boolean }[]> {
  const { surveyRuns, surveyDeliveries } = tables(q);
  return await q.select({ run: surveyRuns, responded: surveyDeliveries.responded }).from(surveyDeliveries)
    .innerJoin(surveyRuns, eq(surveyRuns.id, surveyDeliveries.runId)).where(eq(surveyDeliveries.memberId, memberId)).orderBy(asc(surveyRuns.id));
}

/** Deletes one response and its answers. */
export async function deleteResponse(q: Q, token: string): Promise<void> {
  const { surveyAnswers, surveyResponses } = tables(q);
  await q.delete(surveyAnswers).where(eq(surveyAnswers.token, token));
  await q.delete(surveyResponses).where(eq(surveyResponses.token, token));
}

export async function deleteDelivery(q: Q, runId: number, memberId: number): Promise<void> {
  const { surveyDeliveries } = tables(q);
  await q.delete(surveyDeliveries).where(and(eq(surveyDeliveries.runId, runId), eq(surveyDeliveries.memberId, memberId)));
}

/**
 * A member answering a run, one question at a time. Answers are kept as they come (stop and
 * continue later); a final answer is never overwritten, so a button pressed twice counts once;
 * after the window closed nothing is recorded and the member is told so politely.
 */
import type { Config } from '../../config.js';
import { AppError } from '../../core/errors.js';
import { pick, tr } from '../../core/i18n.js';
import type { Outbox } from '../../core/outbox.js';
import type { UnitRunner } from '../../core/unit-of-work.js';
import { formatDateTime } from '../../core/time.js';
import { SKIP } from './surveys.render.js';
import {
  answersOf, completeResponse, ensureResponse, getDelivery, getRun, markResponded, saveAnswer, waitingRuns, type AnswerRow, type RunRow,
} from './surveys.repo.js';
import { surveysMessages } from './surveys.messages.js';
import type { Question, SurveyDef } from './surveys.schema.js';
import { inviteKey, runDef, tokenFor } from './surveys.service.js';

export interface Position {
  run: RunRow;
  def: SurveyDef;
  /** The first question without a final answer; `def.questions.length` when all are answered. */
  index: number;
  /** Options ticked so far in a multiple-choice question, by question id. */
  drafts: Map<string, string[]>;
}

/** What to show the member next. */
export type Step =
  | { kind: 'question'; pos: Position }
  | { kind: 'completed'; def: SurveyDef }
  | { kind: 'already_done'; def: SurveyDef }
  | { kind: 'already_answered'; pos: Position }
  | { kind: 'ticked'; pos: Position; question: number; ticked: string[] }
  | { kind: 'pick_one'; pos: Position };

const MAX_TEXT = 1000;
const fail = (code: string, key: 'notForYou' | 'textTooLong' | 'textNeeded') => new AppError(code, (l) => tr(surveysMessages, l)[key]);

/** Every function runs in the caller's unit and queries on its handle (`units.q()`). */
export function createAnswering(deps: { units: UnitRunner; config: Config; outbox: Outbox }) {
  const { units, outbox } = deps;
  const tz = deps.config.campus.timezone;

  function late(run: RunRow): AppError {
    const def = runDef(run);
    return new AppError('survey.closed', (l) => tr(surveysMessages, l).late({ title: pick(def.title, l), closed: formatDateTime(run.closedAt ?? run.closesAt, tz, l) }));
  }

  /** Where the member stands in an open run they were invited to; throws when closed or not theirs. */
  async function load(memberId: number, runId: number, now: Date): Promise<{ pos: Position; token: string; responded: boolean; answers: Map<string, AnswerRow> }> {
    const q = units.q();
    const run = await getRun(q, runId);
    if (!run) throw fail('survey.not_yours', 'notForYou');
    if (run.status !== 'open' || now >= run.closesAt) throw late(run);
    const delivery = await getDelivery(q, runId, memberId);
    const token = tokenFor(run, memberId);
    if (!delivery || !token) throw fail('survey.not_yours', 'notForYou');
    const def = runDef(run);
    const answers = new Map((await answersOf(q, token)).map((a) => [a.questionId, a]));
    const open = def.questions.findIndex((x) => !answers.get(x.id)?.final);
    const drafts = new Map([...answers.values()].filter((a) => !a.final).map((a) => [a.questionId, JSON.parse(a.value ?? '[]') as string[]]));
    return { pos: { run, def, index: open === -1 ? def.questions.length : open, drafts }, token, responded: delivery.responded, answers };
  }

  /** The member's next question of `runId` (the "continue" and "send it to me" buttons). */
  async function current(memberId: number, runId: number, now: Date): Promise<Step> {
    const s = await load(memberId, runId, now);
    await outbox.confirmDelivered(inviteKey(runId, memberId), now);
    return s.responded ? { kind: 'already_done', def: s.pos.def } : { kind: 'question', pos: s.pos };
  }

  /** The oldest open run still waiting for the member, or undefined. */
  async function waiting(memberId: number, now: Date): Promise<Step | undefined> {
    const run = (await waitingRuns(units.q(), memberId)).find((r) => now < r.closesAt);
    return run ? current(memberId, run.id, now) : undefined;
  }

  /** Records the final answer `value` (null: skipped) to question `index`, then says what comes next. */
  async function record(memberId: number, runId: number, index: number, value: string | null, now: Date): Promise<Step> {
    const s = await load(memberId, runId, now);
    const q = s.pos.def.questions[index];
    if (!q) throw fail('survey.bad_answer', 'notForYou');
    if (s.responded) return { kind: 'already_done', def: s.pos.def };
    if (s.answers.get(q.id)?.final) return { kind: 'already_answered', pos: s.pos };
    const named = !s.pos.def.anonymous;
    const finished = await units.atomic(async (tx) => {
      await ensureResponse(tx, s.token, runId, named ? memberId : null);
      await saveAnswer(tx, { token: s.token, runId, questionId: q.id, value, final: true });
      const left = s.pos.def.questions.filter((x) => x.id !== q.id && !s.answers.get(x.id)?.final);
      if (left.length) return false;
      await completeResponse(tx, s.token, named ? now : null);
      await markResponded(tx, runId, memberId);
      return true;
    });
    await outbox.confirmDelivered(inviteKey(runId, memberId), now);
    return finished ? { kind: 'completed', def: s.pos.def } : { kind: 'question', pos: (await load(memberId, runId, now)).pos };
  }

  /** A button answer to a rating, NPS or single-choice question, or a skip. */
  async function answer(memberId: number, runId: number, index: number, raw: string, now: Date): Promise<Step> {
    const q = (await load(memberId, runId, now)).pos.def.questions[index];
    if (!q) throw fail('survey.bad_answer', 'notForYou');
    return record(memberId, runId, index, buttonValue(q, raw), now);
  }

  /** Ticks or unticks an option of a multiple-choice question (a draft until "done"). */
  async function toggle(memberId: number, runId: number, index: number, optionId: string, now: Date): Promise<Step> {
    const s = await load(memberId, runId, now);
    const q = s.pos.def.questions[index];
    if (q?.type !== 'multi' || !q.options!.some((o) => o.id === optionId)) throw fail('survey.bad_answer', 'notForYou');
    if (s.responded) return { kind: 'already_done', def: s.pos.def };
    if (s.answers.get(q.id)?.final) return { kind: 'already_answered', pos: s.pos };
    const before = s.pos.drafts.get(q.id) ?? [];
    const ticked = before.includes(optionId) ? before.filter((x) => x !== optionId) : [...before, optionId];
    const ordered = q.options!.map((o) => o.id).filter((id) => ticked.includes(id));
    await units.atomic(async (tx) => {
      await ensureResponse(tx, s.token, runId, s.pos.def.anonymous ? null : memberId);
      await saveAnswer(tx, { token: s.token, runId, questionId: q.id, value: JSON.stringify(ordered), final: false });
    });
    return { kind: 'ticked', pos: s.pos, question: index, ticked: ordered };
  }

  /** "Done" on a multiple-choice question: its ticked options become the answer. */
  async function finishMulti(memberId: number, runId: number, index: number, now: Date): Promise<Step> {
    const s = await load(memberId, runId, now);
    const q = s.pos.def.questions[index];
    if (q?.type !== 'multi') throw fail('survey.bad_answer', 'notForYou');
    const ticked = s.pos.drafts.get(q.id) ?? [];
    if (!ticked.length && !q.optional && !s.answers.get(q.id)?.final && !s.responded) return { kind: 'pick_one', pos: s.pos };
    return record(memberId, runId, index, ticked.length ? JSON.stringify(ticked) : null, now);
  }

  /** A typed answer to a text question. */
  async function text(memberId: number, runId: number, index: number, typed: string, now: Date): Promise<Step> {
    const t = typed.trim();
    if (!t) throw fail('survey.text_needed', 'textNeeded');
    if (t.length > MAX_TEXT) throw fail('survey.text_too_long', 'textTooLong');
    return record(memberId, runId, index, t, now);
  }

  return { current, waiting, answer, toggle, finishMulti, text };
}

/** The stored value of a button answer; throws on anything our buttons never send. */
function buttonValue(q: Question, raw: string): string | null {
  if (raw === SKIP && q.optional) return null;
  const n = /^\d{1,2}$/.test(raw) ? Number(raw) : NaN;
  if (q.type === 'rating' && n >= 1 && n <= 5) return String(n);
  if (q.type === 'nps' && n >= 0 && n <= 10) return String(n);
  if (q.type === 'choice' && q.options!.some((o) => o.id === raw)) return raw;
  throw fail('survey.bad_answer', 'notForYou');
}

export type Answering = ReturnType<typeof createAnswering>;

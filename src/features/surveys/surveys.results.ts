/**
 * Results of a run (for /survey results, /survey export and the digests): reach, response rate,
 * and per question the mean and distribution, NPS, option counts and text answers. Anonymous
 * runs carry no member anywhere in what this returns.
 */
import type { Outbox } from '../../core/outbox.js';
import type { UnitRunner } from '../../core/unit-of-work.js';
import { memberNames } from './surveys.audience.repo.js';
import { getRun, runResponses, type AnswerRow, type RunRow } from './surveys.repo.js';
import type { Question } from './surveys.schema.js';
import { invitePrefix, runDef } from './surveys.service.js';
import { csvLine } from '../../core/csv.js';

type Bilingual = { 'zh-CN': string; en: string };

export interface Reach {
  /** Members the run was for (one delivery each). */
  audience: number;
  /** Invitations the platform accepted. */
  reached: number;
  /** Invitations whose response was lost: they may have arrived. */
  uncertain: number;
  /** No reachable private chat, blocked, or given up on. */
  notReachable: number;
  /** Still being sent. */
  inFlight: number;
}

interface Base { id: string; text: Bilingual; answered: number; skipped: number }
export type QuestionResult =
  | Base & { type: 'rating'; mean: number | null; distribution: number[] }
  | Base & { type: 'nps'; score: number | null; promoters: number; passives: number; detractors: number; distribution: number[] }
  | Base & { type: 'choice' | 'multi'; options: { id: string; text: Bilingual; count: number }[] }
  | Base & { type: 'text'; answers: string[] };

export interface RunResults {
  runId: number;
  surveyId: string;
  title: Bilingual;
  anonymous: boolean;
  status: 'open' | 'closed';
  openedAt: Date;
  closesAt: Date;
  reach: Reach;
  completed: number;
  /** Started but not finished (their answers count in the questions). */
  partial: number;
  /** completed / audience, 0..1. */
  responseRate: number;
  questions: QuestionResult[];
}

/** Reads on the caller's unit's handle, or outside any unit (`units.read`). */
export function createResults(deps: { units: UnitRunner; outbox: Outbox }) {
  const { units } = deps;

  async function reachOf(runId: number): Promise<Reach> {
    const c = await deps.outbox.statusCounts(invitePrefix(runId));
    const n = (k: keyof typeof c) => c[k] ?? 0;
    const reach = { reached: n('sent'), uncertain: n('unknown'), notReachable: n('unreachable') + n('failed'), inFlight: n('pending') + n('sending') };
    return { audience: reach.reached + reach.uncertain + reach.notReachable + reach.inFlight, ...reach };
  }

  /** The results of run `runId` (what the digests call). */
  async function results(runId: number): Promise<RunResults | undefined> {
    return units.read(async (q) => {
      const run = await getRun(q, runId);
      return run ? compute(run, await runResponses(q, run.id), await reachOf(run.id)) : undefined;
    });
  }

  function compute(run: RunRow, responses: Awaited<ReturnType<typeof runResponses>>, reach: Reach): RunResults {
    const def = runDef(run);
    const completed = responses.filter((r) => r.complete).length;
    const answers = responses.flatMap((r) => r.answers);
    return {
      runId: run.id, surveyId: run.surveyId, title: def.title, anonymous: def.anonymous, status: run.status,
      openedAt: run.openedAt, closesAt: run.closesAt, reach, completed, partial: responses.length - completed,
      responseRate: reach.audience ? completed / reach.audience : 0,
      questions: def.questions.map((q) => summarise(q, answers.filter((a) => a.questionId === q.id))),
    };
  }

  /** The answers as CSV: one row per response; a member column only for named surveys. */
  async function csv(runId: number): Promise<string> {
    return units.read(async (q) => {
      const run = (await getRun(q, runId))!;
      const def = runDef(run);
      const header = [...(def.anonymous ? [] : ['member_id', 'member_name']), 'complete', ...def.questions.map((x) => x.id)];
      const responses = await runResponses(q, runId);
      const names = def.anonymous ? new Map<number, string>() : await memberNames(q, responses.flatMap((r) => (r.memberId ? [r.memberId] : [])));
      const rows = responses.map((r) => {
        const by = new Map(r.answers.map((a) => [a.questionId, a.value]));
        const who = def.anonymous ? [] : [String(r.memberId ?? ''), r.memberId ? names.get(r.memberId) ?? '' : ''];
        return [...who, r.complete ? 'yes' : 'no', ...def.questions.map((x) => cell(x, by.get(x.id) ?? null))];
      });
      return [header, ...rows].map(csvLine).join('\n');
    });
  }

  return { results, csv };
}

function summarise(q: Question, rows: AnswerRow[]): QuestionResult {
  const values = rows.map((a) => a.value).filter((v): v is string => v !== null);
  const base = { id: q.id, text: q.text, answered: values.length, skipped: rows.length - values.length };
  switch (q.type) {
    case 'rating': return { ...base, type: 'rating', ...numbers(values, 1, 5) };
    case 'nps': {
      const { distribution } = numbers(values, 0, 10);
      const count = (from: number, to: number) => distribution.slice(from, to + 1).reduce((a, b) => a + b, 0);
      const [promoters, passives, detractors] = [count(9, 10), count(7, 8), count(0, 6)];
      const score = values.length ? Math.round(((promoters - detractors) / values.length) * 100) : null;
      return { ...base, type: 'nps', score, promoters, passives, detractors, distribution };
    }
    case 'choice':
    case 'multi': {
      const chosen = values.flatMap((v) => (q.type === 'multi' ? (JSON.parse(v) as string[]) : [v]));
      return { ...base, type: q.type, options: q.options!.map((o) => ({ id: o.id, text: o.text, count: chosen.filter((c) => c === o.id).length })) };
    }
    case 'text': return { ...base, type: 'text', answers: values };
  }
}

function numbers(values: string[], min: number, max: number): { mean: number | null; distribution: number[] } {
  const ns = values.map(Number);
  const distribution = Array.from({ length: max - min + 1 }, (_, i) => ns.filter((n) => n === min + i).length);
  const mean = ns.length ? Math.round((ns.reduce((a, b) => a + b, 0) / ns.length) * 100) / 100 : null;
  return { mean, distribution };
}

function cell(q: Question, value: string | null): string {
  if (value === null) return '';
  return q.type === 'multi' ? (JSON.parse(value) as string[]).join(';') : value;
}

export type SurveyResults = ReturnType<typeof createResults>;

/**
 * Surveys in a person's own data. /mydata: their named answers and the runs they were invited to.
 * Answers to an anonymous survey carry no member id: once the run closed nothing links them to
 * anyone, so they cannot be found (the file says so). /forgetme: named answers are deleted; in a
 * run still open, their answers (anonymous ones too, found by their token while the key exists)
 * and their invitation go, so nothing is sent to them any more; closed runs keep the invitation
 * of the nameless member, which only counts the run's reach.
 */
import type { PrivacyHooks } from '../../core/feature.js';
import type { Question, SurveyDef } from './surveys.schema.js';
import { deleteDelivery, deleteResponse, invitationsOf, namedResponsesOf, type AnswerRow } from './surveys.repo.js';
import { runDef, tokenFor } from './surveys.service.js';

/** An answer as the person gave it: the option's words for choices, the number or text otherwise. */
function answerOut(q: Question | undefined, a: AnswerRow) {
  const option = (id: string) => (q && 'options' in q ? q.options?.find((o) => o.id === id)?.text ?? id : id);
  const value = a.value === null ? null : q?.type === 'multi' ? (JSON.parse(a.value) as string[]).map(option) : q?.type === 'choice' ? option(a.value) : a.value;
  return { question: q?.text ?? a.questionId, answer: value };
}

const questionOf = (def: SurveyDef, id: string) => def.questions.find((q) => q.id === id);

export const surveysPrivacy: PrivacyHooks = {
  // created_by, started_by: the admin who made a survey or started a run (staff work, a number; admins cannot /forgetme).
  handles: { surveys: ['created_by'], survey_runs: ['started_by'], survey_deliveries: ['member_id'], survey_responses: ['member_id'] },
  exportMine: async (q, memberId) => ({
    surveys: {
      named_answers: (await namedResponsesOf(q, memberId)).map(({ run, response, answers }) => ({
        survey: run.surveyId, run: run.id, title: runDef(run).title, complete: response.complete, completed_at: response.completedAt,
        answers: answers.map((a) => answerOut(questionOf(runDef(run), a.questionId), a)),
      })),
      invitations: (await invitationsOf(q, memberId)).map(({ run, responded }) => ({
        survey: run.surveyId, run: run.id, title: runDef(run).title, anonymous: runDef(run).anonymous, open: run.status === 'open', finished: responded,
      })),
    },
  }),
  async forget(q, memberId) {
    for (const { response } of await namedResponsesOf(q, memberId)) await deleteResponse(q, response.token);
    for (const { run } of await invitationsOf(q, memberId)) {
      if (run.status !== 'open') continue;
      const token = tokenFor(run, memberId);
      if (token) await deleteResponse(q, token);
      await deleteDelivery(q, run.id, memberId);
    }
  },
};

/**
 * Closing a survey run: its key erased and, for an anonymous run, everything that could still tell
 * whose answers are whose removed in the same transaction; the results go to whoever started it.
 */
import type { Q } from '../../db/client.js';
import { deleteFlowsWith } from '../../core/flows.repo.js';
import { rewriteOutboxInIdOrder } from '../../core/outbox.privacy.repo.js';
import { vacuumLater } from '../../core/vacuum.repo.js';
import { pick, tr, type Locale } from '../../core/i18n.js';
import { hexId, shuffle } from '../../core/rng.js';
import { audienceMembers, membersWithIdentities } from './surveys.audience.repo.js';
import { invitePrefix, runDef } from './surveys.keys.js';
import { surveysMessages } from './surveys.messages.js';
import { clearResponded, closeRun, getRun, rekeyResponses, type RunRow } from './surveys.repo.js';
import { resultsText } from './surveys.report.js';
import type { SurveysDeps } from './surveys.service.js';

export function createClosing(deps: Omit<SurveysDeps, 'addJob'>) {
  const { units, config, outbox } = deps;
  const tz = config.campus.timezone;

  /** Closes the run; an anonymous one is sealed in the same transaction (see `seal`). */
  async function close(runId: number, now: Date): Promise<void> {
    await units.run(async (unit) => {
      const run = await getRun(unit.q, runId);
      if (!run) return;
      const anonymous = runDef(run).anonymous;
      const closed = await units.atomic(async (q) => {
        if (!(await closeRun(q, runId, now))) return false;
        if (anonymous) await seal(q, run, now);
        await summarize(q, run, now);
        return true;
      });
      if (!closed) return;
      deps.log.info({ runId }, 'survey run closed');
      const scrub = deps.scrub;
      if (anonymous && scrub) unit.afterCommit(() => void (scrub() || deps.log.warn({ runId }, 'WAL not emptied after sealing a survey run: a reader held it')));
    });
  }

  /**
   * After an anonymous run closed (its key erased), removes what could still tell whose answers
   * are whose: responses get fresh random tokens in a random order, the finished flags are
   * cleared, invitations keep only days, reminders (who had not finished when), what is left of
   * the replies to answers (forgotten once sent, but still timed) and dialogues left at a typed
   * question go.
   * After the commit the store drops earlier versions of its pages (`scrub`: SQLite's WAL;
   * PostgreSQL: the VACUUM task asked for here).
   */
  async function seal(q: Q, run: RunRow, now: Date): Promise<void> {
    const runId = run.id;
    await rekeyResponses(q, runId, (xs) => shuffle(deps.rng, xs), () => hexId(deps.rng, 32).toLowerCase());
    await clearResponded(q, runId);
    await outbox.coarsen(q, invitePrefix(runId));
    await rewriteOutboxInIdOrder(q, invitePrefix(runId)); // after coarsen: not in the order members pressed "answer"
    await outbox.dropForgotten(q, run.openedAt);
    await outbox.forget(q, `survey:${runId}:remind:`);
    await outbox.forget(q, `survey:${runId}:check:`);
    await deleteFlowsWith(q, 'surveys', 'runId', runId);
    await vacuumLater(q, ['surveyRuns', 'surveyResponses', 'surveyAnswers', 'surveyDeliveries', 'outbox', 'conversations'], now);
  }

  /**
   * The closed run's results go to whoever started it, in their language; a scheduled run's to the
   * management chat, or to every admin when none is bound. Written after sealing: the text holds
   * only what /survey results shows.
   */
  async function summarize(q: Q, run: RunRow, now: Date): Promise<void> {
    const r = await deps.results.results(run.id);
    if (!r) return;
    const render = (l: Locale) => ({ text: `${tr(surveysMessages, l).runClosed({ title: pick(r.title, l), run: run.id })}\n${resultsText(r, tz, l, { texts: false })}` });
    const msg = { kind: 'survey.summary', key: `survey:${run.id}:summary`, render, meta: { runId: run.id } };
    const starter = /^member:(\d+)$/.exec(run.startedBy ?? '');
    if (starter) return void (await outbox.toMember(q, { ...msg, memberId: Number(starter[1]) }, now));
    if ((await outbox.toBound(q, { ...msg, binding: 'management', scope: null }, now)).length) return;
    const admins = await audienceMembers(q, { kind: 'role', value: 'admin' }, await membersWithIdentities(q, config.admins));
    for (const id of admins) await outbox.toMember(q, { ...msg, key: `${msg.key}:m${id}`, memberId: id }, now);
  }

  return { close };
}

/**
 * Survey runs: starting one (idempotent: at most one open run per survey, one delivery per
 * member), invitations and reminders through the outbox, closing, and the definitions in use.
 */
import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import type { Q } from '../../db/client.js';
import { writeAudit } from '../../core/audit.repo.js';
import { AppError } from '../../core/errors.js';
import type { CronJob } from '../../core/feature.js';
import { pick, tr, type Locale } from '../../core/i18n.js';
import type { Outbox } from '../../core/outbox.js';
import { hexId, shuffle, type Rng } from '../../core/rng.js';
import { deleteFlowsWith } from '../../core/flows.repo.js';
import type { UnitRunner } from '../../core/unit-of-work.js';
import { scheduleTask } from '../../core/tasks.repo.js';
import { parseDuration } from '../../core/time.js';
import { groupInviteOut, inviteOut, reminderOut, unknownCheckOut } from './surveys.render.js';
import {
  audienceMembers, clearResponded, unreachableAmong, deliveriesOf, rekeyResponses, getRun, groupsOfMembers, insertDelivery, insertRun, latestRunOf, membersWithIdentities,
  openRunOf, closeRun, saveSurvey, storedSurveys, type RunRow,
} from './surveys.repo.js';
import { surveysMessages } from './surveys.messages.js';
import { resultsText } from './surveys.report.js';
import type { SurveyResults } from './surveys.results.js';
import { checkSurvey, parseAudience, type Audience, type SurveyDef } from './surveys.schema.js';

export interface SurveysDeps {
  /** Every function runs in the caller's unit (or a unit of its own) and queries on its handle. */
  units: UnitRunner;
  config: Config;
  rng: Rng;
  log: Logger;
  outbox: Outbox;
  /** A run's results (for the summary sent when it closes). */
  results: Pick<SurveyResults, 'results'>;
  /** Registers a cron job after start (a scheduled survey an admin created). */
  addJob(job: CronJob): Promise<void>;
  /**
   * After a sealed anonymous run committed: makes the store drop the earlier versions of what it
   * rewrote (SQLite: empties the WAL); false when a reader held that back.
   */
  scrub?(): boolean;
}

export interface StartResult {
  run: RunRow;
  def: SurveyDef;
  /** False when a run of this survey was already open (nothing was sent twice). */
  created: boolean;
  /** Deliveries added now, and how many of them found no reachable private chat. */
  invited: number;
  unreachable: number;
}

/** Outbox keys: `survey:<run>:invite:<member>`, so `survey:<run>:invite:` counts a run's invitations. */
export const inviteKey = (runId: number, memberId: number) => `survey:${runId}:invite:${memberId}`;
export const invitePrefix = (runId: number) => `survey:${runId}:invite:`;
export const runDef = (run: RunRow) => run.definition as unknown as SurveyDef;

/** The response token of a member in an open run; undefined once the run closed and its key is gone. */
export function tokenFor(run: RunRow, memberId: number): string | undefined {
  return run.tokenKey ? createHash('sha256').update(`${run.tokenKey}:${memberId}`).digest('hex').slice(0, 32) : undefined;
}

export const unknownSurvey = (id: string, known: string) =>
  new AppError('survey.unknown', (l) => tr(surveysMessages, l).unknownSurvey({ id, known }));

export function createSurveysService(deps: SurveysDeps) {
  const { units, config, outbox } = deps;
  const tz = config.campus.timezone;

  async function definitions(): Promise<SurveyDef[]> {
    return [...config.surveys, ...(await units.read((q) => storedSurveys(q)))];
  }

  async function find(id: string): Promise<SurveyDef> {
    const defs = await definitions();
    const def = defs.find((d) => d.id === id.trim());
    if (!def) throw unknownSurvey(id, defs.map((d) => d.id).join(', '));
    return def;
  }

  /**
   * What `/survey send` would do now: the open run it would top up (if any), how many members it
   * would invite (those of the audience without a delivery of that run) and how many of them
   * cannot be written to privately.
   */
  async function preview(surveyId: string): Promise<{ def: SurveyDef; open: RunRow | undefined; newcomers: number; unreachable: number }> {
    const def = await find(surveyId);
    return units.read(async (q) => {
      const open = await openRunOf(q, def.id);
      const delivered = new Set(open ? (await deliveriesOf(q, open.id)).map((d) => d.memberId) : []);
      const audience = parseAudience(open ? runDef(open).audience : def.audience)!;
      const newcomers = (await audienceMembers(q, audience, await membersWithIdentities(q, config.admins))).filter((id) => !delivered.has(id));
      return { def, open, newcomers: newcomers.length, unreachable: await unreachableAmong(q, newcomers) };
    });
  }

  /** Starts a run of `surveyId`, or tops up the open one with members who joined the audience since. */
  async function start(surveyId: string, startedBy: number | null, now: Date): Promise<StartResult> {
    const def = await find(surveyId);
    return units.atomic(async (q) => {
      const open = await openRunOf(q, def.id);
      const run = open ?? await newRun(q, def, startedBy === null ? 'schedule' : `member:${startedBy}`, now);
      const r = await invite(q, run, now);
      if (startedBy !== null) writeAudit(q, { actorMemberId: startedBy, action: 'survey.send', target: `survey:${def.id}`, detail: { run: run.id, invited: r.invited } }, now);
      return { run, def: runDef(run), created: !open, ...r };
    });
  }

  async function newRun(q: Q, def: SurveyDef, startedBy: string, now: Date): Promise<RunRow> {
    const closesAt = new Date(now.getTime() + parseDuration(def.open_for)!);
    const run = await insertRun(q, {
      surveyId: def.id, definition: def as unknown as Record<string, unknown>, startedBy,
      openedAt: now, closesAt, tokenKey: hexId(deps.rng, 32),
    });
    scheduleTask(q, 'surveys.close', closesAt, { runId: run.id }, now, `survey-close:${run.id}`);
    // A reminder is stale once the next one (or the close) is due: after downtime only the last one still due goes out.
    const times = reminderTimes(def, now, closesAt);
    times.forEach((at, n) => scheduleTask(q, 'surveys.remind', at, { runId: run.id, n }, now, `survey-remind:${run.id}:${n}`, times[n + 1] ?? closesAt));
    return run;
  }

  async function invite(q: Q, run: RunRow, now: Date): Promise<{ invited: number; unreachable: number }> {
    const def = runDef(run);
    const adminIds = await membersWithIdentities(q, config.admins);
    const unreachable: number[] = [];
    let invited = 0;
    for (const memberId of await audienceMembers(q, parseAudience(def.audience)!, adminIds)) {
      if (!(await insertDelivery(q, run.id, memberId))) continue;
      invited++;
      const { row } = outbox.toMember(q, {
        kind: 'survey.invite', key: inviteKey(run.id, memberId), memberId, meta: { runId: run.id },
        render: (l) => inviteOut(def, run.id, run.closesAt, tz, l),
      }, now);
      if (row.status === 'unreachable') unreachable.push(memberId);
    }
    for (const group of await groupsOfMembers(q, unreachable)) {
      outbox.toBound(q, { kind: 'survey.group_invite', key: `survey:${run.id}:group:${group}`, binding: 'class', scope: group, render: (l) => groupInviteOut(def, l) }, now);
    }
    return { invited, unreachable: unreachable.length };
  }

  /**
   * Reminds those who have not finished: a plain reminder when the invitation arrived, and
   * "did you receive it?" with a button that delivers it when its delivery is `unknown`.
   * Unreachable members get nothing (the group announcement is for them); pending ones are in flight.
   */
  async function remind(runId: number, n: number, now: Date): Promise<void> {
    const run = await units.read((q) => getRun(q, runId));
    if (!run || run.status !== 'open') return;
    const def = runDef(run);
    await units.atomic(async (q) => {
      for (const d of await deliveriesOf(q, runId)) {
        if (d.responded) continue;
        const status = outbox.byKey(inviteKey(runId, d.memberId))?.status;
        const base = { memberId: d.memberId, meta: { runId, n } };
        if (status === 'sent') outbox.toMember(q, { ...base, kind: 'survey.reminder', key: `survey:${runId}:remind:${n}:${d.memberId}`, render: (l) => reminderOut(def, runId, run.closesAt, tz, l) }, now);
        if (status === 'unknown') outbox.toMember(q, { ...base, kind: 'survey.check', key: `survey:${runId}:check:${n}:${d.memberId}`, render: (l) => unknownCheckOut(def, runId, l) }, now);
      }
    });
  }

  /** Closes the run; an anonymous one is sealed in the same transaction (see `seal`). */
  async function close(runId: number, now: Date): Promise<void> {
    await units.run(async (unit) => {
      const run = await getRun(unit.q, runId);
      if (!run) return;
      const anonymous = runDef(run).anonymous;
      const closed = await units.atomic(async (q) => {
        if (!(await closeRun(q, runId, now))) return false;
        if (anonymous) await seal(q, run);
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
   * After the commit the store drops earlier versions of its pages (`scrub`: SQLite's WAL).
   */
  async function seal(q: Q, run: RunRow): Promise<void> {
    const runId = run.id;
    await rekeyResponses(q, runId, (xs) => shuffle(deps.rng, xs), () => hexId(deps.rng, 32).toLowerCase());
    await clearResponded(q, runId);
    outbox.coarsen(q, invitePrefix(runId));
    outbox.dropForgotten(q, run.openedAt);
    outbox.forget(q, `survey:${runId}:remind:`);
    outbox.forget(q, `survey:${runId}:check:`);
    await deleteFlowsWith(q, 'surveys', 'runId', runId);
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
    if (starter) return void outbox.toMember(q, { ...msg, memberId: Number(starter[1]) }, now);
    if (outbox.toBound(q, { ...msg, binding: 'management', scope: null }, now).length) return;
    const admins = await audienceMembers(q, { kind: 'role', value: 'admin' }, await membersWithIdentities(q, config.admins));
    for (const id of admins) outbox.toMember(q, { ...msg, key: `${msg.key}:m${id}`, memberId: id }, now);
  }

  /** Stores a survey an admin defined; a scheduled one starts firing at once. */
  async function create(raw: unknown, memberId: number, now: Date): Promise<SurveyDef> {
    const checked = checkSurvey(raw);
    if ('problems' in checked) throw new AppError('survey.invalid', (l) => tr(surveysMessages, l).createInvalid({ problems: checked.problems.join('\n') }));
    const def = checked.survey;
    if ((await definitions()).some((d) => d.id === def.id)) throw new AppError('survey.exists', (l) => tr(surveysMessages, l).exists({ id: def.id }));
    await units.atomic(async (q) => {
      await saveSurvey(q, def, memberId, now);
      writeAudit(q, { actorMemberId: memberId, action: 'survey.create', target: `survey:${def.id}` }, now);
    });
    if (def.schedule) await deps.addJob(jobOf(def));
    return def;
  }

  function jobOf(def: SurveyDef): CronJob {
    return { name: `survey:${def.id}`, cron: def.schedule!, run: async (now) => void (await start(def.id, null, now)) };
  }

  /** A run by "#12" or the latest run of a survey id. */
  async function resolveRun(arg: string): Promise<RunRow> {
    const byId = /^#?(\d+)$/.exec(arg.trim());
    const run = await units.read((q) => (byId ? getRun(q, Number(byId[1])) : latestRunOf(q, arg.trim())));
    if (!run && !byId) await find(arg); // names the known surveys when the id is wrong
    if (!run) throw new AppError('survey.no_runs', (l) => tr(surveysMessages, l).noRuns({ id: arg.trim() }));
    return run;
  }

  return {
    definitions,
    find,
    preview,
    start,
    remind,
    close,
    create,
    resolveRun,
    latestRun: (surveyId: string) => units.read((q) => latestRunOf(q, surveyId)),
    /** The members of an audience (announcements reach the survey audiences too). */
    audienceOf: (audience: Audience) => units.read(async (q) => audienceMembers(q, audience, await membersWithIdentities(q, config.admins))),
    /** Cron jobs of the scheduled surveys of the config. */
    jobs: () => config.surveys.filter((d) => d.schedule).map(jobOf),
    /** Cron jobs of the scheduled surveys admins created (rows: read when the scheduler first needs its jobs). */
    storedJobs: async () => (await units.read((q) => storedSurveys(q))).filter((d) => d.schedule).map(jobOf),
  };
}

/** When reminders go out: `after` opening and `before_close`, inside the window, each time once. */
export function reminderTimes(def: SurveyDef, openedAt: Date, closesAt: Date): Date[] {
  const times = [
    ...def.reminders.after.map((d) => openedAt.getTime() + parseDuration(d)!),
    ...def.reminders.before_close.map((d) => closesAt.getTime() - parseDuration(d)!),
  ].filter((t) => t > openedAt.getTime() && t < closesAt.getTime());
  return [...new Set(times)].sort((a, b) => a - b).map((t) => new Date(t));
}

export type SurveysService = ReturnType<typeof createSurveysService>;

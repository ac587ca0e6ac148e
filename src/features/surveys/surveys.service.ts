/**
 * Survey runs: starting one (idempotent: at most one open run per survey, one delivery per
 * member), invitations and reminders through the outbox, closing, and the definitions in use.
 */
import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import { truncateWal, type Db, type Q } from '../../db/client.js';
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
  db: Db;
  config: Config;
  rng: Rng;
  log: Logger;
  outbox: Outbox;
  units: UnitRunner;
  /** A run's results (for the summary sent when it closes). */
  results: Pick<SurveyResults, 'results'>;
  /** Registers a cron job after start (a scheduled survey an admin created). */
  addJob(job: CronJob): Promise<void>;
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
  const { db, config, outbox } = deps;
  const tz = config.campus.timezone;

  function definitions(): SurveyDef[] {
    return [...config.surveys, ...storedSurveys(db)];
  }

  function find(id: string): SurveyDef {
    const def = definitions().find((d) => d.id === id.trim());
    if (!def) throw unknownSurvey(id, definitions().map((d) => d.id).join(', '));
    return def;
  }

  /**
   * What `/survey send` would do now: the open run it would top up (if any), how many members it
   * would invite (those of the audience without a delivery of that run) and how many of them
   * cannot be written to privately.
   */
  function preview(surveyId: string): { def: SurveyDef; open: RunRow | undefined; newcomers: number; unreachable: number } {
    const def = find(surveyId);
    const open = openRunOf(db, def.id);
    const delivered = new Set(open ? deliveriesOf(db, open.id).map((d) => d.memberId) : []);
    const audience = parseAudience(open ? runDef(open).audience : def.audience)!;
    const newcomers = audienceMembers(db, audience, membersWithIdentities(db, config.admins)).filter((id) => !delivered.has(id));
    return { def, open, newcomers: newcomers.length, unreachable: unreachableAmong(db, newcomers) };
  }

  /** Starts a run of `surveyId`, or tops up the open one with members who joined the audience since. */
  function start(surveyId: string, startedBy: number | null, now: Date): StartResult {
    const def = find(surveyId);
    return db.transaction((tx) => {
      const open = openRunOf(tx, def.id);
      const run = open ?? newRun(tx, def, startedBy === null ? 'schedule' : `member:${startedBy}`, now);
      const r = invite(tx, run, now);
      if (startedBy !== null) writeAudit(tx, { actorMemberId: startedBy, action: 'survey.send', target: `survey:${def.id}`, detail: { run: run.id, invited: r.invited } }, now);
      return { run, def: runDef(run), created: !open, ...r };
    });
  }

  function newRun(tx: Q, def: SurveyDef, startedBy: string, now: Date): RunRow {
    const closesAt = new Date(now.getTime() + parseDuration(def.open_for)!);
    const run = insertRun(tx, {
      surveyId: def.id, definition: def as unknown as Record<string, unknown>, startedBy,
      openedAt: now, closesAt, tokenKey: hexId(deps.rng, 32),
    });
    scheduleTask(tx, 'surveys.close', closesAt, { runId: run.id }, now, `survey-close:${run.id}`);
    // A reminder is stale once the next one (or the close) is due: after downtime only the last one still due goes out.
    const times = reminderTimes(def, now, closesAt);
    times.forEach((at, n) => scheduleTask(tx, 'surveys.remind', at, { runId: run.id, n }, now, `survey-remind:${run.id}:${n}`, times[n + 1] ?? closesAt));
    return run;
  }

  function invite(tx: Q, run: RunRow, now: Date): { invited: number; unreachable: number } {
    const def = runDef(run);
    const adminIds = membersWithIdentities(tx, config.admins);
    const unreachable: number[] = [];
    let invited = 0;
    for (const memberId of audienceMembers(tx, parseAudience(def.audience)!, adminIds)) {
      if (!insertDelivery(db, run.id, memberId)) continue; // db: the same connection, inside tx
      invited++;
      const { row } = outbox.toMember(tx, {
        kind: 'survey.invite', key: inviteKey(run.id, memberId), memberId, meta: { runId: run.id },
        render: (l) => inviteOut(def, run.id, run.closesAt, tz, l),
      }, now);
      if (row.status === 'unreachable') unreachable.push(memberId);
    }
    for (const group of groupsOfMembers(tx, unreachable)) {
      outbox.toBound(tx, { kind: 'survey.group_invite', key: `survey:${run.id}:group:${group}`, binding: 'class', scope: group, render: (l) => groupInviteOut(def, l) }, now);
    }
    return { invited, unreachable: unreachable.length };
  }

  /**
   * Reminds those who have not finished: a plain reminder when the invitation arrived, and
   * "did you receive it?" with a button that delivers it when its delivery is `unknown`.
   * Unreachable members get nothing (the group announcement is for them); pending ones are in flight.
   */
  function remind(runId: number, n: number, now: Date): void {
    const run = getRun(db, runId);
    if (!run || run.status !== 'open') return;
    const def = runDef(run);
    db.transaction((tx) => {
      for (const d of deliveriesOf(tx, runId)) {
        if (d.responded) continue;
        const status = outbox.byKey(inviteKey(runId, d.memberId))?.status;
        const base = { memberId: d.memberId, meta: { runId, n } };
        if (status === 'sent') outbox.toMember(tx, { ...base, kind: 'survey.reminder', key: `survey:${runId}:remind:${n}:${d.memberId}`, render: (l) => reminderOut(def, runId, run.closesAt, tz, l) }, now);
        if (status === 'unknown') outbox.toMember(tx, { ...base, kind: 'survey.check', key: `survey:${runId}:check:${n}:${d.memberId}`, render: (l) => unknownCheckOut(def, runId, l) }, now);
      }
    });
  }

  /** Closes the run; an anonymous one is sealed in the same transaction (see `seal`). */
  async function close(runId: number, now: Date): Promise<void> {
    await deps.units.run((unit) => {
      const run = getRun(db, runId);
      const anonymous = !!run && runDef(run).anonymous;
      const closed = db.transaction((tx) => closeRun(tx, runId, now) && (!anonymous || seal(tx, run)) && summarize(tx, run!, now));
      if (!closed) return;
      deps.log.info({ runId }, 'survey run closed');
      if (anonymous) unit.afterCommit(() => void (truncateWal(db) || deps.log.warn({ runId }, 'WAL not emptied after sealing a survey run: a reader held it')));
    });
  }

  /**
   * After an anonymous run closed (its key erased), removes what could still tell whose answers
   * are whose: responses get fresh random tokens in a random order, the finished flags are
   * cleared, invitations keep only days, reminders (who had not finished when), what is left of
   * the replies to answers (forgotten once sent, but still timed) and dialogues left at a typed
   * question go.
   * After the commit the WAL is emptied, so no earlier page version stays in the files.
   */
  function seal(tx: Q, run: RunRow): true {
    const runId = run.id;
    rekeyResponses(tx, runId, (xs) => shuffle(deps.rng, xs), () => hexId(deps.rng, 32).toLowerCase());
    clearResponded(tx, runId);
    outbox.coarsen(tx, invitePrefix(runId));
    outbox.dropForgotten(tx, run.openedAt);
    outbox.forget(tx, `survey:${runId}:remind:`);
    outbox.forget(tx, `survey:${runId}:check:`);
    deleteFlowsWith(tx, 'surveys', 'runId', runId);
    return true;
  }

  /**
   * The closed run's results go to whoever started it, in their language; a scheduled run's to the
   * management chat, or to every admin when none is bound. Written after sealing: the text holds
   * only what /survey results shows.
   */
  function summarize(tx: Q, run: RunRow, now: Date): true {
    const r = deps.results.results(run.id);
    if (!r) return true;
    const render = (l: Locale) => ({ text: `${tr(surveysMessages, l).runClosed({ title: pick(r.title, l), run: run.id })}\n${resultsText(r, tz, l, { texts: false })}` });
    const msg = { kind: 'survey.summary', key: `survey:${run.id}:summary`, render, meta: { runId: run.id } };
    const starter = /^member:(\d+)$/.exec(run.startedBy ?? '');
    if (starter) return outbox.toMember(tx, { ...msg, memberId: Number(starter[1]) }, now), true;
    if (outbox.toBound(tx, { ...msg, binding: 'management', scope: null }, now).length) return true;
    const admins = audienceMembers(tx, { kind: 'role', value: 'admin' }, membersWithIdentities(tx, config.admins));
    for (const id of admins) outbox.toMember(tx, { ...msg, key: `${msg.key}:m${id}`, memberId: id }, now);
    return true;
  }

  /** Stores a survey an admin defined; a scheduled one starts firing at once. */
  async function create(raw: unknown, memberId: number, now: Date): Promise<SurveyDef> {
    const checked = checkSurvey(raw);
    if ('problems' in checked) throw new AppError('survey.invalid', (l) => tr(surveysMessages, l).createInvalid({ problems: checked.problems.join('\n') }));
    const def = checked.survey;
    if (definitions().some((d) => d.id === def.id)) throw new AppError('survey.exists', (l) => tr(surveysMessages, l).exists({ id: def.id }));
    db.transaction((tx) => {
      saveSurvey(tx, def, memberId, now);
      writeAudit(tx, { actorMemberId: memberId, action: 'survey.create', target: `survey:${def.id}` }, now);
    });
    if (def.schedule) await deps.addJob(jobOf(def));
    return def;
  }

  function jobOf(def: SurveyDef): CronJob {
    return { name: `survey:${def.id}`, cron: def.schedule!, run: async (now) => void start(def.id, null, now) };
  }

  /** A run by "#12" or the latest run of a survey id. */
  function resolveRun(arg: string): RunRow {
    const byId = /^#?(\d+)$/.exec(arg.trim());
    const run = byId ? getRun(db, Number(byId[1])) : latestRunOf(db, arg.trim());
    if (!run && !byId) find(arg); // names the known surveys when the id is wrong
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
    latestRun: (surveyId: string) => latestRunOf(db, surveyId),
    /** The members of an audience (announcements reach the survey audiences too). */
    audienceOf: (audience: Audience) => audienceMembers(db, audience, membersWithIdentities(db, config.admins)),
    /** Cron jobs of every scheduled survey known at start. */
    jobs: () => definitions().filter((d) => d.schedule).map(jobOf),
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

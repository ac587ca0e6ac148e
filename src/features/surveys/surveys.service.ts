/**
 * Survey runs: starting one (idempotent: at most one open run per survey, one delivery per
 * member), invitations and reminders through the outbox, closing (surveys.close.ts), and the
 * definitions in use.
 */
import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import type { Q } from '../../db/client.js';
import { writeAudit } from '../../core/audit.repo.js';
import { AppError } from '../../core/errors.js';
import type { CronJob } from '../../core/feature.js';
import { tr } from '../../core/i18n.js';
import type { Outbox } from '../../core/outbox.js';
import { hexId, type Rng } from '../../core/rng.js';
import type { UnitRunner } from '../../core/unit-of-work.js';
import { scheduleTask } from '../../core/tasks.repo.js';
import { parseDuration } from '../../core/time.js';
import { audienceMembers, groupsOfMembers, membersWithIdentities, unreachableAmong } from './surveys.audience.repo.js';
import { createClosing } from './surveys.close.js';
import { inviteKey, runDef } from './surveys.keys.js';
import { groupInviteOut, inviteOut, reminderOut, unknownCheckOut } from './surveys.render.js';
import { deliveriesOf, getRun, insertDelivery, insertRun, latestRunOf, openRunOf, saveSurvey, storedSurveys, type RunRow } from './surveys.repo.js';
import { surveysMessages } from './surveys.messages.js';
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

export { inviteKey, invitePrefix, runDef, tokenFor } from './surveys.keys.js';

export const unknownSurvey = (id: string, known: string) =>
  new AppError('survey.unknown', (l) => tr(surveysMessages, l).unknownSurvey({ id, known }));

export function createSurveysService(deps: SurveysDeps) {
  const { units, config, outbox } = deps;
  const tz = config.campus.timezone;
  const { close } = createClosing(deps);

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
      if (startedBy !== null) await writeAudit(q, { actorMemberId: startedBy, action: 'survey.send', target: `survey:${def.id}`, detail: { run: run.id, invited: r.invited } }, now);
      return { run, def: runDef(run), created: !open, ...r };
    });
  }

  async function newRun(q: Q, def: SurveyDef, startedBy: string, now: Date): Promise<RunRow> {
    const closesAt = new Date(now.getTime() + parseDuration(def.open_for)!);
    const run = await insertRun(q, {
      surveyId: def.id, definition: def as unknown as Record<string, unknown>, startedBy,
      openedAt: now, closesAt, tokenKey: hexId(deps.rng, 32),
    });
    await scheduleTask(q, 'surveys.close', closesAt, { runId: run.id }, now, `survey-close:${run.id}`);
    // A reminder is stale once the next one (or the close) is due: after downtime only the last one still due goes out.
    const times = reminderTimes(def, now, closesAt);
    for (const [n, at] of times.entries()) await scheduleTask(q, 'surveys.remind', at, { runId: run.id, n }, now, `survey-remind:${run.id}:${n}`, times[n + 1] ?? closesAt);
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
      const { row } = await outbox.toMember(q, {
        kind: 'survey.invite', key: inviteKey(run.id, memberId), memberId, meta: { runId: run.id },
        render: (l) => inviteOut(def, run.id, run.closesAt, tz, l),
      }, now);
      if (row.status === 'unreachable') unreachable.push(memberId);
    }
    for (const group of await groupsOfMembers(q, unreachable)) {
      await outbox.toBound(q, { kind: 'survey.group_invite', key: `survey:${run.id}:group:${group}`, binding: 'class', scope: group, render: (l) => groupInviteOut(def, l) }, now);
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
        const status = (await outbox.byKey(inviteKey(runId, d.memberId)))?.status;
        const base = { memberId: d.memberId, meta: { runId, n } };
        if (status === 'sent') await outbox.toMember(q, { ...base, kind: 'survey.reminder', key: `survey:${runId}:remind:${n}:${d.memberId}`, render: (l) => reminderOut(def, runId, run.closesAt, tz, l) }, now);
        if (status === 'unknown') await outbox.toMember(q, { ...base, kind: 'survey.check', key: `survey:${runId}:check:${n}:${d.memberId}`, render: (l) => unknownCheckOut(def, runId, l) }, now);
      }
    });
  }

  /** Stores a survey an admin defined; a scheduled one starts firing at once. */
  async function create(raw: unknown, memberId: number, now: Date): Promise<SurveyDef> {
    const checked = checkSurvey(raw);
    if ('problems' in checked) throw new AppError('survey.invalid', (l) => tr(surveysMessages, l).createInvalid({ problems: checked.problems.join('\n') }));
    const def = checked.survey;
    if ((await definitions()).some((d) => d.id === def.id)) throw new AppError('survey.exists', (l) => tr(surveysMessages, l).exists({ id: def.id }));
    await units.atomic(async (q) => {
      await saveSurvey(q, def, memberId, now);
      await writeAudit(q, { actorMemberId: memberId, action: 'survey.create', target: `survey:${def.id}` }, now);
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

/**
 * Counselling cases: crisis first (every addressed message is checked before anything else), the
 * student's anonymous conversation with the counselling centre (/talk), the counsellors' work on
 * it, alerts that escalate along the duty rota until someone is on it, and break-glass. Cases are
 * not tickets: never rejected, rated or closed for silence.
 */
import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import type { Clock } from '../../core/clock.js';
import type { Ctx, Feature, Understanding } from '../../core/feature.js';
import type { Messenger } from '../../core/messenger.js';
import type { RelayFlowDeps } from '../../core/relay-flow.js';
import type { Rng } from '../../core/rng.js';
import type { Receipts } from '../../core/receipts.js';
import type { UnitRunner } from '../../core/unit-of-work.js';
import type { Sealer } from '../../core/sealing.js';
import type { Holders } from '../access/access.service.js';
import type { MembersService } from '../members/members.service.js';
import { createAlerts, ESCALATE } from './cases.alerts.js';
import { createBreakGlass } from './cases.breakglass.js';
import { crisisTriggers, type Signal } from './cases.crisis.js';
import { casesDigestSection } from './cases.digest.js';
import { createCaseNotifier } from './cases.notify.js';
import { mergeCaseRows } from './cases.repo.js';
import { createCaseService } from './cases.service.js';
import { staffTriggers } from './cases.staff.js';
import { talkTriggers } from './cases.talk.js';
import { caseReceipts } from './cases.receipts.js';
import { rekeyJob } from './cases.rekey.js';
import { casePrivacy } from './cases.privacy.js';
import { tr } from '../../core/i18n.js';
import { caseMessages } from './cases.messages.js';
import { heldIn, keptDrafts } from './cases.drafts.js';
import type { Drafts } from '../tickets/intake.flow.js';

export type { Signal } from './cases.crisis.js';

export interface CasesDeps extends RelayFlowDeps {
  /** Every function runs in the caller's unit and queries on its handle (`units.q()`). */
  units: UnitRunner;
  config: Config;
  clock: Clock;
  rng: Rng;
  log: Logger;
  sealer: Sealer;
  messenger: Messenger;
  members: MembersService;
  holders: Holders;
  /** Whose risk a text speaks of (the understanding layer): the sender's, a friend's, danger to people, wellbeing. */
  signalOf: (text: string, chat: 'private' | 'group', now: Date) => Signal | undefined;
  /** An unfinished intake (a repair being described) is kept across the crisis answer, to be taken up again. */
  drafts: Drafts;
  /** What the sender of a relay hears about it (core/receipts.ts). */
  receipts: Receipts;
}

export function casesFeature(deps: CasesDeps) {
  const notify = createCaseNotifier(deps);
  const cases = createCaseService({ ...deps, notify });
  const alerts = createAlerts({ ...deps, notify, cases });
  const breakGlass = createBreakGlass({ ...deps, notify, cases });
  const receipts = caseReceipts({ units: deps.units, notify, receipts: deps.receipts });
  const drafts = keptDrafts(deps.drafts);
  const crisis = crisisTriggers({ ...deps, cases, alerts, receipts, drafts });
  const talk = talkTriggers({ ...deps, cases, notify, receipts, drafts });
  const staff = staffTriggers({ ...deps, cases, alerts, breakGlass, notify, receipts });
  const signal = (ctx: Ctx) => deps.signalOf(ctx.msg.text, ctx.chat.kind, ctx.now);

  const feature: Feature = {
    name: 'cases',
    commands: [
      {
        name: 'talk', answers: 'private', summary: (l) => tr(caseMessages, l).talkSummary, run: talk.talk,
        // "/talk end" is no one's state; "/talk 我不想活了" is the student's own words, read by the crisis check.
        words: (ctx) => (/^\/talk(@\S+)?\s+(end|stop|结束|停止)\s*$/iu.test(ctx.msg.text.trim()) ? 'work' : 'own'),
      },
      ...staff.commands,
    ],
    buttons: { ...talk.buttons, ...staff.buttons, ...drafts.buttons },
    flows: {
      ...talk.flows,
      ...staff.flows,
      // Only listens: anything the student writes next is routed as usual, or answers the intake it kept.
      offer: async (ctx, f) => {
        await ctx.flow.end();
        const held = heldIn(f.data);
        if (!held || !(await deps.drafts.resume(ctx, held, ctx.msg.text))) return 'pass';
      },
    },
    flowWords: staff.flowWords,
    intents: {
      'support.anonymous': async (ctx) => crisis.support(ctx, signal(ctx)),
      // A crisis the interceptor did not see (it reads only the sender's own words) is answered the same way.
      crisis: async (ctx: Ctx, u: Understanding) => {
        if (!(await crisis.answer(ctx, signal(ctx), ctx.msg.text))) await crisis.self(ctx, u.crisis === 'high' ? 'high' : 'medium', ctx.msg.text);
      },
    },
    suggest: { ticket: staff.suggestCase },
    tasks: { [ESCALATE]: alerts.escalate },
    jobs: [rekeyJob(deps)],
    sent: { relay: notify.relaySent, ...receipts.sent },
    failed: receipts.failed,
    onMerge: mergeCaseRows,
    privacy: casePrivacy(deps),
  };
  /**
   * Runs before every other feature (first in the app's list): a counsellor's reply to a relayed
   * message is their work, taken before the crisis check reads it; then the crisis check.
   */
  const first: Feature = { name: 'crisis-check', interceptors: [staff.replyToRelayed, crisis.intercept] };
  return {
    first,
    feature,
    /** The management digest's lines about crisis alerts. */
    digest: casesDigestSection({ config: deps.config, nameOf: notify.nameOf }),
    /** "I want to book counselling": the counsellor now, anonymously (bookings come later). */
    offerCounsellor: (ctx: Ctx) => crisis.offer(ctx, tr(caseMessages, ctx.locale).bookingNow({ resources: crisis.resources(ctx.locale) }), ctx.msg.text),
    cases,
  };
}

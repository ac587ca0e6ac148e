/**
 * What the sender of a relay in a counselling case hears about it (see core/receipts.ts): a
 * counsellor replying to the student (`cases.reply`) is told "passed on" once the platform accepted
 * the reply, the student writing into their case (`cases.said`) once a counsellor's chat accepted
 * it; either is told when it did not arrive. Counsellors read the student as the case's alias (or
 * the name the student revealed), never their chat or platform. The staff copy of the student's
 * words is also where a reply to it reaches the case (`notify.relaySent`).
 */
import type { Ctx, FailedHook, SentHook } from '../../core/feature.js';
import { tr, type Locale } from '../../core/i18n.js';
import type { Receipt, Receipts } from '../../core/receipts.js';
import type { UnitRunner } from '../../core/unit-of-work.js';
import { caseMessages } from './cases.messages.js';
import { caseStaffMessages } from './cases.staff.messages.js';
import { caseCode, type CaseNotifier } from './cases.notify.js';
import { getCase } from './cases.repo.js';

const REPLY = 'cases.reply';
const SAID = 'cases.said';
const st = (l: Locale) => tr(caseStaffMessages, l);
const sm = (l: Locale) => tr(caseMessages, l);

export function caseReceipts(deps: { units: UnitRunner; notify: CaseNotifier; receipts: Receipts }) {
  const { units, receipts, notify } = deps;
  /** The case code and how counsellors name its student, in a language. */
  const named = async (caseId: number) => {
    const c = await getCase(units.q(), caseId);
    const who = c ? await notify.studentName(c) : undefined;
    return (l: Locale) => ({ id: caseCode(caseId), who: who ? who(l) : st(l).student });
  };
  const caseOf = (meta: Record<string, unknown>) => Number(meta.caseId);

  const sent: Record<'reply' | 'said', SentHook> = {
    reply: async (_ref, meta) => {
      const about = await named(caseOf(meta));
      await receipts.sent(REPLY, meta, (l) => st(l).replySent(about(l)));
    },
    said: async (ref, meta) => {
      await notify.relaySent(ref, meta);
      await receipts.sent(SAID, meta, (l) => sm(l).sent);
    },
  };
  const failed: Record<'reply' | 'said', FailedHook> = {
    reply: async (how, meta) => {
      const about = await named(caseOf(meta));
      await receipts.failed(REPLY, how, meta, (l, arrived) => (arrived === 'unknown' ? st(l).replyMaybeNotArrived : st(l).replyNotArrived)(about(l)));
    },
    said: (how, meta) => receipts.failed(SAID, how, meta, (l, arrived) => (arrived === 'unknown' ? sm(l).saidMaybeNotArrived : sm(l).saidNotArrived)),
  };

  return {
    sent, failed,
    /** The receipt of a counsellor's reply on `caseId` sent from `ctx`. */
    reply: (ctx: Ctx, caseId: number): Receipt => (relay) => receipts.options(ctx, REPLY, relay, { caseId }),
    /** The receipt of the student's words into `caseId` sent from `ctx`. */
    said: (ctx: Ctx, caseId: number): Receipt => (relay) => receipts.options(ctx, SAID, relay, { caseId }),
    /** The counsellor is told at once when the student has no chat the bot can write to. */
    async replyUnreachable(ctx: Ctx, caseId: number): Promise<void> {
      const about = await named(caseId);
      await receipts.now(ctx, (l) => st(l).replyNotArrived(about(l)), { caseId });
    },
    /** The student is told at once when no counsellor's chat could be sent their words. */
    saidUnreachable: async (ctx: Ctx, caseId: number) => receipts.now(ctx, (l) => sm(l).saidNotArrived, { caseId }),
  };
}

export type CaseReceipts = ReturnType<typeof caseReceipts>;

/**
 * Counselling cases in a person's own data (features/privacy). /mydata: the student's cases with
 * their own words, opened — never a counsellor's reply, a private note, an alert's chain or a
 * break-glass reason. /forgetme: every text of their cases is deleted and the cases are no longer
 * linked to them (an open one is closed first: nobody could answer it any more); what stays is
 * the bare case and its alerts, the digest's figures. Retention: the texts of cases closed
 * `closed_case_text_days` ago are deleted. A counsellor's own number on other people's cases stays.
 */
import type { Q } from '../../db/client.js';
import type { PrivacyHooks } from '../../core/feature.js';
import type { Sealer } from '../../core/sealing.js';
import { caseCode } from './cases.notify.js';
import { closeCase, closedWithTexts, casesOf, deleteCaseTexts, isOpen, messagesOf, revealsOf, updateCase, type CaseRow } from './cases.repo.js';
import { sealContext } from './cases.service.js';

const DAY = 86_400_000;

export function casePrivacy(deps: { sealer: Sealer }): PrivacyHooks {
  const yours = async (q: Q, c: CaseRow) => (await messagesOf(q, c.id)).filter((m) => m.author === 'student')
    .map((m) => ({ at: m.createdAt, text: deps.sealer.open(m.body, sealContext(c.id)) }));

  return {
    handles: {
      cases: ['member_id', 'counsellor_id', 'closed_by'], case_messages: ['author_id'], case_alerts: ['acked_by'],
      case_reveals: ['requested_by', 'decided_by'],
    },
    async exportMine(q, memberId) {
      const counselling_cases = [];
      for (const c of await casesOf(q, memberId)) {
        counselling_cases.push({
          case: caseCode(c.id), kind: c.kind, status: c.status, you_shared_who_you_are: c.revealed,
          opened_at: c.openedAt, counsellor_with_you_since: c.contactAt, closed_at: c.closedAt,
          your_messages: await yours(q, c),
          shown_to_a_counsellor_by_break_glass: (await revealsOf(q, c.id)).filter((r) => r.status === 'approved').map((r) => ({ at: r.decidedAt })),
        });
      }
      return { counselling_cases };
    },
    async forget(q, memberId, now) {
      for (const c of await casesOf(q, memberId)) {
        if (isOpen(c)) await closeCase(q, c.id, null, now);
        await deleteCaseTexts(q, c.id);
        await updateCase(q, c.id, { memberId: null, revealed: false, updatedAt: now });
      }
    },
    async retain(q, retention, now) {
      let texts = 0;
      for (const id of await closedWithTexts(q, new Date(now.getTime() - retention.closed_case_text_days * DAY))) texts += await deleteCaseTexts(q, id);
      return { case_texts: texts };
    },
  };
}

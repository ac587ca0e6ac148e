/**
 * Break-glass: the only way staff learn who is behind a case's alias without the student saying
 * so. A counsellor asks with a reason; a second, different person — the head of counselling (a lead
 * of the department) or an admin — approves or refuses. Every step is in the audit log (member
 * numbers and the case, never the name or the reason); the requester alone is told the name, and
 * the student is told afterwards who allowed it and why.
 */
import type { Config } from '../../config.js';
import { writeAudit } from '../../core/audit.repo.js';
import { AppError } from '../../core/errors.js';
import { tr, type Locale } from '../../core/i18n.js';
import { relayed } from '../../core/relay.js';
import type { Sealer } from '../../core/sealing.js';
import type { UnitRunner } from '../../core/unit-of-work.js';
import type { Holders } from '../access/access.service.js';
import { caseMessages as studentTexts } from './cases.messages.js';
import { caseStaffMessages } from './cases.staff.messages.js';
import { caseCode, type CaseNotifier } from './cases.notify.js';
import { decideReveal, getCase, getReveal, insertReveal, type CaseRow } from './cases.repo.js';
import { fit, revealContext as reasonContext, type Actor, type CaseService } from './cases.service.js';

const st = (l: Locale) => tr(caseStaffMessages, l);
const sm = (l: Locale) => tr(studentTexts, l);
const refuse = (code: string, text: (l: Locale) => string) => new AppError(`cases.${code}`, text);

export interface BreakGlassDeps {
  /** Runs in the caller's unit and queries on its handle (`units.q()`). */
  units: UnitRunner;
  config: Config;
  sealer: Sealer;
  notify: CaseNotifier;
  cases: CaseService;
  holders: Holders;
}

export function createBreakGlass(deps: BreakGlassDeps) {
  const { units, config, sealer, notify, cases } = deps;
  const centre = config.crisis.department;
  const mayApprove = (a: Actor) => a.roles.has('lead', centre); // admins hold every role
  /** The heads of counselling and the admins, but not the one who asks. */
  const approvers = async (requester: number) =>
    new Set([...(await deps.holders('lead', centre)), ...(await deps.holders('admin', '*'))].filter((id) => id !== requester));

  /** A counsellor asks to learn who `caseId` is; each possible approver is asked privately. */
  async function request(caseId: number, a: Actor, reason: string, now: Date): Promise<void> {
    const c = await cases.forStaff(caseId, a);
    if (c.revealed) {
      const name = await notify.nameOf(c.memberId);
      throw refuse('reveal_known', (l) => st(l).revealKnown({ id: caseCode(c.id), name }));
    }
    const who = [...(await approvers(a.id))];
    const words = fit(reason);
    const r = await insertReveal(units.q(), { caseId: c.id, requestedBy: a.id, keyId: sealer.keyId, reason: sealer.seal(words, reasonContext(c.id)), requestedAt: now });
    const name = await notify.nameOf(a.id);
    const ask = (l: Locale) => ({
      ...relayed((w) => st(l).revealAsk({ id: caseCode(c.id), name, alias: st(l).alias({ tag: c.alias }), reason: w }), words),
      buttons: [[{ label: st(l).btnApprove, data: `cases:approve:${r.id}` }, { label: st(l).btnRefuse, data: `cases:refuse:${r.id}` }]],
    });
    let asked = 0;
    for (const id of who) if (await notify.toMember(id, ask, { caseId: c.id, words: true, urgent: true })) asked++;
    if (!asked) throw refuse('reveal_nobody', (l) => st(l).revealNobody); // undoes the request with the unit
    await writeAudit(units.q(), { actorMemberId: a.id, action: 'case.reveal.requested', target: caseCode(c.id), detail: { request: r.id } }, now);
  }

  /** The second person approves or refuses; the first decision stands. */
  async function decide(revealId: number, a: Actor, approve: boolean, now: Date): Promise<{ caseId: number; approved: boolean }> {
    const r = await getReveal(units.q(), revealId);
    const c = r && (await getCase(units.q(), r.caseId));
    if (!r || !c) throw refuse('reveal_decided', (l) => st(l).revealDecided);
    if (r.requestedBy === a.id) throw refuse('reveal_self', (l) => st(l).revealSelf);
    if (!mayApprove(a)) throw refuse('reveal_not_allowed', (l) => st(l).revealNotAllowed);
    if (!(await decideReveal(units.q(), r.id, approve ? 'approved' : 'refused', a.id, now))) throw refuse('reveal_decided', (l) => st(l).revealDecided);
    const detail = { request: r.id, requestedBy: r.requestedBy };
    await writeAudit(units.q(), { actorMemberId: a.id, action: approve ? 'case.reveal.approved' : 'case.reveal.refused', target: caseCode(c.id), detail }, now);
    const by = await notify.nameOf(a.id);
    if (approve) await shown(c, r.requestedBy, a, by, sealer.open(r.reason, reasonContext(c.id)));
    else await notify.toMember(r.requestedBy, (l) => ({ text: st(l).revealRefused({ id: caseCode(c.id), by }) }), { caseId: c.id });
    return { caseId: c.id, approved: approve };
  }

  /** The requester learns the name; the student learns that it happened, who allowed it and why. */
  async function shown(c: CaseRow, requester: number, approver: Actor, approverName: string, reason: string): Promise<void> {
    const name = await notify.nameOf(c.memberId);
    await notify.toMember(requester, (l) => ({ text: st(l).revealApproved({ id: caseCode(c.id), by: approverName, name }) }), { caseId: c.id, words: true });
    const lead = approver.roles.grants.some((g) => g.role === 'lead' && g.scope === centre);
    const by = (l: Locale) => (lead ? sm(l).roleLead : sm(l).roleManagement);
    await notify.toStudent(c, (l) => relayed((w) => sm(l).brokenGlass({ by: by(l), reason: w }), reason), { words: true });
  }

  return { request, decide };
}

export type BreakGlass = ReturnType<typeof createBreakGlass>;

/**
 * Break-glass: the only way staff learn who is behind a case's alias without the student saying
 * so. A counsellor asks with a reason; a second, different person — the head of counselling (a lead
 * of the department) or an admin — approves or refuses. Every step is in the audit log (member
 * numbers and the case, never the name or the reason); the requester alone is told the name, and
 * the student is told afterwards who allowed it and why.
 */
import type { Config } from '../../config.js';
import type { Db } from '../../db/client.js';
import { writeAudit } from '../../core/audit.repo.js';
import { AppError } from '../../core/errors.js';
import { tr, type Locale } from '../../core/i18n.js';
import { relayed } from '../../core/relay.js';
import type { Sealer } from '../../core/sealing.js';
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
  db: Db;
  config: Config;
  sealer: Sealer;
  notify: CaseNotifier;
  cases: CaseService;
  holders: Holders;
}

export function createBreakGlass(deps: BreakGlassDeps) {
  const { db, config, sealer, notify, cases } = deps;
  const centre = config.crisis.department;
  const mayApprove = (a: Actor) => a.roles.has('lead', centre); // admins hold every role
  const approvers = (requester: number) => new Set([...deps.holders('lead', centre), ...deps.holders('admin', '*')].filter((id) => id !== requester));

  /** A counsellor asks to learn who `caseId` is; each possible approver is asked privately. */
  function request(caseId: number, a: Actor, reason: string, now: Date): void {
    const c = cases.forStaff(caseId, a);
    if (c.revealed) throw refuse('reveal_known', (l) => st(l).revealKnown({ id: caseCode(c.id), name: notify.nameOf(c.memberId) }));
    const who = [...approvers(a.id)];
    const words = fit(reason);
    const r = insertReveal(db, { caseId: c.id, requestedBy: a.id, keyId: sealer.keyId, reason: sealer.seal(words, reasonContext(c.id)), requestedAt: now });
    const ask = (l: Locale) => ({
      ...relayed((w) => st(l).revealAsk({ id: caseCode(c.id), name: notify.nameOf(a.id), alias: st(l).alias({ tag: c.alias }), reason: w }), words),
      buttons: [[{ label: st(l).btnApprove, data: `cases:approve:${r.id}` }, { label: st(l).btnRefuse, data: `cases:refuse:${r.id}` }]],
    });
    const asked = who.filter((id) => notify.toMember(id, ask, { caseId: c.id, words: true, urgent: true })).length;
    if (!asked) throw refuse('reveal_nobody', (l) => st(l).revealNobody); // undoes the request with the unit
    writeAudit(db, { actorMemberId: a.id, action: 'case.reveal.requested', target: caseCode(c.id), detail: { request: r.id } }, now);
  }

  /** The second person approves or refuses; the first decision stands. */
  function decide(revealId: number, a: Actor, approve: boolean, now: Date): { caseId: number; approved: boolean } {
    const r = getReveal(db, revealId);
    const c = r && getCase(db, r.caseId);
    if (!r || !c) throw refuse('reveal_decided', (l) => st(l).revealDecided);
    if (r.requestedBy === a.id) throw refuse('reveal_self', (l) => st(l).revealSelf);
    if (!mayApprove(a)) throw refuse('reveal_not_allowed', (l) => st(l).revealNotAllowed);
    if (!decideReveal(db, r.id, approve ? 'approved' : 'refused', a.id, now)) throw refuse('reveal_decided', (l) => st(l).revealDecided);
    const detail = { request: r.id, requestedBy: r.requestedBy };
    writeAudit(db, { actorMemberId: a.id, action: approve ? 'case.reveal.approved' : 'case.reveal.refused', target: caseCode(c.id), detail }, now);
    if (approve) shown(c, r.requestedBy, a, sealer.open(r.reason, reasonContext(c.id)));
    else notify.toMember(r.requestedBy, (l) => ({ text: st(l).revealRefused({ id: caseCode(c.id), by: notify.nameOf(a.id) }) }), { caseId: c.id });
    return { caseId: c.id, approved: approve };
  }

  /** The requester learns the name; the student learns that it happened, who allowed it and why. */
  function shown(c: CaseRow, requester: number, approver: Actor, reason: string): void {
    const name = notify.nameOf(c.memberId);
    notify.toMember(requester, (l) => ({ text: st(l).revealApproved({ id: caseCode(c.id), by: notify.nameOf(approver.id), name }) }), { caseId: c.id, words: true });
    const lead = approver.roles.grants.some((g) => g.role === 'lead' && g.scope === centre);
    const by = (l: Locale) => (lead ? sm(l).roleLead : sm(l).roleManagement);
    notify.toStudent(c, (l) => relayed((w) => sm(l).brokenGlass({ by: by(l), reason: w }), reason), { words: true });
  }

  return { request, decide };
}

export type BreakGlass = ReturnType<typeof createBreakGlass>;

/**
 * Someone is responsible now. A crisis signal raises an alert on its case: the counselling chat
 * and the first reachable link of the duty chain (the counsellor on duty, then the escalation
 * steps) are alerted at once, in the crisis lane and whatever the quiet hours, with an "I'm on it"
 * button. Unacknowledged after `acknowledge_minutes`, a due task (a row: a restart loses nothing)
 * alerts the next link, and so on. The first "I'm on it" acknowledges; any later press is told who
 * already did. The time to acknowledge goes to the digest, never who the student was.
 */
import type { Config } from '../../config.js';
import type { Db } from '../../db/client.js';
import { AppError } from '../../core/errors.js';
import { tr, type Locale } from '../../core/i18n.js';
import type { Render } from '../../core/messenger.js';
import { relayed } from '../../core/relay.js';
import { cancelTask, scheduleTask } from '../../core/tasks.repo.js';
import { formatDateTime } from '../../core/time.js';
import { caseMessages as studentTexts } from './cases.messages.js';
import { caseStaffMessages } from './cases.staff.messages.js';
import { caseCode, type CaseNotifier } from './cases.notify.js';
import { ackAlert, getAlert, getCase, insertAlert, isOpen, setAlertStep, unackedAlerts, type AlertRow, type CaseRow, type ChainLink } from './cases.repo.js';
import { chainAt } from './cases.rota.js';
import type { Actor, CaseService } from './cases.service.js';

export const ESCALATE = 'cases.escalate';
export type Concern = AlertRow['concern'];

const MINUTE = 60_000;
const st = (l: Locale) => tr(caseStaffMessages, l);
const sm = (l: Locale) => tr(studentTexts, l);
const taskKey = (alertId: number) => `${ESCALATE}:${alertId}`;

export type AckResult = { kind: 'done' | 'already' | 'closed' | 'not_allowed' } | { kind: 'other'; name: string; at: Date };

export function createAlerts(deps: { db: Db; config: Config; notify: CaseNotifier; cases: CaseService }) {
  const { db, config, notify, cases } = deps;
  const duty = config.crisis.duty;
  const minutes = duty.acknowledge_minutes;

  const head = (a: Pick<AlertRow, 'concern' | 'level'>, l: Locale) =>
    a.concern === 'danger' ? st(l).headDanger : a.concern === 'other' ? st(l).headOther : a.level === 'high' ? st(l).headSelfHigh : st(l).headSelfMedium;

  /** The role of a link as people read it; with the name where the campus shows names. */
  function roleOf(link: ChainLink, l: Locale, named = duty.show_names): string {
    const role = { counsellor: sm(l).roleCounsellor, lead: sm(l).roleLead, management: sm(l).roleManagement }[link.role];
    const id = link.who ? notify.memberOf(link.who) : undefined;
    return named && id !== undefined ? sm(l).roleNamed({ role, name: notify.nameOf(id) }) : role;
  }

  /** The alert as one person (or the management, or the centre) reads it. */
  function render(a: AlertRow, c: CaseRow, text: string, intro: (l: Locale) => string): Render {
    return (l) => {
      const next = a.chain[a.step + 1];
      const alerted = a.chain[a.step] ? roleOf(a.chain[a.step]!, l, true) : st(l).nobodyAlerted;
      const ask = next ? st(l).pressAck({ minutes, next: roleOf(next, l) }) : st(l).pressAckLast;
      const before = intro(l);
      const card = (w: string) => st(l).alert({ head: head(a, l), id: caseCode(c.id), who: notify.studentName(c, l), text: w, alerted });
      return { ...relayed((w) => `${before ? `${before}\n` : ''}${card(w)}\n${ask}`, text), buttons: cases.cardButtons(c, l, true) };
    };
  }

  /** Sends the alert to one link; false when it reaches nobody (a person who never talked to the bot). */
  function deliver(a: AlertRow, c: CaseRow, text: string, link: ChainLink, now: Date): boolean {
    const first = a.step === 0 && link.role === 'counsellor';
    const waited = Math.round((now.getTime() - a.raisedAt.getTime()) / MINUTE);
    const intro = (l: Locale) => {
      if (first) return st(l).youAreOnDuty;
      return waited < 1 ? st(l).skippedToYou({ role: roleOf(link, l) }) : st(l).escalatedToYou({ minutes: waited, role: roleOf(link, l) });
    };
    const sending = { caseId: c.id, words: true, urgent: true };
    if (link.role === 'management') return notify.toManagement(render(a, c, text, intro), sending) > 0;
    const memberId = link.who ? notify.memberOf(link.who) : undefined;
    return memberId !== undefined && notify.toMember(memberId, render(a, c, text, intro), sending);
  }

  /** Alerts the first link from `from` on that anyone is there to receive, and schedules the next; that link, if any. */
  function alertFrom(a: AlertRow, c: CaseRow, text: string, from: number, now: Date): ChainLink | undefined {
    for (let i = from; i < a.chain.length; i++) {
      const at = { ...a, step: i };
      if (!deliver(at, c, text, a.chain[i]!, now)) continue;
      setAlertStep(db, a.id, i);
      if (i + 1 < a.chain.length) scheduleTask(db, ESCALATE, new Date(now.getTime() + minutes * MINUTE), { alertId: a.id, step: i + 1 }, now, taskKey(a.id));
      return a.chain[i];
    }
    setAlertStep(db, a.id, a.chain.length);
    return undefined;
  }

  /**
   * Raises an alert about the student's message `messageId` of case `c`: the counselling chat and
   * the first reachable link of the chain now (danger to people: the safety department too).
   * Returns the sentence the student is told about whom the bot alerted.
   */
  function raise(c: CaseRow, concern: Concern, level: 'high' | 'medium', messageId: number, now: Date): (l: Locale) => string {
    const text = cases.textOf(c.id, messageId);
    const a = insertAlert(db, { caseId: c.id, concern, level, messageId, chain: chainAt(duty, now, config.campus.timezone), step: 0, raisedAt: now });
    const reached = alertFrom(a, c, text, 0, now);
    const shown = { ...a, step: reached ? a.chain.indexOf(reached) : a.chain.length };
    const centre = notify.toCentre(render(shown, c, text, () => ''), { caseId: c.id, words: true, urgent: true }) > 0;
    if (concern === 'danger' && config.crisis.safety_department) {
      const safety = (l: Locale) => relayed((w) => st(l).safety({ id: caseCode(c.id), who: notify.studentName(c, l), text: w }), text);
      notify.toDepartment(config.crisis.safety_department, safety, { caseId: c.id, words: true, urgent: true });
    }
    return (l) => {
      const who = [...(reached ? [roleOf(reached, l)] : []), ...(centre ? [sm(l).roleCentre] : [])];
      return who.length ? sm(l).alertedWho({ who: who.join(sm(l).and) }) : sm(l).alertedNobody;
    };
  }

  /** Due task: nobody acknowledged the alert in time, so the next link hears of it (and the centre and the student). */
  async function escalate(payload: Record<string, unknown>, now: Date): Promise<void> {
    const a = getAlert(db, Number(payload.alertId));
    const c = a && getCase(db, a.caseId);
    if (!a || !c || a.ackedAt || !isOpen(c)) return;
    const reached = alertFrom(a, c, cases.textOf(c.id, a.messageId), Number(payload.step), now);
    const waited = Math.round((now.getTime() - a.raisedAt.getTime()) / MINUTE);
    const sending = { caseId: c.id, urgent: true };
    if (!reached) return void notify.toCentre((l) => ({ text: st(l).chainDone({ id: caseCode(c.id) }) }), sending);
    notify.toCentre((l) => ({ text: st(l).escalatedNotice({ id: caseCode(c.id), minutes: waited, role: roleOf(reached, l) }) }), sending);
    const numbers = cases.emergencyNumbers();
    notify.toStudent(c, (l) => ({ text: sm(l).escalated({ who: roleOf(reached, l), numbers }) }), { urgent: true });
  }

  /** Whether `memberId` is a person of one of the case's alert chains (a lead who holds no role, say). */
  function onChain(caseId: number, memberId: number): boolean {
    return unackedAlerts(db, caseId).some((a) => a.chain.some((link) => link.who !== undefined && notify.memberOf(link.who) === memberId));
  }

  /** "I'm on it": acknowledges the case's alerts and puts the presser in contact; one clear outcome for any later press. */
  function ack(caseId: number, a: Actor, now: Date): AckResult {
    const c = getCase(db, caseId);
    if (!c || !(cases.mayWork(a) || onChain(caseId, a.id))) return { kind: c ? 'not_allowed' : 'closed' };
    if (!isOpen(c)) return { kind: 'closed' };
    const pending = unackedAlerts(db, c.id).filter((x) => ackAlert(db, x.id, a.id, now));
    for (const x of pending) cancelTask(db, taskKey(x.id));
    const took = cases.contact(c, a, now);
    if (!took && c.counsellorId === a.id && !pending.length) return { kind: 'already' };
    if (!took && c.counsellorId !== a.id) return { kind: 'other', name: notify.nameOf(c.counsellorId), at: c.contactAt ?? c.updatedAt };
    const since = Math.min(...pending.map((x) => x.raisedAt.getTime()), took ? c.openedAt.getTime() : Infinity);
    const after = Math.max(0, Math.round((now.getTime() - since) / MINUTE));
    notify.toCentre((l) => ({ text: st(l).ackNotice({ id: caseCode(c.id), name: notify.nameOf(a.id), after: l === 'en' ? `${after} min` : `${after} 分钟` }) }), { caseId: c.id });
    return { kind: 'done' };
  }

  /** The answer to the presser, in their language. */
  function ackAnswer(r: AckResult, caseId: number, l: Locale, tz: string): string {
    const id = caseCode(caseId);
    if (r.kind === 'other') return st(l).ackOther({ id, name: r.name, at: formatDateTime(r.at, tz, l) });
    if (r.kind === 'not_allowed') throw new AppError('cases.ack_not_allowed', (x) => st(x).ackNotAllowed);
    return { done: st(l).ackDone({ id }), already: st(l).ackAlready({ id }), closed: st(l).alreadyClosed({ id }) }[r.kind];
  }

  /** Whether the case has an alert nobody acknowledged yet. */
  const pending = (caseId: number) => unackedAlerts(db, caseId).length > 0;

  return { raise, escalate, ack, ackAnswer, roleOf, pending };
}

export type Alerts = ReturnType<typeof createAlerts>;

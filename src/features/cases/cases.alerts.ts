/**
 * Someone is responsible now. A crisis signal raises an alert on its case: the counselling chat
 * and the first reachable link of the duty chain (the counsellor on duty, then the escalation
 * steps) are alerted at once, in the crisis lane and whatever the quiet hours, with an "I'm on it"
 * button. Unacknowledged after `acknowledge_minutes`, a due task (a row: a restart loses nothing)
 * alerts the next link, and so on. The first "I'm on it" acknowledges; any later press is told who
 * already did. The time to acknowledge goes to the digest, never who the student was.
 */
import type { Config } from '../../config.js';
import { AppError } from '../../core/errors.js';
import { tr, type Locale } from '../../core/i18n.js';
import type { Render } from '../../core/messenger.js';
import type { UnitRunner } from '../../core/unit-of-work.js';
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

export function createAlerts(deps: { units: UnitRunner; config: Config; notify: CaseNotifier; cases: CaseService }) {
  const { units, config, notify, cases } = deps;
  const duty = config.crisis.duty;
  const minutes = duty.acknowledge_minutes;

  const head = (a: Pick<AlertRow, 'concern' | 'level'>, l: Locale) =>
    a.concern === 'danger' ? st(l).headDanger : a.concern === 'other' ? st(l).headOther : a.level === 'high' ? st(l).headSelfHigh : st(l).headSelfMedium;

  /** The role of a link as people read it, in a language; with the name where the campus shows names. */
  async function roleOf(link: ChainLink, named = duty.show_names): Promise<(l: Locale) => string> {
    const id = link.who ? await notify.memberOf(link.who) : undefined;
    const name = named && id !== undefined ? await notify.nameOf(id) : undefined;
    return (l) => {
      const role = { counsellor: sm(l).roleCounsellor, lead: sm(l).roleLead, management: sm(l).roleManagement }[link.role];
      return name !== undefined ? sm(l).roleNamed({ role, name }) : role;
    };
  }

  /** The alert as one person (or the management, or the centre) reads it. */
  async function render(a: AlertRow, c: CaseRow, text: string, intro: (l: Locale) => string): Promise<Render> {
    const next = a.chain[a.step + 1];
    const alerted = a.chain[a.step] ? await roleOf(a.chain[a.step]!, true) : undefined;
    const nextRole = next ? await roleOf(next) : undefined;
    const who = await notify.studentName(c);
    return (l) => {
      const ask = nextRole ? st(l).pressAck({ minutes, next: nextRole(l) }) : st(l).pressAckLast;
      const before = intro(l);
      const card = (w: string) => st(l).alert({ head: head(a, l), id: caseCode(c.id), who: who(l), text: w, alerted: alerted ? alerted(l) : st(l).nobodyAlerted });
      return { ...relayed((w) => `${before ? `${before}\n` : ''}${card(w)}\n${ask}`, text), buttons: cases.cardButtons(c, l, true) };
    };
  }

  /** Sends the alert to one link; false when it reaches nobody (a person who never talked to the bot). */
  async function deliver(a: AlertRow, c: CaseRow, text: string, link: ChainLink, now: Date): Promise<boolean> {
    const first = a.step === 0 && link.role === 'counsellor';
    const waited = Math.round((now.getTime() - a.raisedAt.getTime()) / MINUTE);
    const role = await roleOf(link);
    const intro = (l: Locale) => {
      if (first) return st(l).youAreOnDuty;
      return waited < 1 ? st(l).skippedToYou({ role: role(l) }) : st(l).escalatedToYou({ minutes: waited, role: role(l) });
    };
    const sending = { caseId: c.id, words: true, urgent: true };
    if (link.role === 'management') return (await notify.toManagement(await render(a, c, text, intro), sending)) > 0;
    const memberId = link.who ? await notify.memberOf(link.who) : undefined;
    return memberId !== undefined && notify.toMember(memberId, await render(a, c, text, intro), sending);
  }

  /** Alerts the first link from `from` on that anyone is there to receive, and schedules the next; that link, if any. */
  async function alertFrom(a: AlertRow, c: CaseRow, text: string, from: number, now: Date): Promise<ChainLink | undefined> {
    for (let i = from; i < a.chain.length; i++) {
      const at = { ...a, step: i };
      if (!(await deliver(at, c, text, a.chain[i]!, now))) continue;
      await setAlertStep(units.q(), a.id, i);
      if (i + 1 < a.chain.length) await scheduleTask(units.q(), ESCALATE, new Date(now.getTime() + minutes * MINUTE), { alertId: a.id, step: i + 1 }, now, taskKey(a.id));
      return a.chain[i];
    }
    await setAlertStep(units.q(), a.id, a.chain.length);
    return undefined;
  }

  /**
   * Raises an alert about the student's message `messageId` of case `c`: the counselling chat and
   * the first reachable link of the chain now (danger to people: the safety department too).
   * Returns the sentence the student is told about whom the bot alerted.
   */
  async function raise(c: CaseRow, concern: Concern, level: 'high' | 'medium', messageId: number, now: Date): Promise<(l: Locale) => string> {
    const text = await cases.textOf(c.id, messageId);
    const a = await insertAlert(units.q(), { caseId: c.id, concern, level, messageId, chain: chainAt(duty, now, config.campus.timezone), step: 0, raisedAt: now });
    const reached = await alertFrom(a, c, text, 0, now);
    const shown = { ...a, step: reached ? a.chain.indexOf(reached) : a.chain.length };
    const centre = (await notify.toCentre(await render(shown, c, text, () => ''), { caseId: c.id, words: true, urgent: true })) > 0;
    if (concern === 'danger' && config.crisis.safety_department) {
      const who = await notify.studentName(c);
      const safety = (l: Locale) => relayed((w) => st(l).safety({ id: caseCode(c.id), who: who(l), text: w }), text);
      await notify.toDepartment(config.crisis.safety_department, safety, { caseId: c.id, words: true, urgent: true });
    }
    const role = reached ? await roleOf(reached) : undefined;
    return (l) => {
      const who = [...(role ? [role(l)] : []), ...(centre ? [sm(l).roleCentre] : [])];
      return who.length ? sm(l).alertedWho({ who: who.join(sm(l).and) }) : sm(l).alertedNobody;
    };
  }

  /** Due task: nobody acknowledged the alert in time, so the next link hears of it (and the centre and the student). */
  async function escalate(payload: Record<string, unknown>, now: Date): Promise<void> {
    const a = await getAlert(units.q(), Number(payload.alertId));
    const c = a && (await getCase(units.q(), a.caseId));
    if (!a || !c || a.ackedAt || !isOpen(c)) return;
    const reached = await alertFrom(a, c, await cases.textOf(c.id, a.messageId), Number(payload.step), now);
    const waited = Math.round((now.getTime() - a.raisedAt.getTime()) / MINUTE);
    const sending = { caseId: c.id, urgent: true };
    if (!reached) return void (await notify.toCentre((l) => ({ text: st(l).chainDone({ id: caseCode(c.id) }) }), sending));
    const role = await roleOf(reached);
    await notify.toCentre((l) => ({ text: st(l).escalatedNotice({ id: caseCode(c.id), minutes: waited, role: role(l) }) }), sending);
    const numbers = cases.emergencyNumbers();
    await notify.toStudent(c, (l) => ({ text: sm(l).escalated({ who: role(l), numbers }) }), { urgent: true });
  }

  /** Whether `memberId` is a person of one of the case's alert chains (a lead who holds no role, say). */
  async function onChain(caseId: number, memberId: number): Promise<boolean> {
    for (const a of await unackedAlerts(units.q(), caseId)) {
      for (const link of a.chain) if (link.who !== undefined && (await notify.memberOf(link.who)) === memberId) return true;
    }
    return false;
  }

  /** "I'm on it": acknowledges the case's alerts and puts the presser in contact; one clear outcome for any later press. */
  async function ack(caseId: number, a: Actor, now: Date): Promise<AckResult> {
    const c = await getCase(units.q(), caseId);
    if (!c || !(cases.mayWork(a) || (await onChain(caseId, a.id)))) return { kind: c ? 'not_allowed' : 'closed' };
    if (!isOpen(c)) return { kind: 'closed' };
    const pending: AlertRow[] = [];
    for (const x of await unackedAlerts(units.q(), c.id)) if (await ackAlert(units.q(), x.id, a.id, now)) pending.push(x);
    for (const x of pending) await cancelTask(units.q(), taskKey(x.id));
    const took = await cases.contact(c, a, now);
    if (!took && c.counsellorId === a.id && !pending.length) return { kind: 'already' };
    if (!took && c.counsellorId !== a.id) return { kind: 'other', name: await notify.nameOf(c.counsellorId), at: c.contactAt ?? c.updatedAt };
    const since = Math.min(...pending.map((x) => x.raisedAt.getTime()), took ? c.openedAt.getTime() : Infinity);
    const after = Math.max(0, Math.round((now.getTime() - since) / MINUTE));
    const name = await notify.nameOf(a.id);
    await notify.toCentre((l) => ({ text: st(l).ackNotice({ id: caseCode(c.id), name, minutes: after }) }), { caseId: c.id });
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
  const pending = async (caseId: number) => (await unackedAlerts(units.q(), caseId)).length > 0;

  return { raise, escalate, ack, ackAnswer, roleOf, pending };
}

export type Alerts = ReturnType<typeof createAlerts>;

/**
 * The use cases of a counselling case: opened by a crisis, /talk or "talk to a counsellor"; the
 * student's words and the counsellors' relayed both ways under the case's alias; a counsellor in
 * contact; closed with a private note (by a counsellor) or ended by the student. A case is never
 * rejected, rated or closed for silence. Every text is sealed before it is stored.
 */
import type { Config } from '../../config.js';
import { AppError } from '../../core/errors.js';
import { tr, type Locale } from '../../core/i18n.js';
import type { Render } from '../../core/messenger.js';
import type { Receipt } from '../../core/receipts.js';
import type { SendOptions, UnitRunner } from '../../core/unit-of-work.js';
import { relayed } from '../../core/relay.js';
import { hexId, type Rng } from '../../core/rng.js';
import type { RoleSet } from '../../core/roles.js';
import type { Sealer } from '../../core/sealing.js';
import type { CaseKind } from '../../db/schema.js';
import { caseMessages as studentTexts } from './cases.messages.js';
import { caseStaffMessages } from './cases.staff.messages.js';
import { caseCode, type CaseNotifier } from './cases.notify.js';
import {
  addMessage, closeCase, getCase, insertCase, isOpen, messagesOf, openCaseOf, openCases, takeContact, updateCase, type CaseRow,
} from './cases.repo.js';

export interface CaseServiceDeps {
  /** Every function runs in the caller's unit and queries on its handle (`units.q()`). */
  units: UnitRunner;
  config: Config;
  rng: Rng;
  sealer: Sealer;
  notify: CaseNotifier;
}

/** Someone working on cases: a counsellor (staff or lead of the counselling department) or an admin. */
export interface Actor {
  id: number;
  roles: RoleSet;
}

/** Length a relayed or stored case text keeps (one Telegram message); longer is cut, never refused. */
export const MAX_CASE_TEXT = 4000;
const st = (l: Locale) => tr(caseStaffMessages, l);
const sm = (l: Locale) => tr(studentTexts, l);

export const notFound = (id: number) => new AppError('cases.not_found', (l) => st(l).notFound({ id: caseCode(id) }));
export const sealContext = (caseId: number) => `case:${caseId}`;
export const revealContext = (caseId: number) => `case:${caseId}:reveal`;
/** `text` cut to what a case keeps, with "…". */
export const fit = (text: string) => ([...text].length <= MAX_CASE_TEXT ? text : `${[...text].slice(0, MAX_CASE_TEXT - 1).join('')}…`);

export function createCaseService(deps: CaseServiceDeps) {
  const { units, config, sealer, notify } = deps;
  const centre = config.crisis.department;
  const mayWork = (a: Actor) => a.roles.has('staff', centre); // admins hold every role

  /** The case as a counsellor may see it; any other case, or anyone else, gets "not found". */
  async function forStaff(id: number, a: Actor): Promise<CaseRow> {
    const c = await getCase(units.q(), id);
    if (!c || !mayWork(a)) throw notFound(id);
    return c;
  }

  async function store(c: CaseRow, author: 'student' | 'counsellor' | 'note', authorId: number | null, text: string, now: Date): Promise<number> {
    const m = await addMessage(units.q(), { caseId: c.id, author, authorId, keyId: sealer.keyId, body: sealer.seal(text, sealContext(c.id)), createdAt: now });
    await updateCase(units.q(), c.id, { updatedAt: now });
    return m.id;
  }

  /** A new case of `memberId` with their first words (none yet for a bare /talk). */
  async function open(memberId: number, kind: CaseKind, text: string | undefined, now: Date, previousId?: number): Promise<CaseRow> {
    const c = await insertCase(units.q(), { kind, memberId, alias: hexId(deps.rng, 4), previousId: previousId ?? null, openedAt: now, updatedAt: now });
    if (text) await store(c, 'student', null, fit(text), now);
    return c;
  }

  /**
   * The student's words reach the counsellor in contact (privately), else the counselling centre,
   * with the case's buttons; `wrap` puts them in another frame than "💬 C-3 · alias:" (a new talk).
   */
  async function relayStudent(c: CaseRow, text: string, wrap?: (l: Locale, words: string) => string, receipt?: SendOptions): Promise<number> {
    const who = await notify.studentName(c);
    const frame = wrap ?? ((l: Locale, w: string) => st(l).studentSaid({ id: caseCode(c.id), who: who(l), text: w }));
    return toHandler(c, (l) => ({ ...relayed((w) => frame(l, w), text), buttons: cardButtons(c, l) }), true, receipt);
  }

  /** The counsellor in contact, privately; else (nobody yet, or no private chat) the counselling centre; how many chats it goes to. */
  async function toHandler(c: CaseRow, render: Render, words = false, receipt?: SendOptions): Promise<number> {
    const sending = { caseId: c.id, words, receipt };
    if (c.counsellorId !== null && (await notify.toMember(c.counsellorId, render, sending))) return 1;
    return notify.toCentre(render, sending);
  }

  /**
   * What the student writes into their open case; with `receipt`, the student hears what became of
   * it. False when no counsellor's chat could be sent it (nothing was sent).
   */
  async function studentSays(c: CaseRow, text: string, now: Date, receipt?: Receipt): Promise<boolean> {
    const words = fit(text);
    const message = await store(c, 'student', null, words, now);
    return (await relayStudent(c, words, undefined, receipt?.(`message:${message}`))) > 0;
  }

  /**
   * A counsellor's words to the student; the first one puts them in contact. With `receipt`, the
   * counsellor hears what became of them; `reached` is false when the student has no chat the bot can write to.
   */
  async function counsellorSays(id: number, a: Actor, text: string, now: Date, receipt?: Receipt): Promise<{ case: CaseRow; reached: boolean }> {
    const c = await forStaff(id, a);
    if (!isOpen(c)) throw closedFor(c);
    const words = fit(text);
    const withContact = (await contact(c, a, now)) ? { ...c, status: 'in_contact' as const, counsellorId: a.id, contactAt: now } : c;
    const message = await store(c, 'counsellor', a.id, words, now);
    const who = await counsellorLabel(a);
    const reached = await notify.toStudent(withContact, (l) => ({
      ...relayed((w) => sm(l).reply({ who: who(l), text: w }), words),
      buttons: [[{ label: sm(l).btnAnswer, data: `cases:answer:${c.id}` }]],
    }), { words: true, receipt: receipt?.(`message:${message}`) });
    return { case: withContact, reached };
  }

  /** Puts `a` in contact with the student (if nobody is yet) and tells the student someone is there. */
  async function contact(c: CaseRow, a: Actor, now: Date): Promise<boolean> {
    if (!(await takeContact(units.q(), c.id, a.id, now))) return false;
    const who = await counsellorLabel(a);
    await notify.toStudent(c, (l) => ({ text: sm(l).withYou({ who: who(l) }) }), { urgent: true });
    return true;
  }

  /** How the student hears of who answers, in a language: a counsellor, or someone else of the university (the management on duty); by name only where the campus shows names. */
  async function counsellorLabel(a: Actor): Promise<(l: Locale) => string> {
    const counsellor = a.roles.grants.some((g) => (g.role === 'staff' || g.role === 'lead') && g.scope === centre);
    if (config.crisis.duty.show_names) {
      const name = await notify.nameOf(a.id);
      return (l) => (counsellor ? sm(l).counsellorNamed({ name }) : sm(l).staffNamed({ name }));
    }
    return (l) => (counsellor ? sm(l).counsellor : sm(l).staffMember);
  }

  /** A counsellor closes the case with a note only the centre sees; the student is told kindly. */
  async function close(id: number, a: Actor, note: string, now: Date): Promise<void> {
    const c = await forStaff(id, a);
    if (!(await closeCase(units.q(), c.id, a.id, now))) throw closedFor(c);
    await store(c, 'note', a.id, fit(note), now);
    const numbers = emergencyNumbers();
    await notify.toStudent(c, (l) => ({ text: sm(l).closedByCounsellor({ numbers }) }));
    const name = await notify.nameOf(a.id);
    await notify.toCentre((l) => ({ text: st(l).closedNotice({ id: caseCode(c.id), name }) }), { caseId: c.id });
  }

  /** A private note on the case, whatever its state. */
  async function note(id: number, a: Actor, text: string, now: Date): Promise<void> {
    await store(await forStaff(id, a), 'note', a.id, fit(text), now);
  }

  /** The student ends their open case (/talk end); false when they had none. */
  async function endByStudent(memberId: number, now: Date): Promise<boolean> {
    const c = await openCaseOf(units.q(), memberId);
    if (!c || !(await closeCase(units.q(), c.id, memberId, now))) return false;
    await toHandler(c, (l) => ({ text: st(l).studentEnded({ id: caseCode(c.id) }) }));
    return true;
  }

  /** The student lets the counsellors know who they are. */
  async function revealByStudent(id: number, memberId: number, now: Date): Promise<boolean> {
    const c = await getCase(units.q(), id);
    if (!c || c.memberId !== memberId) throw notFound(id);
    if (c.revealed) return false;
    await updateCase(units.q(), c.id, { revealed: true, updatedAt: now });
    const name = await notify.nameOf(memberId);
    await toHandler(c, (l) => ({ text: st(l).identityShared({ id: caseCode(c.id), alias: st(l).alias({ tag: c.alias }), name }) }), true);
    return true;
  }

  const closedFor = (c: CaseRow) => new AppError('cases.closed', (l) => st(l).alreadyClosed({ id: caseCode(c.id) }));
  const emergencyNumbers = () => config.crisis.resources.map((r) => r.phone).join(' / ');

  /** "I'm on it" (while nobody is in contact, and on every alert), "reply", "close" under a staff copy of the case. */
  function cardButtons(c: CaseRow, l: Locale, alert = false) {
    const ack = alert || c.status === 'open' ? [{ label: st(l).btnAck, data: `cases:ack:${c.id}` }] : [];
    return [[...ack, { label: st(l).btnReply, data: `cases:reply:${c.id}` }, { label: st(l).btnClose, data: `cases:close:${c.id}` }]];
  }

  /** One message's text, opened. */
  async function textOf(caseId: number, messageId: number | null): Promise<string> {
    const m = messageId === null ? undefined : (await messagesOf(units.q(), caseId)).find((x) => x.id === messageId);
    return m ? sealer.open(m.body, sealContext(caseId)) : '';
  }

  /** The texts of a case, opened (for the student's own data and tests; never shown to other staff than counsellors). */
  const texts = async (id: number) =>
    (await messagesOf(units.q(), id)).map((m) => ({ author: m.author, at: m.createdAt, text: sealer.open(m.body, sealContext(id)) }));

  return {
    get: (id: number) => getCase(units.q(), id), openOf: (memberId: number) => openCaseOf(units.q(), memberId),
    /** Open cases, oldest first; also outside any unit (a platform's suggestions while a counsellor types). */
    list: () => units.read((q) => openCases(q)),
    mayWork, forStaff, open, store, relayStudent, toHandler, studentSays, counsellorSays, contact, counsellorLabel, close, note, endByStudent,
    revealByStudent, closedFor, emergencyNumbers, cardButtons, texts, textOf,
  };
}

export type CaseService = ReturnType<typeof createCaseService>;

/**
 * Announcements: a draft with its count of recipients, then on confirmation one outbox row per
 * group and per person (each not before its time, after quiet hours unless urgent), so delivery
 * keeps to the platforms' limits and survives restarts; a scheduled one can be cancelled until
 * its time; the sender gets a receipt (delivered / unreachable) once the rows are final.
 */
import type { Config } from '../../config.js';
import { findDepartment } from '../../config.js';
import { writeAudit } from '../../core/audit.repo.js';
import { HOUR } from '../../core/clock.js';
import { AppError } from '../../core/errors.js';
import { pick, tr, type Locale } from '../../core/i18n.js';
import type { Platform } from '../../core/message.js';
import type { Outbox } from '../../core/outbox.js';
import { cancelTask, scheduleTask } from '../../core/tasks.repo.js';
import type { UnitRunner } from '../../core/unit-of-work.js';
import type { Holders } from '../access/access.service.js';
import type { ChatsService } from '../chats/chats.service.js';
import { parseWhen } from '../polls/polls.when.js';
import type { Audience } from '../surveys/surveys.schema.js';
import { describeTarget, targetFor, type Sender, type Target } from './announce.audience.js';
import { parseAnnounce } from './announce.form.js';
import { announceMessages } from './announce.messages.js';
import { announcementsOf, getAnnouncement, insertAnnouncement, updateAnnouncement, type AnnouncementRow } from './announce.repo.js';

export const MAX_ANNOUNCEMENT = 2000;
export const RECEIPT = 'announce.receipt';
const RECEIPT_AFTER = HOUR / 6; // 10 minutes
const m = (l: Locale) => tr(announceMessages, l);
const fail = (code: string, say: (c: (typeof announceMessages)['en']) => string) => new AppError(code, (l) => say(m(l)));

export interface AnnounceDeps {
  /** Every function runs in the caller's unit and queries on its handle (`units.q()`). */
  units: UnitRunner;
  config: Config;
  outbox: Outbox;
  chats: ChatsService;
  holders: Holders;
  audienceOf: (audience: Audience) => Promise<number[]>;
}

export interface Reach {
  groups: { binding: 'class' | 'staff'; scope: string }[];
  people: number[];
  chats: number;
}

export function createAnnounceService(deps: AnnounceDeps) {
  const { units, config, outbox } = deps;

  /** The groups an audience is posted in, and the people it reaches privately (always, for an audience without a group). */
  async function reach(t: Target, privately: boolean): Promise<Reach> {
    const groups = t.kind === 'group' ? [{ binding: 'class' as const, scope: t.value }]
      : t.kind === 'dept' ? [{ binding: 'staff' as const, scope: t.value }]
        : t.kind === 'students' || t.kind === 'all' ? (await deps.chats.classes()).map((scope) => ({ binding: 'class' as const, scope })) : [];
    let chats = 0;
    for (const g of groups) chats += (await deps.chats.bound(g.binding, g.scope)).length;
    const people = privately || !chats ? await membersOf(t) : [];
    return { groups, people, chats };
  }

  const membersOf = async (t: Target): Promise<number[]> => (t.kind === 'dept'
    ? [...new Set([...await deps.holders('staff', t.value), ...await deps.holders('lead', t.value)])]
    : deps.audienceOf(t));

  const targetOf = (a: AnnouncementRow): Target => {
    const [kind, ...rest] = a.audience.split(':');
    const value = rest.join(':');
    return (value ? { kind, value } : { kind }) as Target;
  };

  /** Checks a /announce line and keeps it as a draft; returns it with its reach, for the preview. */
  async function draft(sender: Sender & { memberId: number; platform: Platform }, args: string, photo: string | undefined, now: Date) {
    const p = parseAnnounce(args);
    if ('problem' in p) {
      if (p.problem === 'empty') throw fail('announce.usage', (c) => c.usage);
      if (p.problem === 'no_text') throw fail('announce.no_text', (c) => c.noText);
      const { option } = p.problem;
      throw fail('announce.bad_option', (c) => c.badOption({ option }));
    }
    const { form } = p;
    const n = [...form.text].length;
    if (n > MAX_ANNOUNCEMENT) throw fail('announce.too_long', (c) => c.tooLong({ n, max: MAX_ANNOUNCEMENT }));
    if (form.urgent && !sender.roles.isAdmin) throw fail('announce.urgent_admin_only', (c) => c.urgentAdminOnly);
    const { target, department } = targetFor(sender, form.audience, config);
    const sendAt = whenOf(form.at, now);
    const r = await reach(target, form.private);
    const row = await insertAnnouncement(units.q(), {
      authorId: sender.memberId, department, audience: describeTarget(target),
      text: form.text, photo: photo ? `${sender.platform}:${photo}` : null, private: form.private, urgent: !!form.urgent,
      reason: form.urgent ?? null, sendAt, status: 'draft', groups: r.chats, people: r.people.length, createdAt: now,
    });
    return { row, reach: r };
  }

  function whenOf(at: string | undefined, now: Date): Date {
    if (!at) return now;
    const w = parseWhen(at, now, config.campus.timezone);
    if (w.kind === 'bad') throw fail('announce.bad_when', (c) => c.badWhen({ when: at }));
    if (w.at <= now) throw fail('announce.past', (c) => c.past);
    return w.at;
  }

  /** What each recipient reads, in their language; the photo only on the platform it came from. */
  function render(a: AnnouncementRow) {
    const from = (l: Locale) => (a.department ? pick(findDepartment(config, a.department)!.name, l) : a.audience.startsWith('group:') ? a.audience.slice(6) : pick(config.campus.name, l));
    const [platform, ref] = a.photo ? [a.photo.slice(0, a.photo.indexOf(':')), a.photo.slice(a.photo.indexOf(':') + 1)] : [];
    return (l: Locale, on: Platform) => ({ text: `${m(l).header({ from: from(l) })}\n\n${a.text}`, ...(ref && on === platform ? { photos: [ref] } : {}) });
  }

  /** Writes the outbox rows of a draft its author confirmed. */
  async function confirm(id: number, memberId: number, now: Date): Promise<AnnouncementRow> {
    const a = await mine(id, memberId);
    if (a.status !== 'draft') return a;
    const r = await reach(targetOf(a), a.private);
    const common = { kind: 'announce.message', render: render(a), notBefore: a.sendAt, urgent: a.urgent, meta: { announcement: id } };
    await units.atomic(async (tx) => {
      for (const g of r.groups) await outbox.toBound(tx, { ...common, key: `announce:${id}:g:${g.binding}:${g.scope}`, binding: g.binding, scope: g.scope }, now);
      for (const memberId of r.people) await outbox.toMember(tx, { ...common, key: `announce:${id}:m:${memberId}`, memberId }, now);
      await updateAnnouncement(tx, id, { status: 'confirmed', groups: r.chats, people: r.people.length });
      await scheduleTask(tx, RECEIPT, new Date(Math.max(a.sendAt.getTime(), now.getTime()) + RECEIPT_AFTER), { id }, now, `announce:${id}:receipt`);
      const detail = { audience: a.audience, groups: r.chats, people: r.people.length, ...(a.urgent ? { urgent: true, reason: a.reason } : {}) };
      await writeAudit(tx, { actorMemberId: memberId, action: a.urgent ? 'announce.urgent' : 'announce.send', target: `announcement:${id}`, detail }, now);
    });
    return (await getAnnouncement(units.q(), id))!;
  }

  /** Drops a draft, or a confirmed announcement whose time has not come: none of its messages was sent. */
  async function cancel(id: number, memberId: number, now: Date): Promise<AnnouncementRow> {
    const a = await mine(id, memberId);
    if (a.status === 'confirmed' && a.sendAt <= now) throw fail('announce.too_late', (c) => c.tooLate({ id }));
    await units.atomic(async (tx) => {
      if (a.status === 'confirmed') await outbox.forget(tx, `announce:${id}:`);
      await cancelTask(tx, `announce:${id}:receipt`);
      await updateAnnouncement(tx, id, { status: 'cancelled' });
    });
    return (await getAnnouncement(units.q(), id))!;
  }

  async function mine(id: number, memberId: number): Promise<AnnouncementRow> {
    const a = Number.isSafeInteger(id) ? await getAnnouncement(units.q(), id) : undefined;
    if (!a || a.authorId !== memberId || a.status === 'cancelled') throw fail('announce.not_found', (c) => c.notFound({ id: String(id) }));
    return a;
  }

  /** The counts of a confirmed announcement's rows: sent, unreachable, failed (unknown counts as sent), still pending. */
  async function counts(id: number) {
    const c = await outbox.statusCounts(`announce:${id}:`);
    return { sent: (c.sent ?? 0) + (c.unknown ?? 0), unreachable: c.unreachable ?? 0, failed: c.failed ?? 0, pending: (c.pending ?? 0) + (c.sending ?? 0) };
  }

  /** Tells the author how it went once nothing is pending (asked again every 10 minutes until then). */
  async function receipt(payload: Record<string, unknown>, now: Date): Promise<void> {
    const id = Number(payload.id);
    const a = await getAnnouncement(units.q(), id);
    if (!a || a.status !== 'confirmed' || a.authorId === null) return;
    const c = await counts(id);
    await units.atomic(async (tx) => {
      if (c.pending) return void await scheduleTask(tx, RECEIPT, new Date(now.getTime() + RECEIPT_AFTER), { id }, now, `announce:${id}:receipt`);
      await outbox.toMember(tx, { kind: RECEIPT, key: `announce-receipt:${id}`, memberId: a.authorId!, urgent: a.urgent, render: (l) => ({ text: m(l).receipt({ id, ...c }) }) }, now);
    });
  }

  return { draft, confirm, cancel, counts, receipt, mine: (memberId: number) => announcementsOf(units.q(), memberId) };
}

export type AnnounceService = ReturnType<typeof createAnnounceService>;

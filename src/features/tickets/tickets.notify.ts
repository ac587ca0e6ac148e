/**
 * Who hears about a ticket: the department (its staff chats, or its staff privately when no chat
 * is bound), the student and everyone who joined with "me too". Cards in staff chats are edited
 * as the ticket moves.
 */
import { findDepartment, type Config } from '../../config.js';
import type { TicketStatus } from '../../db/schema.js';
import { tr, type Locale } from '../../core/i18n.js';
import type { Outgoing, Platform } from '../../core/message.js';
import type { SentHook } from '../../core/feature.js';
import type { Messenger, Render } from '../../core/messenger.js';
import type { SendOptions, UnitRunner } from '../../core/unit-of-work.js';
import type { MembersService } from '../members/members.service.js';
import type { Outbox } from '../../core/outbox.js';
import type { Holders } from '../access/access.service.js';
import { staffMessages } from './staff.messages.js';
import { ticketMessages } from './tickets.messages.js';
import { ticketCode } from './tickets.access.js';
import { aboutOf, renderCard, statusLabel, type View } from './tickets.render.js';
import { cardsOf, dropCards, getTicket, photosOf, saveCard, watchersOf, type TicketRow } from './tickets.repo.js';

export interface NotifyDeps {
  /** Every function runs in the caller's unit and queries on its handle (`units.q()`). */
  units: UnitRunner;
  config: Config;
  messenger: Messenger;
  outbox: Outbox;
  members: MembersService;
  holders: Holders;
}

/** What those who joined a ticket hear about: a new status, or a new owning department. */
export type JoinerChange = { status: TicketStatus } | { department: string };

export function createTicketNotifier(deps: NotifyDeps) {
  const { units, config, messenger } = deps;

  /** A department's staff and leads. */
  const staffOf = async (deptId: string) => new Set([...await deps.holders('staff', deptId), ...await deps.holders('lead', deptId)]);

  /** The names of members a view may show (reporters, handlers, the actors of a timeline), read once for every language. */
  async function namesOf(ids: readonly (number | null)[]): Promise<ReadonlyMap<number, string>> {
    const names = new Map<number, string>();
    for (const id of new Set(ids)) {
      const m = id === null ? undefined : await deps.members.get(id);
      if (m) names.set(m.id, m.name);
    }
    return names;
  }

  /** How a ticket of the department is shown in `locale`, naming the members `named` lists. */
  async function view(t: Pick<TicketRow, 'departmentId'>, locale: Locale, named: readonly (number | null)[] = []): Promise<View> {
    return viewWith(t, locale, await namesOf(named));
  }

  function viewWith(t: Pick<TicketRow, 'departmentId'>, locale: Locale, names: ReadonlyMap<number, string>): View {
    return {
      locale, tz: config.campus.timezone, dept: findDepartment(config, t.departmentId)!,
      nameOf: (id) => names.get(id) ?? `#${id}`,
      deptNameOf: (id) => { const d = findDepartment(config, id); return d ? d.name[locale] : id; },
    };
  }

  /** What a card shows besides the row: the ticket's photos and how many reported it, read once for every recipient's copy. */
  async function cardOf(t: TicketRow, header: (l: Locale) => string): Promise<(l: Locale, platform: Platform) => Outgoing> {
    const q = units.q();
    const photos = await photosOf(q, t.id);
    const reporters = 1 + (await watchersOf(q, t.id)).length;
    const names = await namesOf([t.reporterId, t.assigneeId]);
    return (l, platform) => renderCard(t, viewWith(t, l, names), { header: header(l), photos: photos.filter((p) => p.platform === platform).map((p) => p.ref), reporters });
  }

  /** What the outbox keeps with a message about a ticket: erasing its reporter blanks it there too. */
  const about = (t: Pick<TicketRow, 'id'>) => ({ meta: { ticketId: t.id } });

  /**
   * Staff chats of the department, or, when none is bound on a running platform, its staff
   * privately (with `privately`, by default `opts`); returns to how many chats it goes.
   */
  function toDepartment(t: Pick<TicketRow, 'id' | 'departmentId'>, render: Render, opts?: SendOptions, privately = opts): Promise<number> {
    return messenger.toBoundOrMembers('staff', t.departmentId, () => staffOf(t.departmentId), render, { ...about(t), ...opts }, { ...about(t), ...privately });
  }

  /**
   * Queues a follow-up for the department through the outbox (kept across crashes, paced, held
   * back in quiet hours unless urgent): its staff chats, or its staff privately when none is bound.
   */
  async function queueToDepartment(deptId: string, m: { kind: string; key: string; render: Render; urgent: boolean }, now: Date): Promise<void> {
    await deps.outbox.toBoundOrMembers(units.q(), { ...m, binding: 'staff', scope: deptId }, () => staffOf(deptId), now);
  }

  /** Posts the ticket's card to its department; once it landed in a staff chat, `cardSent` remembers where, to edit it later. */
  async function postCard(t: TicketRow, header: (l: Locale) => string): Promise<void> {
    await toDepartment(t, await cardOf(t, header), {
      onSent: 'tickets.card', meta: { ticketId: t.id, departmentId: t.departmentId },
    }, {});
  }

  /** The `tickets.card` hook: a card that landed is edited as the ticket moves, unless the ticket moved away meanwhile. */
  const cardSent: SentHook = async (ref, meta) => {
    const t = await getTicket(units.q(), Number(meta.ticketId));
    if (t && t.departmentId === meta.departmentId) await saveCard(units.q(), t.id, ref.platform, ref.chatId, ref.messageId);
  };

  /** Sends the ticket's card privately to one staff member (for example after an assignment). */
  async function cardToMember(memberId: number, t: TicketRow, header: (l: Locale) => string): Promise<void> {
    await messenger.toMember(memberId, await cardOf(t, header), about(t));
  }

  /** Edits every card of the ticket to show where it stands now. */
  async function refreshCards(t: TicketRow): Promise<void> {
    const cards = await cardsOf(units.q(), t.id);
    if (!cards.length) return;
    const card = await cardOf(t, () => '');
    for (const c of cards) {
      const ref = { platform: c.platform, chatId: c.chatId, messageId: c.messageId };
      messenger.edit(ref, (l) => ({ ...card(l, c.platform), photos: [] }), about(t));
    }
  }

  /** Tells the old department's chats that the ticket moved away; their cards stop offering actions. */
  async function retireCards(t: TicketRow, away: (l: Locale) => string): Promise<void> {
    for (const c of await cardsOf(units.q(), t.id)) {
      messenger.edit({ platform: c.platform, chatId: c.chatId, messageId: c.messageId }, (l) => ({ text: away(l) }), about(t));
    }
    await dropCards(units.q(), t.id);
  }

  /**
   * The reporter gets `render` (with `opts`: a relay's receipt); everyone who joined with "me too"
   * hears of `change` in their own words (`toJoiners`), or nothing when it is null: staff texts are
   * meant for the reporter alone. False when the reporter has no chat the bot can write to.
   */
  async function toStudents(t: TicketRow, render: Render, change: JoinerChange | null, opts?: SendOptions): Promise<boolean> {
    const reached = await messenger.toMember(t.reporterId, render, { ...about(t), ...opts });
    if (change) await toJoiners(t, change);
    return reached;
  }

  /** Tells those who joined the ticket's new status, or the department it moved to: never anyone's text. */
  async function toJoiners(t: TicketRow, change: JoinerChange): Promise<void> {
    const render: Render = (l) => {
      const p = { id: ticketCode(t.id), about: aboutOf(t, l) };
      if ('department' in change) return { text: tr(ticketMessages, l).watcherTransferred({ ...p, dept: viewWith(t, l, new Map()).deptNameOf(change.department) }) };
      return { text: tr(ticketMessages, l).watcherUpdate({ ...p, status: statusLabel(change, l) }) };
    };
    for (const id of await watchersOf(units.q(), t.id)) await messenger.toMember(id, render, about(t));
  }

  /** How staff name the student of a ticket, in a language: the alias when anonymous. */
  async function studentName(t: TicketRow): Promise<(l: Locale) => string> {
    const name = t.anonymous ? undefined : (await deps.members.get(t.reporterId))?.name;
    return (l) => (t.anonymous ? tr(staffMessages, l).anonymousAlias({ tag: t.alias }) : name ?? tr(staffMessages, l).student);
  }

  return { view, queueToDepartment, postCard, cardSent, cardToMember, refreshCards, retireCards, toDepartment, toStudents, toJoiners, studentName };
}

export type TicketNotifier = ReturnType<typeof createTicketNotifier>;

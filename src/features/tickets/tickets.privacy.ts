/**
 * Tickets in a person's own data. /mydata: the tickets they reported with the public timeline
 * (never internal notes or who on the staff did what), and of those they joined only what a joiner
 * sees. /forgetme: their tickets stay as anonymous statistics without description, photos or
 * timeline texts; unfinished ones nobody joined are withdrawn, since nobody could be told about
 * them any more. Retention: finished tickets lose their texts and photos after a period.
 */
import type { Q } from '../../db/client.js';
import type { PrivacyHooks } from '../../core/feature.js';
import { forgetOutboxAbout } from '../../core/outbox.privacy.repo.js';
import { ticketCode } from './tickets.access.js';
import type { TicketNotifier } from './tickets.notify.js';
import {
  ACTIVE, addEvent, eventsOf, finishedWithTexts, getTicket, joinedBy, leaveTickets, photosOf, reportedBy, stripTicketTexts,
  updateTicket, watchersOf, type EventRow, type TicketRow,
} from './tickets.repo.js';

/** Event data a student may read in their own timeline (departments of a transfer, a rating). */
const PUBLIC_DATA = ['from', 'to', 'rating', 'auto'];

function eventOut(e: EventRow, memberId: number) {
  const data = Object.fromEntries(Object.entries(e.data ?? {}).filter(([k]) => PUBLIC_DATA.includes(k)));
  const by = e.actorId === memberId ? 'you' : e.type === 'metoo' ? 'another student' : e.actorId === null ? 'the bot' : 'staff';
  return { at: e.at, event: e.type, by, ...(e.text ? { text: e.text } : {}), ...(Object.keys(data).length ? { data } : {}) };
}

async function reportedOut(q: Q, t: TicketRow, memberId: number) {
  const photos = (await photosOf(q, t.id)).length;
  const timeline = (await eventsOf(q, t.id, false)).map((e) => eventOut(e, memberId));
  return {
    ticket: ticketCode(t.id), kind: t.kind, category: t.category, department: t.departmentId, status: t.status,
    anonymous: t.anonymous, description: t.description, building: t.building, room: t.room, item: t.item,
    photos, created_at: t.createdAt, resolved_at: t.resolvedAt, closed_at: t.closedAt,
    resolution: t.resolution, rating: t.rating, rating_comment: t.ratingComment,
    timeline,
  };
}

/** A joined ticket as its joiner sees it: never the description, photos, replies or who reported it. */
function joinedOut(t: TicketRow, joinedAt: Date) {
  return { ticket: ticketCode(t.id), kind: t.kind, category: t.category, status: t.status, building: t.building, room: t.room, item: t.item, joined_at: joinedAt };
}

export function ticketPrivacy(deps: { notify: TicketNotifier }): PrivacyHooks {
  /** Withdraws what still waits for work or for the reporter, unless other students joined it. */
  async function withdraw(q: Q, t: TicketRow, now: Date): Promise<void> {
    const data = { reason: 'reporter_erased' };
    if (ACTIVE.includes(t.status) && !(await watchersOf(q, t.id)).length) {
      await updateTicket(q, t.id, { status: 'cancelled', assigneeId: null, updatedAt: now });
      await addEvent(q, t.id, { type: 'cancelled', actorId: null, public: true, data }, now);
    } else if (t.status === 'resolved') {
      await updateTicket(q, t.id, { status: 'closed', closedAt: now, updatedAt: now });
      await addEvent(q, t.id, { type: 'closed', actorId: null, public: true, data }, now);
    }
  }

  return {
    // actor_id: what a member did on a ticket (their "me too" on someone else's); the number stays, the texts go.
    handles: { tickets: ['reporter_id', 'assignee_id'], ticket_events: ['actor_id'], ticket_watchers: ['member_id'] },
    exportMine: async (q, memberId) => {
      const reported = [];
      for (const t of await reportedBy(q, memberId)) reported.push(await reportedOut(q, t, memberId));
      const joined = (await joinedBy(q, memberId)).map((j) => joinedOut(j.ticket, j.joinedAt));
      return { tickets: { reported, joined } };
    },
    async forget(q, memberId, now) {
      await leaveTickets(q, memberId);
      const reported = await reportedBy(q, memberId);
      await forgetOutboxAbout(q, 'ticketId', reported.map((t) => t.id)); // what was sent about them named or quoted them
      for (const t of reported) {
        await withdraw(q, t, now);
        await stripTicketTexts(q, t.id);
        await updateTicket(q, t.id, { anonymous: true });
        await deps.notify.refreshCards((await getTicket(q, t.id))!); // the staff chats' cards lose the name and the description too
      }
    },
    async retain(q, retention, now) {
      const ids = await finishedWithTexts(q, new Date(now.getTime() - retention.closed_ticket_text_days * 86_400_000));
      for (const id of ids) await stripTicketTexts(q, id);
      return { ticket_texts: ids.length };
    },
  };
}

/**
 * Which slots each intent carries (SPEC §4), and one function that fills them. Slots appear only
 * when found; keys are exactly `category`, `building`, `room`, `item`, `service`, `time`,
 * `ticket_id`, `event`.
 */
import type { Intent } from '../intents.js';
import { extractCategory } from './category.js';
import { extractEvent } from './event.js';
import { extractItem } from './item.js';
import { extractLocation } from './location.js';
import { extractService } from './service.js';
import { extractTicketId } from './ticket-id.js';
import { extractTime } from './time.js';

export interface Slots {
  category?: string;
  building?: string;
  room?: string;
  item?: string;
  service?: string;
  time?: string;
  ticket_id?: string;
  event?: string;
}

export interface SlotContext {
  now: Date;
  timezone: string;
}

type Filler = (text: string, ctx: SlotContext, slots: Slots) => void;

const location: Filler = (text, _ctx, slots) => Object.assign(slots, extractLocation(text));
const category: Filler = (text, _ctx, slots) => set(slots, 'category', extractCategory(text));
const item: Filler = (text, _ctx, slots) => set(slots, 'item', extractItem(text)?.id);
const service: Filler = (text, _ctx, slots) => set(slots, 'service', extractService(text));
const time: Filler = (text, ctx, slots) => set(slots, 'time', extractTime(text, ctx.now, ctx.timezone)?.start);
const ticket: Filler = (text, _ctx, slots) => set(slots, 'ticket_id', extractTicketId(text));
const event: Filler = (text, _ctx, slots) => set(slots, 'event', extractEvent(text));

function set(slots: Slots, key: keyof Slots, value: string | undefined): void {
  if (value) slots[key] = value;
}

/** The slot plan: feedback and complaints also keep a location and a ticket they mention. */
const PLAN: Record<Intent, readonly Filler[]> = {
  'feedback.submit': [category, location],
  'complaint.submit': [category, location, ticket],
  'repair.request': [location, item],
  'booking.create': [service, time],
  'booking.cancel': [service, time],
  'ticket.status': [ticket],
  'support.anonymous': [],
  crisis: [],
  'faq.ask': [],
  'event.list': [],
  'event.signup': [event],
  'poll.create': [],
  help: [],
  smalltalk: [],
  none: [],
};

/** The slots of `intent` found in `text`. Deterministic given ctx.now and ctx.timezone. */
export function extractSlots(intent: Intent, text: string, ctx: SlotContext): Slots {
  const slots: Slots = {};
  for (const fill of PLAN[intent]) fill(text, ctx, slots);
  return slots;
}

/**
 * Answers before tickets. Plain words the understanding layer was unsure of, read as a question,
 * or as something not built yet (a booking, an event) become `faq.ask` when the FAQ answers them
 * outright ("I lost my student card", "怎么预约自习室"). A report it was sure of (a repair, feedback,
 * a complaint) or a plea for help becomes one only when it is asked as a question, names no
 * building or room, and the FAQ is sure by the strict rule ("宿舍停电了怎么办" is the outage entry;
 * "3号楼502停电了" and "宿舍的热水器坏了" stay repairs). Wanting to book counselling ("我想预约心理咨询", not
 * asked as a question) stays that: a counsellor is offered now. Asking for a counsellor stays that,
 * unless the FAQ strictly answers it with an entry of another department than the counsellors'
 * ("家人朋友能进宿舍吗" is about visitors). A crisis, a worry, a privacy request and chit-chat are never taken.
 */
import type { Understanding } from '../../core/feature.js';

/** Intents a FAQ answer wins over whenever the FAQ is sure. */
const YIELDS = new Set(['faq.ask', 'none', 'booking.create', 'booking.cancel', 'event.list', 'event.signup']);
/** Intents a FAQ answer wins over only for a question naming no place, and a strict match. */
const REPORTS = new Set(['repair.request', 'feedback.submit', 'complaint.submit', 'help']);
const ASKED = /[?？吗]|怎么|如何|哪里|哪儿|在哪|几点|多久|什么时候|找谁|能不能|\b(how|what|when|where|who|which|can i|do i|is there|are there)\b/i;

/** The department of the entry the FAQ answers `text` with outright (`strict`: by the first rule alone), if any. */
export type Answers = (text: string, strict?: boolean) => string | undefined;

export function withFaq(u: Understanding, text: string, answers: Answers, counselling: string): Understanding {
  if (u.intent === 'crisis' || u.concern || u.privacy || u.chitchat) return u;
  if (wantsCounselling(u, text)) return u; // "我想预约心理咨询": the counsellor now (how to book is a question: "怎么预约？")
  if (!u.confident || YIELDS.has(u.intent)) return u.intent === 'faq.ask' && u.confident ? u : answers(text) ? asked(u) : u;
  if (REPORTS.has(u.intent)) return ASKED.test(text) && !u.slots.building && !u.slots.room && answers(text, true) ? asked(u) : u;
  if (u.intent === 'support.anonymous') { const d = answers(text, true); return d && d !== counselling ? asked(u) : u; }
  return u;
}

/** Wanting to book counselling, not asking about it: offered a counsellor now (bookings come later). */
const wantsCounselling = (u: Understanding, text: string) =>
  u.confident && u.intent === 'booking.create' && u.slots.service === 'counseling' && !ASKED.test(text);

function asked(u: Understanding): Understanding {
  return {
    intent: 'faq.ask', confident: true, confidence: u.confidence, alternatives: u.alternatives, crisis: u.crisis,
    get slots() {
      return u.slots; // lazy, as in app.ts (nlu/index.ts)
    },
  };
}

/**
 * Answers before tickets: plain words the understanding layer was unsure of, read as a question,
 * or as something not built yet (a booking, an event) become `faq.ask` when the FAQ answers them
 * outright ("I lost my student card", "怎么预约自习室"). A crisis, a worry, a privacy request and
 * chit-chat are never taken (the crisis and wellbeing paths come first), nor is a confident repair,
 * complaint, feedback or status request (a report is a ticket even when it sounds like a question).
 */
import type { Understanding } from '../../core/feature.js';

const YIELDS = new Set(['faq.ask', 'none', 'booking.create', 'booking.cancel', 'event.list', 'event.signup']);

export function withFaq(u: Understanding, text: string, answers: (text: string) => boolean): Understanding {
  if (u.intent === 'crisis' || u.concern || u.privacy || u.chitchat) return u;
  if (u.confident && (u.intent === 'faq.ask' || !YIELDS.has(u.intent))) return u;
  if (!answers(text)) return u;
  return {
    intent: 'faq.ask', confident: true, confidence: u.confidence, alternatives: u.alternatives, crisis: u.crisis,
    get slots() {
      return u.slots; // lazy, as in app.ts (nlu/index.ts)
    },
  };
}

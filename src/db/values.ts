/**
 * What some columns hold, the same in both dialects' schemas (src/db/sqlite/schema/ and
 * src/db/pg/schema/): the TypeScript types and constants of enum-like text, JSON and lane columns.
 */

// ---- core --------------------------------------------------------------------------------------

export type LinkStatus = 'open' | 'pending' | 'merged' | 'refused' | 'expired' | 'cancelled';

/** What became of a step, rendered by its feature (or the core for `cancelled` and `left`). */
export type StepOutcome = { key: string } & Record<string, string | number>;

// ---- tickets -----------------------------------------------------------------------------------

export type TicketStatus = 'open' | 'in_progress' | 'resolved' | 'closed' | 'reopened' | 'rejected' | 'cancelled';

export type TicketEventType =
  | 'created' | 'claimed' | 'assigned' | 'transferred' | 'reply' | 'student_reply' | 'note' | 'priority'
  | 'resolved' | 'rejected' | 'reopened' | 'rated' | 'closed' | 'cancelled' | 'metoo' | 'reminder' | 'escalation';

// ---- outbox ------------------------------------------------------------------------------------

export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'unknown' | 'unreachable' | 'failed';

/**
 * Who goes first: crisis answers, then what the bot owes right now (replies, and what a handled
 * message causes: ticket cards, relays, alerts), then proactive messages (surveys, follow-ups,
 * digests). Lower goes first.
 */
export const LANE = { crisis: 0, reply: 1, bulk: 2 } as const;
export type Lane = (typeof LANE)[keyof typeof LANE];

/** The rendered `Outgoing` (text, buttons, photos) as a row keeps it; `sealed` (the whole message, sealed) when it was owed with `seal`, its `text` then empty. */
export type StoredPayload = { text: string; buttons?: { label: string; data: string }[][]; photos?: string[]; sealed?: string };

// ---- counselling cases -------------------------------------------------------------------------

/** Why the case exists: the student's own crisis, /talk (or asking for a counsellor), a worry about someone else, danger to people. */
export type CaseKind = 'crisis' | 'talk' | 'concern' | 'danger';
export type CaseStatus = 'open' | 'in_contact' | 'closed';
export type RevealStatus = 'pending' | 'approved' | 'refused';

/** The closed set of intents the NLU layer can return (SPEC section 4). `none` = out of scope. */
export const INTENTS = [
  'feedback.submit',
  'complaint.submit',
  'repair.request',
  'booking.create',
  'booking.cancel',
  'ticket.status',
  'support.anonymous',
  'crisis',
  'faq.ask',
  'event.list',
  'event.signup',
  'poll.create',
  'help',
  'smalltalk',
  'none',
] as const;

export type Intent = (typeof INTENTS)[number];


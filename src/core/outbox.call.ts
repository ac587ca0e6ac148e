/**
 * The platform call for one outbox row: a new message, or an edit of an earlier one. A reply that
 * leaves more than a few minutes after the message it answers (the bot was down, or held back by
 * a rate limit) says so first, so the person knows what it answers.
 */
import { tr } from './i18n.js';
import { DeliveryError, toOutgoing, type Outgoing, type Ports, type SentRef } from './message.js';
import { outboxMessages } from './outbox.messages.js';
import type { OutboxRow } from './outbox.repo.js';
import { formatDateTime } from './time.js';

/** A reply sent this long after it was written says it is late. */
export const LATE_AFTER_MS = 3 * 60_000;

export async function callPlatform(ports: Ports, row: OutboxRow, now: Date, timezone: string, open: (sealed: string) => Outgoing): Promise<SentRef> {
  const port = ports.get(row.platform!);
  if (!port) throw new DeliveryError('transient', `no adapter is running for ${row.platform}`);
  const out = row.payload.sealed ? open(row.payload.sealed) : toOutgoing(row.payload);
  const ref = { platform: row.platform!, chatId: row.chatId!, messageId: row.editOf ?? '' };
  if (row.editOf) return port.edit(ref, out).then(() => ref);
  return port.send(row.chatId!, isLate(row, now) ? withLateNote(row, out, timezone) : out, { key: `outbox:${row.id}` });
}

function isLate(row: OutboxRow, now: Date): boolean {
  return row.kind === 'reply' && now.getTime() - row.createdAt.getTime() > LATE_AFTER_MS;
}

function withLateNote(row: OutboxRow, out: Outgoing, timezone: string): Outgoing {
  const note = tr(outboxMessages, row.locale).late({ at: formatDateTime(row.createdAt, timezone, row.locale) });
  return { ...out, text: `${note}\n\n${out.text}` };
}

/**
 * The Telegram update inbox: the shared event inbox (adapters/shared/inbox.ts) over the
 * `telegram_inbox` table, keyed and ordered by update_id. Telegram forgets an update once it is
 * confirmed (a getUpdates with a higher offset, or a 2xx to its webhook request), so every update
 * is stored here first and only then confirmed.
 */
import type { Update } from 'grammy/types';
import { createInbox as createEventInbox, type Inbox as EventInbox, type InboxDeps as EventInboxDeps, type InboxRow as EventRow, type InboxStore } from '../shared/inbox.js';
import { chatKeyOf, withoutSender } from './telegram.mapping.js';
import { claimInboxRow } from './telegram.claim.repo.js';
import { insertUpdates, leaseUpdate, markDead, pendingUpdates, recordFailure, type InboxRow } from './telegram.repo.js';

export type Inbox = EventInbox<Update>;

export interface InboxDeps extends Omit<EventInboxDeps<Update>, 'store' | 'describe' | 'what' | 'deadPayload' | 'process' | 'onDead'> {
  /** As in the shared inbox, with the row's update_id and the update as this process received it. */
  process(row: InboxRow & { update?: Update }, within: () => Promise<void>, claim: () => Promise<boolean>): Promise<void>;
  /**
   * Whether an update is settled as it arrives, with nothing to process (a group message not for
   * the bot): it is stored done, so it takes no turn in its chat's line and its text is never kept.
   */
  settled?(update: Update): boolean;
  /** Called once when an update is given up on (e.g. to answer its callback query). */
  onDead?(row: InboxRow): Promise<void>;
}

const telegramStore: InboxStore = {
  insert: async (q, rows, now) => (await insertUpdates(q, rows.map((r) => ({ ...r, updateId: Number(r.key) })), now)).map((r) => ({ ...r, seq: r.updateId })),
  pending: async (q, after, limit) => (await pendingUpdates(q, after, limit)).map((r) => ({ ...r, seq: r.updateId })),
  lease: leaseUpdate,
  recordFailure,
  markDead,
  claim: (q, seq, chatKey) => claimInboxRow(q, seq, chatKey),
};

const asTelegram = (row: EventRow): InboxRow => ({ updateId: row.seq, chatKey: row.chatKey, payload: row.payload, attempts: row.attempts });

export function createInbox(deps: InboxDeps): Inbox {
  const { process, settled, onDead, ...rest } = deps;
  return createEventInbox<Update>({
    ...rest, store: telegramStore, what: 'telegram update', deadPayload: withoutSender,
    describe: (u) => ({ key: String(u.update_id), chatKey: chatKeyOf(u), settled: settled?.(u) ?? false }),
    process: (row, within, claim) => process({ ...asTelegram(row), ...(row.event ? { update: row.event } : {}) }, within, claim),
    ...(onDead ? { onDead: (row: EventRow) => onDead(asTelegram(row)) } : {}),
  });
}

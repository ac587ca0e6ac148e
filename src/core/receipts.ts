/**
 * Receipts of relays between people (a staff reply to a student, a student's answer to staff): the
 * sender hears "sent" only once the platform accepted the relayed message, and, when it ended
 * without that — refused after the outbox's last try, nobody to reach, or cut off so that nobody
 * knows — that it did not arrive: in the chat they used, in their language, in the replies' lane.
 *
 * A relay's rows carry where to tell (`meta.receipt`) and name one feature hook for both ends
 * (`onSent` and `onFailed`), which says what. A relay to several chats (each staff chat of a
 * department) is one `meta.relay`: "sent" when the first of its rows is accepted, "did not arrive"
 * once none was and none is left to try. The hooks run in the write that marks a row, so each
 * outcome is told once (the receipt row names its relay, so rows that left the outbox once final do
 * not make it told twice); a crash before that write leaves the row `unknown` at the next start, and
 * the sender is told that it may not have arrived.
 */
import type { Ctx, LaterReply, Undelivered } from './feature.js';
import type { Locale } from './i18n.js';
import type { Outgoing } from './message.js';
import type { Messenger } from './messenger.js';
import { receiptTold, relayOutcome } from './outbox.receipts.repo.js';
import type { SendOptions, UnitRunner } from './unit-of-work.js';

/** Where the sender of a relay is told what became of it: where their context answers. */
type ReceiptTo = LaterReply;

/** A relay's send options from its unique name (`Receipts.options` bound to the sender's context and hook). */
export type Receipt = (relay: string) => SendOptions;

/** What the sender is told when the relay did not arrive: `unknown` when it may have. */
export type NotArrived = 'failed' | 'unknown';

export interface Receipts {
  /**
   * The send options of a relay sent by the person `ctx` answers; `hook` (`<feature>.<name>`) is
   * registered in both the feature's `sent` and `failed`; `relay` names this relay uniquely.
   */
  options(ctx: Ctx, hook: string, relay: string, meta: Record<string, unknown>): SendOptions;
  /** Tells the sender now that it did not arrive (nobody could be sent it at all); `meta` as the relay's. */
  now(ctx: Ctx, say: (l: Locale) => Outgoing | string, meta?: Record<string, unknown>): void;
  /** For the `sent` hook (in its unit): tells the sender, unless they were told of this relay before (another of its rows was accepted). */
  sent(hook: string, meta: Record<string, unknown>, say: (l: Locale) => Outgoing | string): Promise<void>;
  /** For the `failed` hook (in its unit): tells the sender once no row of the relay was accepted and none is left to try. */
  failed(hook: string, how: Undelivered, meta: Record<string, unknown>, say: (l: Locale, how: NotArrived) => Outgoing | string): Promise<void>;
}

const out = (o: Outgoing | string): Outgoing => (typeof o === 'string' ? { text: o } : o);

/** The hooks run in the unit that marks a relay's row: its rows are read there (`units.q()`). */
export function createReceipts(deps: { units: UnitRunner; messenger: Messenger }): Receipts {
  const { units, messenger } = deps;
  /**
   * The receipt keeps the feature's own `meta` (what it is about, for erasure), not where the relay
   * went, and which relay it answers (`receiptOf`): a relay is told of once, even when its rows
   * leave the outbox once final (`forget`) and can no longer be counted.
   */
  const tell = async (hook: string, meta: Record<string, unknown>, say: (l: Locale) => Outgoing | string) => {
    const { receipt, relay, ...about } = meta;
    const receiptOf = `${hook}:${String(relay)}`;
    if (await receiptTold(units.q(), receiptOf)) return;
    messenger.toChat(receipt as ReceiptTo, (l) => out(say(l)), { lane: 'reply', meta: { ...about, receiptOf } });
  };

  return {
    options: (ctx, hook, relay, meta) => ({
      onSent: hook, onFailed: hook,
      meta: { ...meta, relay, receipt: ctx.replyLater() },
    }),
    now: (ctx, say, meta) => ctx.reply(out(say(ctx.locale)), meta ? { meta } : {}),
    async sent(hook, meta, say) {
      if (meta.receipt && (await relayOutcome(units.q(), hook, String(meta.relay))).sent > 0) await tell(hook, meta, say);
    },
    async failed(hook, how, meta, say) {
      const rows = await relayOutcome(units.q(), hook, String(meta.relay));
      if (!meta.receipt || rows.sent > 0 || rows.open > 0) return;
      const arrived: NotArrived = how === 'unknown' || rows.unknown > 0 ? 'unknown' : 'failed';
      await tell(hook, meta, (l) => say(l, arrived));
    },
  };
}

/**
 * The outbox: every message the bot owes a person is a row before it is sent. Replies and what a
 * handled message causes (ticket cards, relayed replies, crisis answers and alerts) are written by
 * the unit of work (`owe`); proactive messages (survey questions, reminders, follow-ups, digests,
 * announcements) by features (`toMember`, `toBound`). The delivery worker sends them once
 * committed: right away when a unit commits, and on the scheduler's tick for what is due later.
 *
 * Guarantees: a dedupe key is enqueued at most once, ever; a row is handed to the platform at
 * most once unless the platform said for sure that nothing arrived (5xx, refused connection,
 * 429) — a crisis answer excepted, which is sent again rather than lost; every row ends in
 * exactly one final state: `sent`, `unknown` (the call may have arrived: never resent blindly),
 * `unreachable` (no reachable private chat, or blocked) or `failed`. Crisis answers go first,
 * then replies (and urgent messages), then proactive messages; one chat's rows go in order.
 *
 * The target is resolved and the text rendered when the row is written, in the recipient's
 * language: a member's best private chat on a running platform (none → `unreachable` at once),
 * or each chat bound to a department, class or the management. Enqueue in the unit that writes
 * its cause (pass its handle, `units.q()` or `units.atomic`'s `q`), so the message exists exactly
 * when the business fact that caused it does.
 */
import type { Logger } from 'pino';
import type { Q } from '../db/client.js';
import { LANE } from '../db/schema.js';
import type { Clock } from './clock.js';
import type { Pump } from './scheduler.js';
import type { Awaitable } from './feature.js';
import type { Locale } from './i18n.js';
import type { Outgoing, Platform, Ports } from './message.js';
import type { BoundChat, PrivateTarget, Render } from './messenger.js';
import { realSleep, type Sleep } from './outbox.pacer.js';
import {
  coarsenOutboxByPrefix, confirmOutbox, deleteForgottenOutbox, deleteOutboxByPrefix, insertOutbox, insertOwed, outboxByKey,
  outboxStatusCounts, type NewOutboxRow, type OutboxRow,
} from './outbox.repo.js';
import { nextOutboxTime } from './outbox.queue.repo.js';
import type { OutboxStatus, StoredPayload } from '../db/schema.js';
import type { OutboxHooks } from './outbox.outcome.js';
import { createOutboxWorker } from './outbox.worker.js';
import { afterQuietHours } from './time.js';
import type { Owed, UnitRunner } from './unit-of-work.js';
import type { Sealer } from './sealing.js';

export type { OutboxRow } from './outbox.repo.js';
export type { OutboxStatus } from '../db/schema.js';

interface Common {
  /** Feature-prefixed kind: "survey.invite", "ticket.sla_reminder", "digest.weekly". */
  kind: string;
  /** Unique forever, e.g. `survey:12:34:invite`; enqueuing the same key again changes nothing. */
  key: string;
  render: Render;
  /** The feature's own data about the row (ids), readable later with `byKey`. */
  meta?: Record<string, unknown>;
  /** Not sent before this time (scheduled announcements). */
  notBefore?: Date;
  /** Sent even in quiet hours, in the replies' lane (urgent tickets, crisis alerts). */
  urgent?: boolean;
}

export interface ToMember extends Common {
  memberId: number;
}

export interface ToBound extends Common {
  binding: 'staff' | 'class' | 'management';
  scope: string | null;
}

export interface Enqueued {
  row: OutboxRow;
  /** False when the key existed: the earlier row is returned unchanged. */
  created: boolean;
}

export interface Outbox {
  /** Queues a private message to a member. */
  toMember(q: Q, m: ToMember, now: Date): Promise<Enqueued>;
  /** Queues a message to every chat bound to `binding`/`scope` (key suffixed with each chat). */
  toBound(q: Q, m: ToBound, now: Date): Promise<Enqueued[]>;
  /**
   * Queues a message to the chats bound to `binding`/`scope`, or, when none is bound on a running
   * platform, to each of `members()` privately (key suffixed `:m<id>`): a department's staff, the admins.
   */
  toBoundOrMembers(q: Q, m: ToBound, members: () => Awaitable<Iterable<number>>, now: Date): Promise<void>;
  /** Writes a message a unit of work owes (the unit runner calls this, inside the unit's transaction; on SQLite written before it returns). */
  owe(q: Q, m: Owed): Promise<void>;
  /** Rows were committed: the worker looks at them now. */
  kick(): void;
  /** The row of a key, to see its status (e.g. `unknown`: ask the person whether it arrived); read in the running unit if any. */
  byKey(key: string): Promise<OutboxRow | undefined>;
  /** Rows per status among keys starting with `prefix` (e.g. `survey:12:` for a run's messages); read in the running unit if any. */
  statusCounts(prefix: string): Promise<Partial<Record<OutboxStatus, number>>>;
  /** The recipient acted on an `unknown` message (pressed its button): it did arrive. */
  confirmDelivered(key: string, now: Date): Promise<void>;
  /**
   * Deletes the rows whose key starts with `prefix`, whatever their state (one not sent yet is
   * dropped): for records that must not outlive their purpose, e.g. a closed anonymous survey's
   * reminders, which say who had not finished when. Returns how many.
   */
  forget(q: Q, prefix: string): Promise<number>;
  /**
   * Keeps only the day of the times of the rows whose key starts with `prefix`, and drops their
   * last error: for rows that stay (a closed anonymous survey's invitations, which count its reach)
   * but must not say when someone acted on them (a press confirms an `unknown` one).
   */
  coarsen(q: Q, prefix: string): Promise<number>;
  /**
   * Deletes what is left, since `since`, of anonymous content once sent (finished rows with no key
   * and no recipient): their times and count would still say when someone got how far, e.g. in a
   * survey run that closed. Rows still under way are left alone.
   */
  dropForgotten(q: Q, since: Date): Promise<number>;
  /** Sends what is due now; the scheduler calls this through `pump`. */
  deliver(): Promise<void>;
  /**
   * Whether this instance sends (default yes): with several instances on one database only the
   * holder of the `outbox.sender` lease does (core/leadership.ts); the others still write rows.
   * `false` resolves once the sends under way finished.
   */
  lead(leading: boolean): Promise<void>;
  readonly pump: Pump;
}

export interface OutboxDeps {
  units: UnitRunner;
  ports: Ports;
  clock: Clock;
  log: Logger;
  defaultLocale: Locale;
  /** The campus time zone (late replies name the time of the message they answer). */
  timezone: string;
  /** How the worker waits for the platform's pace (tests: advance a manual clock). */
  sleep?: Sleep;
  /** Nothing but urgent messages and replies is sent in these hours of `timezone`; the rest waits for their end. */
  quietHours?: { start: string; end: string };
  /** Waits after a transient failure of a reply (default 2 s, 10 s, 1 min, 5 min). */
  replyBackoffMs?: number[];
  /** The hooks features registered for `onSent` and `onFailed` (read when a message ended). */
  hooks?: () => OutboxHooks;
  /** Seals the messages owed with `seal` (without one, such a message is refused: it would be stored in clear). */
  sealer?: Sealer;
  privateTargets(memberId: number): Promise<PrivateTarget[]>;
  boundChats(binding: 'staff' | 'class' | 'management', scope: string | null): Promise<BoundChat[]>;
  markUnreachable(identityId: number): Promise<void>;
}

const NO_HOOKS: OutboxHooks = { sent: new Map(), failed: new Map() };

export function createOutbox(deps: OutboxDeps): Outbox {
  const worker = createOutboxWorker({ ...deps, sleep: deps.sleep ?? realSleep, hooks: deps.hooks ?? (() => NO_HOOKS), open: (sealed) => openPayload(sealed) });

  /** The earliest time a message may go: its own `notBefore`, pushed past quiet hours unless urgent. */
  function earliest(m: Common, now: Date): Date {
    const at = m.notBefore && m.notBefore > now ? m.notBefore : now;
    const q = deps.quietHours;
    return q && !m.urgent ? afterQuietHours(at, deps.timezone, q) : at;
  }

  function base(m: Common, locale: Locale, platform: Platform | undefined, now: Date): Omit<NewOutboxRow, 'dedupeKey'> {
    return {
      kind: m.kind, lane: m.urgent ? LANE.reply : LANE.bulk, locale, payload: m.render(locale, platform ?? 'local'), meta: m.meta ?? null,
      nextAttemptAt: earliest(m, now), createdAt: now, updatedAt: now,
    };
  }

  // The statements run on the handle of the caller's unit (`q`), so a message exists exactly when its cause does.
  async function toMember(q: Q, m: ToMember, now: Date): Promise<Enqueued> {
    const existing = await outboxByKey(q, m.key);
    if (existing) return { row: existing, created: false };
    const target = (await deps.privateTargets(m.memberId)).find((t) => deps.ports.has(t.platform));
    const row = { ...base(m, target?.locale ?? deps.defaultLocale, target?.platform, now), dedupeKey: m.key, memberId: m.memberId };
    if (!target) return insertOutbox(q, { ...row, status: 'unreachable', lastError: 'no reachable private chat' });
    return insertOutbox(q, { ...row, identityId: target.identityId, platform: target.platform, chatId: target.chatId, chatKind: 'private' });
  }

  async function toBound(q: Q, m: ToBound, now: Date): Promise<Enqueued[]> {
    const enqueued: Enqueued[] = [];
    for (const c of (await deps.boundChats(m.binding, m.scope)).filter((c) => deps.ports.has(c.platform))) {
      enqueued.push(await insertOutbox(q, {
        ...base(m, deps.defaultLocale, c.platform, now), dedupeKey: `${m.key}:${c.platform}:${c.platformChatId}`,
        binding: m.binding, scope: m.scope, platform: c.platform, chatId: c.platformChatId, chatKind: 'group',
      }));
    }
    return enqueued;
  }

  const SEALED = 'outbox';
  function sealed(out: Owed['out']): StoredPayload {
    if (!deps.sealer) throw new Error('a sealed message needs the outbox to have a sealer');
    return { text: '', sealed: deps.sealer.seal(JSON.stringify(out), SEALED) };
  }
  const openPayload = (s: string): Outgoing => JSON.parse(deps.sealer!.open(s, SEALED)) as Outgoing;

  function owe(q: Q, m: Owed): Promise<void> {
    return insertOwed(q, {
      kind: m.kind, lane: m.lane, platform: m.platform, chatId: m.chatId, chatKind: m.chatKind ?? null,
      memberId: m.memberId ?? null, identityId: m.identityId ?? null, locale: m.locale ?? deps.defaultLocale,
      payload: m.seal ? sealed(m.out) : m.out, editOf: m.editOf ?? null, meta: m.meta ?? null, onSent: m.onSent ?? null, onFailed: m.onFailed ?? null,
      forget: m.forget ?? false,
      at: deps.clock.now().getTime(),
    });
  }

  async function toBoundOrMembers(q: Q, m: ToBound, members: () => Awaitable<Iterable<number>>, now: Date): Promise<void> {
    if ((await toBound(q, m, now)).length) return;
    for (const id of new Set(await members())) await toMember(q, { ...m, key: `${m.key}:m${id}`, memberId: id }, now);
  }

  return {
    toMember,
    toBound,
    toBoundOrMembers,
    owe,
    kick: () => worker.kick(),
    byKey: (key) => deps.units.read((q) => outboxByKey(q, key)),
    statusCounts: (prefix) => deps.units.read((q) => outboxStatusCounts(q, prefix)),
    confirmDelivered: (key, now) => deps.units.run((unit) => confirmOutbox(unit.q, key, now)),
    forget: (q, prefix) => deleteOutboxByPrefix(q, prefix),
    coarsen: (q, prefix) => coarsenOutboxByPrefix(q, prefix),
    dropForgotten: (q, since) => deleteForgottenOutbox(q, since),
    deliver: () => worker.run(),
    lead: (leading) => worker.lead(leading),
    // Due at once until the first pass recovered what a crash left `sending`, even with nothing pending.
    pump: {
      name: 'outbox',
      nextDueAt: async () => (!worker.leading ? undefined : worker.recovering ? deps.clock.now() : deps.units.read(nextOutboxTime)), run: () => worker.run(), stop: () => worker.stop(),
    },
  };
}

/** What a unit of work offers (core/unit-of-work.ts runs them). */
import type { Q } from '../db/client.js';
import type { Lane } from '../db/schema.js';
import type { Locale } from './i18n.js';
import type { ChatKind, Outgoing, Platform, SentRef } from './message.js';

/** How a message is kept and followed up; all of it is stored with its row, so it survives a restart. */
export interface SendOptions {
  /**
   * `crisis`: a crisis answer, sent before anything else and sent again after a restart cut it off.
   * `reply`: owed to a person now even outside the handling of their message (a relay's receipt, a
   * crisis alert to the person on duty from a scheduled task), ahead of proactive messages.
   */
  lane?: 'crisis' | 'reply';
  /**
   * A hook a feature registered (`<feature>.<name>`, see `Feature.sent`), run with the sent
   * message's reference and `meta` once the platform accepted it (e.g. to remember a card to edit).
   */
  onSent?: string;
  /**
   * A hook a feature registered (`Feature.failed`), run with `meta` once the row ended without the
   * platform accepting it, or not knowing whether it did (e.g. to tell the sender of a relay).
   */
  onFailed?: string;
  meta?: Record<string, unknown>;
  /** Anonymous content: its row leaves the outbox as soon as it is final (text, recipient and time). */
  forget?: boolean;
  /**
   * Sensitive words (a counselling case's): the row keeps the message sealed with the data key
   * (core/sealing.ts) and it is opened only to be sent, so no text of it is in the database file.
   */
  seal?: boolean;
}

/** Who receives a message, as far as the outbox needs to know it. */
export interface Recipient extends SendOptions {
  /** `reply`: an answer to the person whose message is being handled (said to be late when it is). */
  kind?: 'reply' | 'message';
  locale?: Locale;
  chatKind?: ChatKind;
  /** The member and the identity whose private chat this is: a 403 marks it unreachable and tries another. */
  memberId?: number;
  identityId?: number;
}

/** A message (or an edit) a unit owes, as handed to the outbox. */
export interface Owed extends Omit<Recipient, 'kind' | 'lane'> {
  platform: Platform;
  chatId: string;
  out: Outgoing;
  kind: 'reply' | 'message' | 'edit';
  lane: Lane;
  /** For an edit: the platform's id of the message to edit. */
  editOf?: string;
}

/** The chat and language of the person a unit answers. */
export interface Origin {
  platform: Platform;
  chatId: string;
  locale: Locale;
}

export interface Unit {
  /** The handle this unit's repos run their queries on (its transaction). */
  readonly q: Q;
  /** Owes a message to a chat: written to the outbox now, sent once the unit committed. */
  send(platform: Platform, chatId: string, out: Outgoing, to?: Recipient): void;
  /** Owes an edit of an earlier message. */
  edit(ref: SentRef, out: Outgoing, opts?: SendOptions & { locale?: Locale }): void;
  /**
   * Runs `fn` once the unit committed, before another transaction begins: work that cannot run
   * inside one (a WAL checkpoint). Not run when the unit failed; a throw is logged.
   */
  afterCommit(fn: () => void): void;
  /** Runs `work` so that, if it throws, its writes and its messages are undone; rethrows. */
  attempt<T>(work: () => Promise<T>): Promise<T>;
  /** This unit answers a person: what it owes goes in the replies' lane, ahead of proactive messages. */
  answering(origin: Origin): void;
  /** The person this unit answers, if it does. */
  readonly origin: Origin | undefined;
}

export interface UnitRunner {
  /** Runs `work` as a unit; resolves after it committed (its messages are then rows the outbox sends). */
  run<T>(work: (unit: Unit) => Promise<T> | T): Promise<T>;
  /** The unit the caller runs in, if any. */
  current(): Unit | undefined;
  /** The handle of the unit the caller runs in; throws outside a unit (use `read` or `atomic` there). */
  q(): Q;
  /**
   * Writes that belong together: in the running unit, an attempt (undone if `work` throws, which
   * rethrows); outside any unit, a unit of its own. What `db.transaction(tx => …)` was.
   */
  atomic<T>(work: (q: Q) => Promise<T>): Promise<T>;
  /** Reads outside any unit (health checks, startup, tools, an adapter's lookups); inside one, its handle. */
  read<T>(work: (q: Q) => Promise<T> | T): Promise<T>;
}


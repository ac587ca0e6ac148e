/**
 * What a feature plugs into the app: commands, button actions, dialogue steps, plain-language
 * intents, cron jobs and due-task handlers. Triggers are thin: they parse, call a service, render.
 */
import type { Retention, Role } from '../config.js';
import type { Q } from '../db/client.js';

/**
 * What a hook may return while the features move to async repos (core/unit-of-work.ts): a value or
 * a promise of it; the core always awaits it.
 */
export type Awaitable<T> = T | Promise<T>;
import type { Locale } from './i18n.js';
import type { Incoming, Outgoing, SentRef, ChatKind, Platform } from './message.js';
import type { ChatBinding, RoleSet } from './roles.js';
import type { StepOutcome } from './steps.js';
import type { SendOptions } from './unit-of-work.js';
import type { Suggest, SuggestKind } from './suggest.js';

export interface MemberView {
  id: number;
  name: string;
}

export interface ChatView {
  /** Row id in `chats`. */
  id: number;
  platform: Platform;
  platformChatId: string;
  kind: ChatKind;
  binding: ChatBinding | null;
  scope: string | null;
}

/** The member's dialogue in progress, if any. */
export interface FlowState {
  feature: string;
  name: string;
  data: Record<string, unknown>;
  /** The step its buttons belong to, once asked for (`FlowControl.step`). */
  stepId?: number;
}

export interface FlowControl {
  /** The member's dialogue in progress, if any (read once per message, when first asked for). */
  current(): Promise<FlowState | null>;
  /** Starts (or replaces) the member's dialogue, or moves it to its next step: the step it was at is closed; `data` is any plain object (kept as JSON). */
  start(feature: string, name: string, data: object): Promise<void>;
  /** Replaces the data of the dialogue in progress, at the same step. */
  update(data: object): Promise<void>;
  /** Ends the dialogue; `outcome` is what a later press on its last step's buttons is told (core/steps.ts). */
  end(outcome?: StepOutcome): Promise<void>;
  /** The step the dialogue is at, for its buttons (`stepButton`); made on first use. */
  step(): Promise<number>;
}

/** The step a pressed button belongs to, while it is open (core/steps.ts). */
export interface PressedStep {
  readonly id: number;
  /** Closes the step; a later press on its buttons is told `outcome` and does nothing. */
  answered(outcome?: StepOutcome): Promise<void>;
}

/** What the NLU layer hands the router for a plain message. */
export interface Understanding {
  intent: string;
  confidence: number;
  /** Above the chat's threshold: act on `intent`; else the router asks `uncertain` handlers. */
  confident: boolean;
  slots: Record<string, string | undefined>;
  alternatives: { intent: string; confidence: number }[];
  /** The sender's own crisis; `high` / `medium` exactly when `concern.kind` is `self`. */
  crisis: 'high' | 'medium' | 'none';
  /**
   * Who is at risk and of what, when anyone is (src/nlu/concern.ts). `kind` is the most urgent of
   * `kinds`: `self` (the sender's crisis, intent `crisis`), `danger` (a weapon, violence or a threat
   * to people: intent `crisis`, `crisis: 'none'`), `other` (a worry about someone else: `high` /
   * `medium` is their crisis, intent `crisis`; `low` their wellbeing) and `wellbeing` (the sender's
   * stress, sleep, loneliness, homesickness, exams, breakup, grief: `low`, intent `support.anonymous`
   * in private unless the words are clearly another request). `cues` are the matched phrases.
   */
  concern?: {
    kind: ConcernKind;
    level: 'high' | 'medium' | 'low';
    kinds: ConcernKind[];
    cues: string[];
  };
  /** The sender asks in plain words to erase ('forget': /forgetme) or to see ('export': /mydata) their data; intent `none`. */
  privacy?: 'forget' | 'export';
  /** Chit-chat that asks for nothing (hyperbole alone, laughter, noise): answered as small talk. */
  chitchat?: 'hyperbole' | 'laughter' | 'noise';
}

export type ConcernKind = 'self' | 'other' | 'danger' | 'wellbeing';

/** A chat a later answer goes to, in the member's language. */
export interface LaterReply {
  platform: Platform;
  chatId: string;
  chatKind: ChatKind;
  locale: Locale;
}

export interface Ctx {
  readonly msg: Incoming;
  readonly now: Date;
  readonly member: MemberView;
  readonly locale: Locale;
  readonly roles: RoleSet;
  readonly chat: ChatView;
  readonly flow: FlowControl;
  /** On a press of a step's button (`stepButton`) while that step is open: the step. */
  readonly step?: PressedStep;
  /** Answers in the chat the message came from (an outbox row, sent once the message's unit of work committed). */
  reply(out: Outgoing | string, opts?: SendOptions): void;
  /** Edits an earlier bot message (for example the one whose button was pressed). */
  edit(ref: SentRef, out: Outgoing | string, opts?: SendOptions): void;
  /** Writes to the member's private chat on this platform; false when we know of none we may use. */
  replyPrivately(out: Outgoing | string, opts?: SendOptions): boolean;
  /**
   * A short notice for the member alone: on a button press, the platform's acknowledgement of the
   * press (Telegram: a toast), so a vote in a group is confirmed without a message to the group;
   * on any other message, a reply. The last notice of a press wins.
   */
  notice(text: string): void;
  /**
   * Whether replies reach this member alone: the chat is private, or this context came from
   * `privately()`. Personal details are shown only then (or where `Command.sharedIn` allows).
   */
  readonly inPrivate: boolean;
  /**
   * Where an answer that comes later goes (a relay's receipt, once the platform answered): the
   * chat `reply` answers in, in the member's language. Answering privately from a group, the group
   * is pointed there now, as by a reply.
   */
  replyLater(): LaterReply;
  /**
   * This context with every reply sent to the member's private chat and, in a group, one short
   * pointer left there ("I've answered you privately"). In a private chat, the context itself;
   * undefined when no private chat with the member is known.
   */
  privately(): Ctx | undefined;
}

/**
 * Whose words the free text of a command or a dialogue step is. `own` (the default): the sender
 * speaking for themselves (a student's `/feedback 我不想活了`, an answer to staff), which the crisis
 * check reads. `work`: staff work, and words quoted or relayed from someone else (`/note`, `/reply`,
 * a resolution, a survey question): never read as the sender's own state.
 */
export type Words = 'own' | 'work';

export interface Command {
  name: string;
  /** Who may use it; undefined means everyone. */
  roles?: readonly Role[];
  /**
   * Who /help lists it for, when that differs from `roles` (a command everyone may try, whose
   * handler decides, such as /poll for reps and a group's own admins); default `roles`.
   */
  listedFor?: readonly Role[];
  /** Where it may be used; default anywhere. */
  where?: 'private' | 'any';
  /** Whose words its arguments are, when the sender may use it (default `own`); a function when it depends on who asks. */
  words?: Words | ((ctx: Ctx) => Words);
  /**
   * `private`: the answer shows private data (member numbers, accounts, tickets, notes, figures,
   * codes). Used in a group, the router runs the command with `ctx.privately()`: the answer goes to
   * the member's private chat and the group only sees a pointer (or, when the bot cannot write to
   * the member privately, how to start a private chat, and the command does not run).
   */
  answers?: 'private';
  /**
   * With `answers: 'private'`: whether the group the command was sent in may read the answer
   * anyway (a department's own staff chat for its tickets, queue and figures). May ask the store.
   */
  sharedIn?: (ctx: Ctx, args: string) => Awaitable<boolean>;
  /**
   * A variant: another feature's command of the same name handles every other line. This one
   * handles only the arguments it takes (the counselling cases' `/reply C-3 …` beside the
   * tickets' `/reply T-1 …`); /help lists the plain command, whose summary names both.
   */
  takes?: (args: string) => boolean;
  /** One line for /help; `roles` (when known) lets a command show what those roles may do with it (an admin's /survey). */
  summary: (locale: Locale, roles?: RoleSet) => string;
  run(ctx: Ctx, args: string): Promise<void>;
}

export interface CronJob {
  name: string;
  /** node-cron expression in the campus time zone. */
  cron: string;
  run(now: Date): Promise<void>;
}

export type ButtonHandler = (ctx: Ctx, args: string[]) => Promise<void>;
/** A dialogue step; returning 'pass' hands the message on to the usual routing (a flow that only listens). */
export type FlowHandler = (ctx: Ctx, state: FlowState) => Promise<void | 'pass'>;
export type IntentHandler = (ctx: Ctx, u: Understanding) => Promise<void>;
/** How late a due task runs: its own moment, and how long after it the scheduler got to it (0 on time). */
export interface Lateness {
  dueAt: Date;
  lateMs: number;
}
export type TaskHandler = (payload: Record<string, unknown>, now: Date, late?: Lateness) => Promise<void>;
/** One line of the summary of what was missed while the bot was down, in a language. */
export type MissedLine = (locale: Locale) => string;
/**
 * For a task whose moment passed before it could run (its `staleAt`, after downtime): runs instead
 * of the task, in the unit that marks it stale; returns its line for the one summary the management
 * gets, or nothing when it no longer matters (the task is then just dropped).
 */
export type MissedHandler = (payload: Record<string, unknown>, now: Date, late: Lateness) => Awaitable<MissedLine | undefined>;
/**
 * Runs once the platform accepted a message sent with `onSent: '<feature>.<name>'`, with where it
 * landed and the message's `meta`, in the transaction that marks it sent (e.g. to remember a card
 * to edit later). Named rather than a closure, so it still runs for a message sent after a restart.
 */
export type SentHook = (ref: SentRef, meta: Record<string, unknown>) => Awaitable<void>;
/**
 * How a message ended that the platform did not accept: refused (`failed`, after the outbox's last
 * try), nobody to send it to (`unreachable`: no reachable chat, or blocked), or cut off so that
 * nobody knows whether it arrived (`unknown`: a lost answer, or a crash while sending).
 */
export type Undelivered = 'failed' | 'unreachable' | 'unknown';
/**
 * Runs once a message sent with `onFailed: '<feature>.<name>'` ended `Undelivered`, with its
 * `meta`, in the transaction that marks it so (e.g. to tell the sender of a relay it did not arrive).
 */
export type FailedHook = (how: Undelivered, meta: Record<string, unknown>) => Awaitable<void>;
/**
 * Runs before dispatch on every addressed message, with the part of it that is the sender's own
 * words ('' for a button press, a staff command or text typed into a `work` dialogue step);
 * returns true when it fully handled the message.
 */
export type Interceptor = (ctx: Ctx, ownWords: string) => Promise<boolean>;

export interface Feature {
  name: string;
  commands?: Command[];
  /** Button actions by name; a button's data is `<feature>:<action>[:arg...]`. */
  buttons?: Record<string, ButtonHandler>;
  /** Dialogue steps by flow name; called with the member's next private message. */
  flows?: Record<string, FlowHandler>;
  /**
   * What `/cancel` says when it leaves each dialogue, when "nothing was submitted" would not be
   * true (a ticket reopened before its "what is still wrong?" step).
   */
  cancelled?: Record<string, (state: FlowState, locale: Locale) => string>;
  /** Whose words the text typed into each dialogue step is (default `own`). */
  flowWords?: Record<string, Words>;
  intents?: Record<string, IntentHandler>;
  interceptors?: Interceptor[];
  /** What an argument of its commands may be, offered while a member types it (core/suggest.ts). */
  suggest?: Partial<Record<SuggestKind, Suggest>>;
  jobs?: CronJob[];
  /** Handlers of due tasks by kind (kinds are prefixed with the feature name). */
  tasks?: Record<string, TaskHandler>;
  /** By task kind: what a task that became stale before it ran adds to the summary of what was missed. */
  missed?: Record<string, MissedHandler>;
  /**
   * What a press on a closed step of this feature is told ("already submitted as T-1"), from the
   * outcome the step was closed with; undefined leaves it to the core's words.
   */
  outcome?: (outcome: StepOutcome, locale: Locale) => string | undefined;
  /** Hooks run when a message sent with `onSent: '<feature name>.<key>'` was accepted by the platform. */
  sent?: Record<string, SentHook>;
  /** Hooks run when a message sent with `onFailed: '<feature name>.<key>'` ended without being accepted. */
  failed?: Record<string, FailedHook>;
  /**
   * Moves this feature's rows from one member to another when two accounts are linked, on the
   * handle of the link's transaction (access.links.ts awaits every feature's before the member goes).
   */
  onMerge?: (q: Q, from: number, to: number) => Promise<void>;
  /** What this feature keeps about people: /mydata, /forgetme and retention (features/privacy). */
  privacy?: PrivacyHooks;
}

/**
 * A feature's part in a person's own data. `handles` names every column of its tables that points
 * at a member (test/privacy/coverage.test.ts reads the schema and fails on a column nobody
 * declares), so a feature added later joins /mydata and /forgetme by adding these hooks.
 */
export interface PrivacyHooks {
  /** Member-linked columns this feature answers for, by table (SQL names): `{ tickets: ['reporter_id'] }`. */
  handles: Record<string, readonly string[]>;
  /**
   * The member's own data for /mydata, as sections of plain JSON (`{ tickets: … }`): what the member
   * may see of it, never another person's data or internal notes. Read inside one transaction.
   */
  exportMine?(q: Q, memberId: number): Awaitable<Record<string, unknown>>;
  /** Erases or anonymises the member's data; runs inside the one /forgetme transaction. */
  forget?(q: Q, memberId: number, now: Date): Awaitable<void>;
  /** Erases what outlived its retention period (the daily privacy job); returns what it removed, by kind. */
  retain?(q: Q, retention: Retention, now: Date): Awaitable<Record<string, number>>;
}

/** A button whose press reaches `feature`'s `action` with `args`. */
export function button(label: string, feature: string, action: string, ...args: (string | number)[]) {
  return { label, data: [feature, action, ...args.map(String)].join(':') };
}

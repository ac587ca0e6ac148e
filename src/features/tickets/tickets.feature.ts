/** The tickets feature: student and staff triggers over the ticket services, plus the auto-close task. */
import type { Config } from '../../config.js';
import type { Ctx, Feature } from '../../core/feature.js';
import type { Messenger } from '../../core/messenger.js';
import type { Outbox } from '../../core/outbox.js';
import type { Rng } from '../../core/rng.js';
import type { Receipts } from '../../core/receipts.js';
import type { UnitRunner } from '../../core/unit-of-work.js';
import type { Holders } from '../access/access.service.js';
import type { MembersService } from '../members/members.service.js';
import { createAnswerFlow, type AnswerFlowDeps } from './answer.flow.js';
import { createIntake, type Drafts } from './intake.flow.js';
import { CATEGORIES_BY_KIND, type Extract } from './intake.draft.js';
import { ticketSuggestions } from './tickets.suggest.js';
import { createStaffService } from './staff.service.js';
import { staffTriggers } from './staff.triggers.js';
import { studentTriggers } from './student.triggers.js';
import { createTicketNotifier } from './tickets.notify.js';
import { mergeTicketRows } from './tickets.repo.js';
import { ticketPrivacy } from './tickets.privacy.js';
import { commentCancelled, ticketOutcome } from './tickets.outcomes.js';
import { ticketJobs } from './tickets.jobs.js';
import { ticketReceipts } from './tickets.receipts.js';
import { AUTOCLOSE, createTicketService, type TicketService } from './tickets.service.js';

export interface TicketsFeatureDeps {
  /** Everything runs in the unit of the message or task it handles (`units.q()`); suggestions read with `units.read`. */
  units: UnitRunner;
  config: Config;
  rng: Rng;
  messenger: Messenger;
  outbox: Outbox;
  /** What the sender of a relay hears about it (core/receipts.ts). */
  receipts: Receipts;
  members: MembersService;
  /** Building, room and item in free text (the NLU slot extractors). */
  extract: Extract;
  /** Who holds a role (a department's staff and leads). */
  holders: Holders;
  /** Runs a command line, or plain words afresh, as the member of a context (the router's `runAs`). */
  run: (ctx: Ctx, text: string) => Promise<void>;
  /** Presses a button as the member of a context (the router's `pressAs`): a label typed at a question. */
  press: (ctx: Ctx, data: string) => Promise<void>;
  /** The understanding layer's reading of a plain message (is an answer to staff something new?). */
  understand: AnswerFlowDeps['understand'];
}

/**
 * Starts a question to staff with `text` as its description: to `department` when the student
 * chose it already (the owner of an FAQ entry), else the usual way (the category decides).
 */
export type AskPerson = (ctx: Ctx, text: string, department?: string) => Promise<void>;

/** The feature, the ticket service other features use (crisis alerts file tickets) and the FAQ's hand-off. */
export function ticketsFeature(deps: TicketsFeatureDeps): { feature: Feature; tickets: TicketService; askPerson: AskPerson; drafts: Drafts } {
  const notify = createTicketNotifier(deps);
  const tickets = createTicketService({ ...deps, notify });
  const staff = createStaffService({ ...deps, notify, tickets });
  const intake = createIntake({ ...deps, tickets });
  const student = studentTriggers({ tickets, notify, intake, run: deps.run });
  const receipts = ticketReceipts({ units: deps.units, notify, receipts: deps.receipts });
  const work = staffTriggers({ config: deps.config, staff, notify, tickets, receipts });
  const askPerson: AskPerson = async (ctx, text, department) => {
    const dept = department ? deps.config.departments.find((d) => d.id === department) : undefined;
    const category = dept?.categories.find((c) => CATEGORIES_BY_KIND.question.includes(c)) ?? 'other';
    await intake.start(ctx, 'question', text, { draft: dept ? { department: dept.id, category } : {}, skipPhoto: true });
  };
  const jobs = ticketJobs({ ...deps, notify });
  const answers = createAnswerFlow({ tickets, understand: deps.understand, run: deps.run, receipts });
  const feature: Feature = {
    name: 'tickets',
    commands: [...student.commands, ...work.commands],
    buttons: { ...student.buttons, ...answers.buttons, ...work.buttons },
    flows: { ...student.flows, ...answers.flows, ...work.flows },
    flowWords: work.flowWords,
    cancelled: { ...answers.cancelled, comment: commentCancelled },
    outcome: ticketOutcome,
    intents: student.intents,
    suggest: ticketSuggestions(deps),
    tasks: { [AUTOCLOSE]: tickets.autoclose, ...jobs.tasks },
    missed: jobs.missed,
    sent: { card: notify.cardSent, ...receipts.sent },
    failed: receipts.failed,
    onMerge: mergeTicketRows,
    privacy: ticketPrivacy({ notify }),
  };
  return { feature, tickets, askPerson, drafts: intake.drafts };
}

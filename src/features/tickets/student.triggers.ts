/** Student commands, buttons and dialogue steps of tickets: thin calls into the services. */
import { CATEGORIES, type Category, type TicketKind } from '../../config.js';
import type { Command, Ctx, FlowState, Understanding } from '../../core/feature.js';
import { CANCELLED, stepButton } from '../../core/steps.js';
import { coreMessages } from '../../core/core.messages.js';
import { AppError } from '../../core/errors.js';
import { tr, type Locale } from '../../core/i18n.js';
import { ticketMessages } from './tickets.messages.js';
import { badTicketId, isTicketStaffChat, parseTicketId, ticketCode, type Actor } from './tickets.access.js';
import type { createIntake } from './intake.flow.js';
import { photosIn, withNotice } from './intake.draft.js';
import { charCount, MAX_DESCRIPTION } from './tickets.limits.js';
import type { TicketNotifier } from './tickets.notify.js';
import { kindLabel, renderMine, renderStatus } from './tickets.render.js';
import type { TicketService } from './tickets.service.js';

const m = (l: Locale) => tr(ticketMessages, l);
/** What a repair told in plain words starts with: facilities, under the student's name. */
const REPAIR = { category: 'facilities', anonymous: false } as const;
/** Photos sent on their own, and any text sent after them, until the student picks a kind. */
type PhotoDraft = { photos: string[]; text: string };

function slotsOf<K extends string>(u: Understanding, keys: K[]): Partial<Record<K, string>> {
  return Object.fromEntries(keys.flatMap((k) => (u.slots[k] ? [[k, u.slots[k]]] : []))) as Partial<Record<K, string>>;
}

function categoryOf(u: Understanding): { category?: Category } {
  const c = u.slots.category;
  return c && (CATEGORIES as readonly string[]).includes(c) ? { category: c as Category } : {};
}
export const actorOf = (ctx: Ctx): Actor => ({ id: ctx.member.id, name: ctx.member.name, roles: ctx.roles });

export function requireId(text: string): number {
  const id = parseTicketId(text);
  if (id === undefined) throw badTicketId();
  return id;
}

/** The ticket id that is a command's whole argument; anything after it gets the command's usage, not a guess. */
function onlyId(args: string, usage: (l: Locale) => string): number {
  const [first = '', ...rest] = args.trim().split(/\s+/);
  if (rest.length && parseTicketId(first) !== undefined) throw new AppError('tickets.usage', usage);
  return requireId(args);
}

/** The ticket id a command's arguments start with, if any. */
export const firstTicketId = (args: string) => parseTicketId(args.trim().split(/\s+/)[0] ?? '');

export interface StudentTriggerDeps {
  tickets: TicketService;
  notify: TicketNotifier;
  intake: ReturnType<typeof createIntake>;
  /** Runs a command line as the member of `ctx` (plain words that stand for a command). */
  run: (ctx: Ctx, text: string) => Promise<void>;
}

export function studentTriggers(deps: StudentTriggerDeps) {
  const { tickets, notify, intake } = deps;

  const intakeCommand = (name: string, kind: TicketKind, summary: (l: Locale) => string): Command =>
    ({ name, summary, run: async (ctx, args) => intake.start(ctx, kind, args) });

  async function mine(ctx: Ctx) {
    const list = await tickets.mine(ctx.member.id);
    const text = list.length ? m(ctx.locale).myTickets({ list: list.map((t) => renderMine(t, ctx.member.id, ctx.locale)).join('\n') }) : m(ctx.locale).noTickets;
    ctx.reply(text);
  }

  async function status(ctx: Ctx, args: string) {
    if (!args.trim()) return mine(ctx);
    const { ticket, viewer, events } = await tickets.view(onlyId(args, (l) => m(l).statusUsage), actorOf(ctx));
    const v = await notify.view(ticket, ctx.locale, [ticket.reporterId, ticket.assigneeId, ...events.map((e) => e.actorId)]);
    ctx.reply(renderStatus(ticket, events, v, viewer));
  }

  /** The staff view of a ticket may be read in its own department's staff chat; everything else is private. */
  const statusSharedIn = async (ctx: Ctx, args: string) => {
    const id = firstTicketId(args);
    return id !== undefined && isTicketStaffChat(await tickets.get(id), ctx);
  };

  async function cancel(ctx: Ctx, args: string) {
    if (!args.trim()) return ctx.reply(m(ctx.locale).cancelUsage);
    const id = onlyId(args, (l) => m(l).cancelUsage);
    await tickets.cancel(id, ctx.member.id, ctx.now);
    ctx.reply(m(ctx.locale).cancelled({ id: ticketCode(id) }));
  }

  const buttons = {
    fixed: async (ctx: Ctx, [id]: string[]) => {
      const { ticket: t, stars } = await tickets.confirmFixed(requireId(id ?? ''), ctx.member.id, ctx.now);
      await ctx.step?.answered({ key: 'fixed', id: t.id });
      ctx.reply({ text: m(ctx.locale).askRating({ id: ticketCode(t.id) }), buttons: stars });
    },
    notfixed: async (ctx: Ctx, [id]: string[]) => {
      const t = await tickets.reopen(requireId(id ?? ''), ctx.member.id, ctx.now);
      await ctx.step?.answered({ key: 'reopened', id: t.id });
      await ctx.flow.start('tickets', 'answer', { ticketId: t.id, reopened: true }); // what they write next is what is still wrong
      ctx.reply(m(ctx.locale).reopened({ id: ticketCode(t.id) }));
    },
    rate: async (ctx: Ctx, [id, n]: string[]) => {
      const rating = Number(n);
      const t = await tickets.rate(requireId(id ?? ''), ctx.member.id, rating, ctx.now);
      await ctx.step?.answered({ key: 'rated', id: t.id, rating });
      await ctx.flow.start('tickets', 'comment', { ticketId: t.id });
      ctx.reply({ text: m(ctx.locale).askComment({ rating }), buttons: [[stepButton((await ctx.flow.step()), m(ctx.locale).btnSkip, 'tickets', 'nocomment', t.id)]] });
    },
    nocomment: async (ctx: Ctx, [id]: string[]) => {
      const f = (await ctx.flow.current());
      if (f?.name !== 'comment' || f.data.ticketId !== Number(id)) return ctx.notice(m(ctx.locale).alreadyAnswered);
      await ctx.flow.end({ key: 'commented', id: Number(id) });
      ctx.reply(m(ctx.locale).thanks({ id: ticketCode(Number(id)) }));
    },
  };

  /**
   * A photo sent on its own: kept, and the student picks what it is about (a text sent meanwhile
   * becomes the description); the dialogue then starts with both.
   */
  async function offerKinds(ctx: Ctx, { photos, text }: PhotoDraft, again: boolean, notice = ''): Promise<void> {
    await ctx.flow.start('tickets', 'photo', { photos, text });
    const step = await ctx.flow.step();
    const b = (label: string, kind: string) => stepButton(step, label, 'tickets', 'photokind', kind);
    const kinds = (['repair', 'feedback', 'complaint'] as const).map((kind) => b(kindLabel({ kind }, ctx.locale), kind));
    const t = m(ctx.locale);
    ctx.reply(withNotice({ text: again ? t.photoWhichKind : t.photoReceived, buttons: [kinds, [b(t.btnCancel, 'none')]] }, notice));
  }
  /** What is said after a photo becomes its description, up to the longest one kept. */
  const photoFlow = async (ctx: Ctx, f: FlowState) => {
    const { photos, text } = f.data as PhotoDraft;
    const joined = [text, ctx.msg.text.trim()].filter(Boolean).join('\n');
    const n = charCount(joined);
    const notice = n > MAX_DESCRIPTION ? m(ctx.locale).descriptionTooLong({ n, max: MAX_DESCRIPTION }) : '';
    await offerKinds(ctx, { photos: [...photos, ...photosIn(ctx)], text: notice ? text : joined }, true, notice);
  };
  const photoKind = async (ctx: Ctx, [kind = '']: string[]) => {
    const f = (await ctx.flow.current());
    if (f?.feature !== 'tickets' || f.name !== 'photo') return ctx.notice(tr(coreMessages, ctx.locale).stepDone);
    const { photos, text } = f.data as PhotoDraft;
    if (kind !== 'repair' && kind !== 'feedback' && kind !== 'complaint') {
      await ctx.flow.end(CANCELLED);
      return ctx.reply(m(ctx.locale).photoDropped);
    }
    await ctx.flow.end();
    await intake.start(ctx, kind, text, { photos, ...(kind === 'repair' ? { draft: REPAIR } : {}) });
  };

  const flows = {
    comment: async (ctx: Ctx, f: FlowState) => {
      const id = Number(f.data.ticketId);
      if (ctx.msg.text.trim()) await tickets.comment(id, ctx.member.id, ctx.msg.text.trim(), ctx.now);
      await ctx.flow.end({ key: 'commented', id });
      ctx.reply(m(ctx.locale).thanks({ id: ticketCode(id) }));
    },
    intake: (ctx: Ctx, f: FlowState) => intake.onInput(ctx, f),
    photo: photoFlow,
  };

  const commands: Command[] = [
    intakeCommand('repair', 'repair', (l) => m(l).repairSummary),
    intakeCommand('feedback', 'feedback', (l) => m(l).feedbackSummary),
    intakeCommand('complaint', 'complaint', (l) => m(l).complaintSummary),
    intakeCommand('ask', 'question', (l) => m(l).askSummary),
    { name: 'status', summary: (l) => m(l).statusSummary, run: status, answers: 'private', sharedIn: statusSharedIn },
    { name: 'mytickets', summary: (l) => m(l).myticketsSummary, run: mine, answers: 'private' },
    { name: 'cancel', summary: (l) => m(l).cancelSummary, run: cancel, answers: 'private' },
  ];

  /** Plain messages understood as tickets start the same dialogues, asking only what is missing. */
  const intents = {
    photo: async (ctx: Ctx) => offerKinds(ctx, { photos: photosIn(ctx), text: '' }, false),
    'repair.request': async (ctx: Ctx, u: Understanding) => intake.start(ctx, 'repair', ctx.msg.text, {
      draft: { ...REPAIR, ...slotsOf(u, ['building', 'room', 'item']) }, skipPhoto: true,
    }),
    'feedback.submit': async (ctx: Ctx, u: Understanding) => intake.start(ctx, 'feedback', ctx.msg.text, { draft: categoryOf(u), skipPhoto: true }),
    'complaint.submit': async (ctx: Ctx, u: Understanding) => intake.start(ctx, 'complaint', ctx.msg.text, { draft: categoryOf(u), skipPhoto: true }),
    // Through the command, so its answer is as private as /status's.
    'ticket.status': async (ctx: Ctx, u: Understanding) => deps.run(ctx, `/status ${u.slots.ticket_id ?? ''}`.trim()),
  };

  return { commands, buttons: { ...buttons, ...intake.buttons, photokind: photoKind }, flows, intents };
}

/** Staff commands, card buttons and the text prompts behind them: thin calls into the staff service. */
import { button, type Command, type Ctx, type FlowState } from '../../core/feature.js';
import { pick, tr, type Locale } from '../../core/i18n.js';
import type { Config } from '../../config.js';
import { requireDepartment } from '../access/access.departments.js';
import { staffMessages } from './staff.messages.js';
import { ticketLabels } from './tickets.labels.js';
import { isOwnStaffChat, isTicketStaffChat, parseTicketId, ticketCode } from './tickets.access.js';
import type { TicketNotifier } from './tickets.notify.js';
import { renderQueueLine } from './tickets.render.js';
import type { StaffService } from './staff.service.js';
import type { TicketService } from './tickets.service.js';
import type { TicketReceipts } from './tickets.receipts.js';
import { actorOf, firstTicketId, requireId } from './student.triggers.js';

type TextAction = 'reply' | 'note' | 'resolve' | 'reject' | 'transfer';
/** The text prompt a staff member has open: its action, ticket and (transfer) department. */
type StaffPrompt = { action: TextAction; ticketId: number; dept?: string };
const s = (l: Locale) => tr(staffMessages, l);
const USAGE: Record<TextAction, (l: Locale) => string> = {
  reply: (l) => s(l).replyUsage, note: (l) => s(l).noteUsage, resolve: (l) => s(l).resolveUsage,
  reject: (l) => s(l).rejectUsage, transfer: (l) => s(l).transferUsage,
};

export interface StaffTriggerDeps {
  config: Config;
  staff: StaffService;
  notify: TicketNotifier;
  tickets: TicketService;
  receipts: TicketReceipts;
}

export function staffTriggers(deps: StaffTriggerDeps) {
  const { staff, config } = deps;

  /** Does what a staff text action says and answers the actor. */
  async function perform(ctx: Ctx, action: TextAction, id: number, text: string, dept?: string): Promise<void> {
    const a = actorOf(ctx);
    const code = ticketCode(id);
    const l = ctx.locale;
    if (action === 'reply') {
      // Staff hear "passed on" once the platform accepted the reply, or that it did not arrive (tickets.receipts.ts).
      const { reached } = await staff.reply(id, a, text, ctx.now, deps.receipts.reply(ctx, id));
      return reached ? undefined : deps.receipts.replyUnreachable(ctx, id);
    }
    if (action === 'note') {
      await staff.note(id, a, text, ctx.now);
      return ctx.reply(s(l).noteSaved({ id: code }));
    }
    if (action === 'resolve') {
      await staff.resolve(id, a, text, ctx.now);
      return ctx.reply(s(l).resolveDone({ id: code }));
    }
    if (action === 'reject') {
      await staff.reject(id, a, text, ctx.now);
      return ctx.reply(s(l).rejectDone({ id: code }));
    }
    const { ticket: t, deadlines } = await staff.transfer(id, a, dept ?? '', text, ctx.now);
    ctx.reply(`${s(l).transferDone({ id: code, dept: pick(config.departments.find((d) => d.id === t.departmentId)!.name, l) })}\n${deadlines(l)}`);
  }

  /** Asks for the text of an action in private (a group keeps only a pointer). */
  async function askText(ctx: Ctx, action: TextAction, id: number, dept?: string): Promise<void> {
    await staff.check(id, actorOf(ctx), action);
    const l = ctx.locale;
    const deptName = dept ? pick(config.departments.find((d) => d.id === dept)!.name, l) : '';
    const prompts: Record<TextAction, string> = {
      reply: s(l).replyPrompt({ id: ticketCode(id) }), note: s(l).notePrompt({ id: ticketCode(id) }),
      resolve: s(l).resolvePrompt({ id: ticketCode(id) }), reject: s(l).rejectPrompt({ id: ticketCode(id) }),
      transfer: s(l).transferReasonPrompt({ id: ticketCode(id), dept: deptName }),
    };
    const next: StaffPrompt = { action, ticketId: id, ...(dept ? { dept } : {}) };
    const replaced = await replacedPrompt(ctx, next);
    const prompt = replaced ? `${replaced}\n${prompts[action]}` : prompts[action];
    if (!ctx.inPrivate && !ctx.replyPrivately(prompt)) return ctx.reply(s(l).promptUnreachable({ id: ticketCode(id), usage: USAGE[action](l) }));
    await ctx.flow.start('tickets', 'staffText', { ...next });
    ctx.reply(ctx.inPrivate ? prompt : s(l).promptInPrivate({ id: ticketCode(id) }));
  }

  /**
   * One text prompt at a time, the newest: the next text goes where the last prompt said. When it
   * replaces another one still open, the staff member is told which, and the command that brings it back.
   */
  async function replacedPrompt(ctx: Ctx, next: StaffPrompt): Promise<string | undefined> {
    const open = (await ctx.flow.current());
    if (open?.feature !== 'tickets' || open.name !== 'staffText') return undefined;
    const was = open.data as StaffPrompt;
    if (was.action === next.action && was.ticketId === next.ticketId && was.dept === next.dept) return undefined;
    const id = ticketCode(was.ticketId);
    const again = `/${was.action} ${id}${was.dept ? ` ${was.dept}` : ''}`;
    return s(ctx.locale).promptReplaced({ what: s(ctx.locale).promptWhat({ action: was.action, id }), again });
  }

  /** "/reply T-1 text": does it at once, or asks for the text when only the id is given. */
  const textCommand = (action: TextAction): Command['run'] => async (ctx, args) => {
    const [first = '', ...rest] = args.split(/\s+/);
    if (!first) return ctx.reply(USAGE[action](ctx.locale));
    const id = requireId(first);
    if (action === 'transfer') return transferCommand(ctx, id, rest);
    const text = args.slice(args.indexOf(first) + first.length).trim();
    if (!text) return askText(ctx, action, id);
    await perform(ctx, action, id, text);
  };

  async function transferCommand(ctx: Ctx, id: number, words: string[]): Promise<void> {
    const [dept, ...reason] = words;
    if (!dept) return chooseDepartment(ctx, id);
    if (!reason.length) {
      await staff.check(id, actorOf(ctx), 'transfer'); // a ticket the sender cannot work is answered as such first
      return askText(ctx, 'transfer', id, requireDepartment(config, dept).id);
    }
    await perform(ctx, 'transfer', id, reason.join(' '), dept);
  }

  async function chooseDepartment(ctx: Ctx, id: number): Promise<void> {
    const t = await staff.check(id, actorOf(ctx), 'transfer');
    const others = config.departments.filter((d) => d.id !== t.departmentId).map((d) => button(pick(d.name, ctx.locale), 'tickets', 'xfer', id, d.id));
    const rows = [];
    for (let i = 0; i < others.length; i += 2) rows.push(others.slice(i, i + 2));
    ctx.reply({ text: s(ctx.locale).transferChoose({ id: ticketCode(id) }), buttons: rows });
  }

  /** The queues of the sender's departments (admins: all); in a staff chat only that department's. */
  async function queue(ctx: Ctx) {
    const list = await staff.queue(actorOf(ctx), ctx.now);
    const here = ctx.inPrivate ? undefined : ctx.chat.scope;
    const mine = (id: string) => (here ? id === here : ctx.roles.isAdmin || ctx.roles.departments().includes(id));
    const depts = config.departments.filter((d) => mine(d.id));
    const parts: string[] = [];
    for (const d of depts) {
      const mine = list.filter((t) => t.departmentId === d.id);
      if (!mine.length) {
        parts.push(s(ctx.locale).queueEmpty({ dept: pick(d.name, ctx.locale) }));
        continue;
      }
      const v = await deps.notify.view(mine[0]!, ctx.locale, mine.flatMap((t) => [t.reporterId, t.assigneeId]));
      parts.push([s(ctx.locale).queueTitle({ dept: pick(d.name, ctx.locale), n: mine.length }), ...mine.map((t) => renderQueueLine(t, v, ctx.now))].join('\n'));
    }
    ctx.reply(parts.join('\n\n'));
  }

  async function claim(ctx: Ctx, id: number) {
    await staff.claim(id, actorOf(ctx), ctx.now);
    ctx.reply(s(ctx.locale).youClaimed({ id: ticketCode(id) }));
  }

  async function priority(ctx: Ctx, args: string) {
    const [first = '', level = ''] = args.split(/\s+/);
    const p = ({ urgent: 'urgent', 紧急: 'urgent', normal: 'normal', 普通: 'normal' } as const)[level.toLowerCase() as 'urgent'];
    if (!first || !p) return ctx.reply(s(ctx.locale).priorityUsage);
    const id = requireId(first);
    await staff.setPriority(id, actorOf(ctx), p, ctx.now);
    ctx.reply(s(ctx.locale).prioritySet({ id: ticketCode(id), priority: tr(ticketLabels, ctx.locale)[`prio_${p}`] }));
  }

  async function assign(ctx: Ctx, args: string) {
    const [first = '', who = ''] = args.split(/\s+/);
    if (!first || !who) return ctx.reply(s(ctx.locale).assignUsage);
    const id = requireId(first);
    const assignee = await staff.assign(id, actorOf(ctx), who, ctx.now);
    ctx.reply(s(ctx.locale).assigned({ id: ticketCode(id), who: assignee.name }));
  }

  /**
   * Staff answers about a ticket may be read in its own department's staff chat; elsewhere they go
   * privately. Arguments that name no ticket get a usage answer, which any of the sender's staff chats may read.
   */
  const workChat = async (ctx: Ctx, args: string) => {
    const id = firstTicketId(args);
    return id === undefined ? isOwnStaffChat(ctx) : isTicketStaffChat(await deps.tickets.get(id), ctx);
  };

  const onId = (run: (ctx: Ctx, id: number) => Promise<void> | void) => async (ctx: Ctx, [id]: string[]) => run(ctx, requireId(id ?? ''));
  // Staff work: what follows the id quotes or answers a student, it is not the sender's own state.
  const work = { roles: ['staff'], words: 'work', answers: 'private', sharedIn: workChat } as const;
  const commands: Command[] = [
    { name: 'queue', ...work, sharedIn: isOwnStaffChat, summary: (l) => s(l).queueSummary, run: queue },
    { name: 'claim', ...work, summary: (l) => s(l).claimSummary, run: async (ctx, args) => (parseTicketId(args) ? claim(ctx, requireId(args)) : ctx.reply(s(ctx.locale).claimSummary)) },
    { name: 'reply', ...work, summary: (l) => s(l).replySummary, run: textCommand('reply') },
    { name: 'note', ...work, summary: (l) => s(l).noteSummary, run: textCommand('note') },
    { name: 'transfer', ...work, summary: (l) => s(l).transferSummary, run: textCommand('transfer') },
    { name: 'resolve', ...work, summary: (l) => s(l).resolveSummary, run: textCommand('resolve') },
    { name: 'reject', ...work, summary: (l) => s(l).rejectSummary, run: textCommand('reject') },
    { name: 'priority', ...work, summary: (l) => s(l).prioritySummary, run: priority },
    { name: 'assign', ...work, roles: ['lead', 'admin'], summary: (l) => s(l).assignSummary, run: assign },
  ];

  const buttons = {
    claim: onId(claim),
    reply: onId((ctx, id) => askText(ctx, 'reply', id)),
    note: onId((ctx, id) => askText(ctx, 'note', id)),
    resolve: onId((ctx, id) => askText(ctx, 'resolve', id)),
    reject: onId((ctx, id) => askText(ctx, 'reject', id)),
    transfer: onId(chooseDepartment),
    xfer: async (ctx: Ctx, [id, dept]: string[]) => askText(ctx, 'transfer', requireId(id ?? ''), dept),
  };

  const flows = {
    staffText: async (ctx: Ctx, f: FlowState) => {
      const { action, ticketId, dept } = f.data as StaffPrompt;
      const text = ctx.msg.text.trim();
      if (!text) return ctx.reply(USAGE[action](ctx.locale));
      await ctx.flow.end();
      await perform(ctx, action, ticketId, text, dept);
    },
  };

  /** The text typed after a card button is the reply, note or reason itself: staff work. */
  const flowWords = { staffText: work.words };

  return { commands, buttons, flows, flowWords };
}

/**
 * The counsellors' side: /cases, /reply C-3 (also the card's button, or a reply to a relayed
 * message), /note C-3, /claim C-3 and "I'm on it", /close C-3 with a private note, and /reveal C-3
 * (break-glass, approved by a second person). /reject and /resolve on a case are refused with what
 * to do instead: a case is never rejected, rated or "resolved". Thin triggers over the services.
 */
import type { Config } from '../../config.js';
import { AppError } from '../../core/errors.js';
import type { ButtonHandler, Command, Ctx, FlowHandler, Interceptor } from '../../core/feature.js';
import { tr, type Locale } from '../../core/i18n.js';
import type { UnitRunner } from '../../core/unit-of-work.js';
import type { Suggest } from '../../core/suggest.js';
import { formatDateTime } from '../../core/time.js';
import { caseStaffMessages } from './cases.staff.messages.js';
import { caseCode, namesCase, parseCaseId, type CaseNotifier } from './cases.notify.js';
import { relayedCase, type CaseRow } from './cases.repo.js';
import type { Alerts } from './cases.alerts.js';
import type { BreakGlass } from './cases.breakglass.js';
import type { CaseReceipts } from './cases.receipts.js';
import { notFound, type Actor, type CaseService } from './cases.service.js';

export interface StaffDeps {
  /** Runs in the caller's unit and queries on its handle (`units.q()`). */
  units: UnitRunner;
  config: Config;
  cases: CaseService;
  alerts: Alerts;
  breakGlass: BreakGlass;
  notify: CaseNotifier;
  receipts: CaseReceipts;
}

type TextAction = 'reply' | 'close' | 'note' | 'reveal';
const st = (l: Locale) => tr(caseStaffMessages, l);
const actorOf = (ctx: Ctx): Actor => ({ id: ctx.member.id, roles: ctx.roles });
const USAGE: Record<TextAction, (l: Locale) => string> = {
  reply: (l) => st(l).replyUsage, close: (l) => st(l).closeUsage, note: (l) => st(l).noteUsage, reveal: (l) => st(l).revealUsage,
};

export function staffTriggers(deps: StaffDeps) {
  const { config, cases, alerts, breakGlass, notify, receipts } = deps;
  const centre = config.crisis.department;

  /** "C-3 rest of the words" → the id and the words, or the usage. */
  function split(args: string, action: TextAction): { id: number; text: string } {
    const first = args.trim().split(/\s+/)[0] ?? '';
    const id = parseCaseId(first);
    if (id === undefined) throw new AppError('cases.usage', (l) => (first ? st(l).badId({ word: first }) : USAGE[action](l)));
    return { id, text: args.trim().slice(first.length).trim() };
  }

  async function perform(ctx: Ctx, action: TextAction, id: number, text: string): Promise<void> {
    const a = actorOf(ctx);
    const l = ctx.locale;
    const code = caseCode(id);
    if (action === 'reply') {
      // "Passed on" once the platform accepted it, or that it did not arrive (cases.receipts.ts).
      const { reached } = await cases.counsellorSays(id, a, text, ctx.now, receipts.reply(ctx, id));
      return reached ? undefined : await receipts.replyUnreachable(ctx, id);
    }
    if (action === 'close') return await cases.close(id, a, text, ctx.now), ctx.reply(st(l).closed({ id: code }));
    if (action === 'note') return await cases.note(id, a, text, ctx.now), ctx.reply(st(l).noteSaved({ id: code }));
    await breakGlass.request(id, a, text, ctx.now);
    ctx.reply(st(l).revealRequested({ id: code }));
  }

  /** Asks for the text in private (a group keeps only a pointer); the next message is it. */
  async function askText(ctx: Ctx, action: 'reply' | 'close', c: CaseRow): Promise<void> {
    const l = ctx.locale;
    const code = caseCode(c.id);
    const prompt = action === 'reply' ? st(l).replyPrompt({ id: code }) : st(l).closePrompt({ id: code });
    if (!ctx.inPrivate && !ctx.replyPrivately(prompt)) return ctx.reply(st(l).promptUnreachable({ id: code }));
    await ctx.flow.start('cases', 'staffText', { action, caseId: c.id });
    ctx.reply(ctx.inPrivate ? prompt : st(l).promptInPrivate({ id: code }));
  }

  const textCommand = (action: TextAction): Command['run'] => async (ctx, args) => {
    const { id, text } = split(args, action);
    if (text) return perform(ctx, action, id, text);
    if (action === 'reply' || action === 'close') return askText(ctx, action, await cases.forStaff(id, actorOf(ctx)));
    ctx.reply(USAGE[action](ctx.locale));
  };

  /** /reject C-3 and /resolve C-3: refused, with what to do instead (the case is checked like any other work on it). */
  const refusal = (kind: 'noReject' | 'noResolve'): Command['run'] => async (ctx, args) => {
    const { id } = split(args, 'close');
    await cases.forStaff(id, actorOf(ctx));
    throw new AppError(`cases.${kind}`, (l) => st(l)[kind]({ id: caseCode(id) }));
  };

  /** "I'm on it"; `/claim` of someone who may not work cases is answered like any other case command. */
  async function ack(ctx: Ctx, id: number, command = false): Promise<void> {
    const r = await alerts.ack(id, actorOf(ctx), ctx.now);
    if (command && r.kind === 'not_allowed') throw notFound(id);
    ctx.reply(alerts.ackAnswer(r, id, ctx.locale, config.campus.timezone));
  }

  async function list(ctx: Ctx): Promise<void> {
    const l = ctx.locale;
    if (!cases.mayWork(actorOf(ctx))) throw new AppError('cases.not_counsellor', (x) => st(x).notCounsellor);
    const open = await cases.list();
    if (!open.length) return ctx.reply(st(l).casesEmpty);
    const line = async (c: CaseRow) => st(l).caseLine({
      id: caseCode(c.id), who: (await notify.studentName(c))(l), kind: st(l)[`kind_${c.kind}`],
      status: c.status === 'in_contact' ? st(l).status_in_contact({ name: await notify.nameOf(c.counsellorId) }) : st(l).status_open,
      at: formatDateTime(c.updatedAt, config.campus.timezone, l),
    });
    const lines: string[] = [];
    for (const c of open) lines.push(await line(c));
    ctx.reply([st(l).casesTitle({ n: open.length }), ...lines].join('\n'));
  }

  /** A counsellor's reply to a relayed message (in the counselling chat or privately) goes to its case. */
  const replyToRelayed: Interceptor = async (ctx) => {
    const ref = ctx.msg.replyTo;
    if (!ref || ctx.msg.press || !ctx.msg.text.trim() || ctx.msg.text.trim().startsWith('/')) return false;
    const id = await relayedCase(deps.units.q(), ctx.chat.platform, ctx.chat.platformChatId, ref.messageId);
    if (id === undefined || !cases.mayWork(actorOf(ctx))) return false;
    await perform(ctx, 'reply', id, ctx.msg.text.trim());
    return true;
  };

  /** Case work may be read in the counselling chat by those who work there; elsewhere it goes privately. */
  const inCentreChat = (ctx: Ctx) => ctx.chat.binding === 'staff' && ctx.chat.scope === centre && ctx.roles.has('staff', centre);
  const work = { roles: ['staff'], words: 'work', answers: 'private', sharedIn: inCentreChat } as const;
  const variant = { ...work, takes: namesCase } as const;
  const commands: Command[] = [
    { name: 'cases', ...work, summary: (l) => st(l).casesSummary, run: list },
    { name: 'close', ...work, summary: (l) => st(l).closeSummary, run: textCommand('close') },
    { name: 'reveal', ...work, sharedIn: undefined, summary: (l) => st(l).revealSummary, run: textCommand('reveal') },
    { name: 'reply', ...variant, summary: (l) => st(l).casesSummary, run: textCommand('reply') },
    { name: 'note', ...variant, summary: (l) => st(l).casesSummary, run: textCommand('note') },
    { name: 'claim', ...variant, summary: (l) => st(l).casesSummary, run: async (ctx, args) => ack(ctx, split(args, 'reply').id, true) },
    { name: 'reject', ...variant, summary: (l) => st(l).casesSummary, run: refusal('noReject') },
    { name: 'resolve', ...variant, summary: (l) => st(l).casesSummary, run: refusal('noResolve') },
  ];

  const onId = (run: (ctx: Ctx, id: number) => Promise<void> | void): ButtonHandler => async (ctx, [id]) => run(ctx, Number(id));
  const buttons: Record<string, ButtonHandler> = {
    ack: onId(ack),
    reply: onId(async (ctx, id) => askText(ctx, 'reply', await cases.forStaff(id, actorOf(ctx)))),
    close: onId(async (ctx, id) => askText(ctx, 'close', await cases.forStaff(id, actorOf(ctx)))),
    approve: onId((ctx, id) => decide(ctx, id, true)),
    refuse: onId((ctx, id) => decide(ctx, id, false)),
  };

  async function decide(ctx: Ctx, revealId: number, approve: boolean): Promise<void> {
    const r = await breakGlass.decide(revealId, actorOf(ctx), approve, ctx.now);
    ctx.reply((r.approved ? st(ctx.locale).revealApprovedDone : st(ctx.locale).revealRefusedDone)({ id: caseCode(r.caseId) }));
  }

  const staffText: FlowHandler = async (ctx, f) => {
    const action = f.data.action === 'close' ? 'close' : 'reply';
    const caseId = Number(f.data.caseId);
    const text = ctx.msg.text.trim();
    if (!text) return ctx.reply(USAGE[action](ctx.locale));
    await ctx.flow.end();
    await perform(ctx, action, caseId, text);
  };

  /** A case named while a counsellor types /reply, /note or /claim: the open cases they may work, by number and alias only, never a name. */
  const suggestCase: Suggest = async (ask) => {
    if (!CASE_COMMANDS.has(ask.command) || !cases.mayWork({ id: ask.memberId, roles: ask.roles })) return [];
    const typed = ask.typed.normalize('NFKC').trim().toLowerCase().replace(/^c\s*-?\s*/, '');
    return (await cases.list()).filter((c) => !typed || String(c.id).startsWith(typed))
      .map((c) => ({ label: `${caseCode(c.id)} · ${st(ask.locale).alias({ tag: c.alias })}`, value: caseCode(c.id) }));
  };

  return { commands, buttons, flows: { staffText }, flowWords: { staffText: 'work' as const }, replyToRelayed, suggestCase };
}

/** The commands whose first argument may be a case (the variants above). */
const CASE_COMMANDS = new Set(['reply', 'note', 'claim']);

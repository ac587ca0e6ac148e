/**
 * /announce: staff to their department's audience, reps to their class groups, admins to any
 * audience. A line (and a photo, as the photo's caption) gives a preview with the count of
 * recipients and a Send button; sent through the outbox, now or at its time; `/announce list`
 * and `/announce cancel <n>` before its time; a receipt when it is out. Answered privately.
 */
import { findDepartment, type Config } from '../../config.js';
import type { Ctx, Feature, PrivacyHooks } from '../../core/feature.js';
import { pick, tr, type Locale } from '../../core/i18n.js';
import { stepButton } from '../../core/steps.js';
import { formatDateTime } from '../../core/time.js';
import { clip } from '../tickets/tickets.render.js';
import { announceMessages } from './announce.messages.js';
import { announcementsOf, forgetAuthor, type AnnouncementRow } from './announce.repo.js';
import { RECEIPT, type AnnounceService, type Reach } from './announce.service.js';

const m = (l: Locale) => tr(announceMessages, l);

export function announceFeature(deps: { config: Config; announce: AnnounceService }): Feature {
  const { announce } = deps;
  const tz = deps.config.campus.timezone;
  const time = (d: Date, l: Locale) => formatDateTime(d, tz, l);

  /** Whom an audience as stored names, in words: a department's staff, a building, a class, a role. */
  function audienceName(audience: string, l: Locale): string {
    const [kind = '', ...rest] = audience.split(':');
    const value = rest.join(':');
    if (kind === 'students') return m(l).toStudents;
    if (kind === 'all') return m(l).toAll;
    if (kind === 'role') return m(l).toRole({ role: value });
    const dept = kind === 'dept' ? findDepartment(deps.config, value) : undefined;
    if (dept) return m(l).toDept({ name: pick(dept.name, l) });
    return value || audience;
  }

  async function preview(ctx: Ctx, a: AnnouncementRow, r: Reach): Promise<void> {
    const l = ctx.locale;
    const parts = [...(r.chats ? [m(l).reachGroups({ n: r.chats })] : []), ...(r.people.length ? [m(l).reachPeople({ n: r.people.length })] : [])];
    const when = (a.sendAt > ctx.now ? m(l).at({ time: time(a.sendAt, l) }) : m(l).now) + (a.urgent ? m(l).urgentNote({ reason: a.reason ?? '' }) : '');
    await ctx.flow.start('announce', 'confirm', { id: a.id });
    const s = (await ctx.flow.step());
    ctx.reply({
      text: m(l).preview({ to: audienceName(a.audience, l), reach: parts.join(l === 'en' ? ' and ' : ' + ') || m(l).reachNone, when, text: a.text }),
      buttons: [[stepButton(s, m(l).btnSend, 'announce', 'send', a.id), stepButton(s, m(l).btnCancel, 'announce', 'drop', a.id)]],
      ...(a.photo ? { photos: [a.photo.slice(a.photo.indexOf(':') + 1)] } : {}),
    });
  }

  async function run(ctx: Ctx, args: string): Promise<void> {
    const [, sub = '', rest = ''] = /^\s*(\S*)\s*([\s\S]*)$/.exec(args) ?? [];
    if (sub.toLowerCase() === 'list' && !rest.trim()) return listMine(ctx);
    if (sub.toLowerCase() === 'cancel' && /^#?\d+$/.test(rest.trim())) {
      const a = await announce.cancel(Number(rest.trim().replace('#', '')), ctx.member.id, ctx.now);
      return ctx.reply(m(ctx.locale).cancelled({ id: a.id }));
    }
    const photo = (ctx.msg.attachments ?? []).find((x) => x.kind === 'photo')?.ref;
    const sender = { roles: ctx.roles, chat: { binding: ctx.chat.binding, scope: ctx.chat.scope }, memberId: ctx.member.id, platform: ctx.chat.platform };
    const { row, reach } = await announce.draft(sender, args, photo, ctx.now);
    await preview(ctx, row, reach);
  }

  async function listMine(ctx: Ctx): Promise<void> {
    const l = ctx.locale;
    const rows = await announce.mine(ctx.member.id);
    if (!rows.length) return ctx.reply(m(l).listEmpty);
    const status = async (a: AnnouncementRow) => {
      if (a.status === 'cancelled') return m(l).stCancelled;
      if (a.sendAt > ctx.now) return m(l).stScheduled({ time: time(a.sendAt, l) });
      const c = await announce.counts(a.id);
      return m(l).stSending({ sent: c.sent, total: c.sent + c.unreachable + c.failed + c.pending });
    };
    const lines: string[] = [];
    for (const a of rows) lines.push(m(l).listLine({ id: a.id, audience: a.audience, status: await status(a), text: clip(a.text, 30, l) }));
    ctx.reply([m(l).listTitle, ...lines].join('\n'));
  }

  async function send(ctx: Ctx, [id = '']: string[]) {
    const a = await announce.confirm(Number(id), ctx.member.id, ctx.now);
    await ctx.flow.end({ key: 'announce.sent', id: a.id });
    ctx.reply(a.sendAt > ctx.now ? m(ctx.locale).scheduled({ id: a.id, time: time(a.sendAt, ctx.locale) }) : m(ctx.locale).sent({ id: a.id }));
  }

  async function drop(ctx: Ctx, [id = '']: string[]) {
    await announce.cancel(Number(id), ctx.member.id, ctx.now);
    await ctx.flow.end({ key: 'announce.dropped' });
    ctx.reply(m(ctx.locale).dropped);
  }

  return {
    name: 'announce',
    commands: [{
      name: 'announce', roles: ['rep', 'staff', 'lead', 'admin'], answers: 'private',
      words: 'work', // material for an audience, not the sender's own state (as a rep's /poll)
      summary: (l) => m(l).summary, run,
    }],
    buttons: { send, drop },
    flows: { confirm: async (ctx) => { await ctx.flow.end(); return 'pass'; } },
    outcome: (o, l) => (o.key === 'announce.sent' ? m(l).sent({ id: Number(o.id ?? 0) }) : o.key === 'announce.dropped' ? m(l).dropped : undefined),
    tasks: { [RECEIPT]: announce.receipt },
    privacy: announcePrivacy(),
  };
}

/** An announcement was public; the author's own list is theirs, and /forgetme leaves it without an author. */
function announcePrivacy(): PrivacyHooks {
  return {
    handles: { announcements: ['author_id'] },
    exportMine: async (q, memberId) => ({
      announcements: (await announcementsOf(q, memberId, 1000)).map((a) => ({ id: a.id, audience: a.audience, text: a.text, send_at: a.sendAt, status: a.status })),
    }),
    forget: (q, memberId) => forgetAuthor(q, memberId),
  };
}

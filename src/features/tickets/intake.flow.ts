/**
 * The step-by-step intake of /feedback, /complaint, /repair and /ask: category, description,
 * building and room for repairs, optional photos, anonymous or not, "me too" for repeated
 * repairs, then a confirmation. The dialogue state is a row, so a restart loses nothing.
 */
import type { Category, Config, TicketKind } from '../../config.js';
import { checkPlace, MAX_PLACE } from '../../core/buildings.js';
import { coreMessages } from '../../core/core.messages.js';
import { button, type Ctx, type FlowState } from '../../core/feature.js';
import { tr, type Locale } from '../../core/i18n.js';
import { formatDateTime } from '../../core/time.js';
import type { Outgoing } from '../../core/message.js';
import { ticketMessages } from './tickets.messages.js';
import { ticketCode } from './tickets.access.js';
import { readPlace } from './intake.place.js';
import { charCount, MAX_DESCRIPTION } from './tickets.limits.js';
import { aboutOf, categoryLabel, clip, kindLabel, statusLabel } from './tickets.render.js';
import { watchersOf } from './tickets.repo.js';
import type { Draft, TicketService } from './tickets.service.js';
import { askedAnonymity, CATEGORIES_BY_KIND, isIntakeData, photosIn, withNotice, type Extract, type IntakeData, type Prefill, type Step } from './intake.draft.js';
import type { Db } from '../../db/client.js';

const m = (l: Locale) => tr(ticketMessages, l);
const b = (label: string, action: string, ...args: (string | number)[]) => button(label, 'tickets', action, ...args);

export interface IntakeDeps {
  db: Db;
  config: Config;
  tickets: TicketService;
  extract: Extract;
}

export function createIntake(deps: IntakeDeps) {
  /** The first step still missing, given what the draft holds (`memberId` is never offered their own ticket). */
  function nextStep(d: IntakeData, memberId: number, now: Date): IntakeData {
    // One spelling per building ("Building 3" → "3号楼"), so the summary shows what will be stored;
    // a building that is no place (too long, a formula) is dropped and asked for.
    if (d.draft.building) {
      const { building, ...rest } = d.draft;
      const place = checkPlace(building);
      d = { ...d, draft: place.ok ? { ...rest, building: place.building } : rest };
    }
    const draft = d.draft;
    if (!draft.category) return { ...d, step: 'category' };
    if (!draft.description) return { ...d, step: 'description' };
    if (draft.kind === 'repair' && (!draft.building || !draft.room)) return { ...d, step: 'location' };
    if (!d.photoDone && !draft.photos.length) return { ...d, step: 'photo' }; // already has one: the confirmation can add more
    if (draft.anonymous === undefined) return { ...d, step: 'anonymous' };
    if (d.similarId === undefined) {
      const similar = deps.tickets.findSimilar(draft as Draft, memberId, now);
      if (similar) return { ...d, step: 'metoo', similarId: similar.id };
      d = { ...d, similarId: null };
    }
    return { ...d, step: 'confirm' };
  }

  function prompt(d: IntakeData, l: Locale): Outgoing {
    const t = m(l);
    switch (d.step) {
      case 'category': {
        const cats = CATEGORIES_BY_KIND[d.draft.kind].map((c) => b(categoryLabel(c, l), 'cat', c));
        const rows = [];
        for (let i = 0; i < cats.length; i += 3) rows.push(cats.slice(i, i + 3));
        return { text: t.askCategory({ kind: kindLabel(d.draft, l) }), buttons: rows };
      }
      case 'description': return { text: { repair: t.askRepairDescription, question: t.askQuestionText, feedback: t.askDescription, complaint: t.askDescription }[d.draft.kind] };
      case 'location': return { text: t.askLocation };
      case 'photo': return { text: t.askPhoto, buttons: [[b(t.btnSkip, 'skip')]] };
      case 'anonymous': return { text: t.askAnonymous, buttons: [[b(t.btnNamed, 'anon', 0), b(t.btnAnonymous, 'anon', 1)]] };
      case 'metoo': return metooPrompt(d, l);
      case 'confirm': return {
        text: t.confirm({ lines: summaryLines(d, l).join('\n') }),
        buttons: [
          [b(t.btnSubmit, 'submit'), ...(d.draft.photos.length ? [] : [b(t.btnAddPhoto, 'addphoto')]), b(t.btnCancel, 'abort')],
          [d.draft.anonymous ? b(t.btnMakeNamed, 'anonset', 0) : b(t.btnMakeAnonymous, 'anonset', 1)], // every path can switch
        ],
      };
    }
  }

  /** Offers to join a similar ticket, naming what it is about and where it stands, never what its reporter wrote. */
  function metooPrompt(d: IntakeData, l: Locale): Outgoing {
    const id = d.similarId!;
    const t = deps.tickets.get(id)!;
    const count = 1 + watchersOf(deps.db, id).length;
    return {
      text: m(l).metooOffer({ id: ticketCode(id), about: aboutOf(t, l), status: statusLabel(t, l), count }),
      buttons: [[b(m(l).btnJoin({ id: ticketCode(id) }), 'metoo', id), b(m(l).btnNewTicket, 'new')]],
    };
  }

  function summaryLines(d: IntakeData, l: Locale): string[] {
    const t = m(l);
    const dr = d.draft as Draft;
    const dept = deps.tickets.deptName(deps.tickets.route(dr.kind, dr.category), l);
    return [
      t.lineKind({ v: kindLabel(dr, l) }), t.lineCategory({ v: categoryLabel(dr.category, l) }),
      ...(dr.building ? [t.lineLocation({ v: t.location({ building: dr.building, room: dr.room ?? '' }) })] : []),
      t.lineDescription({ v: clip(dr.description, 300, l) }),
      ...(dr.photos.length ? [t.linePhotos({ n: dr.photos.length })] : []),
      dr.anonymous ? t.lineAnonymous : t.lineNamed,
      t.lineDept({ v: dept }),
    ];
  }

  /** Saves the dialogue at its next step and asks for it. */
  function advance(ctx: Ctx, d: IntakeData): void {
    const step = nextStep(d, ctx.member.id, ctx.now);
    ctx.flow.start('tickets', 'intake', step);
    ctx.reply(prompt(step, ctx.locale));
  }

  /**
   * Starts an intake; in a group it continues in private and the group only sees a pointer.
   * `text` prefills the description (and where and what it names); `prefill` comes from
   * understanding a plain message, so only what is still missing is asked.
   */
  function start(ctx: Ctx, kind: TicketKind, text = '', prefill: Prefill = {}): void {
    // Understanding already found the slots of a plain message; a command's text is read here.
    const found = prefill.draft && (prefill.draft.building || prefill.draft.room || prefill.draft.item);
    const tooLong = charCount(text.trim()) > MAX_DESCRIPTION; // not kept: the description is asked for, saying why
    const described = text.trim() && !tooLong ? { description: text.trim(), ...(found ? {} : deps.extract(text)) } : {};
    const photos = [...(prefill.photos ?? []), ...photosIn(ctx)]; // a photo with a caption starts with it
    const draft: IntakeData['draft'] = { kind, photos, ...described, ...prefill.draft, ...askedAnonymity(text) };
    const first = nextStep({ step: 'category', draft, ...(prefill.skipPhoto ? { photoDone: true } : {}) }, ctx.member.id, ctx.now);
    const l = ctx.locale;
    const out = withNotice(prompt(first, l), tooLong ? m(l).descriptionTooLong({ n: charCount(text.trim()), max: MAX_DESCRIPTION }) : '');
    if (ctx.chat.kind === 'group') {
      if (!ctx.replyPrivately(fromGroup(out, text, l))) return ctx.reply(tr(coreMessages, l).privateUnreachable);
      ctx.flow.start('tickets', 'intake', first);
      return ctx.reply(m(l).continueInPrivate);
    }
    ctx.flow.start('tickets', 'intake', first); // already the next step: working it out again would skip a "me too" offer
    ctx.reply(out);
  }

  /** The first private question of a request told in a group, saying what it is about. */
  function fromGroup(out: Outgoing, text: string, l: Locale): Outgoing {
    return text.trim() ? { ...out, text: `${m(l).continuedFromGroup({ text: clip(text.trim(), 40, l) })}\n\n${out.text}` } : out;
  }

  /** The member's intake at `step`, or undefined when the dialogue moved on (a stale button). */
  function at(ctx: Ctx, step: Step): IntakeData | undefined {
    const f = ctx.flow.current;
    const d = f?.feature === 'tickets' && f.name === 'intake' && isIntakeData(f.data) ? f.data : undefined;
    if (d?.step === step) return d;
    ctx.reply(tr(coreMessages, ctx.locale).buttonExpired);
    return undefined;
  }

  /** The building and room typed at the location step; anything that is no place is asked for again. */
  function placeInput(ctx: Ctx, d: IntakeData, text: string): void {
    const place = readPlace(text, deps.extract(text), d.draft);
    if (!('problem' in place)) return advance(ctx, { ...d, draft: { ...d.draft, ...place } });
    const t = m(ctx.locale);
    if (place.problem === 'which_building') {
      ctx.flow.update({ ...d, draft: { ...d.draft, room: place.room } });
      return ctx.reply(t.whichBuilding({ room: place.room }));
    }
    ctx.reply(place.problem === 'too_long' ? t.placeTooLong({ max: MAX_PLACE }) : t.notAPlace);
  }

  /** Typed input (text or photos) at the current step. */
  async function onInput(ctx: Ctx, state: FlowState): Promise<void | 'pass'> {
    if (!isIntakeData(state.data)) return 'pass'; // a row this version cannot read: the message is handled afresh
    let d: IntakeData = state.data;
    const text = ctx.msg.text.trim();
    const photos = photosIn(ctx);
    if (photos.length && d.step !== 'photo') { // a photo sent before we asked for one is kept, not dropped
      d = { ...d, draft: { ...d.draft, photos: [...d.draft.photos, ...photos] } };
      ctx.flow.update(d);
    }
    if (d.step === 'description') {
      if (!text) return ctx.reply(m(ctx.locale).emptyDescription);
      if (charCount(text) > MAX_DESCRIPTION) return ctx.reply(m(ctx.locale).descriptionTooLong({ n: charCount(text), max: MAX_DESCRIPTION }));
      return advance(ctx, { ...d, draft: { ...deps.extract(text), ...askedAnonymity(text), ...d.draft, description: text } });
    }
    if (d.step === 'location' && text) return placeInput(ctx, d, text);
    if (d.step === 'photo' && photos.length) {
      const next = { ...d, draft: { ...d.draft, photos: [...d.draft.photos, ...photos] } };
      ctx.flow.update(next);
      return ctx.reply({ text: m(ctx.locale).photoAdded({ count: next.draft.photos.length }), buttons: [[b(m(ctx.locale).btnNext, 'next')]] });
    }
    if (d.step === 'photo') return ctx.reply({ text: m(ctx.locale).expectPhoto, buttons: [[b(m(ctx.locale).btnSkip, 'skip')]] });
    // Typed text where a button is expected: say how to answer or leave, then ask again.
    const again = prompt(d, ctx.locale);
    if (!again.buttons?.length) return ctx.reply(again); // a step that wants text got none
    ctx.reply({ ...again, text: `${m(ctx.locale).useButtons}\n\n${again.text}` });
  }

  const buttons = {
    cat: async (ctx: Ctx, [cat]: string[]) => {
      const d = at(ctx, 'category');
      if (d && CATEGORIES_BY_KIND[d.draft.kind].includes(cat as Category)) advance(ctx, { ...d, draft: { ...d.draft, category: cat as Category } });
    },
    skip: async (ctx: Ctx) => { const d = at(ctx, 'photo'); if (d) advance(ctx, { ...d, photoDone: true }); },
    next: async (ctx: Ctx) => { const d = at(ctx, 'photo'); if (d) advance(ctx, { ...d, photoDone: true }); },
    anon: async (ctx: Ctx, [v]: string[]) => { const d = at(ctx, 'anonymous'); if (d) advance(ctx, { ...d, draft: { ...d.draft, anonymous: v === '1' } }); },
    /** Switches the confirmation card between named and anonymous, in place. */
    anonset: async (ctx: Ctx, [v]: string[]) => {
      const d = at(ctx, 'confirm');
      if (!d) return;
      const next = { ...d, draft: { ...d.draft, anonymous: v === '1' } };
      ctx.flow.update(next);
      const out = prompt(next, ctx.locale);
      if (ctx.msg.pressedMessage) ctx.edit(ctx.msg.pressedMessage, out);
      else ctx.reply(out);
    },
    new: async (ctx: Ctx) => { const d = at(ctx, 'metoo'); if (d) advance(ctx, { ...d, similarId: null }); },
    metoo: async (ctx: Ctx, [id]: string[]) => {
      const d = at(ctx, 'metoo');
      if (!d || Number(id) !== d.similarId) return;
      const t = deps.tickets.joinSimilar(d.similarId, ctx.member.id, ctx.now);
      ctx.flow.end();
      ctx.reply(m(ctx.locale).joinedMetoo({ id: ticketCode(t.id) }));
    },
    submit: async (ctx: Ctx) => {
      const d = at(ctx, 'confirm');
      if (!d) return;
      const t = deps.tickets.create(d.draft as Draft, ctx.member.id, ctx.chat.platform, ctx.now);
      ctx.flow.end();
      const due = formatDateTime(t.firstResponseDue, deps.config.campus.timezone, ctx.locale);
      ctx.reply(m(ctx.locale).submitted({ id: ticketCode(t.id), dept: deps.tickets.deptName(t.departmentId, ctx.locale), due }));
    },
    addphoto: async (ctx: Ctx) => {
      const d = at(ctx, 'confirm');
      if (!d) return;
      const back = { ...d, step: 'photo' as const, photoDone: false };
      ctx.flow.start('tickets', 'intake', back);
      ctx.reply({ text: m(ctx.locale).askPhoto, buttons: [[b(m(ctx.locale).btnSkip, 'skip')]] });
    },
    abort: async (ctx: Ctx) => {
      if (!at(ctx, 'confirm')) return;
      ctx.flow.end();
      ctx.reply(tr(coreMessages, ctx.locale).flowCancelled);
    },
  };

  return { start, onInput, buttons };
}

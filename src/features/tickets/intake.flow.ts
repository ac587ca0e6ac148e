/**
 * The step-by-step intake of /feedback, /complaint, /repair and /ask: category, description,
 * where for repairs (a room, or for a shared space just the place), optional photos, anonymous or
 * not, "me too" for repeated repairs, then a confirmation. The dialogue state is a row, so a
 * restart loses nothing; each question's buttons belong to its step (core/steps.ts).
 */
import type { Category, Config, TicketKind } from '../../config.js';
import { checkPlace, MAX_PLACE } from '../../core/buildings.js';
import { coreMessages } from '../../core/core.messages.js';
import type { Ctx, FlowState } from '../../core/feature.js';
import { LOCALES, tr, type Locale } from '../../core/i18n.js';
import { CANCELLED, LEFT, stepButton } from '../../core/steps.js';
import { formatDateTime } from '../../core/time.js';
import type { Outgoing } from '../../core/message.js';
import type { UnitRunner } from '../../core/unit-of-work.js';
import { ticketMessages } from './tickets.messages.js';
import { ticketCode } from './tickets.access.js';
import { needsRoom, readPlace, whereIn } from './intake.place.js';
import { createIntakePrompts } from './intake.prompts.js';
import { AT_BUTTONS, isClearlyNew, type Understand } from '../../core/new-request.js';
import { typedButton } from '../../core/typed-button.js';
import { charCount, MAX_DESCRIPTION } from './tickets.limits.js';
import { clip, kindLabel } from './tickets.render.js';
import type { Draft, TicketService } from './tickets.service.js';
import { askedAnonymity, CATEGORIES_BY_KIND, isIntakeData, photosIn, withNotice, type Extract, type IntakeData, type Prefill, type Step } from './intake.draft.js';

const m = (l: Locale) => tr(ticketMessages, l);

/** Keeping an unfinished intake across another answer (the crisis check) and taking it up again. */
export interface Drafts {
  /** The state of the intake the member is filling in, if any. */
  held(ctx: Ctx): Promise<object | undefined>;
  /** What a kept intake is ("报修", "Repair"); undefined for anything that is no intake state. */
  kindOf(data: object, l: Locale): string | undefined;
  /** Takes a kept intake up again: its step is asked once more, or `text` typed meanwhile is its answer. */
  resume(ctx: Ctx, data: object, text?: string): Promise<boolean>;
}

export interface IntakeDeps {
  units: UnitRunner;
  config: Config;
  tickets: TicketService;
  extract: Extract;
  understand: Understand;
  /** Handles a text as if the member had just sent it (the router's `runAs`). */
  run: (ctx: Ctx, text: string) => Promise<void>;
  /** Presses a button as the member of `ctx` (the router's `pressAs`). */
  press: (ctx: Ctx, data: string) => Promise<void>;
}

export function createIntake(deps: IntakeDeps) {
  const { prompt } = createIntakePrompts(deps);
  /** Building, room and item in free text, a shared spot ("三楼走廊") as the room. */
  const where = (text: string) => { const found = deps.extract(text); return { ...found, ...whereIn(text, found) }; };

  /** The first step still missing, given what the draft holds (`memberId` is never offered their own ticket). */
  async function nextStep(d: IntakeData, memberId: number, now: Date): Promise<IntakeData> {
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
    if (draft.kind === 'repair' && !placed(draft)) return { ...d, step: 'location' };
    if (!d.photoDone && !draft.photos.length) return { ...d, step: 'photo' }; // already has one: the confirmation can add more
    if (draft.anonymous === undefined) return { ...d, step: 'anonymous' };
    if (d.similarId === undefined) {
      const similar = await deps.tickets.findSimilar(draft as Draft, memberId, now);
      if (similar) return { ...d, step: 'metoo', similarId: similar.id };
      d = { ...d, similarId: null };
    }
    return { ...d, step: 'confirm' };
  }

  /** A repair's place is known: a building, and a room or spot where the building has rooms. */
  const placed = (draft: IntakeData['draft']) => !!draft.building && ((!!draft.room && draft.room !== '-') || !needsRoom(draft.building));

  /** Saves the dialogue at `d` (already its next step) and asks for it, after `notice` when there is one. */
  async function ask(ctx: Ctx, d: IntakeData, notice = ''): Promise<void> {
    await ctx.flow.start('tickets', 'intake', (d));
    ctx.reply(withNotice(await prompt(d, ctx.locale, await ctx.flow.step()), notice));
  }

  const advance = async (ctx: Ctx, d: IntakeData) => ask(ctx, await nextStep(d, ctx.member.id, ctx.now));

  /**
   * Starts an intake; in a group it continues in private and the group only sees a pointer.
   * `text` (a command's, or a plain message's) is the description, and where, what and which
   * category it names are filled in; `prefill` comes from understanding a plain message, so only
   * what is still missing is asked.
   */
  async function start(ctx: Ctx, kind: TicketKind, text = '', prefill: Prefill = {}, notice = ''): Promise<void> {
    const tooLong = charCount(text.trim()) > MAX_DESCRIPTION; // not kept: the description is asked for, saying why
    const photos = [...(prefill.photos ?? []), ...photosIn(ctx)]; // a photo with a caption starts with it
    const draft: IntakeData['draft'] = { kind, photos, ...(text.trim() && !tooLong ? described(ctx, kind, text.trim(), prefill) : {}), ...prefill.draft, ...askedAnonymity(text) };
    const first = await nextStep({ step: 'category', draft, ...(prefill.skipPhoto || text.trim() ? { photoDone: true } : {}) }, ctx.member.id, ctx.now);
    const l = ctx.locale;
    const why = tooLong ? m(l).descriptionTooLong({ n: charCount(text.trim()), max: MAX_DESCRIPTION }) : notice;
    if (ctx.chat.kind === 'private') return ask(ctx, first, why); // already the next step: working it out again would skip a "me too" offer
    await ctx.flow.start('tickets', 'intake', (first));
    if (!ctx.replyPrivately(fromGroup(withNotice(await prompt(first, l, await ctx.flow.step()), why), text, l))) {
      await ctx.flow.end();
      return ctx.reply(tr(coreMessages, l).privateUnreachable);
    }
    ctx.reply(m(l).continueInPrivate);
  }

  /** What a description tells: where and what, and its category (a repair: facilities and named, as in plain words; words asking for anonymity win). */
  function described(ctx: Ctx, kind: TicketKind, text: string, prefill: Prefill): Partial<Draft> {
    const found = prefill.draft && (prefill.draft.building || prefill.draft.room || prefill.draft.item);
    const said = kind === 'repair' || prefill.draft?.category ? undefined : deps.understand(text, 'private', ctx.now).slots.category;
    const category = kind === 'repair' ? 'facilities' : CATEGORIES_BY_KIND[kind].find((c) => c === said);
    const named = kind === 'repair' ? { anonymous: false } : {}; // as a repair in plain words: the confirmation can switch it
    return { ...(category ? { category } : {}), ...named, description: text, ...(found ? whereIn(text, prefill.draft!) : where(text)) };
  }

  /** The first private question of a request told in a group, saying what it is about. */
  function fromGroup(out: Outgoing, text: string, l: Locale): Outgoing {
    return text.trim() ? { ...out, text: `${m(l).continuedFromGroup({ text: clip(text.trim(), 40, l) })}\n\n${out.text}` } : out;
  }

  /** The member's intake at `step` (a press on a step's button is only handled while that step is open). */
  async function at(ctx: Ctx, step: Step): Promise<IntakeData | undefined> {
    const f = (await ctx.flow.current());
    const d = f?.feature === 'tickets' && f.name === 'intake' && isIntakeData(f.data) ? f.data : undefined;
    if (d?.step === step) return d;
    ctx.notice(tr(coreMessages, ctx.locale).stepDone);
    return undefined;
  }

  /** The place typed at the location step; anything that is no place is asked for again. */
  async function placeInput(ctx: Ctx, d: IntakeData, text: string): Promise<void> {
    const place = readPlace(text, where(text), d.draft);
    if (!('problem' in place)) {
      const room = place.room === '-' ? {} : { room: place.room }; // "Building 7" alone: which room is asked next
      return advance(ctx, { ...d, draft: { ...d.draft, building: place.building, ...room } });
    }
    const t = m(ctx.locale);
    if (place.problem === 'which_building') {
      await ctx.flow.update({ ...d, draft: { ...d.draft, room: place.room } });
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
      await ctx.flow.update(d);
    }
    if (d.step === 'description') {
      if (!text) return ctx.reply(m(ctx.locale).emptyDescription);
      if (charCount(text) > MAX_DESCRIPTION) return ctx.reply(m(ctx.locale).descriptionTooLong({ n: charCount(text), max: MAX_DESCRIPTION }));
      return advance(ctx, { ...d, draft: { ...where(text), ...askedAnonymity(text), ...d.draft, description: text } });
    }
    if (d.step === 'location' && text) return placeInput(ctx, d, text);
    if (d.step === 'photo' && photos.length) {
      const next = { ...d, draft: { ...d.draft, photos: [...d.draft.photos, ...photos] } };
      await ctx.flow.update(next);
      return ctx.reply({ text: m(ctx.locale).photoAdded({ count: next.draft.photos.length }), buttons: [[stepButton((await ctx.flow.step()), m(ctx.locale).btnNext, 'tickets', 'next')]] });
    }
    const typed = await typedAnswer(d, text, await ctx.flow.step());
    if (typed) return deps.press(ctx, typed.data); // "确认提交" typed at the card whose button says so
    if (isClearlyNew(deps.understand, text, ctx.now, AT_BUTTONS)) {
      return d.step === 'confirm' && elaborates(d, text, ctx.now) ? addToDescription(ctx, d, text) : leave(ctx, d, text);
    }
    if (d.step === 'photo') return ctx.reply({ text: m(ctx.locale).expectPhoto, buttons: [[stepButton((await ctx.flow.step()), m(ctx.locale).btnSkip, 'tickets', 'skip')]] });
    // Typed text where a button is expected: say how to answer or leave, then ask again.
    const again = await prompt(d, ctx.locale, await ctx.flow.step());
    if (!again.buttons?.length) return ctx.reply(again); // a step that wants text got none
    ctx.reply(withNotice(again, m(ctx.locale).useButtons));
  }

  /** The button of the question at `step` whose label `text` is, in either language. */
  async function typedAnswer(d: IntakeData, text: string, step: number) {
    const shown = await Promise.all(LOCALES.map((l) => prompt(d, l, step)));
    return typedButton(text, ...shown.map((p) => p.buttons));
  }

  /**
   * Whether text typed at the confirmation says more about the same thing: a request of the same kind
   * that names no place of its own ("water heater, no hot water since yesterday" after "the heater in
   * my dorm is broken", 7号楼 312). It is added to the description instead of starting anew.
   */
  function elaborates(d: IntakeData, text: string, now: Date): boolean {
    const same = ({ repair: 'repair.request', complaint: 'complaint.submit', feedback: 'feedback.submit' } as Record<string, string>)[d.draft.kind];
    if (!same || !d.draft.description || deps.understand(text, 'private', now).intent !== same) return false;
    const w = where(text);
    return !w.building && !w.room;
  }

  async function addToDescription(ctx: Ctx, d: IntakeData, text: string): Promise<void> {
    const description = `${d.draft.description}\n${text}`;
    const n = charCount(description);
    if (n > MAX_DESCRIPTION) return ctx.reply(m(ctx.locale).descriptionTooLong({ n, max: MAX_DESCRIPTION }));
    const next = { ...d, draft: { ...d.draft, description } };
    await ctx.flow.update(next);
    ctx.reply(withNotice(await prompt(next, ctx.locale, await ctx.flow.step()), m(ctx.locale).addedToDescription));
  }

  /** A clear new request while a question waits for a button: the unfinished one is left, saying so, and the new one handled. */
  async function leave(ctx: Ctx, d: IntakeData, text: string): Promise<void> {
    await ctx.flow.end(LEFT);
    ctx.reply(m(ctx.locale).intakeLeft({ kind: kindLabel(d.draft, ctx.locale) }));
    await deps.run(ctx, text);
  }

  /** The intake the member is filling in, to keep across a crisis answer (support.feature.ts). */
  async function held(ctx: Ctx): Promise<object | undefined> {
    const f = (await ctx.flow.current());
    return f?.feature === 'tickets' && f.name === 'intake' && isIntakeData(f.data) ? f.data : undefined;
  }

  const kindOf = (data: object, l: Locale) => (isIntakeData(data) ? kindLabel(data.draft, l) : undefined);

  async function resume(ctx: Ctx, data: object, text = ''): Promise<boolean> {
    if (!isIntakeData(data)) return false;
    if (!text.trim()) {
      await ask(ctx, data);
      return true;
    }
    await ctx.flow.start('tickets', 'intake', data);
    await onInput(ctx, (await ctx.flow.current())!);
    return true;
  }

  /** "Skip" (no photo) and "Next" (after photos): the photo step is done either way. */
  const photoDone = async (ctx: Ctx) => { const d = await at(ctx, 'photo'); if (d) await advance(ctx, { ...d, photoDone: true }); };

  const buttons = {
    cat: async (ctx: Ctx, [cat]: string[]) => {
      const d = await at(ctx, 'category');
      if (d && CATEGORIES_BY_KIND[d.draft.kind].includes(cat as Category)) await advance(ctx, { ...d, draft: { ...d.draft, category: cat as Category } });
    },
    skip: photoDone,
    next: photoDone,
    anon: async (ctx: Ctx, [v]: string[]) => { const d = await at(ctx, 'anonymous'); if (d) await advance(ctx, { ...d, draft: { ...d.draft, anonymous: v === '1' } }); },
    /** Switches the confirmation card between named and anonymous, in place (the same step). */
    anonset: async (ctx: Ctx, [v]: string[]) => {
      const d = await at(ctx, 'confirm');
      if (!d) return;
      const next = { ...d, draft: { ...d.draft, anonymous: v === '1' } };
      await ctx.flow.update(next);
      const out = await prompt(next, ctx.locale, await ctx.flow.step());
      if (ctx.msg.pressedMessage) ctx.edit(ctx.msg.pressedMessage, out);
      else ctx.reply(out);
    },
    new: async (ctx: Ctx) => { const d = await at(ctx, 'metoo'); if (d) await advance(ctx, { ...d, similarId: null }); },
    metoo: async (ctx: Ctx, [id]: string[]) => {
      const d = await at(ctx, 'metoo');
      if (!d || Number(id) !== d.similarId) return;
      const t = await deps.tickets.joinSimilar(d.similarId, ctx.member.id, ctx.now);
      await ctx.flow.end({ key: 'joined', id: t.id });
      ctx.reply(m(ctx.locale).joinedMetoo({ id: ticketCode(t.id) }));
    },
    submit: async (ctx: Ctx) => {
      const d = await at(ctx, 'confirm');
      if (!d) return;
      const t = await deps.tickets.create(d.draft as Draft, ctx.member.id, ctx.chat.platform, ctx.now);
      await ctx.flow.end({ key: 'submitted', id: t.id });
      const due = formatDateTime(t.firstResponseDue, deps.config.campus.timezone, ctx.locale);
      ctx.reply(m(ctx.locale).submitted({ id: ticketCode(t.id), dept: deps.tickets.deptName(t.departmentId, ctx.locale), due }));
    },
    addphoto: async (ctx: Ctx) => {
      const d = await at(ctx, 'confirm');
      if (d) await ask(ctx, { ...d, step: 'photo', photoDone: false });
    },
    abort: async (ctx: Ctx) => {
      if (!(await at(ctx, 'confirm'))) return;
      await ctx.flow.end(CANCELLED);
      ctx.reply(tr(coreMessages, ctx.locale).flowCancelled);
    },
  };

  return { start, onInput, buttons, drafts: { held, kindOf, resume } satisfies Drafts };
}

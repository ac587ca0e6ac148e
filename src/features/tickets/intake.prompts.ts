/**
 * What the intake asks at each step, and the confirmation card. Every button belongs to the step
 * the dialogue is at (core/steps.ts), so a press on an earlier question, or a second tap on
 * "Submit", is told what became of it instead of acting again.
 */
import { stepButton } from '../../core/steps.js';
import { tr, type Locale } from '../../core/i18n.js';
import type { Outgoing } from '../../core/message.js';
import type { UnitRunner } from '../../core/unit-of-work.js';
import { ticketMessages } from './tickets.messages.js';
import { ticketCode } from './tickets.access.js';
import { aboutOf, categoryLabel, clip, kindLabel, statusLabel } from './tickets.render.js';
import { watchersOf } from './tickets.repo.js';
import type { Draft, TicketService } from './tickets.service.js';
import { CATEGORIES_BY_KIND, type IntakeData } from './intake.draft.js';

const m = (l: Locale) => tr(ticketMessages, l);

export function createIntakePrompts(deps: { units: UnitRunner; tickets: TicketService }) {
  /** The question of step `d.step`; its buttons answer step `step`. */
  async function prompt(d: IntakeData, l: Locale, step: number): Promise<Outgoing> {
    const t = m(l);
    const b = (label: string, action: string, ...args: (string | number)[]) => stepButton(step, label, 'tickets', action, ...args);
    switch (d.step) {
      case 'category': {
        const cats = CATEGORIES_BY_KIND[d.draft.kind].map((c) => b(categoryLabel(c, l), 'cat', c));
        const rows = [];
        for (let i = 0; i < cats.length; i += 3) rows.push(cats.slice(i, i + 3));
        return { text: t.askCategory({ kind: kindLabel(d.draft, l) }), buttons: rows };
      }
      case 'description': return { text: { repair: t.askRepairDescription, question: t.askQuestionText, feedback: t.askDescription, complaint: t.askDescription }[d.draft.kind] };
      case 'location': return { text: locationQuestion(d, l) };
      case 'photo': return { text: t.askPhoto, buttons: [[b(t.btnSkip, 'skip')]] };
      case 'anonymous': return { text: t.askAnonymous, buttons: [[b(t.btnNamed, 'anon', 0), b(t.btnAnonymous, 'anon', 1)]] };
      case 'metoo': return metooPrompt(d, l, step);
      case 'confirm': return {
        text: t.confirm({ lines: summaryLines(d, l).join('\n') }),
        buttons: [
          [b(t.btnSubmit, 'submit'), ...(d.draft.photos.length ? [] : [b(t.btnAddPhoto, 'addphoto')]), b(t.btnCancel, 'abort')],
          [d.draft.anonymous ? b(t.btnMakeNamed, 'anonset', 0) : b(t.btnMakeAnonymous, 'anonset', 1)], // every path can switch
        ],
      };
    }
  }

  /** Where is it: the room in a building already named, else a room or, for a shared space, just the place. */
  function locationQuestion(d: IntakeData, l: Locale): string {
    const { building, room } = d.draft;
    if (building) return m(l).askRoomIn({ building: m(l).location({ building, room: '' }) });
    return room ? m(l).whichBuilding({ room }) : m(l).askLocation;
  }

  /** Offers to join a similar ticket, naming what it is about and where it stands, never what its reporter wrote. */
  async function metooPrompt(d: IntakeData, l: Locale, step: number): Promise<Outgoing> {
    const id = d.similarId!;
    const t = (await deps.tickets.get(id))!;
    const count = 1 + (await watchersOf(deps.units.q(), id)).length;
    return {
      text: m(l).metooOffer({ id: ticketCode(id), about: aboutOf(t, l), status: statusLabel(t, l), count }),
      buttons: [[stepButton(step, m(l).btnJoin({ id: ticketCode(id) }), 'tickets', 'metoo', id), stepButton(step, m(l).btnNewTicket, 'tickets', 'new')]],
    };
  }

  function summaryLines(d: IntakeData, l: Locale): string[] {
    const t = m(l);
    const dr = d.draft as Draft;
    const dept = deps.tickets.deptName(deps.tickets.ownerOf(dr), l);
    return [
      t.lineKind({ v: kindLabel(dr, l) }), t.lineCategory({ v: categoryLabel(dr.category, l) }),
      ...(dr.building ? [t.lineLocation({ v: t.location({ building: dr.building, room: dr.room ?? '' }) })] : []),
      t.lineDescription({ v: clip(dr.description, 300, l) }),
      ...(dr.photos.length ? [t.linePhotos({ n: dr.photos.length })] : []),
      dr.anonymous ? t.lineAnonymous : t.lineNamed,
      t.lineDept({ v: dept }),
    ];
  }

  return { prompt };
}

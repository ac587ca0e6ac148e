/**
 * What a student types at the building-and-room step, read against what the draft already holds:
 * a building (validated and in its one spelling, core/buildings.ts) and a room ('-' when none is
 * named), or why it cannot be stored, so that the step asks again instead of keeping any text.
 */
import { checkPlace } from '../../core/buildings.js';

export interface Place {
  building: string;
  room: string;
}

export type PlaceProblem = { problem: 'too_long' | 'not_a_place' } | { problem: 'which_building'; room: string };

/** A room on its own: "502", "room 215", "412室". */
const BARE_ROOM = /^(?:room|rm\.?|房间|房間|寝室)?\s?#?\s?(\d{2,4}[A-Za-z]?)\s?(?:室|房|号房|號房)?$/iu;
/** A name followed by a room number: "逸夫楼 302", "Maple Hall 12". */
const NAME_THEN_ROOM = /^(.*?\S)\s?(\d{3,4}[A-Za-z]?)$/u;

/**
 * `found` is what the slot extractors read in `text`; `have` what the draft holds already (a
 * building named in the description, a room from "412室的灯坏了"). Pure, never throws.
 */
export function readPlace(text: string, found: Partial<Place>, have: Partial<Place>): Place | PlaceProblem {
  const t = text.normalize('NFKC').trim().replace(/\s+/gu, ' ');
  const bare = BARE_ROOM.exec(t)?.[1];
  const room = found.room ?? bare;
  if (!found.building && room && (bare || have.building)) {
    return have.building ? { building: have.building, room } : { problem: 'which_building', room };
  }
  const named = found.building ? { name: found.building, room } : splitRoom(t, room);
  const check = checkPlace(named.name);
  if (!check.ok) return { problem: check.problem };
  return { building: check.building, room: named.room ?? have.room ?? '-' };
}

/** A free-text name, with a trailing room number taken as the room when none was found. */
function splitRoom(text: string, room: string | undefined): { name: string; room?: string } {
  const m = room ? null : NAME_THEN_ROOM.exec(text);
  if (m && !/^\d+$/u.test(m[1]!)) return { name: m[1]!, room: m[2]! };
  return { name: text, ...(room ? { room } : {}) };
}

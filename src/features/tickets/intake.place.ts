/**
 * Where a repair is. A room in a residence or teaching building ("3号楼502"), or, in a shared
 * space, just the place: a canteen, a library, a gate ("一食堂", "东门口"), or a spot in a building
 * ("3号楼三楼走廊", kept as the room: "me too" then matches the same corridor). What a student types
 * at the building-and-room step is read against what the draft already holds: a building
 * (validated and in its one spelling, core/buildings.ts) and a room ('-' when none is named), or
 * why it cannot be stored, so that the step asks again instead of keeping any text.
 */
import { buildingParts, canonicalBuilding, checkPlace } from '../../core/buildings.js';

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
 * A shared space in a building, where nobody has a room number to give: corridors, stairs,
 * halls, entrances (a floor may come first: "三楼走廊"). Toilets and bathrooms are not on the list:
 * many are in a dorm room.
 */
const SPOT_ZH = '走廊|楼道|樓道|过道|楼梯间|楼梯|樓梯|大厅|大廳|门厅|大堂|门口|門口|大门|电梯间|电梯口|公共卫生间|公共厕所|水房|开水房|洗衣房|晾衣间|天台|楼顶|自习室|活动室|车棚';
const SPOT_EN = 'corridor|hallway|stairs|stairwell|staircase|lobby|entrance|laundry room|common room|study room';
const SPOT = new RegExp(`(?:[一二三四五六七八九十\\d]{1,2}\\s?(?:楼|層|层|F)\\s?)?(?:${SPOT_ZH})|\\b(?:${SPOT_EN})\\b`, 'iu');
/** Public places named in English ("the canteen", "the library"); Chinese ones are read by the slot extractor. */
const EN_PLACE = /\b(canteen|dining hall|cafeteria|library|gym|gymnasium|playground|sports field|stadium|(?:main|north|south|east|west) gate)\b/iu;
/** Buildings whose repairs are in someone's room: residences and teaching buildings. */
const HAS_ROOMS = /宿舍|公寓|寝室|教学楼|教學樓|实验楼|實驗樓|研究生楼|\bdorm|\bresidence/iu;

/** Where a text says a repair is: the slot extractor's building and room, with a shared spot as the room and English public places. */
export function whereIn(text: string, found: Partial<Place>): Partial<Place> {
  const t = text.normalize('NFKC');
  const m = found.room ? null : SPOT.exec(t);
  // A spot of a building named, or standing on its own ("三楼走廊…"), not the end of a name ("东门口").
  const own = m && (found.building || m.index === 0 || !/\p{L}/u.test(t[m.index - 1]!));
  const spot = own ? m[0].replace(/\s+/gu, ' ').trim() : undefined;
  const place = found.building ? undefined : EN_PLACE.exec(text)?.[1];
  return { ...found, ...(spot ? { room: spot } : {}), ...(place ? { building: place.toLowerCase() } : {}) };
}

/** Whether a repair in this building needs a room: a numbered or lettered building, a residence or a teaching building; a canteen or a library does not. */
export function needsRoom(building: string): boolean {
  const canonical = canonicalBuilding(building);
  return buildingParts(canonical) !== undefined || /^\d+$/u.test(canonical) || HAS_ROOMS.test(canonical);
}

/** A room number, as opposed to a spot ("502", "215A"; not "三楼走廊"). */
export const isRoomNumber = (room: string): boolean => /^\d{2,4}[A-Za-z]?$/u.test(room);

/**
 * `found` is what the slot extractors read in `text` (with `whereIn`); `have` what the draft
 * holds already (a building named in the description, a room from "412室的灯坏了", a spot from
 * "三楼走廊的灯坏了"). Pure, never throws.
 */
export function readPlace(text: string, found: Partial<Place>, have: Partial<Place>): Place | PlaceProblem {
  const t = text.normalize('NFKC').trim().replace(/\s+/gu, ' ');
  const bare = BARE_ROOM.exec(t)?.[1];
  const spot = found.room !== undefined && !isRoomNumber(found.room) ? found.room : undefined;
  const room = (spot ? undefined : found.room) ?? bare;
  const alone = (room && (bare || have.building)) || (spot && spot === t) ? (room ?? spot)! : undefined;
  if (!found.building && alone) return have.building ? { building: have.building, room: alone } : { problem: 'which_building', room: alone };
  // Asked which room in the draft's building: "整栋楼", "the whole building" say where; "逸夫楼 302" names another place.
  if (!found.building && have.building && !NAME_THEN_ROOM.test(t)) return inBuilding(have.building, t);
  const named = found.building ? { name: found.building, room: room ?? spot } : splitRoom(t, room);
  const check = checkPlace(named.name);
  if (!check.ok) return { problem: check.problem };
  return { building: check.building, room: named.room ?? have.room ?? '-' };
}

/** The answer to "which room in `building`?" that is no room number: a short place-like phrase is where in the building it is. */
function inBuilding(building: string, text: string): Place | PlaceProblem {
  const check = checkPlace(text);
  return check.ok ? { building, room: text } : { problem: check.problem };
}

/** A free-text name, with a trailing room number taken as the room when none was found. */
function splitRoom(text: string, room: string | undefined): { name: string; room?: string } {
  const m = room ? null : NAME_THEN_ROOM.exec(text);
  if (m && !/^\d+$/u.test(m[1]!)) return { name: m[1]!, room: m[2]! };
  return { name: text, ...(room ? { room } : {}) };
}

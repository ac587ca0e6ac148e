/**
 * One spelling per building. Students name the same building many ways ("3号楼", "3栋", "三号楼",
 * "Building 3", "bldg 3", "dorm 3"); stored as one canonical name, a ticket's "me too" check, the
 * digests' top buildings and a survey's building audience all see one place. Numbered buildings
 * become "<area>N号楼", lettered ones "<area>X栋", the way the campus writes them (a generic "宿舍"
 * or "学生公寓" before the number is not an area); anything else (a
 * named hall, 图书馆, a bare "10") is kept as written, with its spaces tidied.
 */

const ZH = /^(.*?)(\d{1,3}|[一二三四五六七八九十两]{1,3}|[A-Za-z])\s?(?:号楼|號樓|号公寓|号宿舍楼|号|號|栋|棟|幢|座|#楼|#樓|#)$/u;
const EN = /^(?:building|bldg\.?|block|blk\.?|dorm(?:itory)?|hall|tower)\s?(?:no\.?\s?)?#?\s?(\d{1,3}|[A-Za-z])$/iu;
const CANONICAL = /^(.*?)(?:(\d+)号楼|([A-Z])栋)$/u;
/** "宿舍3号楼" and "dorm 3" are the same 3号楼: a generic word before the number is not an area ("东区宿舍" keeps 东区). */
const GENERIC_AREA = /(?:学生)?(?:宿舍|公寓|寝室)楼?$/u;
const DIGITS: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 1–99 in Chinese numerals ("三", "十二", "二十三"); undefined for anything else. */
function chineseNumber(s: string): number | undefined {
  const [tens, ones] = s.includes('十') ? s.split('十') : ['', s];
  const t = tens === '' ? (s.includes('十') ? 1 : 0) : DIGITS[tens!];
  const o = ones === '' ? 0 : DIGITS[ones!];
  return t === undefined || o === undefined || (t === 0 && o === 0) ? undefined : t * 10 + o;
}

function named(area: string, id: string): string {
  const n = /^\d+$/u.test(id) ? Number(id) : chineseNumber(id);
  if (n !== undefined) return `${area}${n}号楼`;
  return /^[A-Za-z]$/u.test(id) ? `${area}${id.toUpperCase()}栋` : `${area}${id}号楼`;
}

/** The canonical name of a building as a student or a config wrote it. Pure, never throws. */
export function canonicalBuilding(raw: string): string {
  const text = raw.normalize('NFKC').trim().replace(/\s+/gu, ' ');
  const zh = ZH.exec(text);
  if (zh) return named(zh[1]!.trim().replace(GENERIC_AREA, '').trim(), zh[2]!);
  const en = EN.exec(text);
  if (en) return named('', en[1]!);
  return text;
}

/** The parts of a canonical name, for rendering it in another language; undefined when it is a plain name. */
export function buildingParts(canonical: string): { area: string; number?: number; letter?: string } | undefined {
  const m = CANONICAL.exec(canonical);
  if (!m) return undefined;
  return m[2] !== undefined ? { area: m[1]!, number: Number(m[2]) } : { area: m[1]!, letter: m[3]! };
}

/** The longest building name kept, in characters: a place, not a paragraph. */
export const MAX_PLACE = 40;

export type PlaceCheck = { ok: true; building: string } | { ok: false; problem: 'too_long' | 'not_a_place' };

/** Letters, digits and the marks building names use; a sentence (我, 吗, ?) or a formula (=, +, @) is not a place. */
const PLACE = /^[\p{L}\p{N}][\p{L}\p{M}\p{N} #\-·.'’()&/]*$/u;
const NOT_IN_PLACES = /[我你他她吗呢吧啊呀么嘛哦]/u;
const MAX_PLACE_WORDS = 5;

/**
 * A building name as it is stored and shown (canonical), or why it cannot be one: longer than
 * MAX_PLACE characters, or not looking like a place (it must start with a letter or a digit, use
 * only letters, digits, spaces and `# - · . ' ( ) & /`, and be at most five words). Pure, never throws.
 */
export function checkPlace(raw: string): PlaceCheck {
  if ([...raw.trim()].length > 2 * MAX_PLACE) return { ok: false, problem: 'too_long' }; // not worth reading further
  const building = canonicalBuilding(raw);
  if (!PLACE.test(building) || NOT_IN_PLACES.test(building)) return { ok: false, problem: 'not_a_place' };
  if ([...building].length > MAX_PLACE) return { ok: false, problem: 'too_long' };
  if (building.split(' ').length > MAX_PLACE_WORDS) return { ok: false, problem: 'not_a_place' };
  return { ok: true, building };
}

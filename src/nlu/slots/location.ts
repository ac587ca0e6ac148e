/**
 * Building and room, kept in the words the student used: "3号楼502" → { building: "3号楼",
 * room: "502" }, "Bldg 5 rm 210" → { building: "Bldg 5", room: "210" }.
 * Choice for the bare form "10-305": building "10" (not "10号楼"), so the value is always a
 * substring of what the student wrote. Never reads times, dates, phone numbers, money, scores or
 * ticket ids ("3-4点", "2026-12-01", "T-12") as a location.
 */
export interface Location {
  building?: string;
  room?: string;
}

const NUM = '(?:\\d{1,3}|[一二三四五六七八九十]{1,3})';
/** Han characters that never belong to a building's name (pronouns, particles, common verbs). */
const STOP = new Set(Array.from(
  '我你他她它们的了在住是去到帮请给那这个呢啊吧就还也都和跟从对说修报坏漏没有不要想能可以麻烦一下里边面上下前后时候来找问查看把被让叫和与及或层间' +
    '诉议望加馈扬求约订搬换等送拿放买卖用开关锁断停吵脏差烦急向朝往回出进过经离近旁靠',
));
const AREA_SUFFIX = /(?:区|區|苑|园|園|院|校区|公寓|宿舍|书院|片区)$/u;

/** Unit forms that make a number a building: 3号楼, 7栋, 12#楼, A座, 5号公寓. */
const ZH_BUILDING = new RegExp(
  `(\\p{Script=Han}{0,6}?)((?:${NUM}|[A-Za-z]\\d{0,2})\\s?(?:号楼|號樓|号公寓|号宿舍楼|栋|棟|幢|座|#楼|#樓|#|号院|舍)(?:\\s?(?:[A-Za-z]|\\d{1,2})\\s?(?:座|单元|區|区))?|` +
    `(?:[一二三四五六七八九十\\d]|第[一二三四五六七八九十\\d]{1,2})?(?:食堂|餐厅)|` +
    `(?:教学楼|實驗樓|实验楼|宿舍楼|公寓楼|图书馆|圖書館|体育馆|體育館|行政楼|综合楼|办公楼|科技楼|研究生楼|留学生公寓|学生活动中心|活动中心)(?:\\s?[A-Za-z]\\d?座?(?![A-Za-z])|\\s?\\d{1,2}\\s?(?:号楼|號樓|栋|棟|号|號|座))?)`,
  'u',
);
const EN_NAMED = /\b(?!(?:The|A|An|My|Our|This|That)\b)([A-Z][a-z]+ (?:Hall|House|Tower|Building|Dorm|Residence|Library|Canteen|Dining Hall))\b/u;
const EN_BUILDING = /\b(?:building|bldg\.?|block|blk\.?|dorm(?:itory)?|hall|tower)\s?#?\s?([A-Za-z]?\d{1,3}[A-Za-z]?|[A-Za-z])\b/iu;
const DASH_FORM = /(?<![\w.:\-/#])((?:\d{1,2}|[A-SU-Z]\d{0,2}|[a-su-z]\d{1,2}))\s?-\s?(\d{3,4})(?![\d\-:./]|\s?(?:点|點|元|块|塊|分|号|號|月|年|日|天|min|pm|am|h\b))/u;
const ROOM_AFTER = /^\s?(?:的|,|，)?\s?(?:\d{1,2}\s?(?:楼|樓|层|層|F)\s?)?(?:room|rm\.?|房间|房間|寝室|宿舍)?\s?#?\s?(\d{3,4}[A-Za-z]?)(?!\d)(?!\s?(?:点|點|元|块|塊|分|号|號|月|年|日|天|人|个|次|:|：))/iu;
const ROOM_ALONE = /(?:\b(?:room|rm\.?)(?: (?:number|no\.?))?(?: is)?\s?#?\s?|房间|房間|寝室|宿舍|房号|门牌号?)\s?(?:号|是|为)?\s?(\d{2,4}[A-Za-z]?)(?!\d)|(?<![\d\-./:#\p{L}])([1-9]\d{2,3})\s?(?:室|号房|號房|房|寝|的(?=\p{Script=Han}))(?!间里)/iu;

/** Words that link what is said, never part of a name ("另外3号楼502" is 3号楼). */
const LINKING = /^(?:另外|此外|而且|并且|顺便|其次|首先|最后|以及|另)+/u;

/** Trims a Han prefix to the part that plausibly names an area or campus ("我住紫荆" → "紫荆", "另外" → ""). */
function areaPrefix(run: string): string {
  const chars = Array.from(run);
  let start = chars.length;
  while (start > 0 && !STOP.has(chars[start - 1]!)) start--;
  const prefix = chars.slice(start).join('').replace(LINKING, '');
  if (prefix.length <= 4 || (prefix.length <= 6 && AREA_SUFFIX.test(prefix))) return prefix;
  return '';
}

interface Found {
  building: string;
  end: number;
}

function findBuilding(text: string): Found | undefined {
  const dash = DASH_FORM.exec(text);
  const zhMatch = ZH_BUILDING.exec(text);
  const enMatch = EN_BUILDING.exec(text);
  const candidates: (Found & { index: number })[] = [];
  if (zhMatch) {
    const core = zhMatch[2] ?? '';
    const named = !/^[\dA-Za-z一二三四五六七八九十第]/u.test(core) || /^[一二三四五六七八九十第\d]*(?:食堂|餐厅)$/u.test(core);
    const candidate = areaPrefix(zhMatch[1] ?? '');
    const prefix = named && !AREA_SUFFIX.test(candidate) ? '' : candidate;
    candidates.push({ building: `${prefix}${core}`.trim(), index: zhMatch.index + (zhMatch[1] ?? '').length - prefix.length, end: zhMatch.index + zhMatch[0].length });
  }
  if (enMatch && !/^[a-z]$/u.test(enMatch[1] ?? '')) candidates.push({ building: enMatch[0], index: enMatch.index, end: enMatch.index + enMatch[0].length });
  const named = enMatch ? null : EN_NAMED.exec(text);
  if (named) candidates.push({ building: named[1] ?? '', index: named.index, end: named.index + named[0].length });
  if (dash) candidates.push({ building: dash[1] ?? '', index: dash.index, end: dash.index + (dash[0].indexOf(dash[2] ?? '') ?? 0) });
  return candidates.sort((a, b) => a.index - b.index)[0];
}

/** Building and room found in `text`; each key present only when found. Pure, never throws. */
export function extractLocation(text: string): Location {
  const folded = text.normalize('NFKC');
  const found = findBuilding(folded);
  const result: Location = {};
  if (found) {
    result.building = found.building;
    const after = ROOM_AFTER.exec(folded.slice(found.end));
    if (after?.[1]) result.room = after[1];
  }
  if (!result.room) {
    const alone = ROOM_ALONE.exec(folded);
    const room = alone?.[1] ?? alone?.[2];
    if (room) result.room = room;
  }
  return result;
}

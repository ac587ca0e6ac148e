/**
 * Who is at risk, and of what: the sender's own crisis (`self`), a worry about someone else
 * (`other`), danger to people (`danger`: a weapon, violence, a threat) or the sender's wellbeing
 * (`wellbeing`: stress, sleep, loneliness, homesickness, exams, a breakup, grief). Platform-neutral
 * and pure; never throws.
 *
 * Recall first for `self`: every crisis cue the lexicon (crisis.ts) finds stays the sender's
 * unless its clause clearly gives it to someone else, to a story, or denies it (attribution.ts).
 * A denied crisis ("I'm not suicidal, just tired") becomes wellbeing, not silence; a friend's
 * crisis stays at its tier as `other`. Hyperbole (累死了, this exam is killing me) is none of these.
 */
import { deniedAt, segmentsOf, whoAt, type Lang, type Segment, type Who } from './attribution.js';
import { DANGER_EN, DANGER_EN_UNSTRIPPED, DANGER_ZH, GRIEF_EN, GRIEF_ZH, JOKE, WELLBEING_EN, WELLBEING_ZH, type ConcernCue } from './concern-lexicon.js';
import { anyOf } from './crisis-lexicon.js';
import { crisisCueLevels, crisisCuesIn, formsOf, type CrisisLevel } from './crisis.js';
import { foldText } from './normalize.js';

export type ConcernKind = 'self' | 'other' | 'danger' | 'wellbeing';
export type ConcernLevel = 'high' | 'medium' | 'low';

export interface Concern {
  /** The most urgent kind found: self, then danger, then other, then wellbeing. */
  kind: ConcernKind;
  /** self and danger: high | medium; other: high | medium (a crisis) or low (wellbeing); wellbeing: low. */
  level: ConcernLevel;
  /** Every kind found, most urgent first ("他拿刀威胁我，我不想活了" is self and danger). */
  kinds: ConcernKind[];
  /** The phrases that matched, normalised (e.g. "不想活了", "拿着刀", "睡不着"), most urgent kind first. */
  cues: string[];
}

export interface ConcernAnalysis {
  concern: Concern | undefined;
  /** The sender's own crisis level: what NluResult.crisis reports. */
  crisis: CrisisLevel;
  /** Hyperbole was seen (and ignored). */
  hyperbole: boolean;
  /**
   * Crisis or danger words were found that are not the sender's crisis: about someone else, in a
   * story, denied, or a threat said laughing. The classifier then has no say on a crisis.
   */
  elsewhere: boolean;
}

type Source = 'crisis' | 'danger' | 'wellbeing';

/** One cue found in one clause: which list, where, and whether it was read in the unstripped forms. */
interface Hit {
  source: Source;
  level: ConcernLevel;
  threat: boolean;
  sender: boolean;
  seg: number;
  lang: Lang;
  index: number;
  phrase: string;
  raw: boolean;
  /** Blood or a wound (crisis-acts.ts): the victim's in a message that reports danger. */
  injury?: boolean;
}

const ORDER: readonly ConcernKind[] = ['self', 'danger', 'other', 'wellbeing'];
const RANK: Record<ConcernLevel, number> = { high: 3, medium: 2, low: 1 };
const LANGS: readonly Lang[] = ['zh', 'en'];

/** One regex per cue list that matches wherever one of its cues would: most messages fail it at once. */
const anyCache = new WeakMap<readonly ConcernCue[], RegExp>();
function anyCue(cues: readonly ConcernCue[]): RegExp {
  let any = anyCache.get(cues);
  if (!any) anyCache.set(cues, (any = anyOf(cues.map((c) => c.pattern))));
  return any;
}

function listHits(segments: readonly Segment[], source: Source, zh: readonly ConcernCue[], en: readonly ConcernCue[], raw: boolean): Hit[] {
  return segments.flatMap((seg, i) => LANGS.flatMap((lang) => {
    const [form, cues] = lang === 'zh' ? [seg.zh, zh] : [seg.en, en];
    if (cues.length === 0 || !anyCue(cues).test(form)) return [];
    return cues.flatMap((cue) => [...form.matchAll(cue.pattern)].map((m): Hit => ({
      source, level: cue.level, threat: !!cue.threat, sender: !!cue.sender, seg: i, lang, index: m.index, phrase: m[0].trim(), raw,
    })));
  }));
}

/** Every cue of every list, in reading order (clause, then position). */
function hitsOf(segments: readonly Segment[], unstripped: readonly Segment[]): Hit[] {
  const crisis = segments.flatMap((seg, i) => LANGS.flatMap((lang) => crisisCuesIn(lang === 'zh' ? seg.zh : seg.en, lang).map((c): Hit => ({
    source: 'crisis', level: c.level, threat: false, sender: false, seg: i, lang, index: c.index, phrase: c.phrase, raw: false, injury: c.injury,
  }))));
  return [
    ...crisis,
    ...listHits(segments, 'danger', DANGER_ZH, DANGER_EN, false),
    ...listHits(unstripped, 'danger', [], DANGER_EN_UNSTRIPPED, true),
    ...listHits(segments, 'wellbeing', WELLBEING_ZH, WELLBEING_EN, false),
    ...listHits(unstripped, 'wellbeing', GRIEF_ZH, GRIEF_EN, true),
  ].filter((h) => h.phrase).sort((a, b) => a.seg - b.seg || a.index - b.index);
}

type Found = Map<ConcernKind, { level: ConcernLevel; cues: Set<string> }>;

function add(found: Found, kind: ConcernKind, level: ConcernLevel, cue: string): void {
  const entry = found.get(kind) ?? { level, cues: new Set<string>() };
  if (RANK[level] > RANK[entry.level]) entry.level = level;
  entry.cues.add(cue);
  found.set(kind, entry);
}

/** What one attributed cue adds: crisis and wellbeing words by whom they are about, danger whoever. */
function addHit(found: Found, hit: Hit, who: Who, denied: boolean, joking: boolean): void {
  if (who === 'fiction') return;
  if (hit.source === 'danger') {
    if (!(hit.threat && joking)) add(found, 'danger', hit.level, hit.phrase);
  } else if (hit.source === 'crisis') {
    if (denied) add(found, who === 'self' ? 'wellbeing' : 'other', 'low', hit.phrase);
    else add(found, who, hit.level, hit.phrase);
  } else if (!denied && !joking) {
    add(found, who === 'self' ? 'wellbeing' : 'other', 'low', hit.phrase);
  }
}

/**
 * Attributes every cue in reading order. Words that name nobody are the sender's, unless the words
 * just before were about someone else: crisis words only continue someone else's crisis ("我男朋友
 * 一直念叨活着没意义，还把东西都送人了"), never their wellbeing ("男朋友出轨了，不想活了" is the sender's).
 */
function attribute(found: Found, folded: string, segments: readonly Segment[], unstripped: readonly Segment[]): { seen: Set<string>; elsewhere: boolean; danger: boolean } {
  const joking = JOKE.test(folded);
  const seen = new Set<string>();
  let elsewhere = false;
  const last: Partial<Record<Source, Who>> = {};
  const hits = hitsOf(segments, unstripped);
  const danger = hits.some((h) => h.source === 'danger');
  for (const hit of hits) {
    if (hit.injury && danger) {
      seen.add(hit.phrase); // blood in a report of violence or an accident is the victim's
      continue;
    }
    const list = hit.raw ? unstripped : segments;
    const form = hit.lang === 'zh' ? list[hit.seg]!.zh : list[hit.seg]!.en;
    const said = whoAt(list, hit.seg, hit.lang, hit.index, hit.phrase);
    const before = hit.source === 'crisis' ? last.crisis : (last.wellbeing ?? last.crisis);
    const who: Who = said === 'fiction' ? said : hit.sender ? 'self' : said === 'unsure' ? (before === 'other' ? 'other' : 'self') : said;
    last[hit.source] = who;
    const denied = who !== 'fiction' && deniedAt(form, hit.lang, hit.index, hit.source === 'crisis');
    addHit(found, hit, who, denied, joking);
    if (hit.source === 'crisis') seen.add(hit.phrase);
    if (hit.source !== 'wellbeing' && (who !== 'self' || (hit.source === 'crisis' && denied) || (hit.threat && joking))) elsewhere = true;
  }
  return { seen, elsewhere, danger };
}

/**
 * Cues that only the whole message shows (they span clauses: "闺蜜说她今晚就去江边，再也不回来了")
 * are read on the message as one clause: someone else's when it names them as the subject, a
 * story's, else the sender's (recall first).
 */
function attributeSpanning(found: Found, folded: string, seen: Set<string>, danger: boolean): void {
  const { zh, en } = formsOf(folded);
  const whole: Segment[] = [{ zh, en, quoted: false }];
  for (const lang of LANGS) {
    for (const cue of crisisCuesIn(lang === 'zh' ? zh : en, lang)) {
      if (seen.has(cue.phrase) || (cue.injury && danger)) continue;
      seen.add(cue.phrase);
      const who = whoAt(whole, 0, lang, cue.index, cue.phrase);
      if (who !== 'fiction') add(found, who === 'other' ? 'other' : 'self', cue.level, cue.phrase);
    }
  }
}

/** Who is at risk and of what, for one message. Pure and deterministic; never throws. */
export function analyzeConcern(text: string): ConcernAnalysis {
  const folded = foldText(text);
  const crisis = crisisCueLevels(folded);
  const found: Found = new Map();
  const { seen, elsewhere, danger } = attribute(found, folded, segmentsOf(folded), segmentsOf(folded, false));
  attributeSpanning(found, folded, seen, danger);
  const kinds = ORDER.filter((k) => found.has(k));
  const self = found.get('self');
  const concern: Concern | undefined = kinds.length
    ? { kind: kinds[0]!, level: found.get(kinds[0]!)!.level, kinds, cues: kinds.flatMap((k) => [...found.get(k)!.cues]) }
    : undefined;
  return {
    concern,
    crisis: self ? (self.level === 'high' ? 'high' : 'medium') : 'none',
    hyperbole: crisis.hyperbole,
    elsewhere: (elsewhere || crisis.found.size > 0) && !self,
  };
}

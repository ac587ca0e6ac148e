/**
 * Who the worrying words of a message are about: the sender ("我不想活了"), someone else ("我室友说她
 * 不想活了", "my friend keeps saying life isn't worth living"), or a story ("电影里的人说他不想活了"),
 * and whether they are denied ("我不会自杀的", "I'm not suicidal"). Clause by clause: the nearest
 * person named before the words decides, a clause that names nobody continues the speaker of a
 * clause ending in "说" / "said", and otherwise the sender is meant. When unsure the answer is the
 * sender: reading someone's own crisis as a friend's would be the worse mistake.
 */
import { enForm, formsOf, zhForm } from './crisis.js';

export type Who = 'self' | 'other' | 'fiction';
/** `unsure`: nobody is named (or a Chinese topic does not reach the words); the caller decides, by default the sender. */
export type Attribution = Who | 'unsure';
export type Lang = 'zh' | 'en';

/** One clause of a message in both matching forms (hyperbole removed), and whether it is quoted. */
export interface Segment {
  zh: string;
  en: string;
  quoted: boolean;
}

const OPEN_QUOTES = new Set(['“', '「', '『']);
const CLOSE_QUOTES = new Set(['”', '」', '』']);
const SEPARATOR = /[,.!?;:，。！？；：、…\n()（）[\]【】~～]/u;

/**
 * Splits folded text into clauses at punctuation and quotation marks; `strip` removes hyperbole
 * (as the crisis lexicon reads), else the forms keep every word.
 */
export function segmentsOf(folded: string, strip = true): Segment[] {
  const out: Segment[] = [];
  let current = '';
  let quoted = false;
  let startQuoted = false;
  const flush = () => {
    if (current.trim()) {
      const { zh, en } = strip ? formsOf(current) : { zh: zhForm(current), en: enForm(current) };
      out.push({ zh, en, quoted: startQuoted });
    }
    current = '';
    startQuoted = quoted;
  };
  for (const ch of folded) {
    const isQuote = OPEN_QUOTES.has(ch) || CLOSE_QUOTES.has(ch) || ch === '"';
    if (!isQuote && !SEPARATOR.test(ch)) {
      current += ch;
      continue;
    }
    if (isQuote) quoted = OPEN_QUOTES.has(ch) || (ch === '"' && !quoted);
    flush();
    if (ch === ':' || ch === '：') startQuoted = true; // "她说：我不想活了" quotes her
  }
  flush();
  return out;
}

export const ZH_OTHER = [
  '他们', '她们', '(?<![其吉])他', '她', '室友', '舍友', '男朋友', '女朋友', '男友', '女友', '朋友(?!圈)', '好友', '闺蜜', '兄弟', '哥们', '同学', '同桌',
  '对象', '前任', '学长', '学姐', '学弟', '学妹', '师兄', '师姐', '师弟', '师妹', '妈妈', '爸爸', '母亲', '父亲', '父母', '家人', '弟弟', '妹妹', '哥哥',
  '姐姐', '表[哥姐弟妹]', '堂[哥姐弟妹]', '同事', '队友', '邻居', '(?<![没所])有人', '有个人', '某人', '别人', '一个(?:同学|女生|男生|人|朋友)',
  '那个(?:人|同学|女生|男生)', '这个(?:人|同学)', '孩子', '老乡', '网友', '舍长', '班长', '妈', '爸',
  '有个(?:同学|女生|男生|人|朋友|学生|哥们|姐妹)', '男生', '女生', '学生', '组员', '同组的?', '室长',
].join('|');
const ZH_FICTION = '电影|电视剧|剧里|剧中|小说|书里|书中|动漫|动画|漫画|游戏里|游戏中|歌词|歌里|新闻|报道|视频里|短视频|角色|主角|男主|女主|剧情|综艺|纪录片|台词|故事里';
const ZH_REF = new RegExp(`(?<self>我们|咱们|我|咱|俺|本人)|(?<other>${ZH_OTHER})|(?<fiction>${ZH_FICTION})`, 'gu');

export const EN_PEOPLE = [
  'friends?', 'roommates?', 'roomates?', 'room mates?', 'flatmates?', 'housemates?', 'suitemates?', 'dormmates?', 'classmates?', 'brother', 'sister',
  'sibling', 'mom', 'mum', 'mother', 'dad', 'father', 'parents', 'boyfriend', 'girlfriend', 'bf', 'gf', 'partner', 'cousin', 'teammates?',
  'lab ?mates?', 'bestie', 'bff', 'buddy', 'neighbou?r', 'guy', 'girl', 'student', 'person', 'kid', 'colleague', 'ex',
].join('|');
export const EN_OTHER = `he|she|they|him|her|them|he's|she's|they're|hes|shes|theyre|someone|somebody|(?:my|our|a|one|another|this|that|his|her|their) (?:best |close |good )?(?:${EN_PEOPLE})`;
const EN_FICTION = 'movie|film|novel|book|show|series|episode|anime|manga|song|lyrics|character|game|news|article|documentary|story|tv|netflix|drama';
/** "me" after "told" or "to" is the one spoken to, not the subject. */
const EN_SELF = "i|i'm|im|i've|ive|i'd|i'll|myself|we|we're|(?<!\\b(?:told|tell|tells|telling|texted|messaged|asked|to|with|at|called|sent|sends) )me";
const EN_REF = new RegExp(
  `\\b(?:(?<self>${EN_SELF})|(?<other>${EN_OTHER})|(?<fiction>${EN_FICTION}))\\b`,
  'gu',
);

interface Ref {
  who: Who;
  start: number;
  end: number;
}

/** "她跟我说", "告诉我", "和男朋友分手", "被室友骂": a person spoken to, with or by is not the subject. */
function isAddressee(form: string, start: number): boolean {
  const before = form.slice(Math.max(0, start - 2), start);
  return before.endsWith('告诉') || /[跟对和与同向给问被]$/u.test(before);
}

/** "talk to someone", "worried about her": an English object, unless a clause about them follows ("my friend who…"). */
function isObject(form: string, start: number, end: number): boolean {
  return /\b(?:to|with|for|at|about|from|tell|told|ask|asked) $/u.test(form.slice(0, start)) && !/^ (?:who|that|whos|who's)\b/u.test(form.slice(end));
}

/** What the sender takes or uses of someone else's ("我把室友的安眠药攒够了", "I took my roommate's pills"). */
const ZH_OWNED = /^的(?:那|这)?(?:一)?(?:瓶|盒|把|板|些|片|包)?(?:药|安眠药|药片|刀|刀片|刮胡刀|剃须刀|绳|车|钥匙)/u;
const EN_OWNED = /^(?:'s| (?=(?:sleeping )?(?:pills|meds|medicine|razor|blades?|prescription)\b))/u;
const NOTICED = /发现|看到|看见|担心|听说|\b(?:found|saw|seen|noticed|worried|heard)\b/u;

/** A person whose pills or blade the sender (named before, not as a finder or worrier) takes: the owner, not the one at risk. */
function isOwner(form: string, lang: Lang, end: number, refs: readonly Ref[]): boolean {
  const owned = (lang === 'zh' ? ZH_OWNED : EN_OWNED).test(form.slice(end));
  return owned && refs.some((r) => r.who === 'self') && !NOTICED.test(form.slice(0, end));
}

/** The people and stories named in `form` before `until`, in order. */
function refsBefore(form: string, lang: Lang, until: number): Ref[] {
  const refs: Ref[] = [];
  for (const m of form.slice(0, until).matchAll(lang === 'zh' ? ZH_REF : EN_REF)) {
    const who: Who = m.groups?.self ? 'self' : m.groups?.other ? 'other' : 'fiction';
    const end = m.index + m[0].length;
    if (lang === 'zh' ? isAddressee(form, m.index) : who === 'other' && isObject(form, m.index, end)) continue;
    if (who === 'other' && isOwner(form, lang, end, refs)) continue;
    refs.push({ who, start: m.index, end });
  }
  return refs;
}

const ZH_SPEECH_END = /(?:说|讲|说道|说过|讲过|写道|写着|发消息|留言|发朋友圈|提到|念叨|嚷嚷|告诉我|问我)了?$/u;
const EN_SPEECH_END = /\b(?:said|says|say|saying|told me|tells me|texted|texted me|wrote|posted|messaged me|keeps saying|kept saying|was like|goes)$/u;
const ZH_GAP = new RegExp(`^(?:${[
  '也', '又', '还', '都', '就', '总是', '老是', '总', '经常', '常常', '一直', '最近', '这几天', '这两天', '这阵子', '这段时间', '今天', '昨天', '今晚', '昨晚', '明天', '刚才', '刚刚',
  '突然', '好像', '似乎', '可能', '真的', '已经', '居然', '竟然', '偷偷', '私下', '跟我', '对我', '和我', '告诉我', '发消息', '发微信', '发朋友圈', '在群里',
  '在朋友圈', '给我', '说过', '讲过', '说', '讲', '提到', '写', '要', '想', '会', '准备', '打算', '是不是', '有点', '整天', '天天', '每天', '在', '了', '着', '过',
  '曾经', '以前', '之前', '半夜', '晚上', '凌晨', '时不时', '好几次', '几次', '反复', '的', '是', '他', '她', '从', '往', '到', '去', '念叨', '嚷着',
  '吵着', '闹着', '喊着', '哭着', '写了', '发了', '留了', '发了条', '一个人', '自己', '一直在', '还在', '又在', '老想着', '在想', '想着', '偷偷地', '儿',
  '在[^我]{1,6}?[上里]', '在(?:学校|宿舍|寝室|班上|班里|家|教室|外面|网上|群里)',
  // Verbs whose object is what follows: searching, planning, posting ("室友一直在查怎么割腕", "发了一段像遗言的话").
  '(?:查|搜|搜索|百度|研究|打听|计划|考虑|尝试|试图)(?:了|过|着)?', '(?:一段|一条|一句|一封|一些)', '像', '类似', '把', '有',
].join('|')})*$`, 'u');
/** A clause that goes on with what someone said: "有个男生说考不过就跳下去" is his. */
const ZH_REPORTED = new RegExp(`^${ZH_GAP.source.slice(1, -1)}(?:说|讲|说过|提到|写道|发消息说|留言说|告诉我|跟我说|对我说|威胁说|扬言|哭着说)`, 'u');

const formOf = (seg: Segment, lang: Lang) => (lang === 'zh' ? seg.zh : seg.en);

/** A Chinese subject separated from the words by more than adverbs and "说" is a topic, not the speaker. */
function zhSubjectReaches(form: string, ref: Ref, at: number): boolean {
  const gap = form.slice(ref.end, at);
  return ZH_GAP.test(gap) || /(?:说|讲|提到|写道|留言|念叨)$/u.test(gap) || ZH_REPORTED.test(gap);
}

/** The person the nearest reference stands for, after stories and "我和她" are taken into account. */
function whoFromRefs(form: string, lang: Lang, refs: Ref[], at: number, topic = false): Attribution | undefined {
  const nearest = refs.at(-1);
  if (!nearest) return undefined;
  if (nearest.who === 'self') return 'self';
  const lastSelf = refs.findLastIndex((r) => r.who === 'self');
  if (refs.slice(lastSelf + 1).some((r) => r.who === 'fiction')) return 'fiction';
  if (lang === 'en' && /\b(?:me|i) and $/u.test(form.slice(0, nearest.start))) return 'self'; // "me and her"
  if (lang === 'zh' && !topic && !zhSubjectReaches(form, nearest, at)) return 'unsure';
  return 'other';
}

/**
 * Who a clause hands on to the next one: the speaker of a clause ending in "说" / "said" or, when
 * the next clause itself goes on with "说" ("…，经常说想死"), the person the clause was about.
 */
function speakerOf(seg: Segment, topic = false): Who | undefined {
  for (const lang of ['zh', 'en'] as const) {
    const form = formOf(seg, lang).replace(/[\s|]+$/u, '');
    if (!topic && !(lang === 'zh' ? ZH_SPEECH_END : EN_SPEECH_END).test(form)) continue;
    const refs = refsBefore(form, lang, form.length);
    const who = whoFromRefs(form, lang, refs, form.length, topic);
    if (who && who !== 'unsure') return who;
  }
  return undefined;
}

/** The person a quotation is about: the speaker of the clause that opened it ("队友发消息说“对不起大家，我撑不住了”"). */
function speakerOfQuote(segments: readonly Segment[], i: number): Who | undefined {
  let open = i;
  while (open > 0 && segments[open]!.quoted) open--;
  return open < i && !segments[open]!.quoted ? speakerOf(segments[open]!) : undefined;
}

/** Words that describe a person named after them: "想轻生的室友", "有自残行为的朋友". */
const ZH_RELATIVE = new RegExp(`^(?:的)?(?:行为|念头|想法|倾向|打算|计划|经历)?的(?:${ZH_OTHER})`, 'u');

const INTRINSIC: Record<Lang, { self: RegExp; other: RegExp }> = {
  zh: { self: /我/u, other: /(?<![其吉])[他她]/u },
  en: { self: /\b(?:i|i'm|im|me|my|myself|mine)\b/u, other: /\b(?:him|her|them)sel(?:f|ves)\b|\b(?:his|her|their) (?:own )?li(?:fe|ves)\b|\b(?:he|she|they)\b/u },
};

/** Who the words at `at` in segment `i` (its `lang` form) are about, or `unsure`. */
export function whoAt(segments: readonly Segment[], i: number, lang: Lang, at: number, phrase: string): Attribution {
  const seg = segments[i]!;
  const previous = i > 0 ? segments[i - 1] : undefined;
  const quotedSpeaker = seg.quoted ? speakerOfQuote(segments, i) : undefined;
  if (quotedSpeaker && quotedSpeaker !== 'self') return quotedSpeaker;
  const form = formOf(seg, lang);
  const refs = refsBefore(form, lang, at);
  const fromRefs = whoFromRefs(form, lang, refs, at);
  if (fromRefs === 'fiction') return 'fiction';
  if (INTRINSIC[lang].self.test(phrase)) return 'self';
  if (lang === 'zh' && ZH_RELATIVE.test(form.slice(at + phrase.length))) return 'other';
  if (INTRINSIC[lang].other.test(phrase)) return 'other';
  if (fromRefs && fromRefs !== 'unsure') return fromRefs;
  if (lang === 'en' && !fromRefs) {
    // English words in a Chinese sentence ("我朋友一直说life is not worth living"): the Chinese before them decides.
    const zhBefore = zhForm(form.slice(0, at));
    const zhWho = whoFromRefs(zhBefore, 'zh', refsBefore(zhBefore, 'zh', zhBefore.length), zhBefore.length);
    if (zhWho && zhWho !== 'unsure') return zhWho;
  }
  const lead = form.slice(0, at).replace(/[\s|]+$/u, '');
  // "室友喝了很多酒，一直说想跳下去": a clause that names nobody and goes on with "说" is the previous clause's subject's.
  const saying = lead !== '' && ((lang === 'zh' ? /(?:说|讲|提到)$/u : EN_SPEECH_END).test(lead) || (lang === 'zh' && ZH_REPORTED.test(lead)));
  return ((lead === '' || saying) && previous && speakerOf(previous, saying)) || fromRefs || 'unsure';
}

const ZH_DENIED = /(?:(?<!有)没有|(?<![有会是])没|(?<!会)不会|(?<!是)不是|并不|并没|从没|从来没|从不|绝不|才不|不至于|不再)(?:有|是|想过?|要|会|打算|准备|觉得|真的)?(?:想过?|要|去|会)?$/u;
const EN_DENIED = /\b(?:not|never|won't|wont|wouldn't|wouldnt)(?: (?:be|been|being|going to|gonna|ever|really|actually|even|planning to|about to|thinking about|considering|feeling|feel))*$/u;
const ZH_NOT = /(?:不|没|没有|不是|并不|一点也不|一点都不|从不|不会)(?:太|很|怎么|觉得|感到|感觉)?$/u;
const EN_NOT = /\b(?:not|never|no|don't|dont|doesn't|isn't|aren't|wasn't|hardly)(?: (?:feel|feeling|really|that|very|so|too|at all|am|be|been|get|getting|as))*$/u;

/**
 * Whether the words at `at` are denied right before them. `strict` (crisis words) knows only a
 * plain denial ("我不会自杀", "I'm not suicidal", "I would never hurt myself"), never "不想" or
 * "don't want": "I don't want to die" still counts. Wellbeing words take any negation ("我不孤独").
 */
export function deniedAt(form: string, lang: Lang, at: number, strict: boolean): boolean {
  const before = form.slice(Math.max(0, at - (lang === 'zh' ? 10 : 60)), at).replace(/[\s|]+$/u, '');
  const pattern = lang === 'zh' ? (strict ? ZH_DENIED : ZH_NOT) : strict ? EN_DENIED : EN_NOT;
  return pattern.test(before);
}

/**
 * Whose crisis it is when only the classifier saw one (no lexicon cue, decide.ts). Recall first:
 * the sender's unless the message clearly says otherwise.
 * - `danger` when it speaks of weapons, fire, violence or an accident, and of no wish, death or
 *   harm that could be the sender's ("宿舍楼下好多人在围殴一个同学", not "抽完这根烟就走").
 * - `other` when it names another person and the sender appears only as their friend, as the one
 *   told, or as the one asking how to help ("我室友这几天很不对劲，一直在交代后事", "how do I help my
 *   friend, she has been giving her things away").
 * - the sender's otherwise, and always when something befell the sender through the other person
 *   (Chinese drops the subject: "男朋友出轨了，觉得人生没盼头", "被室友孤立了一学期…", "my gf dumped me
 *   and nothing matters anymore").
 */
import { EN_OTHER, EN_PEOPLE, ZH_OTHER } from './attribution.js';
import { enForm, zhForm } from './crisis.js';

export type ModelKind = 'self' | 'other' | 'danger';

const DANGER_ZH = /刀|枪|炸弹|爆炸|殴|揍|围攻|着火|起火|放火|浓烟|黑烟|冒烟|烟雾|汽油|打架|打(?:她|他|人)|尖叫|惨叫|围着|围住|追(?:一个|着)|推搡|按在地上|砸门|摸(?:一个)?(?:女生|她)|落水|掉(?:进)?水里|弄死(?:她|他)|砍|捅|抢劫|袭击|报警|跟踪|尾随|威胁|撞(?:了|倒|伤|飞)?(?:人|同学|行人|好几个)|撞开|砸(?:门|窗|东西)|闯进|泄漏|泄露|有人被/u;
const DANGER_EN = /\b(?:knife|knives|gun|guns|shoot\w*|shot|fire|smoke|bomb|explo\w*|fight\w*|punch\w*|kick\w*|beat\w*|attack\w*|stab\w*|threat\w*|stalk\w*|police|911|weapon\w*|gas|gasoline|crash\w*|chas\w*|throw\w*|grabb\w*|dragg\w*|drown\w*|harass\w*|assault\w*|ganging)\b/u;
/** Words of harm, death, wishes or farewells that could be the sender's: never read as danger alone. */
const HARM_ZH = /自己|自杀|自残|割腕|药|(?<!弄|打|砍|捅|掐|勒)死|活|解脱|结束|消失|离开|走了|就走|再见|告别|遗书|后事|想被|希望|巴不得|宁愿|最后/u;
const HARM_EN = /\b(?:myself|himself|herself|themselves|suicid\w*|overdos\w*|pills|wrists?|die|dying|dead|death|alive|live|living|end it|end things|disappear\w*|goodbye|wish|hope|last)\b/u;

const ZH_PERSON = `(?:${ZH_OTHER})`;
const EN_PEOPLE_RE = `(?:${EN_PEOPLE})`;
const EN_PERSON = `(?:${EN_OTHER})`;
/** Something the other person did to the sender, or a loss: what follows is the sender's own state. */
const ZH_BEFELL = new RegExp([
  `(?:被|让)${ZH_PERSON}`, '跟我分手|和我分手|把我(?:甩|拉黑|删)',
  `${ZH_PERSON}(?:又|都|也|还|竟然|居然)?(?:出轨|劈腿|分手|提分手|甩了|骂|打我|欺负|孤立|排挤|冷落|不理|拉黑|背叛|嫌弃|看不起|针对|离开了?|走了|去世|过世|没了|死了)`,
].join('|'), 'u');
const EN_BEFELL = new RegExp(
  `\\b(?:dumped|left|cheated on|broke up with|ghosted|blocked|bullied|hates|ignores|ignored|yelled at|hit|beat|betrayed|abandoned) me\\b|\\bbroke up\\b|\\b${EN_PERSON} (?:died|passed away|passed)\\b`,
  'u',
);

/** The sender as possessor, addressee, worrier or helper: not the subject of the crisis. */
const HELP_ZH = '(?:办|帮|劝|做|说|安慰|开导|陪|救|阻止|拦|联系|沟通)';
const ZH_SENDER_ASIDE = new RegExp([
  `我(?:的)?(?=${ZH_PERSON}|${EN_PEOPLE_RE})`, '(?:跟|对|给|问|告诉|叫|陪)我(?:说|讲)?', `我(?:该|应该|能|可以|要)?(?:怎么|如何|怎样)${HELP_ZH}`,
  '我(?:好|很|真的|有点|特别|非常)?(?:担心|害怕|怕|慌|着急|不知道|发现|看到|听说)', '我们',
].join('|'), 'gu');
const HELP_EN = '(?:help|support|talk|say|tell|reach|handle|approach|stop|save|comfort|do)';
const EN_SENDER_ASIDE = new RegExp([
  `\\bmy (?=(?:best |close |good )?${EN_PEOPLE_RE}\\b)`, '\\b(?:in|from) my (?:class|dorm|building|group|lab|team|year|major|course|hall|floor|program)\\b', '\\b(?:told|tell|tells|texted|asked|sent|messaged|called|gave|showed) me\\b', '\\b(?:to|with) me\\b',
  "\\bi(?:'m| am)? (?:so |really |kinda )?(?:worried|scared|afraid|concerned|freaking out|found|saw|heard|noticed)\\b",
  "\\bi (?:don't|do not) know (?:what|how)\\b", `\\b(?:how|what) (?:do|can|should|could) i ${HELP_EN}\\b`,
].join('|'), 'gu');
/**
 * Others the sender writes to, leaves things to or takes things from, and those they wait to be
 * away: "给爸妈写了信", "爸妈就拜托他了", "把她的那瓶药吞了", "趁室友不在", "left a note for my mom",
 * "my roommate's pills", "she'll find it tomorrow". They name no one at risk but the sender.
 */
const ZH_OWNED = '(?:那|这)?(?:一)?(?:瓶|盒|把|板|些|片|包)?(?:药|安眠药|药片|刀|刀片|刮胡刀|剃须刀|绳|车|钥匙|东西)';
const ZH_ASIDE_PERSON = new RegExp([
  `(?:写给|留给|送给|托付给|交给|拜托|给|替|向|跟|对)(?:我的?)?(?:${ZH_PERSON})+`, `(?:${ZH_PERSON})+的(?=${ZH_OWNED})`,
  `趁(?:${ZH_PERSON})+(?=不在|睡|出去|回家|走了)`, `(?:${ZH_PERSON})+(?=(?:就|都|也)?(?:拜托|托付|交给|麻烦))`,
].join('|'), 'gu');
const EN_ASIDE_PERSON = new RegExp([
  `\\b(?:to|for) (?:${EN_PERSON})\\b`, `\\b(?:${EN_PERSON})'s\\b`, `\\b(?:gave|giving|give|left|leave|asked|ask|wrote|write|writing) (?:${EN_PERSON})\\b`,
  '\\b(?:her|his|their)(?= (?:sleeping )?(?:pills|meds|medicine|razor|blades?|prescription)\\b)',
  "\\b(?:he|she|they)(?:'ll| will| would|'d) (?:find|read|see|get|understand|forgive)\\b",
].join('|'), 'gu');
const ZH_SELF = /我|咱|俺/u;
const EN_SELF = /\b(?:i|i'm|im|i've|i'd|i'll|me|my|myself|mine)\b/u;
const ZH_OTHER_RE = new RegExp(ZH_PERSON, 'u');
const EN_OTHER_RE = new RegExp(`\\b${EN_PERSON}\\b`, 'u');

function isDanger(zh: string, en: string): boolean {
  return (DANGER_ZH.test(zh) || DANGER_EN.test(en)) && !HARM_ZH.test(zh) && !HARM_EN.test(en);
}

/** What another person said, quoted ("室友发消息说“替我跟我妈说对不起”", "texted me 'tell my mom I'm sorry'"): their words, not the sender's. */
const QUOTED = /(?<=(?:说|讲|写|发|留言|发消息|said|says|texted|wrote|posted|messaged|me)\s*[:：,，]?\s*)(?:“[^”]*”?|「[^」]*」?|"[^"]*"?|'[^']*'?)/gu;

function isOthers(folded: string): boolean {
  const zh = zhForm(folded);
  const en = enForm(folded);
  if (ZH_BEFELL.test(zh) || EN_BEFELL.test(en)) return false;
  const named = ZH_OTHER_RE.test(zh.replace(ZH_ASIDE_PERSON, '|')) || EN_OTHER_RE.test(en.replace(EN_ASIDE_PERSON, ' | '));
  const unquoted = folded.replace(QUOTED, ' | ');
  return named && !ZH_SELF.test(zhForm(unquoted).replace(ZH_SENDER_ASIDE, '|')) && !EN_SELF.test(enForm(unquoted).replace(EN_SENDER_ASIDE, ' | '));
}

/** Whose a classifier-only crisis in `folded` text is (see the module comment). */
export function modelCrisisKind(folded: string): ModelKind {
  const zh = zhForm(folded);
  const en = enForm(folded);
  if (isDanger(zh, en)) return 'danger';
  return isOthers(folded) ? 'other' : 'self';
}

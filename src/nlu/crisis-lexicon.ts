/**
 * The crisis lexicon: tiered cue patterns in Chinese and English, and the hyperbole that must
 * be removed before matching. Chinese patterns run on compact text (no spaces or punctuation);
 * English patterns run on lower-case words separated by single spaces (see crisis.ts).
 *
 * Tiers: `high` = immediate danger, intent, self-harm or means; `medium` = hopelessness and
 * "better off without me". Recall comes first: when unsure, a phrase belongs here.
 */
import { EN_ACTS, ZH_ACTS } from './crisis-acts.js';

export interface Cue {
  level: 'high' | 'medium';
  pattern: RegExp;
  /** Blood or a wound: in a message that reports danger it is the victim's, not a crisis (crisis-acts.ts). */
  injury?: boolean;
}

/** A pattern given whole or as a list of alternatives (kept under the line length). */
const joined = (source: string | readonly string[]) => (typeof source === 'string' ? source : source.join('|'));
const zh = (level: Cue['level'], source: string | readonly string[]): Cue => ({ level, pattern: new RegExp(joined(source), 'gu') });
const en = (level: Cue['level'], source: string | readonly string[]): Cue => ({ level, pattern: new RegExp(`\\b(?:${joined(source)})\\b`, 'gu') });

/** Chinese cues (simplified and common traditional forms, homophone evasions like 紫砂/自鲨). */
const ZH_WORDS: readonly Cue[] = [
  zh('high', '不(?:太|再|是很|怎么|是太|大)?想(?:再)?活(?:了|下去|着|啦)?'),
  zh('high', '活不下去|不想(?:再)?活下去'),
  zh('high', '(?:自杀|自鲨|紫砂|自刹|轻生|寻死)(?!式|小队)'),
  zh('high', '(?:想|准备|打算|决定)(?:要)?(?:去)?死(?!你|您|他|她|它|我了|了我|人了|鬼)'),
  zh('high', '(?:bu|不)xianghuo|(?:xiang|想)(?:qu)?(?:zisha|si)(?:le)?$|zisha|zi杀|自sha|tiaolou|gewan'),
  zh('high', '(?:死了算了|死掉算了|不如死了|不如去死|还不如死|一死了之|去死好了|我去死)'),
  zh('high', '(?:自残|自伤|伤害自己|伤自己|伤害我自己)'),
  zh('high', '(?:割腕|割手腕|割手臂|划手腕|划手臂|划手|割自己|划自己|刀片(?:划|割)|用刀片|拿刀划|用刀划|用刀割)'),
  zh('high', '(?:跳楼|跳河|跳江|跳海|跳桥|跳下去|跳下来)(?!价|大甩卖)'),
  zh('high', '(?:楼顶|天台|顶楼|窗边|窗台|阳台|桥上|河边).{0,8}(?:跳下|往下跳|想跳|要跳|不想下)'),
  zh('high', '(?:安眠药|(?:吃|吞)了一整瓶|一整瓶的?药|吞药|吃了(?:好多|很多|一堆|一把|全部|所有)的?药|攒了.{0,6}药|药.{0,6}(?:一次|全部)(?:吃|吞)完)'),
  zh('high', '(?:烧炭|买了炭|上吊|绳子.{0,6}(?:结束|吊|脖子))'),
  zh('high', '(?:结束(?:自己的|我的)?生命|结束这一切|结束一切|结束自己|了结自己|自我了断|一了百了)'),
  zh('high', '(?:遗书|遗言|我(?:的|人生的?)?最后一晚|永远睡过去|离开这个世界|不想(?:再)?醒来)'),
  zh('high', '(?:不痛的死法|怎么死(?!的)|怎样死|怎么样才能死|死得快一点|计划好了怎么)'),
  zh('high', '(?:如果|要是|假如|万一)我(?:明天|哪天|以后|今晚)?不在了|永远(?:地)?(?:走了|离开|离去|消失)|要走了.{0,4}永远|永别'),
  zh('high', '已经站在(?:窗边|阳台)|(?:站在|坐在|已经在|我在)(?:楼顶|天台|顶楼|窗台|桥上|河边)|准备(?:好)?了?.{0,4}药|药.{0,4}准备好'),
  zh('medium', '想(?:要)?结束了|不想(?:再)?面对明天|不想有明天|东西都送人|跟(?:大家|你们|所有人)(?:说)?(?:再见|告别)'),
  zh('medium', '活着.{0,4}(?:意思|意义).{0,3}(?:都|也)?没有'),
  zh('high', '(?:割|划)(?:伤|破)了?自己|寻短见|想从(?:这个)?世界(?:上)?消失|死了(?:就)?(?:解脱|一了百了)'),
  zh('medium', '没有?(?:任何)?活下去的(?:理由|意义|动力|勇气)|不想(?:再)?(?:坚持|撑)下去|想不开'),
  zh('medium', '活着(?:真|好|太|很)?(?:没意思|没有意思|没有意义|没意义|好累|太累|好痛苦|太痛苦|真累)'),
  zh('medium', '(?:人生|活着|生活)(?:真的|根本|完全)?(?:没有|没|毫无)(?:任何)?(?:意义|意思|希望)'),
  zh('medium', '(?:撑不下去|撑不住了|坚持不下去|熬不下去|扛不住了)'),
  zh('medium', '(?:没有人|没人)(?:会)?(?:在乎|在意|关心)我'),
  zh('medium', '消失了?也没(?:有)?人|没(?:有)?人会?发现我|我死不死'),
  zh('medium', '(?:不配活|不配存在|我(?:只|就)?是(?:个|一个)?(?:累赘|负担|多余的人)|是(?:大家|家里|所有人|别人|家人)的(?:负担|累赘)|没有我.{0,6}(?:更好|会更好|更开心))'),
  zh('medium', '(?:生无可恋|看不到(?:任何)?希望|彻底绝望|对生活绝望|对人生绝望|想(?:要)?解脱|想(?:永远)?消失|想放弃一切|放弃自己|我不活了)'),
];

/** English cues, including common typos, leetspeak (normalised before matching) and evasions. */
const EN_WORDS: readonly Cue[] = [
  en('high', "kil+(?:ing|ed)? ?(?:my ?self|myself|meself)|kms|unalive (?:my ?self|me)|unaliving"),
  en('high', "(?:end|ending|take|taking|took) (?:my|my own) (?:life|lives)|end(?:ing)? it all|end it tonight|end everything"),
  en('high', "s[uo]?i?c[iy]?d\\w*|suiside|sewer ?slide"),
  en('high', "(?:want|wanna|wants|ready|trying|tryna|just) (?:to )?die|wish (?:i|i'd) (?:was|were|had) (?:dead|died|never been born)|better off dead|i should just die"),
  en('high', "(?:don't|dont|do not|doesn't|doesnt|does not|no longer) (?:want|wanna|wants) to (?:live|be alive|exist|be here|wake up)|(?:don't|dont) want to live"),
  en('high', "(?:hurt|hurting|harm|harming|cut|cutting) (?:my ?self|myself)|self ?harm(?:ing|s|ed)?|cut my (?:wrists?|arms?)|slit my wrists?"),
  en('high', "overdos\\w*|od'd|oded|(?:a whole|an entire|the whole) bottle of|(?:sleeping|all my|all the|all of my) pills|how many pills"),
  en('high', [
    "jump(?:ing)? off (?:the|a|this|my|our) (?:\\w+ )?(?:roof|rooftop|bridge|building|balcony|cliff|tower)",
    "(?:on|standing on) (?:the|a) (?:roof|ledge|bridge) (?:and|right now)|hang myself|bought a rope",
  ]),
  en('high', "suicide note|goodbye (?:letter|note)|(?:this is )?my last message|won't be (?:here|around) tomorrow|kill (?:him|her)self|wants to end (?:his|her) life"),
  en('high', [
    "(?:swallowed|took|taken|take|ate|taking) (?:a lot of|lots of|too many|so many|all (?:my|the|of my)|a bunch of|a handful of|\\d+|an entire bottle of|a bottle of) "
      + "(?:pills|tablets|meds|medication|sleeping pills)",
  ]),
  en('medium', [
    "(?:feel like|thinking about|thinking of|going to|gonna|want to|wanna) end(?:ing)? it",
    "(?:everyone|everybody|they|people|my family|the world) (?:would|will|'d) be (?:better|happier|fine|better off) (?:if i (?:was|were|'m|am) gone|without me)",
    "if i (?:was|were) gone|when i'm gone",
  ]),
  en('high', "never (?:wake|waking) up|(?:saved|saving|stockpil\\w*|hoard\\w*) (?:up )?(?:pills|meds|tablets)|(?:pills|meds) saved up|cutting (?:again|myself)"),
  en('medium', "what(?:'s| is) the point (?:of|in) (?:living|life|going on|being alive|anything)|(?:nobody|no one|noone) (?:would|will) (?:miss|notice) me"),
  en('medium', "no (?:point|reason) (?:in |to )?(?:living|live|keep living|going on|being alive)|life (?:isn't|is not|isnt) worth (?:living|it)|not worth living"),
  en('medium', "(?:can't|cant|cannot|can not) (?:go on|keep going|do this anymore|take (?:it|this) anymore)|i give up on (?:life|everything)"),
  en('high', "(?:hurt|hurting|harm|harming|cut|cutting|hurts|harms|cuts) (?:him|her|them)sel(?:f|ves)"),
  en('medium', "better off without (?:me|him|her|them)|(?:i'm|im|i am) (?:just )?a burden|(?:nobody|no one|noone) (?:cares|would care|would notice) (?:if i|about me|whether i)"),
  en('medium', [
    "(?:tired|sick) of (?:living|being alive|life)|done with (?:life|living|everything)|disappear forever",
    "want (?:it|it all|everything) to (?:end|stop)|want to end it|want out of (?:this )?life",
  ]),
  en('medium', "(?:feel|feeling|so|completely|totally) hopeless|no way out|don't see a way out|nothing to live for"),
];

/** Every Chinese cue: the words above and the acts of crisis-acts.ts. */
export const ZH_CUES: readonly Cue[] = [...ZH_WORDS, ...ZH_ACTS];
/** Every English cue: the words above and the acts of crisis-acts.ts. */
export const EN_CUES: readonly Cue[] = [...EN_WORDS, ...EN_ACTS];

/** Chinese hyperbole and look-alikes, removed before matching (累死了, 想死你了, 跳楼价). */
export const ZH_HYPERBOLE: readonly RegExp[] = [
  /[累饿热冷困烦笑气吓忙穷丑难美帅渴撑晒臭痛疼酸香甜咸辣蠢懒急闷吵挤堵憋尬羡馋晕]+(?:得|到)?(?:要)?死(?:了|我了|我|人了|人|啦|宝宝了|宝宝|掉了|个人)?/gu,
  /(?:无聊|尴尬|紧张|麻烦|郁闷|开心|好看|好吃|可爱|搞笑|心疼)(?:得|到)?(?:要)?死(?:了|我了|我|人了|啦)?/gu,
  /想死(?:你|您|他|她|它|我了|了我)/gu,
  /(?:得|到)要死/gu,
  /(?:笑|困|饱|吃|笑得|困得)撑不住了?|(?:尴尬|社死|丢人|丢脸)[^，。]{0,4}想(?:原地)?消失/gu,
  /(?:笑|哭|乐|美|帅|甜)(?:到|得)?(?:不活了|去世|原地去世|当场去世|升天|裂开)/gu,
  /(?:社死|去世了|要了我的命|要我命|杀了我吧|(?<![喊叫呼])救命啊?|我死了(?!.{0,2}(?:也|都|就|以后|之后|的话|大家|没人|不会))|死机|死循环|死线|死角|死党|死磕|死活|死心|半死|该死|死记|死记硬背|死忠|死宅|死鬼)/gu,
  /跳楼价|跳楼大甩卖|跳楼机|跳水|跳槽|跳舞/gu,
  /(?:打|杀)(?:怪|boss|副本|人游戏|鸡)/gu,
  /(?:手机|电脑|游戏|软件|系统|程序|电池|植物|花|鱼|仙人掌)(?:又|都|快|也|已经)?(?:要)?死(?:了|机)?/gu,
];

/** English hyperbole and idioms, removed before matching (this exam is killing me, dying to see). */
export const EN_HYPERBOLE: readonly RegExp[] = [
  /\b(?:is|are|was|were|it's|its|they're|theyre) (?:literally |actually |so |really )?killing me\b/gu,
  /\bkill(?:ing|ed|s)? (?:me|it|the (?:lights?|music|engine|process|bug|tab|app|mood|vibe)|time|two birds)\b/gu,
  /\b(?:dying|die|died|dead) (?:of|from) (?:embarrassment|laughter|laughing|cringe|boredom|shame|hunger|thirst|cuteness|the heat|heat|the cold)\b/gu,
  /\bdying to \w+|\b(?:die|died|dying|dead) laughing\b|\bto die for\b/gu,
  /\bcut (?:my ?self|myself) (?:shaving|cooking|while|on|by accident|accidentally)\b/gu,
  /\bsuicide squad\b/gu,
  /\b(?:i|you|we) could (?:literally |just |actually )?die\b|\b(?:almost|nearly) died\b/gu,
  /\b(?:i'm|im|i am) (?:so |literally |actually )?(?:dead|dying|deceased|done for)\b(?! inside)/gu,
  /\b(?:death of me|to die for|dead tired|dead serious|dead end|deadline|dead ?battery|died on me|(?:phone|laptop|battery|computer|plant|car) (?:is |just )?(?:dead|died))\b/gu,
  /\b(?:could|would) kill for\b|\bkiller\b|\bmurder(?:ed|ing)? (?:me|it|this|that)\b|\bslay(?:ed|ing)?\b/gu,
];

/** One regex that matches wherever any of `patterns` would: a cheap first test for the common case. */
export function anyOf(patterns: readonly RegExp[]): RegExp {
  return new RegExp(patterns.map((p) => `(?:${p.source})`).join('|'), 'u');
}

/**
 * Words for who a message is about and for the concerns that are not the sender's own crisis:
 * danger to others (weapons, violence, threats) and wellbeing (stress, sleep, loneliness,
 * homesickness, exams, breakups, low mood, grief). Chinese patterns run on the compact form and
 * English ones on the word form of crisis.ts, after hyperbole was removed (except GRIEF, which
 * also reads "去世了", a word the hyperbole list removes).
 *
 * Recall comes first for danger: a weapon, violence in progress or a threat is flagged even in
 * doubt; only a threat said with a laugh ("我要杀了他哈哈") is let go.
 */
import { DANGER_EN_MORE, DANGER_ZH_MORE, WELLBEING_EN_MORE, WELLBEING_ZH_MORE } from './concern-acts.js';

export interface ConcernCue {
  level: 'high' | 'medium' | 'low';
  pattern: RegExp;
  /** A threat in words: a joke marker in the same message lets it go. */
  threat?: boolean;
  /** Something done to the sender, whoever did it ("男朋友出轨了", a grandparent's death). */
  sender?: boolean;
}

const alt = (...parts: string[]) => `(?:${parts.join('|')})`;
/** A pattern given whole or as a list of alternatives (kept under the line length). */
const joined = (source: string | readonly string[]) => (typeof source === 'string' ? source : source.join('|'));
const zh = (level: ConcernCue['level'], source: string | readonly string[], threat = false): ConcernCue => ({ level, pattern: new RegExp(joined(source), 'gu'), threat });
const en = (level: ConcernCue['level'], source: string | readonly string[], threat = false): ConcernCue => ({
  level, pattern: new RegExp(`\\b(?:${joined(source)})\\b`, 'gu'), threat,
});

const ZH_WEAPON = alt('菜刀', '水果刀', '砍刀', '匕首', '刀子', '尖刀', '长刀', '大刀', '刀', '手枪', '枪', '斧头', '斧子', '铁棍', '钢管', '棍子', '棒球棍', '砖头', '凶器', '武器', '硫酸', '汽油');
const ZH_HOLD = alt('拿着', '拿', '持', '挥着', '挥舞着?', '举着', '提着', '带着', '带了', '握着', '手持', '掏出', '亮出', '抽出', '藏着');
const ZH_PLACE = alt('走廊', '楼道', '楼梯', '宿舍', '寝室', '教室', '门口', '楼下', '食堂', '操场', '厕所', '卫生间', '路上', '校门', '草丛', '垃圾桶', '电梯', '大厅', '图书馆');
const ZH_VICTIMS = alt('你们', '他们', '她们', '我们', '大家', '所有人', '全宿舍', '全班', '宿舍的?人', '室友', '同学', '老师', '他', '她', '你', '我', '人');

const DANGER_ZH_WORDS: readonly ConcernCue[] = [
  zh('high', `(?:有人|一个人|男的|女的|陌生人|他|她)?${ZH_HOLD}(?:一把|把|一根|根)?${ZH_WEAPON}(?!.{0,4}(?:切|削|苹果|水果|菜|做饭|蛋糕|划|割|自己|塔|叉))`),
  zh('high', alt('持刀', '砍人', '捅人', '捅了', '捅伤', '砍伤', '刺伤', '行凶', '(?<!狼人|剧本)杀人(?!游戏|犯)', '打人', '被人打', '被打了', '被打伤', '挨打', '殴打', '群殴', '斗殴', '打群架')),
  zh('high', alt('(?:在|正在|有人|他们|两个人)打架(?!子)', '打起来了', '动手打', '(?<!预防|防止|反|关于|抵制|远离|拒绝|杜绝|防范)(?:家暴|家庭暴力|校园暴力)', '施暴', '强奸', '(?<!预防|防止|反|关于|防范)(?:性侵|猥亵)', '抢劫', '(?<!道德)绑架')),
  zh('high', alt('袭击', '开枪', '枪声', '(?<!信息|心态|到|得|要|快)爆炸(?!性|头)', '炸弹', '纵火', '放火', '(?<![到得])着火', '起火', '(?<!防)火灾(?!报警|演练|隐患)')),
  zh('high', `(?:要|准备|打算|说要|扬言要?|威胁(?:说)?要?|会)(?:去|进来|过来|回来)?(?:杀了?|弄死|捅死|砍死|打死|干掉|杀光|捅|砍|炸了?|烧了?|报复)${ZH_VICTIMS}`, true),
  zh('medium', `(?:想|真想|好想)(?:去)?(?:杀了?|弄死|捅死|砍死|打死|干掉)${ZH_VICTIMS}`, true),
  zh('high', '被(?!打扰)[^，。]{0,6}?(?:打|揍|踢|捅|砍)(?:了|伤|得|成)(?!低分|分|电话|卡|折|针|疫苗|游戏|一顿饭)'),
  zh('high', alt('报复社会', '同归于尽', '杀了所有人', '血洗', '要杀我', '想杀我', '杀了我(?!吧|们)')),
  zh('medium', alt('威胁我', '威胁(?:要|说)', '恐吓', '跟踪我', '尾随', '一直跟着我', '堵我', '骚扰我', '在门口等我')),
  zh('medium', `${ZH_PLACE}(?:里|上|间|口|边)?(?:有|发现|看到|放着|扔着|掉了)(?:一把|把|一个|个)?(?:菜刀|砍刀|匕首|刀子|刀|枪|手枪|凶器|武器|炸弹|可疑(?:物品|包裹))`),
];

const EN_WEAPON = '(?:big |huge |large |kitchen |long |baseball )?(?:knife|knives|gun|guns|pistol|rifle|firearm|machete|axe|hatchet|blade|weapon|weapons|crowbar|taser|baseball bat)';
const EN_HOLD = '(?:with|holding|has|had|waving|carrying|brandishing|pulled|pulls|pulling|swinging|wielding|pointing|held)';
const EN_PLACE = '(?:corridor|hallway|hall|stairs|stairwell|dorm|building|classroom|lobby|bathroom|toilet|canteen|library|street|floor|ground)';
const EN_VICTIMS = '(?:everyone|everybody|people|us|them|him|her|you|me|my roommate|someone|somebody|students|all of)';

const DANGER_EN_WORDS: readonly ConcernCue[] = [
  en('high', `${EN_HOLD} (?:out )?(?:a |an |his |her |their |the |some |two )?${EN_WEAPON}(?! and fork| and spoon| set| block)`),
  en('high', "stab|stabbed|stabbing|shooting at|shot (?:at )?(?:someone|him|her|a student|people)|shots fired|gunshots?|gunfire|active shooter|school shooting|mass shooting"),
  en('high', "(?:is|are|was|were|being|got|get) (?:being )?(?:attacked|assaulted|beaten up|beaten|mugged|robbed|stabbed|shot|raped|kidnapped)"),
  en('high', [
    "attacking|assaulting|beating (?:him|her|them|someone|somebody|me|a guy|a girl|up)|beat (?:me|him|her|them) up",
    "hitting (?:me|her|him|them|someone)|hits me|(?<!\\bit (?:just |really |suddenly )?)hit me(?! up)",
  ]),
  en('high', "punch(?:ed|ing) (?:me|him|her|someone)|chok(?:ed|ing) (?:me|her|him)|strangl\\w*|kidnap\\w*|rape|raped|sexual(?:ly)? assault\\w*|domestic (?:violence|abuse)"),
  en('high', [
    "(?:a|big) fight (?:outside|in|at|near|going on|broke out)|fight broke out",
    "(?:people|guys|students|they|men|two guys|some guys) (?:are |were )?fighting",
    "fighting (?:outside|in the|at the|near|in front)|brawl",
  ]),
  en('high', "a bomb|bomb threat|bomb in|explosion|caught fire|catching fire|there(?:'s| is) a fire|fire in the|smoke (?:coming|everywhere|in the)|arson"),
  en('high', "(?<!\\b(?:i'm|im|you're|youre|he's|she's|he is|she is|you are|i am|we're|we are|song|team|player) )(?:is|are|was|were) (?:on fire|burning)"),
  en('high', `(?:going to|gonna|will|'ll|wants? to|wanna|threaten(?:ed|s|ing)? to|plans? to|planning to) (?:kill|shoot|stab|hurt|attack|beat up|murder|bomb|burn) ${EN_VICTIMS}`, true),
  en('high', "shoot up|kill (?:everyone|everybody|them all|all of them|people)|threaten(?:ed|s|ing)? to kill(?! (?:him|her|them)sel)|said (?:he|she|they)(?:'d|'ll| would| will| is going to| was going to)? kill(?! (?:him|her|them)sel)"),
  en('medium', "threaten(?:ed|ing|s)? (?:me|us|people|students)|death threats?|stalk(?:ed|ing|s)? me|stalker|following me (?:home|around|everywhere)|won't leave me alone"),
  en('medium', [
    `(?:found|find|there(?:'s| is)|someone left|saw|see) (?:a |an )${EN_WEAPON}`,
    `${EN_WEAPON} (?:in|on|near|outside|at|by|under|lying in|lying on) (?:the|a|our|my) ${EN_PLACE}`,
  ]),
];

/** Every danger cue: the words above and the families of concern-acts.ts. */
export const DANGER_ZH: readonly ConcernCue[] = [...DANGER_ZH_WORDS, ...DANGER_ZH_MORE];
export const DANGER_EN: readonly ConcernCue[] = [...DANGER_EN_WORDS, ...DANGER_EN_MORE];

/** Threats that English hyperbole would hide ("kill me" is removed as in "this exam is killing me"): read on the unstripped text. */
export const DANGER_EN_UNSTRIPPED: readonly ConcernCue[] = [
  en('high', "threaten(?:ed|s|ing)? to kill(?! (?:him|her|them)sel)|said (?:he|she|they)(?:'d|'ll| would| will| is going to| was going to)? kill(?! (?:him|her|them)sel)|(?:wants|want|trying|tried|tries) to kill me"),
];

/** A laugh or "just kidding" in the message lets a threat in words go. */
export const JOKE = /哈哈|hhh|开玩笑|开个玩笑|逗你|😂|🤣|😆|😜|\blol\b|\blmao\b|\brofl\b|\bhaha|\bjk\b|just kidding|\bkidding\b/u;

const WELLBEING_ZH_WORDS: readonly ConcernCue[] = [
  zh('low', alt('压力(?:好|很|太|特别|超|非常|真的|有点|巨|越来越)?大', '压力山大', '好有压力', '压得(?:我)?喘不过气', '喘不过气', '焦虑', '紧张得(?:睡不着|吃不下)', '(?<!电脑|系统|程序|软件|网站|服务器|手机)崩溃', '心态崩了', '内耗', '恐慌', '心慌', '惊恐')),
  zh('low', alt('睡不着', '失眠', '(?:整晚|一夜|一晚上|几天)没(?:怎么)?睡', '睡不好', '睡眠(?:很|好|特别)?差', '(?:每天|天天)(?:都)?(?:只)?睡(?:两|三|2|3)个?小时', '做噩梦', '天天噩梦')),
  zh('low', alt('孤独', '孤单', '寂寞', '没(?:有)?(?:一个)?朋友(?!圈)', '被孤立', '被排挤', '融不进', '不合群', '没人(?:陪|理我|和我说话|跟我说话|跟我玩)', '一个人(?:好难受|好孤单|吃饭|待着)')),
  zh('low', alt('想家', '好想回家', '思乡', '想(?:我)?(?:爸妈|爸爸妈妈|家人)', '想我妈', '想我爸')),
  zh('low', alt('挂科', '挂了(?:两|三|几|好几|一)?(?:门|科)', '(?:考试|期末|期中|高数|英语|四级|六级|考研|这门课|专业课)(?:又|也|都)?(?:挂了|没过|砸了|考砸了)')),
  zh('low', alt('考砸', '没考好', '考得(?:很|好|太|特别)?(?:差|烂)', '不及格', '没及格', '落榜', '学业警告', '绩点(?:好|很|太|特别)?低')),
  zh('low', alt('(?:和|跟)我分手', '把我甩了', '甩了我', '分手', '失恋', '被甩', '(?:和|跟)(?:男朋友|女朋友|男友|女友|对象)吵架', '感情(?:出了)?问题')),
  { level: 'low', pattern: /出轨|劈腿/gu, sender: true },
  zh('low', alt('难过', '伤心', '心情(?:很|好|特别|非常|超|真的|有点)?(?:不好|差|低落|糟|烂)', '情绪(?:很|好|特别)?(?:低落|差|不好|崩)', '很丧', '好丧', '(?<![a-z])emo(?![a-z])', '抑郁', '想哭', '一直哭', '哭了(?:一整?晚|好久|一天|一夜)', '偷偷哭', '忍不住哭')),
  zh('low', alt('心里(?:好|很|特别)?(?:难受|苦|堵)', '好难受', '很难受', '太难受', '难受(?!死)', '(?:我|心里|内心|心)(?:好|很|太|特别|真的)?痛苦', '迷茫', '好无助', '很无助', '自卑', '觉得自己(?:很|好|真|特别)?(?:没用|失败|差劲|废物|一无是处)', '我好没用', '一无是处')),
  zh('low', alt('被霸凌', '被欺负', '校园霸凌', '被(?:pua|PUA)', '心理(?:问题|状态不好|压力)', '抑郁症', '焦虑症', '双相', '抗抑郁')),
];

const WELLBEING_EN_WORDS: readonly ConcernCue[] = [
  en('low', [
    "stressed(?: out)?|so much stress|overwhelmed|anxious|anxiety|panic(?:king)?|panic attacks?|burnout",
    "(?:i'm|im|i am|i feel|feeling|feel|so|totally|completely|really) burn(?:ed|t) out|under (?:so much |a lot of )?pressure",
    "too much pressure",
  ]),
  en('low', "(?:can't|cant|cannot|couldn't|can not) (?:fall asleep|sleep)|insomnia|haven't slept|havent slept|barely sleep\\w*|sleepless|nightmares|no sleep for"),
  en('low', [
    "lonely|loneliness|so alone|all alone|no friends|(?:don't|dont|do not) have (?:any )?friends|no one to talk to",
    "nobody to talk to|isolated|left out|(?:don't|dont) fit in|nobody talks to me",
  ]),
  en('low', "homesick|miss (?:my )?(?:home|family|parents|mom|mum|dad)"),
  en('low', [
    "failed (?:my |his |her |their |the |an |a |two |three |all my |all (?:his|her|their) )?(?:exam|exams|test|tests|midterm|midterms|final|finals|class|classes|course|courses|module|modules)",
    "flunk\\w*|failing (?:my |all my )?(?:classes|courses|exams)|bad grades|academic probation",
  ]),
  en('low', "broke up with me|dumped me|cheated on me|left me|broke up|break ?up|breakup|got dumped|heartbroken|heart ?break"),
  en('low', "(?:i'm|im|i am) (?:so |really |very |kinda |pretty |super )?(?:sad|depressed|miserable|unhappy|upset|empty|numb|worthless|useless)(?! with| about the| about how)"),
  en('low', "(?:feel|feeling|felt) (?:so |really |very |kinda |pretty |super )?(?:sad|depressed|down|low|miserable|unhappy|upset|empty|numb|awful|terrible|worthless|useless)"),
  en('low', "depression|(?:keep|been|can't stop|started|start|always) crying|crying (?:all|every|myself|a lot|again)|cried (?:all night|myself to sleep|a lot)|feel like crying"),
  en('low', "(?:being )?bullied|(?:i )?hate myself|my mental health (?:is|has been)"),
];

/** Every wellbeing cue: the words above and the families of concern-acts.ts. */
export const WELLBEING_ZH: readonly ConcernCue[] = [...WELLBEING_ZH_WORDS, ...WELLBEING_ZH_MORE];
export const WELLBEING_EN: readonly ConcernCue[] = [...WELLBEING_EN_WORDS, ...WELLBEING_EN_MORE];

/** Bereavement, read before hyperbole is removed (the hyperbole list drops "去世了"); it happened to the sender. */
export const GRIEF_ZH: readonly ConcernCue[] = [{
  level: 'low', sender: true,
  pattern: /(?:奶奶|爷爷|外婆|外公|姥姥|姥爷|妈妈|爸爸|我妈|我爸|母亲|父亲|家人|亲人|朋友|狗狗|猫猫|宠物|狗|猫|舅舅|姑姑|阿姨|叔叔)(?:突然|昨天|前天|上周|刚刚|刚|今天|已经)?(?:去世|过世|离世|病逝|走了|没了)/gu,
}];
const KIN = '(?:grandma|grandpa|grandmother|grandfather|mom|mum|dad|mother|father|brother|sister|friend|dog|cat|pet|aunt|uncle)';
export const GRIEF_EN: readonly ConcernCue[] = [{
  level: 'low', sender: true, pattern: new RegExp(`\\b(?:${KIN} (?:just |recently )?(?:passed away|died|passed)|lost my ${KIN}|funeral)\\b`, 'gu'),
}];

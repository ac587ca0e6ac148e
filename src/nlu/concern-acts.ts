/**
 * More danger and wellbeing cues, by family (issue 14 point 6): danger brought or threatened
 * (a weapon to bring, "找我算账", "I know where you live"), fire and smoke with people in it,
 * gas and chemicals, vehicles hitting people, someone down and not moving, choking; and the
 * sender's wellbeing said without the usual words (no friends yet, left out, alone for the
 * holidays, nerves before exams, rejections, comparing oneself, no energy, family rows).
 * Same forms and conventions as concern-lexicon.ts, which adds these lists to its own.
 */
import type { ConcernCue } from './concern-lexicon.js';

const alt = (...parts: string[]) => `(?:${parts.join('|')})`;
const joined = (source: string | readonly string[]) => (typeof source === 'string' ? source : source.join('|'));
const zh = (level: ConcernCue['level'], source: string | readonly string[], threat = false): ConcernCue => ({ level, pattern: new RegExp(joined(source), 'gu'), threat });
const en = (level: ConcernCue['level'], source: string | readonly string[], threat = false): ConcernCue => ({
  level, pattern: new RegExp(`\\b(?:${joined(source)})\\b`, 'gu'), threat,
});

const ZH_ARMS = alt('刀', '枪', '炸弹', '汽油', '砍刀', '菜刀', '匕首', '凶器', '武器', '硫酸', '斧头', '铁棍', '剪刀', '铁锹', '锤子', '酒瓶', '砖头');
const ZH_PEOPLE = alt('人', '学生', '同学', '行人', '人群', '路人', '小孩');

export const DANGER_ZH_MORE: readonly ConcernCue[] = [
  zh('high', `(?:带|拿|揣)(?:着|了|上)?(?:一把|把|几把)?${ZH_ARMS}(?:来|去|到|进)(?!.{0,4}(?:切|削|做饭|野营|露营|钓鱼))`),
  zh('high', `(?:拿|用|举)(?:着)?(?:一把|把)?${ZH_ARMS}(?:对着|指着|抵着|顶着|架在)`),
  zh('high', [`(?:拿|举|抡|挥)(?:着)?.{0,4}${ZH_ARMS}.{0,8}(?:追|砍|打|砸|冲向)(?:人|着|同学|路人|我|他|她)`, '追着(?:人|同学|路人|学生|我)(?:打|砍|跑)']),
  zh('high', alt('(?:传来|听到|听见).{0,6}(?:尖叫|惨叫|呼救)', '有人(?:在)?(?:打|踢|揍)(?:她|他|人|同学|一个)', '(?:喊|叫|呼)救命', '掐(?:我|她|他|住)(?:的)?脖子', '掐住(?:我|她|他)', '勒(?:我|她|他)的?脖子', '(?:往|朝)(?:人|楼下|我们)?.{0,4}扔(?:砖头|石头|酒瓶|东西)')),
  zh('high', alt('浓烟', '黑烟', '烟雾弥漫', '(?:冒烟|起火|着火|火)[^，。]{0,10}(?:有人|同学)(?:没出来|在里面|被困)', '(?:有人|同学)(?:被)?困在(?:里面|火里|楼里|屋里)')),
  zh('high', alt('(?:煤气|燃气|天然气|毒气|有毒气体|化学品|氯气|气体)(?:泄漏|泄露|中毒)', '(?:刺鼻|有毒)的?(?:气体|气味)', '(?:煤气|燃气|天然气|液化气)(?:的)?味', '(?:有人|好多人|同学)(?:都)?(?:晕倒|昏倒|晕过去|中毒)', '(?:好几个|好多|几个)(?:人|同学)(?:都)?(?:头晕|呕吐|喘不上气|呼吸困难)')),
  zh('high', [
    `(?:车|汽车|电动车|摩托车?|货车|卡车|校车|电瓶车|出租车)(?:把人)?(?:撞了?|撞到|撞倒|撞飞|冲进|碾)(?:了)?${ZH_PEOPLE}`,
    '(?<!(?:想|希望|巴不得|恨不得|宁愿|最好|要是|如果)(?:能|哪天|某天|出门|路上|走路|就){0,3})(?:被|让)(?:车|汽车|电动车|摩托|货车|卡车|校车|电瓶车)(?:给)?(?:撞|碾)', '(?:躺|倒)在地上(?:一动不动|不动|流血|起不来|没反应)|叫不醒|没(?:有)?呼吸了',
  ]),
  zh('high', '(?:要|想|会|说要|扬言要?)把.{0,8}(?:炸了|炸掉|炸平|烧了|烧掉|点了)', true),
  // A group on one person, someone pinned, groped or dragged off, someone in the water, furniture thrown.
  zh('high', [
    '被(?:几|好几|一群|一帮|好多)个?人(?:围着|围住|堵住|按住|拖走|拉走)', '(?:好几个|一群|一帮|几个)人(?:在)?(?:追|围着|围住|堵着|打)(?:一个|着)',
    '(?:按|压|摁)在地上', '(?:一直|在)摸(?:一个)?(?:女生|女孩|她)', '(?:拖|拽|拉)(?:着|走)?(?:一个)?(?:女生|女孩|她)(?:上车|进|走)',
    '(?:有人|一个人|同学|人|他|她|小孩|孩子)(?:被)?(?:推)?(?:掉|摔|落)(?:进|到|下)?(?:了)?(?:水里|湖里|河里|江里|池塘里)|(?<!防|预防)溺水', '推搡',
    '(?:摔|砸|扔|抡)(?:椅子|桌子|凳子)|有人(?:在)?(?:砸|踹)(?:门|窗)',
  ]),
  zh('medium', alt('不会让(?:我|你|她|他)好过', '让(?:我|你)(?:付出代价|好看)', '找(?:我|你|他|她|他们|你们)算账', '知道(?:我|你)住(?:哪|在哪)', '(?:来|去)(?:学校|宿舍|教室)(?:找|堵)(?:我|你|他|她)'), true),
];

const EN_ARMS = '(?:knife|knives|gun|guns|pistol|rifle|weapon|bomb|machete|axe|box ?cutter|scissors|hammer|broken bottle|glass bottle|bat|brick|pipe|crowbar|screwdriver|blade)';
const EN_PEOPLE = '(?:a |the |some |two |three )?(?:student|students|people|person|pedestrian|pedestrians|someone|crowd|kid|guy|girl|woman|man|cyclist)';

export const DANGER_EN_MORE: readonly ConcernCue[] = [
  en('high', `(?:bring|bringing|brought|carry|carrying|carried) (?:a |his |her |their |the |some )?${EN_ARMS} (?:to|into|in|on)`),
  en('high', `(?:held|holds|holding|pointed|pointing|pulled out|pulls out|swung|swinging|came at (?:me|us|him|her) with|threatened (?:me|us|him|her|them) with) (?:a |an |his |her |their |the )?${EN_ARMS}`),
  en('medium', "(?:ganging|ganged|gang) up on (?:a |one |some |this |the )?(?:kid|guy|girl|student|boy)"),
  en('medium', "threatening (?:the |a |some )?(?:people|students|cashier|staff|everyone|someone|us|me|him|her|them|guard|teacher|kids)"),
  en('high', [
    "(?:filling|filled|full) (?:up )?with smoke|thick smoke|black smoke|smoke (?:is )?(?:pouring|billowing)|(?:trapped|stuck) (?:inside|in the (?:fire|building|smoke))",
    "(?:gas|chemical) (?:leak|spill)|smells? (?:like|of) gas|gas smell|toxic (?:gas|fumes)|fumes",
    "(?:people|someone|students?|a guy|a girl) (?:are |is |was |were )?(?:fainting|passed out|collapsed|unconscious|not breathing)",
    "(?:screaming|screams|screamed|yelling|shouting|crying|calling) for help",
    "(?:trying to|tried to|try to) break into|(?:breaking|broke) into (?:the |a |my |our |her |his |someone's )?(?:dorm|room|rooms|building|apartment|house|flat)",
    "(?:punched|kicked|stabbed|shoved|slapped|choked|strangled) (?:a |the |some |this |that |my )?(?:girl|guy|student|man|woman|kid|person|someone|boy)",
    "(?:she|he|they)(?:'s| is| are|'re) not (?:moving|breathing)",
    "throwing (?:chairs|desks|tables|bottles|rocks|bricks) (?:at|around|in)|(?:dragging|dragged) (?:a |some |this |the )?(?:girl|woman|guy|student|kid|man|her|him) (?:to|into|away|off)",
    "grabbed (?:a |some |this |the )?(?:girl|woman|student|kid|her) and (?:is |was )?(?:dragging|pulling|pushing|forcing)",
    "(?:fell|fallen|pushed|jumped) (?:into|in) the (?:lake|river|water|pool|sea|pond)|(?:someone|somebody|a (?:guy|girl|kid|student|man|woman|person)) (?:is )?drowning",
  ]),
  en('high', [
    `(?:car|truck|bus|van|scooter|motorbike|motorcycle|vehicle|driver) (?:just )?(?:hit|ran over|crashed into|plowed into|drove into|ran into|mowed down) ${EN_PEOPLE}`,
    "(?:got|was|were|been|is) (?:hit|run over) by (?:a |the )?(?:car|truck|bus|van|scooter|motorbike|motorcycle)", "on the ground not moving|lying (?:there )?not moving",
  ]),
  en('medium', "(?:i|we) know where you live|knows where i live|(?:has been|keeps|kept|is|was|been) following me(?! on)|(?:he|she|they)(?:'s|'re| is| are) outside my (?:door|room|dorm|window)"),
  en('high', "(?<=(?:说|扬言|威胁|说过) ?(?:要|会) ?)(?:kill|hurt|stab|shoot|beat up|attack) (?:me|you|us|him|her|them|everyone)", true),
];

export const WELLBEING_ZH_MORE: readonly ConcernCue[] = [
  zh('low', [
    '(?:考研|保研|考公|考编|申请|面试|实习|offer|复试|初试|出国|留学|找工作|秋招|春招|求职|论文|比赛|竞赛|评优|奖学金)(?:又|也|都|全部?|全都)?(?:失败|没上线|没过|没通过|被拒|挂了|落榜|没录|没被录取|黄了|凉了|没戏|没拿到|没评上)',
    '(?:被|全)拒了', '没上岸', '上岸失败', '不知道(?:以后|将来|未来)(?:该)?怎么办', '前途(?:一片)?(?:渺茫|黑暗)',
  ]),
  zh('low', [
    '(?:一个人|独自)(?:上课|吃饭|过年|过节|过生日|在宿舍|待在宿舍|待着)', '(?:宿舍|寝室)(?:就|只)?剩(?:下)?我一个', '(?:没交到|交不到)(?:一个)?(?:朋友|知心朋友)',
    '没有(?:一个)?(?:能|可以)(?:说话|说心里话|聊天|倾诉|聊得来)的(?:人|朋友)', '被(?:全班|大家|全宿舍|室友|同学|所有人)?孤立', '唯独(?:没|不)(?:拉|叫|带|约|喊)我', '(?:小群|小团体).{0,6}(?:没|不)(?:拉|带|叫)我', '排挤我', '孤立我', '(?:总是|都)不(?:带|叫|约)我', '我(?:好像)?是(?:多余的|个多余的人)',
  ]),
  zh('low', [
    '(?:一想到|想到|每次|一到).{0,8}(?:考试|面试|答辩|上台|汇报|展示|期末|发言)(?:就)?.{0,6}(?:心慌|手抖|发抖|心跳|紧张|害怕|想吐|胃疼|睡不着)', '手(?:一直)?抖', '心跳(?:好|很|特别)?快',
    '(?:比不上|不如|比不过)(?:别人|同学|大家|室友|其他人)', '(?:别人|同学|大家|室友)都(?:拿了|找到|有了|上岸|考上|保研).{0,12}(?:只有我|就我|我还)', '同龄人', '(?:总|老是|总是)(?:和|跟)别人比',
  ]),
  zh('low', [
    '(?:每天|每晚|天天|最近)(?:都)?(?:只)?(?:能)?睡(?:了)?(?:一|两|三|四|1|2|3|4)(?:到|-)?(?:两|三|四|五|2|3|4|5)?个?小时', '重修', '提不起(?:劲|精神|兴趣)', '什么都不想(?:做|干)', '(?:不想|懒得)出门', '好(?:失落|沮丧|委屈)', '很(?:失落|沮丧|委屈)', '心好累', '好累好累',
    '(?:跟|和)(?:爸妈|父母|家里|爸爸|妈妈|家人|我妈|我爸)(?:又|打电话又)?(?:吵架|吵起来|闹翻|冷战)', '(?:父母|爸妈)(?:要|在|闹)?(?:离婚|吵架)', '不知道(?:该)?(?:跟|和|找)谁(?:说|倾诉)', '(?:心里的?话|心事)(?:都)?(?:找不到人|没人|没地方)(?:说|讲|倾诉)|找不到(?:人|一个人)(?:说|讲|倾诉|聊)',
  ]),
];

export const WELLBEING_EN_MORE: readonly ConcernCue[] = [
  en('low', [
    "(?:haven't|have not|never|didn't|did not|still haven't) (?:made|make|found) (?:a single|any|one|a) (?:friend|friends)|(?:eat|eating|ate) (?:lunch |dinner |breakfast |meals )?alone",
    "no one to (?:eat|hang out|sit|talk) with|(?:alone|by myself) (?:for|on|during|over) (?:the )?(?:holidays?|new year|christmas|thanksgiving|spring festival|break|my birthday)",
    "spending (?:the |my )?(?:\\w+ )?(?:holidays?|new year|christmas|break|birthday|weekend|festival) (?:alone|by myself|on campus)",
    "(?:go|goes|went|going|hang|hangs|hanging) out without me|(?:group chat|plans) without me|left me out|(?:feel|feeling) (?:excluded|invisible)|(?:never|don't|dont) invite me",
  ]),
  en('low', [
    "(?:so |really |super )?nervous (?:before|about|for)|dread(?:ing)? (?:the|my|every)|(?:hands|voice) (?:shake|shaking|shook)|can't stop (?:worrying|overthinking)|worried sick|freaking out about",
    "(?:rejected|turned down) (?:from|by|for)|(?:didn't|did not|never) get (?:into|in|accepted|the job|the internship|an offer|any offers?)|got no offers|(?:rejection|rejections) from",
    "compar(?:e|ing) myself|everyone (?:else )?(?:is|seems)(?: to be)? (?:doing )?better|behind everyone|(?:feel|feeling) like a (?:failure|loser|fraud|disappointment)|imposter syndrome|not good enough",
  ]),
  en('low', [
    "(?:lying|lie|lay|laying) awake|(?:can't|cannot|couldn't) fall asleep|awake (?:all|every) night|up all night (?:worrying|thinking|overthinking)",
    "(?:don't|do not) (?:really )?have (?:anyone|anybody|a single person|someone) to talk to|no one (?:here )?to talk to",
    "failed (?:my|the|an?) (?:\\w+ )?(?:final|finals|exam|exams|midterm|midterms|test|class|course|module|quiz)|(?:have|need) to retake",
    "unmotivated|no motivation|(?:can't|cannot) get out of bed|don't want to do anything|(?:feel|feeling) (?:lost|stuck|drained|exhausted)",
    "(?:fight|fought|argument|argued|row) with my (?:parents|mom|mum|dad|family)|parents (?:are )?(?:getting )?divorc\\w*|parents (?:keep |are )?(?:fighting|yelling|pressuring)",
  ]),
];

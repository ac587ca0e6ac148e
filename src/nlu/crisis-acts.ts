/**
 * Crisis cues by what a person does or says, beyond the words for wanting to die (crisis-lexicon.ts):
 * self-harm done or under way, method research, means bought or hoarded, a decided plan with a
 * time, farewell acts, being at a height or by water, a cancelled future, and passive death wishes.
 * Same forms as the lexicon (Chinese: compact text; English: lower-case words, chat spellings
 * made standard by chat-words.ts).
 *
 * Many acts are ordinary on their own (a letter to one's parents, giving away a cat, deleting an
 * account, "decided, this weekend"): such a cue fires only `with` a sign of finality somewhere in
 * the same clause or message (对不起, 以后用不上了, goodbye, for good, when I'm gone, a time for
 * the act). `injury` marks blood and wounds: in a message that reports danger they are the
 * victim's, not a crisis (concern.ts).
 */
import type { Cue } from './crisis-lexicon.js';

const joined = (source: string | readonly string[]) => (typeof source === 'string' ? source : source.join('|'));
const zh = (level: Cue['level'], source: string | readonly string[], extra: Partial<Cue> = {}): Cue => ({ level, pattern: new RegExp(joined(source), 'gu'), ...extra });
const en = (level: Cue['level'], source: string | readonly string[], extra: Partial<Cue> = {}): Cue => ({
  level, pattern: new RegExp(`\\b(?:${joined(source)})\\b`, 'gu'), ...extra,
});
/**
 * `a` where `b` occurs too, before or after it (the match, and so the cue's phrase, is `a`). The
 * look-behind comes after `a` so that it runs only where `a` matched: before `a`, it would scan
 * back from every position of a long message (quadratic time).
 */
const withSign = (a: string, b: string) => `(?:${a})(?=.*(?:${b}))|(?:${a})(?<=(?:${b}).*(?:${a}))`;

const ZH_TIME = '(?:今晚|今天晚上|今天|明晚|明天|后天|这周|这个?周末|周末|下周.?|下个?礼拜.?|下个?星期.?|周[一二三四五六日天]|星期[一二三四五六日天]|礼拜[一二三四五六日天]|月底|下个月|考完.{0,4}|生日(?:前|之前|那天))';
const ZH_FINAL = [
  '对不起', '下辈子', '来世', '来生', '不要想我', '别想我', '忘了我', '忘掉我', '别难过', '不要难过', '别为我', '不要为我', '照顾好', '最后一',
  '永远', '再也不', '关机', '不回(?:消息|复)', '联系不上', '打不通', '不接(?:电话)?', '以后(?:就|也|都)?(?:用不|不会|不能|不用|没有)', '用不(?:上|着|到)了', '不需要了', '不想留下', '痕迹', '再见', '永别', '保重',
].join('|');
const ZH_HURT_PART = '(?:自己|手|手腕|手臂|胳膊|腿|大腿|皮肤|身上)';

export const ZH_ACTS: readonly Cue[] = [
  // Self-harm done or under way (a paper cut or a kitchen knife is no such thing).
  zh('high', `(?<!被|不小心|纸)(?:又|刚|刚刚|刚才|今天|昨晚|已经)?(?:划|割)(?:了|开了?|破了?)?${ZH_HURT_PART}?(?:好|几|两|三|四|五|很多|一)(?:刀|道|下|条)`),
  zh('high', `(?<!被|不小心|纸)(?:刀|刀片|美工刀|剪刀|圆规|玻璃)(?:又)?(?:划|割)(?:了|开了?|破了?)${ZH_HURT_PART}`),
  zh('high', `(?<!被|不小心|纸)(?:又|刚|刚刚|刚才)(?:划|割)(?:了|开了?|破了?)${ZH_HURT_PART}`),
  zh('high', '(?<!鼻)血(?:一直|还在)?(?:止不住|停不下来|流个不停)|(?:流了|在流|流)(?:好多|很多|一地|一手)(?:的)?血', { injury: true }),
  // Method research.
  zh('high', [
    '(?:吃|吞)(?:多少|几)(?:片|颗|粒|瓶|盒)?.{0,8}(?:会死|能死|才会死|致死|才够|死得了|就够了|醒不过来)', '致死量|致死剂量',
    '(?:几|多少)(?:楼|层|米).{0,8}(?:跳|摔|掉).{0,8}(?:死|救不回|没救|活不了)', '(?:跳|摔)下去.{0,6}(?:一定|肯定|会不会|能不能).{0,3}(?:死|活)',
    '(?:哪种|哪个|什么|怎样的?)(?:死法|方法|方式|办法).{0,8}(?:不痛|不疼|没那么痛|最快|不痛苦|痛苦少)', '(?:烧炭|淹死|溺水|上吊|失血|割腕).{0,6}(?:多久|多长时间)',
    '(?:上吊|烧炭|割腕|跳楼|跳河|吃药)(?:和|还是|跟)(?:上吊|烧炭|割腕|跳楼|跳河|吃药)', '(?:搜|查|百度|研究)(?:了|过)?.{0,10}(?:死法|致死|怎么死)', '(?:哪种|什么|哪个)药.{0,6}(?:不会痛|不痛|会死|致死|最快)',
  ]),
  // Means bought, hoarded or ready.
  zh('high', [
    '(?:攒|囤|存|凑|屯)(?:了|好了|够了|齐了|下了|着)?.{0,6}(?:安眠药|药片|药|刀片|农药|百草枯|老鼠药)', '(?:凑|攒|存|囤)(?:够|齐)了?.{0,6}(?:片|颗|粒)',
    '买(?:了|好了)?.{0,4}(?:刀片|农药|百草枯|老鼠药)', '买(?:了|好了).{0,6}绳子(?!.{0,6}(?:晾|挂衣|跳绳|爬山|攀岩|绑|捆|搬家|打包))',
    '(?:药|刀片|绳子|炭)(?:都|已经|也)?(?:准备|备|攒|买|挂|放|藏)(?:好|齐|够)了', '绳子.{0,6}(?:挂好|系好|打好结)',
    '(?:药|刀|刀片|绳子|炭).{0,10}随时(?:都)?(?:可以|能)', '(?:药|刀片|绳子|炭)(?:都|已经|也)?ready',
  ]),
  // An overdose taken.
  zh('high', ['(?:药|药片|安眠药|止痛药)(?:我)?(?:全|全部)(?:吞|吃)(?:了|下去了|光了)', '(?:吞|吃)(?:了|下)(?:一整瓶|整瓶|一瓶|一大把|一整板|一整盒|几十片|\\d{2,}片)']),
  // A decided plan with a time, or a time for the act.
  zh('high', [
    '等.{1,8}(?:睡了|睡着了?|走了|不在|出去了?|去上课|回家)(?:以后|之后)?(?:我)?就(?:去|上)(?:天台|楼顶|顶楼|河边|江边|桥上|湖边|海边)',
    withSign('(?:刀|刀片|绳子|药)(?:都|也)?(?:已经)?(?:准备|备)好了', `${ZH_TIME}|${ZH_FINAL}|tonight|tonite|2nite|today|tomorrow|tmrw`),
    `(?:决定|想好|想清楚|定好|安排好|计划好|准备好)了.{0,6}${ZH_TIME}`, `${ZH_TIME}(?:吧|就|了)?[^去回出约玩看吃买参爬逛]{0,6}(?:决定|想好|定)了$`,
    `${ZH_TIME}(?:就|我就|便)?(?:动手|去死|结束(?:自己|生命|这一切|一切)?|了断|解脱|去跳|跳下去)`, '等.{1,10}(?:我)?就(?:动手|去死|结束自己|了断)',
    '(?:决定|想好|定好)了.{0,10}最后一(?:天|晚|次)', '(?:活不过|撑不过|熬不过)(?:今晚|明天|这周|下周|这个月|今年)',
    '不会再有我了|以后就没有我了|世界上(?:就)?再也?没有我|见不到明天的太阳',
  ]),
  // Farewell acts, with a sign of finality.
  zh('high', [
    withSign('再见|永别|告别|保重|拜拜|别了', ZH_FINAL.replace('|再见|永别|保重', '')), '下辈子(?:再见|见|再做|还)|来世再见|来生再见',
    withSign('对不起(?:大家|所有人|爸妈|爸爸|妈妈|你们)', '再见|永别|拜拜|保重|照顾好|下辈子|最后|不要想我|别难过|撑不住|坚持不下去|走了'),
    '这是我?(?:的)?最后一条(?:消息|讯息|信息|朋友圈|动态|微博|说说)', '最后一次(?:跟|和|给|对)(?:你们|大家|你|各位)(?:说|道)', '(?:分手|离开(?:我|他|她)|不理(?:我|他|她)).{0,6}(?:我|他|她)?就(?:去)?(?:吃药|跳楼|割腕|去死|自杀|死给你看)',
    '(?:以后|帮我)(?:要)?照顾好(?:我)?(?:爸妈|父母|我妈|我爸|家人|我的猫|我的狗|猫|狗)',
    withSign('(?:给|写给|留给)(?:爸妈|父母|爸爸|妈妈|家人|家里|室友|大家|朋友|男朋友|女朋友|你们).{0,8}(?:信|语音|视频|一段话)', ZH_FINAL),
    withSign('(?:东西|吉他|电脑|猫|狗|宠物|衣服|书)(?:都)?(?:送|给|分|托付)', ZH_FINAL.replace('|再见|永别|保重', '')),
    withSign('(?:朋友圈|微博|微信|qq|空间|社交账号|账号|动态|抖音|小红书)(?:都|全)?(?:清空|删光|删干净|删完|注销)', ZH_FINAL),
  ]),
  zh('medium', withSign('(?:猫|狗|宠物).{0,10}托付', '以后')),
  // At a height or by water.
  zh('high', '(?:站在|坐在|我在|现在在|已经在|到了|爬上了?)(?:宿舍|教学楼|图书馆|实验楼|楼|学校)?的?(?:窗(?:户|台)?外(?:面|边)?|栏杆(?:上|外面?|外边)|护栏外|楼顶边|天台边|悬崖边|铁轨)'),
  zh('high', '(?:坐|站)在.{0,8}窗(?:户|台)?外'),
  zh('high', withSign('(?:我在|坐在|站在|到了|来到|去)(?:了)?(?:河边|江边|湖边|海边|桥上|桥边|大桥)', '风(?:好|很)?大|水(?:好|很)?(?:冷|凉|急|深|黑)|往下看|好高|不想(?:下来|回去)|跳|最后|再见|走进去|再也不')),
  zh('high', '(?:手腕|手臂|胳膊|腿|大腿)上(?:有|全是|都是)?(?:好多|很多|一道道|一条条)?(?:新的?)?(?:伤口|伤痕|刀痕|划痕|血痕)', { injury: true }),
  // A cancelled future.
  zh('high', withSign('(?:取消|推掉|退掉|退了|都退|不去了)', '用不(?:上|着)了|不会(?:再)?(?:去|来|出现|参加)了|以后(?:都)?不(?:会|用)')),
  zh('high', '以后的.{0,6}(?:都)?(?:别|不要|不用)(?:再)?(?:算|叫|等|带)(?:上)?我'),
  zh('medium', '(?:我)?不会(?:再)?(?:出现|回来)了'),
  // Passive death wishes and slang.
  zh('medium', [
    '(?:一觉|一睡)不(?:再)?醒|睡着了?(?:就)?(?:别|不要|再也不|永远不)(?:再)?醒',
    '(?:被车撞|出车祸|生病|得病|病死|猝死|出意外)(?:死(?:掉|了)?)?(?:了)?(?:也|就)(?:挺好|好了|无所谓|不错|没关系|算了)',
    '(?:想|希望|巴不得|恨不得|宁愿)(?:能|哪天|某天|出门|路上|走路|就){0,3}(?:被车撞|出车祸|出意外|得绝症|一病不起)',
    '不知道(?:为什么|为啥|为了什么)(?:还)?要(?:撑|活|醒来|活下去|撑下去)', '活着(?:真的?|根本|好像)?不值得|人间不值得|不值得活', '(?:人)?活着(?:到底|究竟|又)?有什么(?:意思|意义|用|好的?)',
    '死了(?:也)?(?:不会|没)有?人(?:会)?(?:难过|伤心|在乎|发现|记得|哭)', '(?:不在了|消失了|死了).{0,8}(?:没人|没有人|不会有人)(?:会)?(?:记得|发现|在意|在乎|难过|注意)',
    '不想存在|我的存在(?:就是|本身就是)?(?:个|一个)?(?:错误|多余)', '羡慕.{0,10}(?:死(?:了|掉)?的人|走掉的人|去世的人|不用醒)',
  ]),
  zh('high', '干脆(?:别|不)活了|干脆死了算|(?:想|要)?自嘎|想嘎了'),
  zh('high', '(?<!别|不要)把自己(?:弄死|杀了|杀掉|了结|结束掉?|淹死|勒死|掐死)|(?:弄死|杀了|杀掉|了结)(?:我)?自己'),
];

const EN_TIME = "tonight|tomorrow|this weekend|next week|(?:on )?(?:sunday|monday|tuesday|wednesday|thursday|friday|saturday)(?: night)?|after (?:the|my) \\w+|it's happening|for good";
const EN_FINAL = [
  'sorry for everything', 'love you all', 'i love you', 'take care of (?:each other|yourselves|yourself|my|mom|dad|him|her|them)', "don't be sad", 'forgive me',
  'thank you for everything', 'thanks for everything', 'forever', 'for good', 'last (?:message|text|time)', "won't see", "you won't hear", "it's not your fault",
  "when i'm gone", "after i'm gone", "(?:isn't|is not|not|won't|stopped) (?:answering|replying|responding)", 'phone is off', "can't reach", 'went (?:silent|offline|quiet)', 'and left', "where i'm going", 'before i go', "won't need", 'better off', 'looked after', 'find it after',
].join('|');

export const EN_ACTS: readonly Cue[] = [
  // Self-harm done or under way.
  en('high', [
    "(?:i|just|i just|i've|ive|i have|i) (?:cut|slashed|sliced)(?: again| tonight| deep| deeper| too deep| my (?:thighs?|arms?|wrists?|legs?|skin|stomach|hips?))",
    "(?:relapsed|relapse) (?:and|with|on) (?:cut|cutting|self harm)|cut (?:deeper|too deep)|went too deep",
  ]),
  en('high', "(?:won't|can't|doesn't|will not) stop bleeding|so much blood|blood (?:everywhere|all over)|bleeding (?:a lot|badly|so much)", { injury: true }),
  // Method research.
  en('high', [
    "(?:lethal|fatal|deadly) (?:dose|amount|dosage)|painless (?:way|ways|method|methods)(?: to (?:die|go|do it))?|least painful (?:way|method)|quickest way to (?:die|go)",
    "how (?:much|many) .{0,40}(?:to die|to not wake up|not wake up|would kill me|is lethal|is fatal|to overdose|to od)",
    "how (?:high|tall|far) .{0,50}(?:to die|not survive|to not survive|survive the fall|fatal|kill (?:you|me))",
    "how long (?:does it|would it|do you|will it) (?:take )?to (?:drown|bleed out|die|suffocate|hang)",
  ]),
  // Means bought, hoarded or ready.
  en('high', [
    "(?:bought|got|ordered|picked up) (?:a |some |the )?(?:rope|noose|charcoal|razor ?blades?|blades)(?! for (?:climbing|the club|camping|moving|shaving|art|class|my project))",
    "(?:saving|saved|stashing|stashed|hoarding|hoarded|stockpiling|stockpiled|collecting|keeping) (?:up )?(?:all )?(?:my |some |the |a lot of |enough )?(?:pills|meds|medication|medicine|tablets|antidepressants|sleeping pills|painkillers|prescriptions?)",
    "(?:have|got|there's|there is) enough (?:pills|meds|tablets) now",
  ]),
  // An overdose taken.
  en('high', "(?:took|swallowed|downed|taken) (?:like |about |around |over |all |the whole |a whole |an entire )?(?:\\d{2,}|a bottle|the bottle|a handful|all) (?:of )?(?:my |the )?(?:pills|meds|tablets|antidepressants|sleeping pills|painkillers|\\w+ pills)"),
  // A decided plan with a time.
  en('high', withSign("(?<=\\p{Script=Han} )decided(?! to| on| that)|made up my mind|my mind is made up|it's decided|(?:i've|i have|already|i) decided(?! to| on| that| what| which| where| whether| if)|(?:set|picked|chose|chosen) (?:the|a) date|no turning back", EN_TIME)),
  en('high', "(?:i'm|im|i am) (?:doing|gonna do|going to do) it (?:tonight|tomorrow|today|this weekend|now)|(?:the )?(?:rope|noose) is (?:ready|tied|up)"),
  en('medium', "(?:wrote|written|writing|made|finished|drafted) my will"),
  en('high', withSign("tonight's the night|tonight is the night|it's happening tonight|it happens tonight", `${EN_FINAL}|i'm done|goodbye|bye|no more|end it|can't do this|already decided|i'm ready`)),
  en('high', [
    "won't be (?:alive|around) (?:for|to see|next|after|much longer|by)|by next \\w+ i won't be (?:here|around|alive)|won't see (?:next|another) (?:week|month|year|birthday|christmas|semester)",
    "(?:i'm|i am) checking out for good|checking out for good|won't (?:live|make it) (?:to|till|until|past) (?:next|the end|tomorrow|friday|the weekend)",
  ]),
  // Farewell acts, with a sign of finality.
  en('high', [
    'goodbye (?:letters?|notes?|messages?|texts?|videos?)', withSign('goodbye|bye|farewell', EN_FINAL.replace("|won't need|better off|looked after|find it after", '')),
    withSign('(?:writing|wrote|left|leaving|written) (?:my |a |some )?(?:letters?|notes?) (?:for|to) (?:my |the )?(?:mom|mum|dad|parents|family|brother|sister|roommate|friends|everyone|you all)', EN_FINAL),
    withSign('(?:gave away|giving away|rehomed|rehoming|found a (?:new )?home for) (?:my )?(?:cat|dog|pet|bunny|hamster|stuff|things|belongings|everything)', EN_FINAL),
    withSign('(?:deleted|deleting|wiped|wiping|deactivated|deactivating) (?:all )?(?:my )?(?:accounts|socials|social media|instagram|insta|facebook|twitter|tiktok|everything)', EN_FINAL),
    "sorry for everything|please don't be sad|it's not your fault, it never was|won't need (?:it|them|any of (?:it|this)) where i'm going",
  ]),
  // At a height or by water.
  en('high', [
    "(?:jump|jumping|throw (?:myself|himself|herself|themselves)) (?:off|from) (?:the |a |my |our |this |that )?(?:\\w+ ){0,2}(?:roof|rooftop|bridge|building|library|tower|balcony|cliff|dorm|window|ledge|overpass)",
    "(?:standing|sitting|sat|stood|i'm|im|i am) (?:on|at) the (?:edge|ledge|railing)|(?:standing|sitting|i'm|i am) on (?:the|a) ledge",
    "(?:i'm|i am|standing|sitting) on (?:top of )?the (?:roof|rooftop|top floor railing)|on top of the (?:building|roof|parking garage|garage|tower|bridge|library)",
  ]),
  en('high', withSign("(?:i'm|i am|standing|sitting|sat) (?:at|on|by|near) the (?:bridge|river|lake|train tracks|tracks|railway|cliff|sea|water)", 'water|down|jump|edge|cold|train|so easy|goodbye|dark|deep')),
  // A cancelled future.
  en('high', withSign("won't need (?:them|it|any)|won't be (?:around|here|there) (?:for|next|after)|won't make (?:it to )?any", 'cancel|withdr[ae]w|dropped|gave away|quit|all my|appointments|classes|sessions|plans')),
  // Passive death wishes.
  en('medium', [
    "(?:hope|wish|pray|want|rather|fine if|okay if|ok if|better if|nice if|good if)(?: that)?(?: i)?(?: just)? (?:didn't|did not|don't|do not|never|wouldn't|won't) wake up",
    "(?:wish|hope|pray) (?:that )?(?:a |something |someone )?(?:bus|car|truck|train|something|lightning)? ?(?:would |will |to )?(?:hit|kill|run over|happens? to) me",
    "(?:wouldn't|would not|won't) (?:care|mind|move|dodge|step aside)(?: if)? .{0,20}(?:hit|kill|run over|died|die|dead)",
    "(?:tired|sick|exhausted) of (?:existing|being alive|being here|breathing|waking up)|stop existing|cease to exist|wish i (?:didn't|did not) exist",
    "dying (?:doesn't|does not|wouldn't|would not|isn't|is not) (?:sound |seem |be )?(?:that |so |too )?bad|(?:wouldn't|would not) mind (?:dying|being dead|if i died|if i got sick and died)",
    "(?:envy|jealous of) (?:people|those|anyone|everyone) who (?:get to )?(?:die|died|don't wake up|never wake up|passed)",
    "(?:wish|wishes|wished) (?:i|she|he|they) could (?:just )?(?:disappear|vanish|not exist|stop existing)|(?:want|wants|wanna) to (?:just )?(?:disappear|vanish)(?! for a)",
    "(?:fall asleep|go to sleep|sleep) and (?:never|not) (?:wake up|come back|deal with (?:anything|it|this|everything)|have to)",
    "nothing (?:left )?(?:for me|to live for)|no reason to keep going|no point (?:in )?going on",
    "(?:if|when) i (?:die|died|disappeared|vanished|was gone|were gone|disappear|vanish) .{0,30}(?:nobody|no one|wouldn't even|would anyone|won't even)",
  ]),
  en('high', "unalive|sewer ?slide|\\bzs\\b"),
];

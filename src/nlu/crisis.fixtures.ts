/**
 * Crisis phrases that must fire and hyperbole that must not, shared by crisis.test.ts and the
 * benchmark (bench/nlu.bench.ts). The tables include the phrasings of recall.fixtures.ts.
 */
import { DANGER_MORE, HARD_NEGATIVE as HARD_NEGATIVE_1, OTHER_MORE, RISK_ACTS, RISK_PASSIVE, WELLBEING_MORE } from './recall.fixtures.js';
import { DANGER_2, HARD_NEGATIVE_2, HYPERBOLE_2, OTHER_2, RISK_ACTS_2, RISK_PASSIVE_2, WELLBEING_2 } from './recall-2.fixtures.js';

/** Look-alikes with no concern at all: knives, fire, bridges, farewells, decisions, giving things away. */
export const HARD_NEGATIVE: string[] = [...HARD_NEGATIVE_1, ...HARD_NEGATIVE_2];

/** Messages that must raise an alert, with the minimum level expected. */
export const RISK: [string, 'high' | 'medium'][] = [
  ['我不想活了', 'high'],
  ['我 不 想 活 了！！', 'high'],
  ['真的不太想活了', 'high'],
  ['想自杀', 'high'],
  ['我想紫砂', 'high'],
  ['好想自鲨', 'high'],
  ['今晚想跳楼', 'high'],
  ['我又割腕了', 'high'],
  ['刚吃了一整瓶安眠药', 'high'],
  ['我想从宿舍楼顶跳下去', 'high'],
  ['遗书已经写好了', 'high'],
  ['想一了百了', 'high'],
  ['我想结束自己的生命', 'high'],
  ['控制不住想自残', 'high'],
  ['我在天台上，不想下来', 'high'],
  ['有没有不痛的死法', 'high'],
  ['如果我明天不在了，帮我照顾猫', 'high'],
  ['我室友说她想去死', 'high'],
  ['買了炭，今晚就燒', 'high'],
  ['buxianghuole', 'high'],
  ['活着没意思', 'medium'],
  ['撑不下去了', 'medium'],
  ['没有人在乎我', 'medium'],
  ['我就是个累赘，没有我他们会更好', 'medium'],
  ['感觉生无可恋', 'medium'],
  ['人生没有任何意义', 'medium'],
  ['I want to kill myself', 'high'],
  ['i wanna k1ll myself', 'high'],
  ['I want to end my life', 'high'],
  ['I want to die', 'high'],
  ['I want to dieeee', 'high'],
  ['I keep hurting myself', 'high'],
  ['been cutting myself again', 'high'],
  ['I took a whole bottle of sleeping pills', 'high'],
  ['thinking about s*icide', 'high'],
  ['im suicidal', 'high'],
  ['I want to unalive myself', 'high'],
  ['going to jump off the bridge tonight', 'high'],
  ['I wrote a suicide note', 'high'],
  ["I DON'T WANT TO LIVE ANYMORE", 'high'],
  ['there is no point in living', 'medium'],
  ["I can't go on", 'medium'],
  ['everyone would be better off without me', 'medium'],
  ["I'm a burden to everyone", 'medium'],
  ['nobody cares if I die', 'medium'],
  ["I'm so tired of living", 'medium'],
  ['我真的want to die', 'high'],
  ['活着没意思 honestly', 'medium'],
  ['我割伤了自己', 'high'],
  ['想寻短见', 'high'],
  ['死了就解脱了', 'high'],
  ['我想从这个世界上消失', 'high'],
  ['没有活下去的理由', 'medium'],
  ['有时候会想不开', 'medium'],
  ["What's the point of living", 'medium'],
  ['I want to sleep forever and never wake up', 'high'],
  ['I have pills saved up', 'high'],
  ['nobody would miss me', 'medium'],
  ["I don't want to be here anymore", 'high'],
  ['我有轻生的念头', 'high'],
  ...[...RISK_ACTS, ...RISK_ACTS_2].map((t): [string, 'high'] => [t, 'high']),
  ...[...RISK_PASSIVE, ...RISK_PASSIVE_2].map((t): [string, 'medium'] => [t, 'medium']),
];

/** Hyperbole and look-alikes that must stay silent. */
export const HYPERBOLE: string[] = [
  '累死了', '笑死我了', '饿死了', '热死了', '困死了', '烦死了', '气死我了', '吓死我了', '尴尬死了',
  '无聊死了', '紧张死了', '我要被ddl累死了', '笑不活了哈哈哈', '想死你们了！', '冻死了快开暖气',
  '跳楼价甩卖二手书', '手机又死机了', '这题难死了', '今天晒死了', '社死现场', '这次考试要了我的命',
  'this exam is killing me', "I'm dying to see the new movie", "I'm dead 😂", 'kill the lights please',
  'this bug is killing me', 'my feet are killing me', 'that joke killed me 💀', 'I could kill for a burger',
  'I almost died laughing', 'I want to die of embarrassment lol', 'this cake is to die for',
  'my phone is dead', 'the deadline is tomorrow', 'I cut myself shaving', 'kill two birds with one stone',
  "I'm so done with this homework", 'we killed it at the concert', '蚌埠住了', '破防了', '芭比Q了',
  '笑到去世', '我死了😂', '困得要死', 'Suicide Squad is a great movie', '自杀小队好看吗', "I'm dying of boredom",
  "I'd rather die than eat that", 'killer workout today', '饿得要命', '心累', "I'm so hungry I could die",
  'so sleepy I could literally die', ...HYPERBOLE_2,
];

/*
 * Concerns other than the sender's own crisis (issue 14), written for this purpose: new phrasings,
 * not taken from the training data or the benchmark sets. concern.test.ts and nlu.test.ts read them;
 * the held-out set of bench/concern-holdout.yaml is kept apart and never tunes the lexicon.
 */

/** A worry about someone else's crisis: intent `crisis`, concern `other`, `crisis: 'none'` for the sender. */
export const OTHER: string[] = [
  '我室友说她想去死',
  '我舍友昨晚发消息说她想结束这一切，电话也不接',
  '隔壁宿舍有人说要从天台跳下去',
  '我男朋友一直念叨活着没意义，还把东西都送人了',
  '同学告诉我他已经攒了好多安眠药',
  '我妹妹在学校被欺负，她说不想活下去了',
  '我闺蜜手腕上全是伤，她说自己一直在割腕',
  '有个学弟在群里说今晚要烧炭，怎么办啊',
  '班上一个女生写了遗书，放在桌上',
  '我担心室友会想不开，她最近总说撑不下去了',
  '她说活着没有任何意义，我不知道怎么劝',
  '我哥们儿说想一了百了，我现在很慌',
  '舍友说他不想醒来了',
  '我朋友说，不想活了',
  'my roommate told me she has been cutting herself',
  'my best friend keeps saying she wants to end her life',
  'a guy on my floor said he is going to jump off the library roof tonight',
  "I think my sister is suicidal, she gave away all her stuff",
  "my classmate posted that he wants to die and now he won't answer his phone",
  'someone in my dorm said they took a whole bottle of pills',
  'my girlfriend says everyone would be better off without her',
  "I'm scared, my roommate said she doesn't want to live anymore",
  "my friend texted me: 'I want to kill myself'",
  'he keeps telling me there is no point in living',
  '我室友said she wants to die，我该怎么办',
  '我朋友一直说life is not worth living',
  'my roommate 说她不想活了',
  '同学在ins上发了suicide note，我好害怕',
  ...OTHER_MORE, ...OTHER_2,
];

/** Danger to people (a weapon, violence, a threat, a fire): intent `crisis`, concern `danger`, never a repair. */
export const DANGER: string[] = [
  '走廊里有人拿着刀',
  '他说要杀了我们宿舍的人',
  '楼下有两个人在打架，其中一个拿着砍刀',
  '食堂门口有人持刀伤人',
  '我室友喝醉了拿着菜刀在宿舍里乱挥',
  '有个陌生男的一直跟踪我回宿舍',
  '前男友威胁我说要弄死我',
  '三号楼着火了，好多烟',
  '有人在操场上打人，快来人',
  '楼道里有一把匕首，不知道谁放的',
  '他扬言要报复所有人',
  '我被室友打了，脸都肿了',
  '男朋友家暴我',
  'someone is fighting with a knife outside building 3',
  'a knife in a corridor',
  'there is a guy with a gun near the east gate',
  'my roommate threatened to stab me',
  'two students are fighting in the hallway and one of them is bleeding',
  'someone is following me home every night',
  'the kitchen on the 5th floor is on fire',
  'a man is waving a machete outside the library',
  'I found a gun in the stairwell',
  'he said he will kill everyone in the lab',
  'my boyfriend hits me when he gets angry',
  '宿舍楼下有人holding a knife',
  '有人threatened to kill 我们班的人',
  'there is a fight outside 7号楼',
  ...DANGER_MORE, ...DANGER_2,
];

/** The sender's wellbeing: concern `wellbeing`; in private intent `support.anonymous`, never a repair. */
export const WELLBEING: string[] = [
  '我最近压力很大，睡不着',
  '挂科了好难受',
  '和男朋友分手了',
  '期末考砸了，心情特别低落',
  '来学校两个月了还是很想家',
  '每天晚上都失眠，白天上课没精神',
  '感觉自己在宿舍被孤立了',
  '最近焦虑得吃不下饭',
  '考研压力山大，喘不过气',
  '我奶奶上周去世了，一直缓不过来',
  '觉得自己一无是处，什么都做不好',
  '失恋了，每天都想哭',
  '一个朋友都没有，好孤单',
  '我快崩溃了，论文改了八遍',
  '高数又挂了，怎么办',
  '心里好堵，不知道跟谁说',
  'I feel so lonely here',
  "I've been so stressed I can't sleep",
  'I failed my midterm and I feel terrible',
  'my girlfriend broke up with me last night',
  "I'm really homesick, I miss my family",
  'I keep having panic attacks before class',
  'feeling really down since I moved here',
  "I don't have any friends on campus",
  'my dog died and I cannot stop thinking about it',
  "I'm so overwhelmed with everything this semester",
  'I have insomnia and it is getting worse',
  '最近好stressed，整晚睡不着',
  '我又fail了一门exam，好难过',
  '分手了 feeling so empty',
  'homesick到想哭',
  ...WELLBEING_MORE, ...WELLBEING_2,
];

/** Crisis words that are not the sender's crisis: denied ones are wellbeing, a story is nothing. */
export const NOT_SELF: [string, 'wellbeing' | undefined][] = [
  ["I'm not suicidal, just tired", 'wellbeing'],
  ['我不会自杀的，就是最近太累了', 'wellbeing'],
  ['我从来没想过自杀，只是压力大', 'wellbeing'],
  ['I would never hurt myself, I just feel stuck', 'wellbeing'],
  ["I'm not going to kill myself, don't worry", 'wellbeing'],
  ['我不是想死，就是太累了', 'wellbeing'],
  ['电影里的人说他不想活了', undefined],
  ['小说的主角最后跳楼了，写得好压抑', undefined],
  ['the main character in that movie wants to kill himself', undefined],
  ['I watched a documentary about suicide prevention', undefined],
  ['那首歌的歌词说活着没意思', undefined],
  ['游戏里有人拿刀砍我', undefined],
];

/** Booking the counselling service: `booking.create` with service `counseling`. */
export const COUNSELLING_BOOKING: string[] = [
  '我想预约心理咨询',
  '想约一次心理咨询，下周二下午可以吗',
  '怎么预约心理中心的老师',
  '帮我约个心理咨询师',
  '预约一下心理辅导，周四上午',
  '我想挂个心理咨询的号',
  "I'd like to book a counselling session",
  'can I make an appointment with a counselor next week',
  'book me a therapy session on Monday',
  'I want to schedule a session at the counseling center',
  '帮我book一个counseling',
  '想预约counselor，明天下午',
];

/** Plain words about the sender's own data, and look-alikes that are not. */
export const PRIVACY: [string, 'forget' | 'export' | undefined][] = [
  ['请删除我的所有数据', 'forget'], ['删掉我的信息', 'forget'], ['把我的资料都删了吧', 'forget'], ['注销我的账号', 'forget'],
  ['我不想让你们再保存我的信息', 'forget'], ['忘掉我吧', 'forget'], ['清除我的个人信息', 'forget'],
  ['delete my data', 'forget'], ['please delete my data', 'forget'], ['forget me', 'forget'], ['erase all my personal information', 'forget'],
  ['remove my account please', 'forget'], ['wipe everything you have about me', 'forget'], ['I want my data deleted... delete my data', 'forget'],
  ['我想看看你们存了我什么', 'export'], ['你们收集了我哪些信息', 'export'], ['导出我的数据', 'export'], ['把我的个人资料发给我看看', 'export'],
  ['what data do you have about me', 'export'], ['what do you know about me', 'export'], ['send me a copy of my data', 'export'],
  ['can I download my personal data', 'export'], ['我想要my data的副本', 'export'],
  ['删除我的预约', undefined], ['delete my booking', undefined], ['取消我的心理咨询预约', undefined], ['不要删除我的数据', undefined],
  ["don't forget me", undefined], ['我的信息填错了', undefined], ['帮我查一下我的工单', undefined], ['forget my password', undefined],
];

/** Chit-chat that asks for nothing: `none` in the contract, answered as small talk, never a menu or a concern. */
export const CHITCHAT: [string, 'hyperbole' | 'laughter' | 'noise'][] = [
  ['累死了', 'hyperbole'], ['饿死了', 'hyperbole'], ['笑死我了', 'hyperbole'], ['热死了', 'hyperbole'], ['this exam is killing me', 'hyperbole'],
  ['I could kill for a coffee', 'hyperbole'], ['困死了啊啊', 'hyperbole'], ['无聊死了', 'hyperbole'], ['my legs are killing me', 'hyperbole'],
  ['<b>x</b>', 'noise'], ['😂😂😂', 'noise'], ['🙃', 'noise'], ['asdfghjkl', 'noise'], ['jjjjjjjj', 'noise'], ['？？？', 'noise'], ['......', 'noise'],
  ['<i></i>', 'noise'], ['sdkjfhsdkf', 'noise'], ['哈哈哈哈哈', 'laughter'], ['hahaha', 'laughter'], ['lol', 'laughter'], ['233333', 'laughter'],
];

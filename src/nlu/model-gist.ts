/**
 * Whether a message the classifier alone reads as a crisis says anything a crisis is made of:
 * harm, death, a wish to be gone, a farewell, a plan or a means, a place to fall from, a weapon,
 * violence, fire or someone in trouble (decide.ts). Short everyday words ("走廊灯一直闪", "整层楼都
 * 这样", "算了", "有人在踢球") share a few character n-grams with crisis lines and can reach 0.9 in
 * the classifier without being one. Broad on purpose: it only lets the classifier decide.
 * Safety equipment and drills ("急救箱在哪", "where's the fire extinguisher") are no such word.
 */
import { enForm, zhForm } from './crisis.js';

const ZH_GIST = new RegExp([
  '死', '自己', '自杀', '自残', '割', '划', '伤', '血', '疼', '痛', '药', '炭', '绳', '刀', '枪', '棍', '跳(?!闸|舞|绳|远|高|蚤)', '口子', '楼层', '保险', '就我一个', '正好', '烧', '都放在', '桥', '河', '湖', '海', '江',
  '楼顶', '顶楼', '天台', '阳台', '栏杆', '窗', '活(?!动)', '命', '醒', '睡过去', '消失', '离开', '走了', '就走', '安心走', '再见', '告别', '永别',
  '遗书', '后事', '信', '交代', '留给', '牵挂', '留恋', '不在', '世界', '解脱', '结束', '了断', '一了百了', '坚持不', '撑不', '受不了', '熬',
  '累了', '放弃', '绝望', '没意思', '没意义', '希望', '盼头', '无所谓', '浪费', '多余', '负担', '累赘', '对不起', '最后', '失败', '成功',
  '准备', '计划', '决定', '认真', '决心', '用不上', '不需要', '不会再', '以后', '回来', '永远', '马路', '车', '撞', '打(?:我|她|他|人|架)', '殴', '揍',
  '拳', '踢(?!球|足球|毽)', '汽油', '火', '烟', '炸', '爆', '泄漏', '泄露', '陌生', '闯', '跟踪', '尾随', '威胁', '推', '救命', '尖叫', '哭',
  '落水', '安眠', '吞', '一整', '全部吃', '吃了(?:一|好|很|全)', '上吊', '吊', '皮带', '煤气', '高处', '走投无路', '出路', '没用', '废物', '恨自己', '看不到', '黑暗', '麻木', '崩溃', '够了', '受够', '没有我', '再也', '最后一次', '今晚', '今天晚上', '晚安', '永别', '来世', '下辈子', '天堂', '解决', '一个人去', '远方', '喊', '叫声', '吵架', '冲突', '醉', '疯', '失控', '挥', '砸', '砖', '石头', '玻璃', '倒在', '晕', '昏', '不动了', '抽搐', '呼吸', '窒息', '救护车', '120', '110', '报警', '急救', '杀', '害', '水里', '困', '咳', '抢', '强迫', '摸', '吓', '怕', '银行卡', '密码', '钱都还', '删光', '退群', '谢谢大家', '抽屉', '联系不上', '躲',
].join('|'), 'u');
const EN_GIST = new RegExp(`\\b(?:${[
  'die', 'do it', 'myself', 'off (?:myself|me)', 'not being here', 'heart', 'take care of', 'dying', 'dead', 'death', 'kill\\w*', 'suicid\\w*', 'end (?:it|this|things|everything)', 'ending', 'alive', 'live', 'lives', 'living', 'life',
  'pills?', 'overdos\\w*', 'bleed\\w*', 'blood\\w*', 'cut\\w*', 'wrists?', 'arms?', 'burn\\w*', 'bridge', 'river', 'lake', 'sea', 'roof\\w*', 'railing',
  'ledge', 'overpass', 'jump\\w*', 'window', 'high enough', 'goodbye', 'bye', 'farewell', 'note', 'letters?', 'last', 'never', 'forever', 'anymore',
  'sorry', 'tired', 'done', 'plan\\w*', 'ready', 'tonight', 'attempt\\w*', 'exist\\w*', 'disappear\\w*', 'gone', 'hurt\\w*', 'pain\\w*', 'woke', 'wake',
  'hit', 'coming back', 'moment', 'perfect time', 'passwords?', 'bank', 'owed', 'debts?', 'giving (?:her|his|their|my) (?:things|stuff)', 'away',
  'knife', 'knives', 'gun\\w*', 'shoot\\w*', 'fire', 'smoke', 'gas\\w*', 'bat', 'chas\\w*', 'kick\\w*', 'punch\\w*', 'beat\\w*', 'fight\\w*',
  'attack\\w*', 'threat\\w*', 'stalk\\w*', 'push\\w*', 'drown\\w*', 'trapped', 'spill\\w*', 'stranger', 'police', 'scream\\w*', 'help me', 'bomb\\w*',
  'speeding', 'medicine', 'cabinet', 'swallow\\w*', 'took (?:all|every\\w*|a (?:whole|bunch|lot))', 'bottle', 'rope', 'belt', 'hang\\w*', 'noose', 'no way out', 'trapped', 'worthless', 'useless', 'hate myself', 'burden', 'empty', 'numb', 'dark\\w*', 'can\'t (?:do|take|go)', 'enough', 'finished', 'over', 'without me', 'won\'t be', 'leav\\w*', 'go away', 'far away', 'sleep', 'again', 'one more', 'blood\\w*', 'injur\\w*', 'unconscious', 'passed out', 'faint\\w*', 'seizure', 'breath\\w*', 'collaps\\w*', 'chok\\w*', 'glass', 'brick', 'rock', 'yell\\w*', 'weapon\\w*', 'ambulance', '911', 'emergency', 'hospital', 'dangerous', 'violent', 'hit (?:me|her|him)', 'knocked', 'crash\\w*', 'drunk', 'scared', 'afraid', 'hiding', 'locked', 'missing', 'miss (?:her|him|me)', 'nobody', 'no one', 'pointless',
].join('|')})\\b`, 'u');
/** Safety equipment, drills and first aid: asked about every day, never a crisis word. */
const ZH_EQUIPMENT = /急救(?:箱|包|药箱|培训|课|知识)|灭火(?:器|毯)|消防(?:栓|通道|演习|演练|设施|器材|检查)|烟(?:雾)?(?:感|报警器|探测器)|火灾报警器|应急(?:灯|通道|出口)|防火门/gu;
const EN_EQUIPMENT = /\b(?:first aid (?:kit|box|training|course)|fire (?:extinguisher|alarm|drill|exit|door|blanket|hose)s?|smoke (?:detector|alarm)s?|emergency (?:exit|light)s?|aed)\b/gu;

/** True when `folded` text (normalize.ts) has a word a crisis could be made of (see the module comment). */
export function hasGist(folded: string): boolean {
  const zh = zhForm(folded).replace(ZH_EQUIPMENT, '|');
  const en = enForm(folded).replace(EN_EQUIPMENT, ' | ');
  return ZH_GIST.test(zh) || EN_GIST.test(en);
}

/**
 * The broken thing in a repair request: a bilingual gazetteer mapping what the student wrote
 * (空调, AC, air con...) to a canonical English id (`air_conditioner`).
 */
import { bestHit, entry, findHits, type Entry } from './gazetteer.js';

export const ITEM_IDS = [
  'air_conditioner', 'water_heater', 'faucet', 'door_lock', 'wifi', 'light', 'socket', 'toilet', 'drain',
  'window', 'bed', 'desk', 'chair', 'heating', 'washing_machine', 'water_dispenser', 'elevator', 'fan',
  'access_card', 'shower', 'door', 'projector', 'wardrobe', 'curtain', 'refrigerator', 'plumbing', 'power',
] as const;
export type ItemId = (typeof ITEM_IDS)[number];

const ENTRIES: readonly Entry<ItemId>[] = [
  entry('air_conditioner', '空调|空調|冷气|冷氣|\\ba/?c\\b|\\bair ?con(?:ditioner|ditioning)?s?\\b|\\baircon\\b'),
  entry('water_heater', '热水器|熱水器|\\bwater ?heaters?\\b|\\bboilers?\\b'),
  entry('water_heater', '热水|熱水|\\bhot water\\b', 1),
  entry('faucet', '水龙头|水龍頭|龙头|\\bfaucets?\\b|\\btaps?\\b'),
  entry('door_lock', '门锁|門鎖|锁芯|鎖芯|\\bdoor ?locks?\\b|\\blocks?\\b(?! (?:screen|in))|\\block(?:ed)? out\\b'),
  entry('door_lock', '锁|鎖|钥匙|鑰匙|\\bkeys?\\b(?! card)', 1),
  entry('wifi', 'wi-?fi|路由器|路由|校园网|校園網|网络|網絡|网口|網口|网线|網線|宽带|寬帶|\\brouters?\\b|\\binternet\\b|\\bethernet\\b|\\bnetwork\\b'),
  entry('wifi', '断网|斷網|没网|沒網|网速|網速|连不上网|上不了网', 1),
  entry('light', '灯管|燈管|灯泡|燈泡|台灯|檯燈|吸顶灯|路灯|楼道灯|灯|燈|\\blight ?bulbs?\\b|\\bbulbs?\\b|\\blights?\\b|\\blamps?\\b'),
  entry('socket', '插座|插孔|插头|插頭|\\bsockets?\\b|\\boutlets?\\b|\\bplugs?\\b'),
  entry('toilet', '马桶|馬桶|坐便|蹲坑|\\btoilets?\\b'),
  entry('toilet', '厕所|廁所|卫生间|衛生間', 1),
  entry('drain', '下水道|地漏|洗手池|洗手盆|水池|水槽|\\bdrains?\\b|\\bsinks?\\b'),
  entry('drain', '堵了|堵住|堵塞|\\bclog(?:ged|s)?\\b|\\bblocked\\b', 1),
  entry('window', '窗户|窗戶|窗子|纱窗|紗窗|玻璃|\\bwindows?\\b'),
  entry('bed', '(?<!起)床(?!单|單|上用品)|床板|上铺|下铺|护栏|\\bbeds?\\b|\\bbunk\\b|\\bbed ?frame\\b'),
  entry('desk', '桌子|书桌|書桌|桌|抽屉|抽屜|\\bdesks?\\b|\\btables?\\b|\\bdrawers?\\b'),
  entry('chair', '椅子|椅|凳子|\\b(?:desk |office )?chairs?\\b|\\bstools?\\b'),
  entry('heating', '暖气|暖氣|暖气片|供暖|\\bheating\\b|\\bradiators?\\b|\\bheaters?\\b'),
  entry('washing_machine', '洗衣机|洗衣機|\\bwashing ?machines?\\b|\\bwashers?\\b|\\blaundry machines?\\b'),
  entry('water_dispenser', '饮水机|飲水機|直饮水|开水器|開水器|\\bwater dispensers?\\b|\\bwater fountains?\\b'),
  entry('elevator', '电梯|電梯|\\belevators?\\b|\\blifts?\\b'),
  entry('fan', '风扇|風扇|电扇|電扇|排气扇|排氣扇|换气扇|\\b(?:ceiling |exhaust )?fans?\\b'),
  entry('access_card', '门禁|門禁|门卡|門卡|刷卡|\\baccess cards?\\b|\\bkey ?cards?\\b|\\bid card\\b'),
  entry('shower', '淋浴|花洒|花灑|喷头|噴頭|\\bshowers?(?: ?head)?\\b'),
  entry('door', '门把手|門把手|(?<![部专專热熱门門])门(?![口卫衛诊診票禁卡锁鎖])|\\bdoors?\\b(?! ?lock)', 1.5),
  entry('projector', '投影仪|投影儀|投影|\\bprojectors?\\b'),
  entry('wardrobe', '衣柜|衣櫃|柜子|櫃子|柜门|\\bwardrobes?\\b|\\bclosets?\\b|\\bcabinets?\\b'),
  entry('curtain', '窗帘|窗簾|\\bcurtains?(?: rail| rod)?\\b'),
  entry('refrigerator', '冰箱|\\bfridges?\\b|\\brefrigerators?\\b'),
  entry('plumbing', '水管|管子|爆管|\\bpipes?\\b'),
  entry('plumbing', '漏水|渗水|滲水|\\bleak(?:s|ing)?\\b', 1),
  entry('power', '断电|斷電|停电|停電|跳闸|跳閘|没电|沒電|\\bno power\\b|\\bpower (?:cut|outage)\\b', 1),
];

export interface ItemMatch {
  id: ItemId;
  /** The words the student used, as written (NFKC-folded). */
  words: string;
}

/** The broken item in `text`: specific nouns beat symptoms; ties go to the first mention. */
export function extractItem(text: string): ItemMatch | undefined {
  const hit = bestHit(findHits(text, ENTRIES));
  return hit && { id: hit.value, words: hit.words };
}

/**
 * A small traditional → simplified character map for the words students use with this bot
 * (報修, 預約, 諮詢, 門鎖, 不想活…). The training data is simplified Chinese; folding common
 * traditional characters lets Hong Kong, Macau and Taiwan students be understood too.
 * Not a full converter: characters outside this map pass through unchanged.
 */
const PAIRS =
  '報报預预約约諮咨詢询課课門门鎖锁壞坏熱热燈灯電电腦脑網网絡络樓楼號号層层東东區区飯饭廳厅館馆書书圖图體体場场' +
  '機机開开關关後后還还這这個个們们來来時时間间點点鐘钟週周禮礼幫帮請请謝谢問问題题學学習习導导師师輔辅職职業业' +
  '規规劃划簡简歷历寫写練练試试績绩選选舉举發发參参講讲會会聽听說说話话聯联線线數数據据資资訊讯風风調调氣气龍龙' +
  '頭头廁厕衛卫馬马飲饮戶户簾帘櫃柜鑰钥進进單单態态務务質质環环設设備备條条長长難难過过對对錯错實实驗验專专級级' +
  '團团隊队員员經经濟济樣样麼么沒没無无為为與与從从裡里裏里邊边讓让認认識识記记錄录應应該该當当總总結结殺杀傷伤' +
  '殘残藥药絕绝愛爱戀恋嗎吗啟启動动歡欢舊旧廢废費费貴贵錢钱買买賣卖辦办處处證证補补換换確确碼码訂订銷销準准議议' +
  '見见饋馈視视頻频獎奖貸贷轉转溫温濕湿燒烧腳脚壓压憂忧鬱郁慮虑緒绪談谈煩烦悶闷緊紧張张屬属於于變变斷断鬧闹響响' +
  '聲声醫医療疗園园廣广劇剧節节賽赛獲获組组織织義义願愿紙纸筆笔寬宽帶带牆墙棟栋餓饿睏困嚇吓罵骂兇凶髮发麵面臺台' +
  '颱台檯台衝冲醜丑撐撑嗚呜噴喷灑洒閘闸漲涨壺壶鍋锅燙烫廚厨餐餐剛刚鬆松搖摇晃晃壞坏糟糟麻麻煩烦謊谎騙骗霸霸淩凌' +
  '輕轻遺遗書书跳跳盡尽頂顶陽阳臺台橋桥邊边決决離离開开嗎吗滅灭亡亡屍尸憐怜歲岁';

const MAP = new Map<string, string>();
for (let i = 0; i + 1 < PAIRS.length; i += 2) {
  const from = PAIRS[i]!;
  const to = PAIRS[i + 1]!;
  if (from !== to) MAP.set(from, to);
}

const TRADITIONAL = new RegExp(`[${[...MAP.keys()].join('')}]`, 'gu');

/** Replaces the mapped traditional characters by their simplified forms; everything else stays. */
export function toSimplified(text: string): string {
  return text.replace(TRADITIONAL, (ch) => MAP.get(ch) ?? ch);
}

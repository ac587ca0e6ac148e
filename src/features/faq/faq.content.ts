/**
 * What a question is about, without how it is asked: the words left once the question's frame
 * (几点, 开门, 在哪, 怎么办, what time, open, where, how…) is taken out. "游泳馆几点开门" is about 游泳馆,
 * "what time does the library close" about the library. An entry that holds the frame but not
 * what the question is about ("图书馆几点开门" for a question about the pool) is not a sure answer
 * (faq.match.ts). Pure and small: it runs on every question.
 */

/** Chinese question frames, longest first so that 在哪里 goes before 在哪 and 哪里. */
const ZH_FRAME = [
  '什么时候', '啥时候', '几点钟', '多长时间', '可不可以', '能不能', '是不是', '有没有', '在哪里', '在哪儿', '怎么办', '怎么样', '营业时间', '开放时间',
  '周末', '周六', '周日', '星期天', '今天', '明天', '晚上', '早上', '中午', '现在', '几点', '何时', '多久', '时间', '开门', '关门', '开放', '关闭', '营业', '在哪', '哪里', '哪儿', '怎么', '如何', '可以', '请问', '一下', '我想', '我要', '需要',
  '我的', '吗', '呢', '吧', '啊', '了', '的', '我', '要',
];
const ZH = new RegExp(ZH_FRAME.join('|'), 'gu');
const EN = /\b(?:what|when|where|which|who|how|time|times|open|opens|opening|opened|close|closes|closing|closed|shut|hours?|until|today|tonight|tomorrow|now|weekends?|sundays?|saturdays?|mornings?|evenings?|because|please|need|want|know|tell|about|much|many|long|here|does|do|did|is|are|can|could|should|i|i'm|me|my|you|the|a|an|to|of|in|on|at|for|it|there|this|that|get|go|find)\b/giu;

/** The text without its question frame; empty when the question is only frame ("几点开门"). */
export function contentOf(text: string): string {
  return text.normalize('NFKC').replace(EN, ' ').replace(ZH, ' ').replace(/[\s?？!！,，.。、:：;；'"“”‘’()（）]+/gu, ' ').trim();
}

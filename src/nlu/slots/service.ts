/**
 * Which bookable service a booking is about (SPEC §8): counselling, tutoring, career mentoring,
 * study rooms or cleaning. Specific phrases outrank generic ones ("职业咨询" is career, a bare
 * "咨询" is counselling).
 */
import { bestHit, entry, findHits, type Entry } from './gazetteer.js';

export const SERVICES = ['counseling', 'tutoring', 'career', 'study_room', 'cleaning'] as const;
export type Service = (typeof SERVICES)[number];

const ENTRIES: readonly Entry<Service>[] = [
  entry('counseling', '心理咨询|心理諮詢|心理辅导|心理老师|心理中心|咨询师|諮詢師|心理|\\bcounsel+(?:ing|ling|or|ors|lor|lors)?\\b|\\btherap(?:y|ist)\\b|\\bpsycholog\\w*|\\bmental health\\b', 3),
  entry('career', '职业规划|職業規劃|职业咨询|职业生涯|职业测评|就业指导|就業指導|就业咨询|简历|簡歷|模拟面试|面试|面谈|职业|實習|实习|找工作|\\bcareers?\\b|\\bresumes?\\b|\\bcv\\b|\\b(?:mock )?interviews?\\b|\\bjob\\b', 3),
  entry('study_room', '自习室|自習室|研讨室|研討室|讨论室|討論室|学习室|學習室|小组学习室|\\bstudy (?:room|space)s?\\b|\\bseminar rooms?\\b|\\bdiscussion rooms?\\b|\\bgroup (?:study )?rooms?\\b|\\bquiet rooms?\\b|\\bmeeting rooms?\\b', 3),
  entry('cleaning', '保洁|保潔|打扫|打掃|清洁|清潔|大扫除|擦窗|\\bclean(?:ing|er|ers)?\\b|\\bdeep clean\\b|\\bhousekeeping\\b', 3),
  entry('tutoring', '辅导|輔導|答疑|补习|補習|家教|写作中心|学业导师|朋辈|\\btutor(?:ing|s)?\\b|\\boffice hours\\b|\\bTA\\b|\\bwriting center\\b|\\bpeer tutoring\\b', 2),
  entry('career', '导师|\\bmentor(?:s|ing)?\\b|\\badvisor\\b', 2),
  entry('study_room', '\\broom to study\\b|\\bstudy\\b', 1),
  entry('tutoring', '论文|論文|补课|\\bhomework help\\b', 1),
  entry('counseling', '咨询|諮詢|聊聊', 1),
];

/** The booked service, or undefined when the text names none. */
export function extractService(text: string): Service | undefined {
  return bestHit(findHits(text, ENTRIES))?.value;
}

/**
 * Ticket category for feedback and complaints (SPEC §3), from keywords in both languages.
 * Strong words (态度, 陌生人, 心理) outweigh place words (食堂), so "食堂阿姨态度差" is about
 * service quality while "食堂饭菜难吃" is about life services.
 */
import { entry, findHits, topScoring, type Entry } from './gazetteer.js';

export const CATEGORIES = [
  'safety', 'mental_health', 'service_quality', 'academic', 'career', 'facilities', 'life_services',
  'culture_environment', 'other',
] as const;
export type Category = (typeof CATEGORIES)[number];

const ENTRIES: readonly Entry<Category>[] = [
  entry('safety', '消防|安全|陌生人|外人|小偷|被偷|偷了|盗|危险|危險|火灾|着火|起火|骚扰|騷擾|监控|監控|跟踪|打架|违章电器|\\bsafety\\b|\\bunsafe\\b|\\bstrangers?\\b|\\bfire\\b|\\bthe(?:ft|ives?)\\b|\\bstolen\\b|\\bharass\\w*|\\bdangerous\\b|\\bsecurity camera', 3),
  entry('mental_health', '心理|压力|壓力|焦虑|焦慮|抑郁|抑鬱|情绪|情緒|咨询师|\\bmental\\b|\\bcounsel\\w*|\\bstress\\w*|\\banxi\\w*|\\bdepress\\w*|\\btherap\\w*', 3),
  entry('service_quality', '态度|態度|服务(?!器)|服務(?!器)|敷衍|效率|不理|骂|罵|脏话|不尊重|吼|凶|推来推去|办事|客服|\\brude\\w*|\\battitude\\b|\\bservice\\b|\\bunhelpful\\b|\\bdismissive\\b|\\bdisrespect\\w*|\\byell\\w*|\\bignor\\w*', 2),
  entry('service_quality', '宿管|保安|门卫|工作人员|管理员|阿姨|师傅|辅导员|\\bstaff\\b|\\bguards?\\b|\\bmanager\\b|\\bRA\\b|\\bofficers?\\b', 1),
  entry('academic', '选课|成绩|老师上课|上课|课程|课表|考试|教务|学分|作业|教授|助教|绩点|挂科|补考|奖学金|论文|监考|\\bcourses?\\b|\\bgrades?\\b|\\bexams?\\b|\\bprofessors?\\b|\\blectur\\w*|\\bclass(?:es)?\\b|\\bregistrar\\b|\\bTA\\b|\\bprofs?\\b|\\bscholarship\\b|\\bacademic\\b|\\bhomework\\b|\\bgpa\\b', 2),
  entry('academic', '老师|\\bteachers?\\b', 1),
  entry('career', '实习|實習|招聘|就业|就業|求职|简历|簡歷|宣讲|工作机会|职业|職業|双选会|\\binternships?\\b|(?<!great |good |nice |well done,? )\\bjobs?\\b|\\bcareers?\\b|\\brecruit\\w*|\\bresumes?\\b|\\bemploy\\w*|\\bnetworking\\b', 3),
  entry('facilities', '设施|設施|设备|設備|座位|自习室|教室|操场|路灯|体育馆|电梯|空调|插座|饮水机|网速|校园网|wifi|实验室|场地|长椅|饮水|厕所|洗手间|\\bfacilit\\w*|\\bequipment\\b|\\bseats?\\b|\\bstudy rooms?\\b|\\bgym\\b|\\boutlets?\\b|\\bchairs?\\b|\\bbenches\\b|\\bwater fountains?\\b|\\bbathrooms?\\b|\\bbike racks?\\b|\\blab\\b|\\bpool\\b', 2),
  entry('facilities', '图书馆|圖書館|宿舍|楼|\\blibrary\\b|\\bdorms?\\b|\\bbuilding\\b', 1),
  entry('life_services', '食堂|饭菜|饭|菜|外卖|快递|超市|洗衣|澡堂|热水|水电费|电费|校园卡|饭卡|打印|校车|奶茶|餐|吃|\\bcanteen\\b|\\bcafeteria\\b|\\bdining\\b|\\bfood\\b|\\bmeals?\\b|\\bmenu\\b|\\bpackages?\\b|\\bdelivery\\b|\\blaundry\\b|\\bshuttle\\b|\\bstore\\b|\\bprint\\w*|\\bvending\\b|\\bhot water\\b|\\bcoffee\\b|\\bmicrowave\\b', 2),
  entry('facilities', '报修|報修|维修|維修|\\brepairs?\\b|\\bbroken\\b|\\bmaintenance\\b', 1),
  entry('life_services', '校医院|医院|医生|卫生|垃圾|\\bclinic\\b|\\bmedicine\\b|\\btrash\\b', 2),
  entry('culture_environment', '噪音|吵|施工|\\bnoise\\b|\\bloud\\b', 1),
  entry('culture_environment', '社团|社團|活动|活動|氛围|氛圍|文化|学生会|學生會|风气|歧视|歧視|迎新|晚会|交流|\\bclubs?\\b|\\bevents?\\b|\\batmosphere\\b|\\bculture\\b|\\bcommunity\\b|\\bstudent union\\b|\\bdiscriminat\\w*|\\borientation\\b|\\bparty\\b|\\bsignage\\b', 2),
];

/** The best-supported category, or undefined when no keyword is present (never guesses `other`). */
export function extractCategory(text: string): Category | undefined {
  return topScoring(findHits(text, ENTRIES), CATEGORIES);
}

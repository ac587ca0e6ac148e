/**
 * Requests about one's own data said in plainer words than privacy.ts's set phrases: a verb to
 * erase or to see anywhere in the message, with the sender's stored things as its object ("把我的
 * 记录都删了", "我的数据你们存了哪些", "remove me from your system", "can I get a copy of what
 * you store about me"), the laws' names for them (个人信息保护法, GDPR, right to erasure, subject
 * access request) and mixed text ("帮我delete我的data"). A message about a message, a photo, a
 * ticket, a booking or a sign-up is about that thing, not the sender's data.
 */

/** The sender's stored things, in the zh form (no spaces or punctuation, lower case). */
const ZH_NOUN = '(?:数据|信息|资料|记录|账号|帐号|账户|隐私|痕迹|档案|东西|一切|data|info|information|account|records|details|messages|chathistory|history)';
const ZH_MINE = [
  `(?:我|本人)(?:的|这个|在(?:你们)?(?:这里|这边|这儿|系统里?)?(?:留下|存)?的)?(?:所有|全部|一切|个人|聊天)?的?(?:my)?(?:personal)?${ZH_NOUN}`,
  `(?:关于|有关)(?:我|本人)的?(?:所有|全部)?${ZH_NOUN}?`, `(?:与|和|跟)(?:我|本人)有关的`, 'my(?:personal)?(?:data|info|information|account|records|details)',
].join('|');
const ZH_STORED = '(?:你们|系统|机器人|这里|这边|你)[^我]{0,6}?(?:存|保存|记|收集|留|有|掌握|store|stored|saved|kept|collect|collected|keep)(?:了|着|下)?(?:些)?(?:我|关于我)';
const ZH_ERASE = '(?:删|清除|清空|清掉|抹掉|抹去|销毁|注销|去掉|delete|erase|remove|wipe|purge)';
const ZH_SEE = '(?:看|查|查阅|导出|下载|副本|拷贝|备份|一份|发(?:一份)?给?我|给我|知道|export|download|copy)';
const ZH_WHAT = '(?:哪些|什么|啥|多少|info|data)';

const ZH_FORGET = new RegExp([
  `(?:${ZH_MINE}|${ZH_STORED}).*${ZH_ERASE}`, `${ZH_ERASE}.*(?:${ZH_MINE})`,
  '删号', '(?:账号|帐号|账户|account).*注销', '注销(?:一下)?(?:这个|我的)?(?:账号|帐号|账户)', '把我从(?:你们的?)?(?:系统|数据库|名单|database)', '删除权', '被遗忘权',
  `个人信息保护法.*${ZH_ERASE}`, 'gdpr.*(?:delete|erase|删)',
].join('|'), 'u');
const ZH_EXPORT = new RegExp([
  `${ZH_STORED}的?${ZH_WHAT}`, `(?:${ZH_MINE}).*(?:你们|系统|机器人|这里)[^我]{0,4}?(?:存|保存|记|收集|留|有)(?:了|着)?(?:些)?${ZH_WHAT}`,
  `${ZH_SEE}.*(?:${ZH_MINE})`, `(?:${ZH_MINE}).*(?:${ZH_SEE}|能导出|可以导出)`, `对我(?:了解|知道)(?:多少|什么|哪些)`,
  `我在(?:你们)?(?:这里|这边|系统里?)(?:有|留了|存了)${ZH_WHAT}`, '查阅权',
].join('|'), 'u');

const EN_THING = '(?:everything|every trace|all|anything|what|the data|data|info|information|stuff|details|records)';
const EN_FORGET = new RegExp([
  `\\b(?:delete|erase|remove|wipe|purge|get rid of|clear)\\b.{0,30}\\b${EN_THING}\\b.{0,30}\\b(?:about|on|of) me\\b`,
  '\\bmy (?:personal )?(?:data|information|info|details|records|account|history|profile|messages)\\b.{0,20}\\b(?:deleted|erased|removed|wiped|purged|gone)\\b',
  '\\b(?:remove|erase|delete|wipe|take) me (?:off|from|out of) (?:your|the) (?:system|database|records|bot|list|servers?)\\b',
  "\\b(?:no longer|don't|do not|stop)\\b.{0,20}\\b(?:hold|holding|keep|keeping|store|storing|save|saving)\\b.{0,20}\\bmy (?:personal )?(?:data|info|information|details)\\b",
  '\\b(?:delete|close|remove|erase) (?:my|this) account\\b', '\\bright to (?:erasure|be forgotten|deletion)\\b', '\\bforget (?:about )?me\\b(?! not)',
].join('|'), 'u');
const EN_EXPORT = new RegExp([
  "\\b(?:what|which|how much)\\b.{0,40}\\b(?:you|you've|u|this bot|the bot|it)\\b.{0,20}\\b(?:store|stored|storing|keep|kept|hold|held|have|save|saved|collect|collected|know|got)\\b.{0,30}\\b(?:about|on|of|for) me\\b",
  `\\b(?:copy|export|download|see|show|view|access|send|give|get)\\b.{0,40}\\b${EN_THING}\\b.{0,30}\\b(?:about|on) me\\b`,
  '\\b(?:gdpr|data|subject) access request\\b', '\\bright of access\\b', '\\b(?:export|download) my\\b',
].join('|'), 'u');

/** Things a message may ask to delete or see that are not the sender's data. */
const ZH_OBJECT = /消息|这条|那条|上一条|照片|图片|预约|报名|报修|工单|投诉|单子|购物车|文件|作业|订单|评论|帖子|成绩|密码|快递/u;
const EN_OBJECT = /\b(?:message|photo|picture|ticket|booking|sign-?up|(?:a|the|this|that) file|cart|order|comment|post|grades?|password|parcel)\b/u;

/** What a plainly worded request asks, if anything (`zh` without spaces or punctuation, `en` folded). */
export function plainPrivacy(zh: string, en: string): 'forget' | 'export' | undefined {
  const zhOk = !ZH_OBJECT.test(zh);
  const enOk = !EN_OBJECT.test(en);
  if ((zhOk && ZH_FORGET.test(zh)) || (enOk && EN_FORGET.test(en))) return 'forget';
  if ((zhOk && ZH_EXPORT.test(zh)) || (enOk && EN_EXPORT.test(en))) return 'export';
  return undefined;
}

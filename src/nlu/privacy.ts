/**
 * Whether a student asks, in plain words, about the data the bot keeps on them: to erase it
 * ("请删除我的所有数据", "forget me") or to see it ("我想看看你们存了我什么", "what data do you have
 * about me"), so a feature can offer /forgetme or /mydata. Deleting a booking, a ticket or a message
 * is not this; a negated request ("不要删除我的数据", "don't delete my data") is nothing. Not an
 * intent (SPEC §4 fixes the intent list) and not a slot. Pure and total.
 */
import { foldText } from './normalize.js';
import { plainPrivacy } from './privacy-plain.js';

export type PrivacyRequest = 'forget' | 'export';

const ZH_DATA = '(?:所有|全部|一切|个人|全部的|所有的)?的?(?:个人)?(?:数据|信息|资料|记录|账号|帐号|账户|隐私|聊天记录|痕迹|档案)';
const ZH_ERASE = '(?:删除|删掉|删了|删|清除|清空|清掉|抹掉|抹去|销毁|注销|去掉)';
const ZH_FORGET = new RegExp(
  [
    `${ZH_ERASE}(?:掉)?(?:你们|系统)?(?:这里|这边)?(?:存的|保存的)?(?:关于)?(?:我|本人)(?:的)?${ZH_DATA}`,
    `把(?:我|本人)的?${ZH_DATA}(?:都|全|全部)?(?:给我)?${ZH_ERASE}`,
    `(?:我的?|本人的?)${ZH_DATA}(?:都|全|全部)?(?:请|帮我)?${ZH_ERASE}`,
    '忘(?:记|掉)我', '被遗忘权', `注销(?:我的)?(?:账号|帐号|账户)`,
    '(?:不想|不要|别)(?:让你们|你们)?(?:再)?(?:保存|保留|存|留着)(?:我的?|本人的?)(?:任何)?(?:数据|信息|资料|记录)',
  ].join('|'),
  'u',
);
const ZH_EXPORT = new RegExp(
  [
    '(?:看看|看一下|查看|查一下|查|看|导出|下载|给我|发我|发给我|告诉我|列出|调取)(?:一下)?(?:你们|系统|这里)?(?:都)?(?:存|保存|记录|收集|留|掌握)(?:了|着)?(?:我|关于我)的?(?:哪些|什么|多少)?',
    '(?:你们|系统|你|这里)(?:都)?(?:存|保存|记录|收集|留|掌握)(?:了|着)?(?:哪些|什么)?(?:我|关于我)的?(?:哪些|什么)',
    `(?:导出|下载|查看|看看|给我|发我|拿到)(?:一下)?(?:我|本人)的?${ZH_DATA}`,
    `(?:我|本人)的?${ZH_DATA}(?:的)?(?:导出|下载|副本|拷贝|备份)`, '(?:my|我的)(?:personal)?(?:data|数据|信息|资料)的?(?:副本|拷贝|备份)',
    `把(?:我|本人)的?${ZH_DATA}(?:都|全部)?(?:发|给|导出|拿)给?我`,
  ].join('|'),
  'u',
);
const ZH_NEGATED = /(?:不要|别|不用|不想|不必|无需|请勿|勿)(?:帮我)?(?:删|清|抹|注销|忘)/u;

const EN_DATA = '(?:all (?:of )?)?my (?:personal )?(?:data|information|info|details|records|account|history|profile|messages)';
const EN_FORGET = new RegExp(
  [
    `\\b(?:delete|erase|remove|wipe|purge|clear|destroy) (?:out )?${EN_DATA}\\b`,
    '\\b(?:delete|erase|remove|wipe|purge) (?:everything|all) (?:you (?:have|store|keep|know) )?(?:about|on|of) me\\b',
    '\\bforget me\\b(?! not)', '\\bforget (?:everything|all) about me\\b', '\\bright to be forgotten\\b',
    "\\b(?:don't|do not) (?:want you to )?(?:keep|store|save) (?:any (?:of )?)?my (?:data|information|info)\\b",
  ].join('|'),
  'u',
);
const EN_EXPORT = new RegExp(
  [
    '\\bwhat (?:data|information|info|personal data|details|records) (?:do you|have you|are you) (?:have|store|keep|know|hold|collect|collected|stored|saved|keeping|storing)\\b',
    '\\bwhat do you (?:have|store|keep|know|hold) (?:about|on) me\\b', '\\b(?:what|which) (?:data|information|info) (?:about|on|of) me\\b',
    '\\b(?:send|give|show|export|download|get|see|access|view) (?:me )?(?:a copy of )?(?:all )?(?:of )?my (?:personal )?(?:data|information|info|records)\\b',
    '\\bcopy of (?:all )?my (?:personal )?(?:data|information|info)\\b',
  ].join('|'),
  'u',
);
const EN_NEGATED = /\b(?:don't|do not|dont|never|no need to) (?:delete|erase|remove|wipe|forget)\b/u;

/** What the text asks about the sender's stored data, if anything; erasing wins over seeing. */
export function privacyRequest(text: string): PrivacyRequest | undefined {
  const folded = foldText(text).replace(/[’‘`´]/gu, "'");
  const zh = folded.replace(/[\s\p{P}\p{S}]/gu, '');
  const negated = ZH_NEGATED.test(zh) || EN_NEGATED.test(folded);
  if (!negated && (ZH_FORGET.test(zh) || EN_FORGET.test(folded))) return 'forget';
  if (ZH_EXPORT.test(zh) || EN_EXPORT.test(folded)) return 'export';
  const plain = plainPrivacy(zh, folded);
  return plain === 'forget' && negated ? undefined : plain;
}

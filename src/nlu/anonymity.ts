/**
 * Whether a student asks, in their own words, to stay anonymous ("匿名", "不要告诉他们我是谁",
 * "anonymously", "don't tell them my name") or to be named ("实名", "不用匿名", "not anonymous").
 * It presets the choice on a ticket's confirmation card, where the student can still switch it.
 * Not a slot: SPEC §4 fixes the slot keys. Pure and total.
 */
import { foldText } from './normalize.js';

export type Anonymity = 'anonymous' | 'named';

const ZH_NEG = '(?:不|无|不用|不需要|不必|没必要|别|不想|不要|非|无需|无须)';
/** "不用匿名": a negated request for anonymity asks for the name. */
const ZH_NOT_ANONYMOUS = new RegExp(`${ZH_NEG}\\s?匿名`, 'u');
/** "不要实名", "不想留名字": a negated request for the name asks for anonymity. */
const ZH_NOT_NAMED = new RegExp(`${ZH_NEG}\\s?(?:用\\s?)?(?:实名|留名|署名|写名字|留名字)`, 'u');
const ZH_ANONYMOUS = new RegExp(
  [
    '匿名', '不留名', '隐去(?:我的)?(?:名字|姓名|身份)', '(?:隐藏|保密)(?:一下)?我?的?(?:身份|名字|姓名)', '(?:身份|名字|姓名)(?:要|请)?保密',
    `(?:不要|别|不想|不愿意?|请勿|勿|不能)(?:让)?.{0,8}?(?:告诉|透露|说出?|知道|看到|写|显示|公开|暴露|泄露|提).{0,8}?(?:我是谁|是我|我的?(?:名字|姓名|身份|学号|信息))`,
  ].join('|'),
  'u',
);
const ZH_NAMED = /实名|署名|用我的(?:真实?)?(?:名字|姓名)|可以(?:说|告诉他们|写)(?:是我|我的名字)/u;

const EN_NOT_ANONYMOUS = /\b(?:not|no need to (?:be|stay|keep (?:it|this|me))|don'?t need to be|doesn'?t need to be|needn'?t be)\s(?:anonymous(?:ly)?|anon)\b/u;
const EN_ANONYMOUS = new RegExp(
  [
    '\\banonymous(?:ly)?\\b', '\\banon\\b', '\\bwithout (?:my name|naming me|saying who i am)\\b', '\\bno names?\\b',
    "\\b(?:don'?t|do not|please don'?t|never|not) (?:tell|share|give|reveal|show|say|use|mention|include|pass on|put) (?:(?:them|staff|the staff|anyone|anybody|him|her|people|the teachers?|my name to \\w+) )?(?:my (?:real )?(?:name|identity)|who i am|it was me|it'?s me)\\b",
    '\\bkeep (?:my name|me|my identity|who i am) (?:out(?: of (?:it|this))?|private|secret|hidden|anonymous|confidential)\\b',
    "\\b(?:i )?(?:don'?t|do not) want (?:them|staff|anyone) to know (?:who i am|it was me|it'?s me|my name)\\b",
  ].join('|'),
  'u',
);
const EN_NAMED = /\b(?:with my name|under my (?:own |real )?name|(?:you can|feel free to|please) (?:use|share|give|tell them) my name|not anonymous(?:ly)?)\b/u;

/** What the text asks for, if it asks at all; a negated request counts as its opposite. */
export function anonymityIn(text: string): Anonymity | undefined {
  const t = foldText(text).replace(/[’‘`´]/gu, "'");
  if (ZH_NOT_ANONYMOUS.test(t) || EN_NOT_ANONYMOUS.test(t)) return 'named';
  if (ZH_NOT_NAMED.test(t) || ZH_ANONYMOUS.test(t) || EN_ANONYMOUS.test(t)) return 'anonymous';
  if (ZH_NAMED.test(t) || EN_NAMED.test(t)) return 'named';
  return undefined;
}

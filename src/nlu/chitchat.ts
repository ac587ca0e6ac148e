/**
 * Chit-chat that asks for nothing: hyperbole on its own (累死了, 笑死我了, this exam is killing me),
 * laughter (哈哈哈, lol), and noise (emoji only, punctuation, a stray tag like `<b>x</b>`, keyboard
 * mash). In a private chat it is small talk and gets a short friendly line, never a menu of ticket
 * kinds (issue 13 point 4). Pure and total.
 */
import { formsOf } from './crisis.js';
import { foldText } from './normalize.js';

export type Chitchat = 'hyperbole' | 'laughter' | 'noise';

const TAG = /<\/?[a-z][^<>]{0,40}>/giu;
const NOT_WORD = /[\s\p{P}\p{S}\p{Extended_Pictographic}\u200b-\u200d\ufe0f]/gu;
const LAUGHTER = /^(?:哈|呵|嘿|嘻|噗|嘎|h{2,}|ha|he(?!l)|hi(?=h)|lol|lmao|lmfao|rofl|xd|xswl|233+|w{2,}|笑死|hia)+$/u;
const ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];

/** Row and column of a letter on a QWERTY keyboard. */
function key(ch: string): [number, number] | undefined {
  const row = ROWS.findIndex((r) => r.includes(ch));
  return row < 0 ? undefined : [row, ROWS[row]!.indexOf(ch)];
}

/** "asdfghjkl", "jjjjjj", "sdjkfhsdkjf": most neighbouring letters are neighbours on the keyboard. */
function isMash(word: string): boolean {
  if (word.length < 5 || !/^[a-z]+$/u.test(word)) return false;
  let near = 0;
  for (let i = 1; i < word.length; i++) {
    const a = key(word[i - 1]!);
    const b = key(word[i]!);
    if (a && b && a[0] === b[0] && Math.abs(a[1] - b[1]) <= 1) near++;
  }
  const vowels = word.replace(/[^aeiou]/gu, '').length;
  return near / (word.length - 1) >= 0.6 || (vowels === 0 && word.length >= 6);
}

const ZH_FILLER = /[我你他她它们了啊呀吧呢嘛哦哇哈呵的得地要快都也又真太好超巨被这那个今天简直已经还是就感觉觉得一下]/gu;
const EN_FILLER = new Set(
  'this that the a an is are was were so i i\'m im me my literally really just lol omg ugh man bro honestly it its it\'s and of to oh god today right now too'.split(' '),
);

/** Hyperbole with next to nothing else: at most four other Chinese characters and two English words. */
function onlyHyperbole(folded: string): boolean {
  const { zh, en, hyperbole } = formsOf(folded);
  if (!hyperbole) return false;
  const han = zh.replace(/[^\p{Script=Han}]/gu, '').replace(ZH_FILLER, '');
  const words = en.split(/[\s|]+/u).filter((w) => w && !EN_FILLER.has(w) && !/^\p{Script=Han}/u.test(w));
  return han.length <= 4 && words.length <= 2;
}

/** What kind of chit-chat the text is, or undefined when it says something. */
export function chitchatIn(text: string): Chitchat | undefined {
  const folded = foldText(text.replace(TAG, ' '));
  const core = folded.replace(NOT_WORD, '');
  if (core === '' || /^[a-z]$/u.test(core)) return 'noise';
  if (LAUGHTER.test(core)) return 'laughter';
  const words = folded.replace(NOT_WORD, ' ').trim().split(' ');
  if (words.every(isMash) || isMash(words.join(''))) return 'noise';
  return onlyHyperbole(folded) ? 'hyperbole' : undefined;
}

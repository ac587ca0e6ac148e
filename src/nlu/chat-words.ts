/**
 * Chat spellings made standard for the English cue lists: "wanna" → "want to", "dont" → "don't",
 * "b" → "be", "rly" → "really", "any more" → "anymore". Works on the English matching form of
 * crisis.ts (lower-case words separated by single spaces, apostrophes straightened), so that
 * "dont wanna b alive" reads as "don't want to be alive". Pure, total and idempotent: no
 * standard spelling is itself a chat spelling.
 */
const WORDS: Record<string, string> = {
  wanna: 'want to', wana: 'want to', wnna: 'want to', gonna: 'going to', gona: 'going to', finna: 'going to', gotta: 'got to', tryna: 'trying to',
  dont: "don't", dnt: "don't", cant: "can't", wont: "won't", doesnt: "doesn't", didnt: "didn't", isnt: "isn't", wasnt: "wasn't", arent: "aren't",
  wouldnt: "wouldn't", couldnt: "couldn't", shouldnt: "shouldn't", havent: "haven't", hasnt: "hasn't", aint: "ain't",
  im: "i'm", ive: "i've", youre: "you're", theyre: "they're", shes: "she's", thats: "that's", whats: "what's", theres: "there's",
  u: 'you', ur: 'your', b: 'be', rly: 'really', rlly: 'really', realy: 'really', ppl: 'people', bc: 'because', cuz: 'because', coz: 'because',
  tho: 'though', tmrw: 'tomorrow', tmr: 'tomorrow', tmrow: 'tomorrow', '2moro': 'tomorrow', tonite: 'tonight', '2nite': 'tonight', nite: 'night',
  pls: 'please', plz: 'please', sry: 'sorry', srry: 'sorry', idk: "i don't know", idc: "i don't care", abt: 'about', wat: 'what', wut: 'what',
  myslef: 'myself', mysef: 'myself', mself: 'myself', anymor: 'anymore', nemore: 'anymore', alyve: 'alive', alve: 'alive',
};
const WORD = /[a-z0-9]+(?:'[a-z]+)*/gu;

/** The English matching form with chat spellings replaced by standard ones. */
export function standardWords(form: string): string {
  return form.replace(WORD, (w) => WORDS[w] ?? w).replace(/\bany more\b/gu, 'anymore');
}

/** The chat spellings known, each with its standard form (for tests). */
export const CHAT_WORDS: Readonly<Record<string, string>> = WORDS;

/**
 * The event a student wants to sign up for, in their own words: quoted text first
 * (报名"迎新晚会" → 迎新晚会), else the phrase after 报名 / 参加 / sign up for / join
 * (sign me up for the career fair → career fair), else an event-like noun phrase (…晚会, …讲座).
 * Leading dates ("周六的"), articles and trailing particles are dropped.
 */
const QUOTED = /["“”「『《〈'‘]([^"“”「」『』《》〈〉'’]{1,40})["”“」』》〉'’]/u;
const ZH_TRIGGER = /(?:报名参加|報名參加|报名|報名|参加|參加|加入|加到|报一下|报个名|报一个|报上|登记一下|登记|占个位|抢个名额|算我一个|加我一个|算上我|(?:想|要)去(?:听|看|参加)?)(?:一下)?[，,:：\s]*/gu;
const EN_TRIGGER = /\b(?:sign(?:ing)? (?:[\w']+ ){0,4}up(?: for| to)?|register(?: me| us)?(?: for| in)?|enrol+(?: me| us)? (?:in|for)|rsvp(?: me)?(?: to| for)?|join|attend|participate in|take part in|go to|count me in(?: for| on)?|(?:i'm|im|i am) in for|add me to(?: the (?:list|waitlist|roster) for)?|put (?:me|my name) (?:down )?(?:on|for)(?: the (?:list|waitlist) for)?|a (?:spot|seat) (?:at|in|for))(?:\s+|(?=\p{Script=Han}))/giu;
const ZH_STOP = /[，。！？!?,.;；~～]|吗|嗎|吧|啊|呀|呢|哦|了(?!解)|的话|帮我|谢谢|謝謝|可以|好吗|需要|怎么|和|与|跟/u;
const ZH_LEADING = /^(?:(?:the|a|an)\s+|一下|下|个|一个|那个|这个|一次|我们|我|上|参加|报名)+|^(?:(?:这|本|下)?(?:周|星期|礼拜)[一二三四五六日天末]|明天|明晚|今晚|今天|后天|周末|这周|下周)(?:上午|下午|晚上|中午)?的?/u;
const ZH_TRAILING = /(?:的)?(?:名单|名單)(?:上|里|裡)?$|(?:的)?名额$/u;
const EN_END = /\s+(?:please|pls|plz|tomorrow|tonight|today|this|next|on|at|in|as|with|if|and (?:my|me)|thanks?|sign me up|register me)\b.*$|[,.!?;].*$/iu;
const EN_LEADING = /^(?:the|a|an|this|that|tomorrow's|today's|tonight's|\w+day's)\s+/iu;
const EN_TRAILING = /\s+(?:list|waitlist|roster)$/iu;
const EVENT_NOUN = /\p{Script=Han}{0,10}?(?:晚会|晚會|讲座|講座|比赛|大赛|联赛|运动会|招聘会|宣讲会|双选会|分享会|读书会|音乐节|游园会|嘉年华|马拉松|英语角|工作坊|摄影展|市集|团建|春游|徒步|活动)/u;
const GENERIC = new Set(['活动', '活動', '这个活动', '那个活动', '名单']);
const VERBISH = /^(?:想|要|去|能|可以|我想|我要)/u;

/** Cleans a Chinese phrase that follows a trigger; undefined when nothing event-like is left. */
function cleanZh(raw: string): string | undefined {
  const stop = ZH_STOP.exec(raw);
  let rest = (stop ? raw.slice(0, stop.index) : raw).trim();
  for (let previous = ''; previous !== rest; ) {
    previous = rest;
    rest = rest.replace(ZH_LEADING, '').trim();
  }
  rest = rest.replace(ZH_TRAILING, '').trim();
  const ok = rest.length >= 2 && rest.length <= 30 && !GENERIC.has(rest) && !VERBISH.test(rest);
  return ok ? rest : undefined;
}

/** Cleans an English phrase that follows a trigger. */
function cleanEn(raw: string): string | undefined {
  let rest = raw.replace(EN_END, '').trim();
  while (EN_LEADING.test(rest)) rest = rest.replace(EN_LEADING, '');
  rest = rest.replace(EN_TRAILING, '').trim();
  const words = rest.split(/\s+/u).filter(Boolean);
  return words.length >= 1 && words.length <= 6 && /\p{L}/u.test(rest) ? rest : undefined;
}

/** Tries every trigger occurrence in text order; the first that yields a phrase wins. */
function afterTriggers(text: string): string | undefined {
  const matches = [...text.matchAll(ZH_TRIGGER), ...text.matchAll(EN_TRIGGER)].sort((a, b) => a.index - b.index);
  for (const m of matches) {
    const rest = text.slice(m.index + m[0].length);
    const phrase = /^\p{Script=Han}/u.test(rest.trimStart()) || /^\p{Script=Han}/u.test(m[0]) ? cleanZh(rest) : cleanEn(rest);
    if (phrase) return phrase;
  }
  return undefined;
}

/** The event name as the student wrote it, or undefined (e.g. a bare "报名" or "sign me up"). */
export function extractEvent(text: string): string | undefined {
  const folded = text.normalize('NFKC').trim();
  const quoted = QUOTED.exec(folded)?.[1]?.trim();
  if (quoted) return quoted;
  const phrase = afterTriggers(folded);
  if (phrase) return phrase;
  const noun = EVENT_NOUN.exec(folded)?.[0];
  return noun ? cleanZh(noun.replace(/^.*(?:加到|报名|參加|参加|加入|想去|要去|想当|要当)/u, '')) : undefined;
}

/**
 * The one-line form of /announce:
 *
 *   /announce building:3号楼 | 明天 8:00–12:00 3号楼停水，请提前储水。 | private | at 明天 07:00
 *   /announce students | 今晚暴雨，请不要外出。 | urgent: 暴雨红色预警
 *   /announce | 周五班会改到 302。          (a rep in their class group; staff: their department)
 *
 * Segments are split by "|" (or "｜"): the audience (may be empty), the text, then options:
 * `private` (私信: also to each member privately), `at <when>` (定时 <when>: send then) and
 * `urgent: <reason>` (紧急: <reason>, admins: sent in quiet hours too). Without any "|", a first word
 * that names an audience by its prefix (`building:3号楼 明天停水…`, `dept：logistics …`) is the
 * audience, not the start of the text; a bare word (students, all) stays text, as it may begin a
 * sentence. Never throws.
 */
export interface AnnounceForm {
  audience: string;
  text: string;
  private: boolean;
  at?: string;
  urgent?: string;
}

export type ParsedAnnounce = { form: AnnounceForm } | { problem: 'empty' | 'no_text' | { option: string } };

const SEGMENT = /\s*[|｜]\s*/;
const AT = /^(?:at|定时|发送时间)\s*[:：]?\s*(\S[\s\S]*)$/i;
const URGENT = /^(?:urgent|紧急)\s*[:：]\s*(\S[\s\S]*)$/i;
const PRIVATE = /^(?:private|privately|私信|私聊)$/i;
/** A first word naming an audience by its prefix, then the text. */
const LEADING_AUDIENCE = /^((?:building|group|role|dept|department|部门)\s*[:：]\s*[^\s:：|｜]+)(?:\s+(\S[\s\S]*))?$/i;

export function parseAnnounce(args: string): ParsedAnnounce {
  const text = args.trim();
  if (!text) return { problem: 'empty' };
  const segmented = text.includes('|') || text.includes('｜');
  const leading = segmented ? null : LEADING_AUDIENCE.exec(text);
  const [audience = '', body = '', ...options] = segmented ? text.split(SEGMENT) : leading ? [leading[1]!, leading[2] ?? ''] : ['', text];
  if (!body.trim()) return { problem: 'no_text' };
  const form: AnnounceForm = { audience: audience.trim(), text: body.trim(), private: false };
  for (const option of options.map((o) => o.trim()).filter(Boolean)) {
    const at = AT.exec(option);
    const urgent = URGENT.exec(option);
    if (PRIVATE.test(option)) form.private = true;
    else if (at) form.at = at[1]!.trim();
    else if (urgent) form.urgent = urgent[1]!.trim();
    else return { problem: { option: option.slice(0, 40) } };
  }
  return { form };
}

/**
 * Ticket ids as students write them: "T-12", "t12", "#12", "单号是12", "工单12", "12号工单",
 * "ticket 12" — all normalised to the canonical "T-12" (leading zeros dropped).
 */
const PATTERNS: readonly RegExp[] = [
  /(?<![a-z0-9])t\s?[-_#]?\s?0*(\d{1,9})(?![a-z0-9.:])/iu,
  /(?:工单|單號|单号|单子|报修单|维修单|工单号|编号|ticket|tkt)\s*(?:号|號|編號|编号|number|no\.?|id)?\s*(?:是|为|為|:|：|#|=|is)?\s*#?\s*0*(\d{1,9})(?!\d)/iu,
  /(?:第)?0*(\d{1,9})\s*号?\s*(?:工单|單|单子|报修单)/u,
  /(?<![a-z0-9&])#\s?0*(\d{1,9})(?!\d)/iu,
];

/** The canonical "T-<n>" of the first ticket reference in `text`, if any. */
export function extractTicketId(text: string): string | undefined {
  const folded = text.normalize('NFKC');
  for (const pattern of PATTERNS) {
    const digits = pattern.exec(folded)?.[1];
    if (digits !== undefined) return `T-${Number.parseInt(digits, 10)}`;
  }
  return undefined;
}

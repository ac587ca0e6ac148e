/**
 * A plain fallback for building and room in free text ("3号楼502", "Building 7 room 215"), used
 * until the NLU slot extractors are wired in.
 */
import type { Extract } from './intake.flow';

const PATTERNS = [
  /((?:[\p{Script=Han}A-Za-z]*\d+\s*(?:号楼|号公寓|栋|幢|#楼|#|号))|(?:[\p{Script=Han}]{1,6}(?:楼|公寓|宿舍)))\s*(\d{2,5})\s*(?:室|房|号)?/u,
  /\b((?:building|bldg\.?|dorm)\s*[A-Za-z]?\d+)\s*,?\s*(?:room|rm\.?|#)?\s*(\d{2,5})\b/i,
];

export const fallbackExtract: Extract = (text) => {
  for (const re of PATTERNS) {
    const m = re.exec(text);
    if (m) return { building: m[1]!.trim(), room: m[2]! };
  }
  return {};
};

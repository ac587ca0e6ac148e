/**
 * CSV for every export (surveys, polls): RFC 4180 quoting, and formula-looking cells defused so a
 * spreadsheet shows what someone typed instead of running it.
 */

/**
 * Cells a spreadsheet may read as a formula: starting with = + - @ (or their full-width forms,
 * which Chinese input methods type), a tab or a carriage return, also after leading spaces.
 */
const FORMULA = /^[\s\u3000]*[=+\-@＝＋－＠]|^[\t\r]/u;

/** One field: a leading ' before anything formula-looking, then quoted when it holds " , or a line break. */
export function csvField(value: string): string {
  const safe = FORMULA.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One line of fields. */
export const csvLine = (fields: readonly string[]): string => fields.map(csvField).join(',');

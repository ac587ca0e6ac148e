import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvField, csvLine } from './csv.js';

/** A minimal RFC 4180 reader, to check that the export's fields read back. */
function readCsvLine(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (line[i] === '"') {
      for (i++; i < line.length; i++) {
        if (line[i] === '"' && line[i + 1] === '"') field += line[++i];
        else if (line[i] === '"') break;
        else field += line[i];
      }
      i++;
    } else {
      while (i < line.length && line[i] !== ',') field += line[i++];
    }
    out.push(field);
    if (line[i] !== ',') return out;
    i++;
  }
}

/** What a spreadsheet would read as a formula: = + - @ (also full-width) first, after any spaces, or a tab or CR first. */
const runsAsFormula = (cell: string) => /^[\s\u3000]*[=+\-@＝＋－＠]/u.test(cell) || /^[\t\r]/u.test(cell);

describe('CSV fields', () => {
  it.each([
    ['=HYPERLINK("http://evil.example","详情")', `"'=HYPERLINK(""http://evil.example"",""详情"")"`],
    ['+86 138 0000 0000', `'+86 138 0000 0000`], ['-1', `'-1`], ['@SUM(A1:A3)', `'@SUM(A1:A3)`],
    ['＝１＋１', `'＝１＋１`], ['  =1+1', `'  =1+1`], ['\t=1', `'\t=1`], ['3号楼, 502', '"3号楼, 502"'], ['good', 'good'], ['a=b', 'a=b'],
  ])('%j → %j', (value, field) => {
    expect(csvField(value)).toBe(field);
  });

  it('read back as written, with a leading quote before anything formula-looking (property)', () => {
    const cell = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.tuple(fc.constantFrom('=', '+', '-', '@', '＝', ' =', '\t', '\r', '\n-'), fc.string()).map(([a, b]) => a + b));
    fc.assert(fc.property(fc.array(cell, { minLength: 1, maxLength: 6 }), (fields) => {
      const back = readCsvLine(csvLine(fields));
      expect(back).toEqual(fields.map((f) => (runsAsFormula(f) ? `'${f}` : f)));
      for (const b of back) expect(b.startsWith("'") || !runsAsFormula(b)).toBe(true);
    }), { numRuns: 1000 });
  });
});

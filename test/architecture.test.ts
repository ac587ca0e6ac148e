/**
 * Storage is a seam: only src/db/ and the *.repo.ts files know that the store is SQLite. Every
 * other source file (features, core, adapters, app, runner) reaches the database through repo
 * functions and the unit's handle, so that another store (PostgreSQL) can run the same code.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    return e.isDirectory() ? sources(path) : e.name.endsWith('.ts') ? [path] : [];
  });
}

/** Test code (tests and their fixtures, which the build leaves out) may open the file itself. */
const isTestCode = (path: string) => path.endsWith('.test.ts') || path.endsWith('.fixtures.ts');
const knowsTheStore = (path: string) => path.startsWith('src/db/') || path.endsWith('.repo.ts');

const DIALECT = [
  { what: 'imports better-sqlite3', pattern: /from '(better-sqlite3|drizzle-orm\/better-sqlite3[^']*)'|import\('better-sqlite3'\)/ },
  { what: 'touches the connection ($client)', pattern: /\$client/ },
];

describe('the storage seam', () => {
  it('keeps the SQLite driver and its connection inside src/db/ and the *.repo.ts files', () => {
    const offenders = sources(join(ROOT, 'src'))
      .map((path) => relative(ROOT, path).split('\\').join('/'))
      .filter((path) => !isTestCode(path) && !knowsTheStore(path))
      .flatMap((path) => {
        const text = readFileSync(join(ROOT, path), 'utf8');
        return DIALECT.filter((d) => d.pattern.test(text)).map((d) => `${path} ${d.what}`);
      });
    expect(offenders).toEqual([]);
  });

  it('would notice a file that does', () => {
    expect(DIALECT.some((d) => d.pattern.test("import Database from 'better-sqlite3';"))).toBe(true);
    expect(DIALECT.some((d) => d.pattern.test("import { drizzle } from 'drizzle-orm/better-sqlite3';"))).toBe(true);
    expect(DIALECT.some((d) => d.pattern.test('const ok = db.$client.prepare("select 1").get();'))).toBe(true);
  });
});

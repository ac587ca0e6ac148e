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

  it('keeps what moved to the unit\'s handle there: no db.transaction, no database captured by a feature', () => {
    // Grows as features move (issue 18): these run on `units.q()` / `units.atomic` (core/unit-of-work.ts).
    const noDb = ['polls', 'announce', 'digests', 'tickets', 'cases', 'surveys', 'members', 'chats', 'access', 'privacy']; // features that hold no database at all
    const noDbAdapters = ['telegram', 'discord', 'shared']; // adapters whose repos run on the unit's handle
    const noDbCore = ['outbox', 'receipts', 'outbox.writes', 'outbox.outcome', 'outbox.worker', 'router', 'router.ctx', 'missed', 'steps', 'steps.repo']; // core files that hold no database at all
    const moved = [
      ...noDb.flatMap((f) => sources(join(ROOT, `src/features/${f}`))),
      ...noDbAdapters.flatMap((a) => sources(join(ROOT, `src/adapters/${a}`))),
      ...['scheduler', 'flow-control', 'presses', 'relay-flow', 'leadership', 'updates.repo', ...noDbCore].map((f) => join(ROOT, `src/core/${f}.ts`)),
    ].filter((path) => !isTestCode(path));
    const offenders = moved.flatMap((path) => {
      const text = readFileSync(path, 'utf8');
      const where = relative(ROOT, path);
      return [
        ...(/\.transaction\(/.test(text) ? [`${where} uses db.transaction (use units.atomic)`] : []),
        ...(([...noDb.map((f) => `src/features/${f}/`), ...noDbAdapters.map((a) => `src/adapters/${a}/`)].some((dir) => where.startsWith(dir))
          || noDbCore.some((f) => where === `src/core/${f}.ts`)) && /\bDb\b/.test(text)
          ? [`${where} holds the database (take the unit's handle)`] : []),
      ];
    });
    expect(offenders).toEqual([]);
  });

  it('names the database (Db) only where the app is wired: src/db/, the app and the unit runner', () => {
    const wiring = ['src/app.ts', 'src/core/unit-of-work.ts'];
    const offenders = sources(join(ROOT, 'src'))
      .map((path) => relative(ROOT, path).split('\\').join('/'))
      .filter((path) => !isTestCode(path) && !path.startsWith('src/db/') && !wiring.includes(path))
      .filter((path) => /\bDb\b/.test(readFileSync(join(ROOT, path), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('would notice a file that does', () => {
    expect(DIALECT.some((d) => d.pattern.test("import Database from 'better-sqlite3';"))).toBe(true);
    expect(DIALECT.some((d) => d.pattern.test("import { drizzle } from 'drizzle-orm/better-sqlite3';"))).toBe(true);
    expect(DIALECT.some((d) => d.pattern.test('const ok = db.$client.prepare("select 1").get();'))).toBe(true);
  });
});

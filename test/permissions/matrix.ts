/**
 * The permission matrix: every command × role × chat, each cell run on its own copy of one
 * fixture database, made once per test file (on PostgreSQL, `npm run test:pg`, the fixture's rows
 * put back into its database before each cell: keptCopy in test/pg/app-store.ts). An allowed cell
 * checks the command's effect (rows, the answer) and where the answer went; a refused cell checks
 * the refusal and that no table changed at all.
 *
 * The tables of cases are `cases.*.ts` (one command per entry; how to add one is said in
 * `cases.members.ts`). `coverage.test.ts` fails when a command of the app has no case.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { person, press, say, simulate, type OutLine } from '../harness.js';
import { keepTestDatabase, keptCopy, queryAt, rowsByTable } from '../pg/app-store.js';

/** Who sends the command. T-1 is the reporter's repair, owned by logistics; the class is class-2301. */
export const ROLES = {
  reporter: 'li', // a student of class-2301 who reported T-1
  student: 'zhang', // another student of class-2301
  repHere: 'zhao', // class rep of class-2301
  repOther: 'qian', // class rep of class-2302
  staffHere: 'wang', // staff of logistics, T-1's department
  staffOther: 'liu', // staff of student affairs
  lead: 'chen', // lead of logistics
  admin: 'boss',
} as const;
export type Role = keyof typeof ROLES;

/** Where the command is sent. */
export const CHATS = {
  private: 'private',
  classGroup: 'group:class-2301',
  ownStaff: 'group:staff-logistics', // T-1's department's staff chat
  foreignStaff: 'group:staff-student_affairs',
} as const;
export type ChatKey = keyof typeof CHATS;
export const GROUPS: ChatKey[] = ['classGroup', 'ownStaff', 'foreignStaff'];

export const POINTER = '这部分内容不适合在本群显示，我已私信回复你。';
export const NOTE = 'SECRET-NOTE 钥匙在宿管';
export const DESCRIPTION = '3号楼502 热水器坏了';

const people = [
  person('li', '李华', { groups: ['class-2301'] }),
  person('zhang', '张伟', { groups: ['class-2301'] }),
  person('zhao', '赵班长', { roles: ['rep'], groups: ['class-2301'], rep_of: ['class-2301'] }),
  person('qian', '钱班长', { roles: ['rep'], groups: ['class-2302'], rep_of: ['class-2302'] }),
  person('wang', '王老师', { roles: ['staff'], department: 'logistics' }),
  person('liu', '刘老师', { roles: ['staff'], department: 'student_affairs' }),
  person('chen', '陈主任', { roles: ['lead'], department: 'logistics' }),
  person('boss', '管理员', { roles: ['admin'] }),
  person('sun', '孙同学'),
];

/**
 * Everyone has said something in every chat (so no cell registers a chat or a membership), li
 * reported T-1 with an internal note on it, a survey run is open and an admin made a join code.
 */
const SETUP = [
  ...people,
  ...Object.values(ROLES).flatMap((who) => Object.values(CHATS).map((chat) => say(who, '/start', chat))),
  say('li', `/repair ${DESCRIPTION}`), press('li', '确认提交'), // its text is read like plain words: straight to the confirmation
  say('wang', `/note T-1 ${NOTE}`),
  say('boss', '/survey send semester-satisfaction'), press('boss', '确认发送'),
  say('boss', '/invite rep class-2302'),
  say('sun', '/talk 最近很累，想找人说说'), // C-1, an anonymous counselling case
];

export interface Fixture {
  dbPath: string;
  /** The join code the admin made (rep of class-2302). */
  code: string;
  /** Member ids by user name. */
  ids: Record<string, number>;
  before: Snapshot;
  /**
   * The tables the last cell may have changed, put back before the next (keptCopy): those whose rows
   * differ from the fixture's, and those the snapshot leaves out; every table (undefined) while a
   * cell runs, so that a cell that failed half-way leaves nothing behind for the next.
   */
  dirty: ReadonlySet<string> | undefined;
}

/** Tables whose rows every message may touch, or that hold messages rather than effects. */
const NOT_EFFECTS = new Set([
  '__drizzle_migrations', 'processed_updates', 'cron_runs', 'identities', // bookkeeping of each message (PostgreSQL keeps __drizzle_migrations in a schema of its own)
  'outbox', 'outbox_pauses', // replies and notifications: checked as output, not as rows
  'telegram_inbox', 'telegram_buttons', 'telegram_chats', 'telegram_settings',
]);

type Snapshot = Map<string, Set<string>>;

function snapshot(dbPath: string): Snapshot {
  return new Map([...rowsByTable(dbPath, NOT_EFFECTS)].map(([t, rows]) => [t, new Set(rows.map((r) => JSON.stringify(r)))]));
}

/**
 * The fixture of the test file running now. Test files share their worker's modules (vitest.config.ts),
 * and a file's databases are recycled after it: the next file of the worker builds its own.
 */
let fixture: { file: string | undefined; built: Promise<Fixture> } | undefined;

/** Builds the fixture database once per test file. */
export function getFixture(): Promise<Fixture> {
  const file = expect.getState().testPath;
  if (!fixture || fixture.file !== file) fixture = { file, built: buildFixture() };
  return fixture.built;
}

async function buildFixture(): Promise<Fixture> {
  const dbPath = join(mkdtempSync(join(tmpdir(), 'yizhan-matrix-')), 'fixture.db');
  const r = await simulate(SETUP, { dbPath });
  expect(r.err).toEqual([]);
  const code = /邀请码：([A-Z2-9]{6})/.exec(r.out.filter((l) => l.to === 'private:boss').at(-1)!.text)![1]!;
  const ids = Object.fromEntries(queryAt<{ username: string; member_id: number }>(dbPath, 'select username, member_id from identities').map((row) => [row.username, row.member_id]));
  await keepTestDatabase(dbPath);
  return { dbPath, code, ids, before: snapshot(dbPath), dirty: new Set() };
}

/** One cell's run: what the bot said and what changed. */
export interface Cell {
  role: Role;
  chat: ChatKey;
  user: string;
  memberId: number;
  out: OutLine[];
  /** Texts sent to a chat (`private:<user>`, `group:…`). */
  to(chat: string): string[];
  /** Rows a table gained or lost (parsed). */
  added(table: string): Record<string, unknown>[];
  removed(table: string): Record<string, unknown>[];
  /** Tables that changed. */
  changed: string[];
  fixture: Fixture;
}

export async function runCell(text: string, role: Role, chat: ChatKey): Promise<Cell> {
  const f = await getFixture();
  const dbPath = await keptCopy(f.dbPath, f.dirty);
  f.dirty = undefined;
  const user = ROLES[role];
  const r = await simulate([say(user, text, CHATS[chat])], { dbPath });
  expect(r.err).toEqual([]);
  const after = snapshot(dbPath);
  const diff = (a: Snapshot, b: Snapshot, t: string) => [...(a.get(t) ?? [])].filter((row) => !b.get(t)?.has(row)).map((row) => JSON.parse(row) as Record<string, unknown>);
  const tables = [...new Set([...f.before.keys(), ...after.keys()])];
  const changed = tables.filter((t) => diff(after, f.before, t).length || diff(f.before, after, t).length);
  f.dirty = new Set([...NOT_EFFECTS, ...changed]);
  return {
    role, chat, user, memberId: f.ids[user]!, out: r.out, fixture: f,
    to: (c) => r.out.filter((l) => l.to === c).map((l) => l.text),
    added: (t) => diff(after, f.before, t),
    removed: (t) => diff(f.before, after, t),
    changed,
  };
}

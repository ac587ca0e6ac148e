/**
 * How a matrix case is written and checked. A case is one command line and, for every role in
 * every chat, its outcome: allowed (and where the answer goes) or refused (with what answer).
 */
import { describe, expect, it } from 'vitest';
import { CHATS, DESCRIPTION, NOTE, POINTER, ROLES, getFixture, runCell, type Cell, type ChatKey, type Fixture, type Role } from './matrix.js';

/** `here`: in the chat the command was sent in; `private`: in the sender's private chat (a group reads a pointer). */
export type Place = 'here' | 'private';
export type Outcome =
  | { kind: 'ok'; place: Place }
  /** `role`, `hidden` and `privateOnly` stand for the router's and the tickets' usual refusals. */
  | { kind: 'refused'; answer: 'role' | 'hidden' | 'privateOnly' | string | RegExp; place: Place };

export interface Case {
  /** The command's name, as the router knows it. */
  command: string;
  /** What is sent; T-1 is li's repair, owned by logistics, with an internal note. */
  text: string | ((f: Fixture) => string);
  expect(role: Role, chat: ChatKey): Outcome;
  /** What a group reads when an allowed answer went privately (default the router's pointer). */
  pointer?: string;
  /** Tables an allowed cell may change; every other table must stay as it was. */
  writes?: string[];
  /** Checks what an allowed cell did: `answer` is the last message where the answer was expected. */
  effect(c: Cell, answer: string): void;
}

export const ok: Outcome = { kind: 'ok', place: 'here' };
/** Allowed; in a group the answer goes privately. */
export const okPrivately: Outcome = { kind: 'ok', place: 'private' };
export const refused = (answer: Extract<Outcome, { kind: 'refused' }>['answer'], place: Place = 'here'): Outcome => ({ kind: 'refused', answer, place });
export const role = refused('role');
export const hidden = refused('hidden');

/** The same outcome in every chat, per role; roles not named get `others`. */
export function byRole(map: Partial<Record<Role, Outcome>> & { others: Outcome }) {
  return (r: Role): Outcome => map[r] ?? map.others;
}

/** Allowed, answered in place where `readsHere(role, chat)`, else privately. */
export const okWhere = (readsHere: (r: Role, chat: ChatKey) => boolean) => (r: Role, chat: ChatKey): Outcome =>
  ({ kind: 'ok', place: chat === 'private' || readsHere(r, chat) ? 'here' : 'private' });

/** Roles that work T-1 (logistics): its staff, its lead, admins. */
export const WORKS_T1: Role[] = ['staffHere', 'lead', 'admin'];
/** Staff work on T-1 is read in place only in logistics' staff chat. */
export const inT1Chat = okWhere((r, chat) => chat === 'ownStaff' && WORKS_T1.includes(r));

function refusalText(c: Case, answer: string): string {
  const name = c.command;
  if (answer === 'role') return `抱歉，/${name} 只对有相应权限的老师或同学开放。发送 /help 查看你可以用的命令。`;
  if (answer === 'hidden') return '找不到工单 T-1，或者你没有权限查看。';
  if (answer === 'privateOnly') return `/${name} 涉及个人信息，请在和我的私聊中使用。`;
  return answer;
}

/** What must never show outside the places allowed to see it, whatever the cell. */
function noLeaks(c: Cell): void {
  const outsiders = [CHATS.classGroup, CHATS.foreignStaff, ...['li', 'zhang', 'zhao', 'qian', 'liu'].map((u) => `private:${u}`)];
  for (const chat of outsiders) for (const text of c.to(chat)) expect(text, `internal note in ${chat}`).not.toContain(NOTE);
  for (const text of c.to(CHATS.classGroup)) expect(text, 'T-1 in the class group').not.toContain(DESCRIPTION.split(' ')[1]);
  const transferred = c.added('ticket_events').some((e) => e.type === 'transferred'); // the ticket is then student affairs' own
  if (!transferred) for (const text of c.to(CHATS.foreignStaff)) expect(text, 'T-1 in another department\'s chat').not.toContain(DESCRIPTION.split(' ')[1]);
}

export function checkCell(k: Case, c: Cell): void {
  const o = k.expect(c.role, c.chat);
  const mine = `private:${c.user}`;
  const typed = c.chat === 'private' ? mine : CHATS[c.chat];
  const where = o.place === 'private' ? mine : typed;
  noLeaks(c);
  const answers = c.to(where);
  if (where !== typed) {
    // The group reads one pointer (and, when it is a staff chat, the notices the effect sends it), never the answer.
    const pointer = o.kind === 'ok' ? (k.pointer ?? POINTER) : POINTER;
    expect(c.to(typed).filter((t) => t === pointer), 'one pointer in the group').toHaveLength(1);
    for (const answer of answers) expect(c.to(typed), 'the answer in the group').not.toContain(answer);
  }
  if (o.kind === 'refused') {
    expect(c.changed, 'a refused command changes nothing').toEqual([]);
    expect(c.out.filter((l) => l.to !== where && l.to !== typed), 'a refusal tells nobody else').toEqual([]);
    expect(answers).toHaveLength(1);
    const text = typeof o.answer === 'string' ? refusalText(k, o.answer) : o.answer;
    if (typeof text === 'string') expect(answers[0]).toBe(text);
    else expect(answers[0]).toMatch(text);
    return;
  }
  expect(c.changed.filter((t) => !(k.writes ?? []).includes(t)), 'tables it may not change').toEqual([]);
  expect(answers.length, `an answer in ${where}`).toBeGreaterThan(0);
  k.effect(c, answers.at(-1)!);
}

/** Runs every role × chat cell of each case. */
export function matrix(cases: Case[]): void {
  const cells = (Object.keys(ROLES) as Role[]).flatMap((r) => (Object.keys(CHATS) as ChatKey[]).map((chat) => [r, chat] as const));
  describe.each(cases)('/$command', (k) => {
    it.each(cells)('by %s in %s', async (r, chat) => {
      const text = typeof k.text === 'string' ? k.text : k.text(await getFixture());
      const cell = await runCell(text, r, chat);
      const verdict = k.expect(r, chat);
      try {
        checkCell(k, cell);
      } catch (err) {
        // Say what the cell was expected to do and show what the bot said, then fail.
        const said = cell.out.map((l) => `  → ${l.to}: ${l.text.split('\n')[0]}`).join('\n');
        (err as Error).message = `${text} by ${r} in ${chat}, expected ${verdict.kind} (${verdict.place}):\n${said}\n${(err as Error).message}`;
        throw err;
      }
    });
  });
}

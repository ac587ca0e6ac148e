/**
 * Matrix cases of what everyone has: /start, /help, /lang, /whoami, /join, /link, /mydata, /forgetme.
 *
 * Adding a command: add a case to the table of its area (members, tickets, staff, admin), or a
 * new `cases.<area>.ts` with its own `<area>.test.ts` calling `matrix(CASES)`, and list it in
 * `coverage.test.ts`. A case names the command, the line sent, the outcome of each role in each
 * chat (`byRole`, `okWhere`, or a function of role and chat), the tables an allowed cell may
 * change (`writes`) and what an allowed cell must have done (`effect`: rows and the answer).
 * Refused cells are checked for you: the refusal text, where it went, and no table changed.
 */
import { expect } from 'vitest';
import { ok, okPrivately, refused, type Case } from './cases.js';
import { NOTE } from './matrix.js';

const STAFF_ROLES = ['staffHere', 'staffOther', 'lead', 'admin'];

export const CASES: Case[] = [
  {
    command: 'start', text: '/start', expect: () => ok,
    effect: (c, answer) => expect(answer).toMatch(/^你好，.+！我是「一站」/),
  },
  {
    command: 'help', text: '/help', expect: () => ok,
    effect: (c, answer) => {
      expect(answer).toMatch(/^你可以使用这些命令：\n\/start/);
      // Privately the member's own commands; in a group the chat's, whoever asks (a staff chat's are a staff member's).
      const staffList = c.chat === 'private' ? STAFF_ROLES.includes(c.role) : c.chat === 'ownStaff' || c.chat === 'foreignStaff';
      if (staffList) expect(answer).toContain('/note — ');
      else expect(answer).not.toContain('/note — ');
    },
  },
  {
    command: 'lang', text: '/lang en', expect: () => ok, writes: ['members'],
    effect: (c, answer) => {
      expect(answer).toBe("OK, I'll talk to you in English from now on.");
      expect(c.added('members')).toEqual([expect.objectContaining({ id: c.memberId, locale: 'en' })]);
    },
  },
  {
    command: 'whoami', text: '/whoami', expect: () => okPrivately,
    effect: (c, answer) => expect(answer).toMatch(new RegExp(`（成员编号 #${c.memberId}）\\n身份：学生`)),
  },
  {
    command: 'join', text: (f) => `/join ${f.code}`,
    expect: (r, chat) => (chat === 'private' ? ok : refused('privateOnly')),
    writes: ['role_grants', 'join_codes', 'audit_log'],
    effect: (c, answer) => {
      expect(answer).toBe('欢迎！你现在拥有「班级代表（class-2302）」身份。发送 /help 查看可用的命令。');
      expect(c.added('join_codes')).toEqual([expect.objectContaining({ code: c.fixture.code, used_by: c.memberId })]);
      const grant = { member_id: c.memberId, role: 'rep', scope: 'class-2302' };
      expect(c.added('role_grants')).toEqual(c.role === 'repOther' ? [] : [expect.objectContaining(grant)]); // already held
    },
  },
  {
    command: 'link', text: '/link', expect: (r, chat) => (chat === 'private' ? ok : refused('privateOnly')),
    writes: ['account_links', 'scheduled_tasks', 'audit_log'],
    effect: (c, answer) => {
      const code = /^关联码：([A-Z2-9]{6})/.exec(answer)?.[1];
      expect(c.added('account_links')).toEqual([expect.objectContaining({ code, status: 'open', creator_member_id: c.memberId })]);
    },
  },
  {
    command: 'mydata', text: '/mydata', expect: () => okPrivately,
    effect: (c, answer) => {
      expect(answer).toMatch(/^📄 这是我保存的关于你的全部数据/);
      const file = c.out.filter((l) => l.to === `private:${c.user}` && l.file).at(-1)!.file!;
      expect(JSON.parse(file.content)).toMatchObject({ member: { number: c.memberId } });
      expect(file.content).not.toContain(NOTE);
    },
  },
  {
    command: 'forgetme', text: '/forgetme',
    expect: (r, chat) => (chat !== 'private' ? refused('privateOnly') : STAFF_ROLES.includes(r) ? refused(/^你现在有工作身份（.+）。/) : ok),
    effect: (c, answer) => expect(answer).toMatch(/^⚠️ 确定要删除你的数据吗？/), // only asks: nothing changes before the button
  },
];


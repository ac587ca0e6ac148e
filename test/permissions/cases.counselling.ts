/**
 * Matrix cases of counselling: /talk for everyone, and the counsellors' work on a case (C-1 is 孙同学's
 * anonymous /talk, see matrix.ts). None of the matrix's roles works in the counselling centre: an
 * admin may do everything, other staff are answered as if C-1 did not exist, students do not hold
 * the commands. /reject and /resolve on a case are refused even to an admin, and no answer anywhere
 * names the student behind the alias.
 */
import { expect } from 'vitest';
import { byRole, okPrivately, refused, role, type Case, type Outcome } from './cases.js';
import type { Cell, ChatKey, Role } from './matrix.js';

const STUDENTS: Role[] = ['reporter', 'student', 'repHere', 'repOther'];
const NOT_FOUND = '找不到个案 C-1，或者你没有权限查看。';
const STUDENT = '孙同学';

/** Work on C-1: an admin's answer goes privately in a group (no matrix chat is the counselling chat); other staff get "not found". */
function workOnC1(r: Role, chat: ChatKey, adminGets: Outcome = okPrivately, staffGet: Outcome = refused(NOT_FOUND)): Outcome {
  if (STUDENTS.includes(r)) return role;
  if (r !== 'admin') return staffGet;
  return chat === 'private' && adminGets.kind === 'ok' ? { ...adminGets, place: 'here' } : adminGets;
}

/** Nobody but the student reads who C-1 is. */
function anonymous(c: Cell): void {
  for (const l of c.out) if (l.to !== 'private:sun') expect(l.text, `the student's name in ${l.to}`).not.toContain(STUDENT);
}

const messages = (c: Cell) => c.added('case_messages').map((m) => ({ author: m.author, author_id: m.author_id }));

export const CASES: Case[] = [
  {
    command: 'talk', text: '/talk', expect: byRole({ others: okPrivately }), writes: ['conversations'],
    effect: (c, answer) => {
      expect(answer).toMatch(/^好的。你现在发给我的话，会匿名转给心理中心的老师/);
      expect(c.added('conversations')).toEqual([expect.objectContaining({ member_id: c.memberId, feature: 'cases', name: 'talk' })]);
    },
  },
  {
    command: 'cases', text: '/cases', expect: (r, chat) => workOnC1(r, chat, okPrivately, refused('只有心理中心的老师可以查看心理个案。')),
    effect: (c, answer) => {
      expect(answer).toMatch(/^进行中的心理个案（1）：\nC-1 · 匿名同学 #[0-9A-F]{4} · 倾诉 · 等待老师 · 最近 /);
      anonymous(c);
    },
  },
  {
    command: 'reply', text: '/reply C-1 谢谢你愿意说，我一直在', expect: (r, chat) => workOnC1(r, chat), writes: ['cases', 'case_messages', 'case_relays'],
    effect: (c, answer) => {
      expect(answer).toMatch(/^已转达给 C-1 的匿名同学 #[0-9A-F]{4}。$/);
      expect(c.to('private:sun')).toEqual(['学校的一位老师已经在了，接下来会通过我和你聊。', '💬 学校的一位老师：\n谢谢你愿意说，我一直在']);
      expect(messages(c)).toEqual([{ author: 'counsellor', author_id: c.memberId }]);
      anonymous(c);
    },
  },
  {
    command: 'note', text: '/note C-1 情绪平稳，下周再联系', expect: (r, chat) => workOnC1(r, chat), writes: ['case_messages', 'cases'],
    effect: (c, answer) => {
      expect(answer).toBe('已为 C-1 保存备注，只有心理中心能看到。');
      expect(messages(c)).toEqual([{ author: 'note', author_id: c.memberId }]);
      expect(c.to('private:sun')).toEqual([]);
    },
  },
  {
    command: 'claim', text: '/claim C-1', expect: (r, chat) => workOnC1(r, chat), writes: ['cases', 'case_relays'],
    effect: (c, answer) => {
      expect(answer).toMatch(/^好的，C-1 由你跟进/);
      expect(c.added('cases')).toEqual([expect.objectContaining({ status: 'in_contact', counsellor_id: c.memberId })]);
      expect(c.to('private:sun')).toEqual(['学校的一位老师已经在了，接下来会通过我和你聊。']);
      anonymous(c);
    },
  },
  {
    command: 'close', text: '/close C-1 已电话联系，转介学院辅导员', expect: (r, chat) => workOnC1(r, chat), writes: ['cases', 'case_messages', 'case_relays'],
    effect: (c, answer) => {
      expect(answer).toBe('C-1 已结束，备注已保存，只有心理中心能看到；同学收到了结束的消息。');
      expect(c.added('cases')).toEqual([expect.objectContaining({ status: 'closed', closed_by: c.memberId })]);
      expect(c.to('private:sun')).toEqual([expect.stringMatching(/^老师结束了这次谈话。/)]);
      expect(c.to('private:sun').join('\n')).not.toContain('辅导员');
    },
  },
  {
    // With nobody else to approve (no head of counselling, no other admin), nothing is requested.
    command: 'reveal', text: '/reveal C-1 需要联系家长核实情况', expect: (r, chat) => workOnC1(r, chat, refused('没有可以批准的人：需要心理中心负责人或管理员，并且不能是申请人自己。')),
    effect: () => undefined,
  },
  {
    command: 'reject', text: '/reject C-1 不属于心理中心', expect: (r, chat) => workOnC1(r, chat, refused(/^心理个案不能被拒绝：同学会以为没有人管。/)),
    effect: () => undefined,
  },
  {
    command: 'resolve', text: '/resolve C-1 已解决', expect: (r, chat) => workOnC1(r, chat, refused(/^心理个案不会“解决”/)),
    effect: () => undefined,
  },
];

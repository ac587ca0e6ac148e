/** Matrix cases of roles, codes, bindings, surveys and polls: /grant, /revoke, /invite, /bind, /unbind, /survey, /poll. */
import { expect } from 'vitest';
import { byRole, ok, okPrivately, refused, role, type Case, type Outcome } from './cases.js';
import type { ChatKey, Role } from './matrix.js';

/** Leads grant and revoke within their department; admins everything. */
const leadsAndAdmins = byRole({ lead: ok, admin: ok, others: role });

const BOUND_STAFF = '本群是部门工作群或管理层群，只有管理员可以更改或解除它的绑定。';
const BOUND_CLASS = '本群已登记为班级群 class-2301，只有该班的班级代表或管理员可以更改或解除。';

/** /bind and /unbind: reps and admins hold them, only in groups; a group bound to a department only an admin changes. */
function binding(r: Role, chat: ChatKey): Outcome {
  if (r !== 'repHere' && r !== 'repOther' && r !== 'admin') return role;
  if (chat === 'private') return refused('这个命令需要在群里使用。');
  if (r === 'admin') return ok;
  if (chat !== 'classGroup') return refused(BOUND_STAFF);
  return r === 'repHere' ? ok : refused(BOUND_CLASS);
}

/** /poll with a question: a rep or an admin posts it in their class group, or starts it in private. */
function poll(r: Role, chat: ChatKey): Outcome {
  const mayPoll = r === 'repHere' || r === 'admin' || (r === 'repOther' && chat === 'private');
  if (chat === 'ownStaff' || chat === 'foreignStaff') return refused(/^这个群还没有登记为班级群/);
  if (chat === 'classGroup') return mayPoll ? ok : refused('只有 class-2301 的班委、本群的群管理员或系统管理员可以发起或管理投票。');
  return mayPoll ? ok : refused(/^私聊里没有班级群/);
}

export const CASES: Case[] = [
  {
    command: 'grant', text: '/grant staff logistics @sun', expect: leadsAndAdmins, writes: ['role_grants', 'audit_log'],
    effect: (c, answer) => {
      expect(answer).toBe('已授予 孙同学「后勤保障处 工作人员」身份。');
      expect(c.added('role_grants')).toEqual([expect.objectContaining({ member_id: c.fixture.ids.sun, role: 'staff', scope: 'logistics' })]);
    },
  },
  {
    command: 'revoke', text: '/revoke staff logistics @wang', expect: leadsAndAdmins, writes: ['role_grants', 'audit_log'],
    effect: (c, answer) => {
      expect(answer).toBe('已撤销 王老师 的「后勤保障处 工作人员」身份。');
      expect(c.removed('role_grants')).toEqual([expect.objectContaining({ member_id: c.fixture.ids.wang, role: 'staff', scope: 'logistics' })]);
    },
  },
  {
    command: 'invite', text: '/invite staff logistics', writes: ['join_codes', 'audit_log'],
    expect: byRole({ lead: okPrivately, admin: okPrivately, others: role }),
    effect: (c, answer) => {
      expect(answer).toMatch(/^邀请码：[A-Z2-9]{6}\n身份：后勤保障处 工作人员/);
      expect(c.added('join_codes')).toEqual([expect.objectContaining({ purpose: 'role', role: 'staff', scope: 'logistics', created_by: c.memberId })]);
    },
  },
  {
    command: 'bind', text: '/bind class class-2301', expect: binding, writes: ['chats', 'audit_log'],
    effect: (c, answer) => {
      expect(answer).toBe('本群已登记为班级群 class-2301。');
      expect(c.added('audit_log')).toEqual([expect.objectContaining({ action: 'chat.bind', actor_member_id: c.memberId })]);
      if (c.chat !== 'classGroup') expect(c.added('chats')).toEqual([expect.objectContaining({ binding: 'class', scope: 'class-2301' })]);
    },
  },
  {
    command: 'unbind', text: '/unbind', expect: binding, writes: ['chats', 'audit_log'],
    effect: (c, answer) => {
      expect(answer).toBe('本群已解除绑定。');
      expect(c.added('chats')).toEqual([expect.objectContaining({ binding: null, scope: null })]);
    },
  },
  {
    command: 'survey', text: '/survey results semester-satisfaction',
    expect: (r) => (r === 'admin' ? okPrivately : refused('抱歉，/survey results 只对有相应权限的老师或同学开放。发送 /help 查看你可以用的命令。', 'private')),
    effect: (c, answer) => expect(answer).toMatch(/学期满意度调查/),
  },
  {
    command: 'poll', text: '/poll 周五聚餐去哪 | 火锅 | 烧烤', expect: poll, writes: ['conversations', 'polls', 'poll_voters', 'poll_messages', 'scheduled_tasks', 'audit_log'],
    effect: (c, answer) => {
      if (c.chat === 'private') return void expect(c.added('conversations')).toEqual([expect.objectContaining({ member_id: c.memberId, feature: 'polls' })]);
      expect(answer).toMatch(/周五聚餐去哪/);
      expect(c.added('polls')).toEqual([expect.objectContaining({ group_key: 'class-2301', question: '周五聚餐去哪' })]);
    },
  },
  {
    // Staff announce to their department's audience (dept:logistics: its staff chat; and its announce_to), reps to their class groups, admins anywhere.
    command: 'announce', text: '/announce dept:logistics | 明天下午值班表有调整。',
    expect: (r) => {
      if (r === 'reporter' || r === 'student') return role;
      if (r === 'staffHere' || r === 'lead' || r === 'admin') return okPrivately;
      const allowed = { repHere: 'group:class-2301', repOther: 'group:class-2302', staffOther: 'dept:student_affairs、students、group:班级（任一班级群）、role:rep' }[r];
      return refused(`你只能给这些对象发通知：${allowed}。`);
    },
    writes: ['announcements', 'steps', 'conversations'],
    effect: (c, answer) => {
      expect(answer).toMatch(/^📣 通知预览（发给[^：]+员工：1 个群，立即发送）：\n\n明天下午值班表有调整。/);
      expect(c.added('announcements')).toEqual([expect.objectContaining({ audience: 'dept:logistics', status: 'draft', author_id: c.memberId, groups: 1 })]);
    },
  },
];

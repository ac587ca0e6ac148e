/**
 * Matrix cases of the staff commands. Work on T-1 (logistics) is for its staff, its lead and
 * admins; another department's staff are answered as if T-1 did not exist; students and reps do
 * not hold the commands. The answers are read in place only in logistics' staff chat.
 */
import { expect } from 'vitest';
import { hidden, inT1Chat, ok, okWhere, refused, role, WORKS_T1, type Case, type Outcome } from './cases.js';
import { NOTE, type Cell, type ChatKey, type Role } from './matrix.js';

const STUDENTS: Role[] = ['reporter', 'student', 'repHere', 'repOther'];

/** Work on T-1: allowed to those who work it, hidden from other staff, not held by students. */
function workOnT1(r: Role, chat: ChatKey): Outcome {
  if (STUDENTS.includes(r)) return role;
  return WORKS_T1.includes(r) ? inT1Chat(r, chat) : hidden;
}

/** A staff chat reads the queue and figures of its own department, asked by someone who works there. */
const worksIn = (r: Role, chat: ChatKey) =>
  (chat === 'ownStaff' && ['staffHere', 'lead', 'admin'].includes(r)) || (chat === 'foreignStaff' && ['staffOther', 'admin'].includes(r));

const ticket = (c: Cell) => c.added('tickets')[0] ?? {};
const events = (c: Cell) => c.added('ticket_events').map((e) => e.type);

/** A staff action on T-1: the answer, and what it did to the ticket and its timeline. */
function action(command: string, args: string, answer: string, writes: string[], check: (c: Cell) => void): Case {
  return {
    command, text: `/${command} T-1 ${args}`.trim(), expect: workOnT1, writes: ['tickets', 'ticket_events', ...writes],
    effect: (c, text) => {
      expect(text).toBe(answer);
      check(c);
    },
  };
}

export const CASES: Case[] = [
  {
    command: 'queue', text: '/queue',
    expect: (r, chat) => (STUDENTS.includes(r) ? role : okWhere(worksIn)(r, chat)),
    effect: (c, answer) => {
      const logisticsOnly = c.role === 'staffHere' || c.role === 'lead' || (c.role === 'admin' && c.chat === 'ownStaff');
      const affairsOnly = c.role === 'staffOther' || (c.role === 'admin' && c.chat === 'foreignStaff');
      if (logisticsOnly) expect(answer).toMatch(/^「后勤保障处」待处理工单（1）：\nT-1 \[报修\]/);
      else if (affairsOnly) expect(answer).toBe('「学工处」目前没有待处理的工单。');
      else expect(answer).toMatch(/^「学工处」目前没有待处理的工单。\n\n「后勤保障处」待处理工单（1）：\nT-1/); // an admin, privately: all
    },
  },
  action('claim', '', '你已认领 T-1。', [], (c) => {
    expect(ticket(c)).toMatchObject({ assignee_id: c.memberId, status: 'in_progress' });
    expect(events(c)).toEqual(['claimed']);
  }),
  action('reply', '明天上午上门', '已把回复转达给 T-1 的李华。', ['scheduled_tasks'], (c) => {
    expect(ticket(c)).toMatchObject({ assignee_id: c.memberId, status: 'in_progress' }); // a reply takes a free ticket
    expect(events(c)).toEqual(['reply']);
    expect(c.to('private:li')).toEqual([expect.stringMatching(/^【T-1 · 后勤保障处】回复你：\n明天上午上门/)]);
  }),
  action('note', '带扳手', '已为 T-1 添加内部备注，学生看不到。', [], (c) => {
    expect(c.added('ticket_events')).toEqual([expect.objectContaining({ type: 'note', text: '带扳手', public: 0, actor_id: c.memberId })]);
    expect(c.to('private:li')).toEqual([]);
  }),
  action('transfer', '学工处 宿舍问题', 'T-1 已转交给「学工处」。\n首次答复期限不变：3月2日 12:00；解决期限由 3月4日 08:00 改为 3月5日 08:00（「学工处」承诺在提交后 72 小时内解决）。', ['ticket_cards', 'scheduled_tasks'], (c) => {
    expect(ticket(c)).toMatchObject({ department_id: 'student_affairs', assignee_id: null });
    expect(events(c)).toEqual(['transferred']);
    expect(c.to('group:staff-student_affairs')).toContainEqual(expect.stringMatching(/^↪️ 从「后勤保障处」转入\nT-1/));
    expect(c.to('group:staff-student_affairs').join('\n')).not.toContain(NOTE);
  }),
  action('resolve', '已更换加热棒', 'T-1 已标记为已解决，已请学生确认并评价。', ['scheduled_tasks', 'steps'], (c) => {
    expect(ticket(c)).toMatchObject({ status: 'resolved', resolution: '已更换加热棒' });
    expect(c.to('private:li')).toEqual([expect.stringContaining('已更换加热棒')]);
  }),
  action('reject', '重复提交', 'T-1 已标记为不予受理，已告知学生原因。', ['scheduled_tasks'], (c) => {
    expect(ticket(c)).toMatchObject({ status: 'rejected' });
    expect(events(c)).toEqual(['rejected']);
  }),
  action('priority', 'urgent', 'T-1 的优先级已改为「紧急」。', [], (c) => {
    expect(ticket(c)).toMatchObject({ priority: 'urgent' });
    expect(events(c)).toEqual(['priority']);
  }),
  {
    command: 'assign', text: '/assign T-1 @wang', writes: ['tickets', 'ticket_events'],
    expect: (r, chat) => (r === 'lead' || r === 'admin' ? inT1Chat(r, chat) : role), // /assign is for leads and admins
    effect: (c, answer) => {
      expect(answer).toBe('T-1 已分派给 王老师。');
      expect(ticket(c)).toMatchObject({ assignee_id: c.fixture.ids.wang, status: 'in_progress' });
      expect(c.to('private:wang')).toEqual([expect.stringMatching(/^T-1 已分派给你处理：/)]);
    },
  },
  {
    command: 'digest', text: '/digest',
    expect: (r, chat) => (r === 'reporter' || r === 'student' ? role : okWhere(worksIn)(r, chat)),
    effect: (c, answer) => {
      if (c.role === 'repHere' || c.role === 'repOther') return void expect(answer).toMatch(/投票/);
      const here = c.chat !== 'private' && worksIn(c.role, c.chat); // a staff chat's own figures
      if (c.role === 'admin' && !here) expect(answer).toMatch(/^📊 管理周报（/);
      else if (c.role === 'staffOther' || (here && c.chat === 'foreignStaff')) expect(answer).toMatch(/^📊 学工处 日报（/);
      else expect(answer).toMatch(/^📊 后勤保障处 日报（/);
    },
  },
  {
    // An FAQ entry of logistics: its staff, its lead and admins change it; another department's staff are refused;
    // for students "/faq edit …" is a question like any other, answered in place (FAQ answers are public).
    command: 'faq', text: '/faq edit canteen-hours | answer: 食堂 7:00 开门。 / Canteens open at 7:00.',
    expect: (r) => (r === 'staffOther' ? refused('这条常见问题属于后勤保障处，你只能修改自己部门的条目。') : ok),
    writes: ['faq_entries', 'faq_stamp', 'audit_log', 'faq_asks', 'steps'],
    effect: (c, answer) => {
      if (STUDENTS.includes(c.role)) {
        expect(answer).not.toBe('已修改 canteen-hours。');
        expect(c.added('faq_entries')).toEqual([]);
        return;
      }
      expect(answer).toBe('已修改 canteen-hours。');
      expect(c.added('faq_entries')).toEqual([expect.objectContaining({ id: 'canteen-hours', department: 'logistics', removed: 0 })]);
      expect(c.added('audit_log')).toEqual([expect.objectContaining({ action: 'faq.edit', target: 'faq:canteen-hours' })]);
    },
  },
];

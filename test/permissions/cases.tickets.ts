/** Matrix cases of a student's ticket commands: starting one, /status, /mytickets, /cancel. */
import { expect } from 'vitest';
import { byRole, hidden, inT1Chat, okPrivately, type Case, type Outcome } from './cases.js';
import { DESCRIPTION, NOTE, type ChatKey, type Role } from './matrix.js';

/** An intake starts in private; asked in a group, the group reads where it continues. */
const intake = (command: string, kind: string): Case => ({
  command, text: `/${command}`, expect: () => okPrivately, writes: ['conversations', 'steps'],
  pointer: '我已私信你，请在私聊中继续填写，具体内容不会出现在群里。',
  effect: (c, answer) => {
    expect(answer).toBe(`好的，我们来提交一份${kind}。请先选择类别：`);
    expect(c.added('conversations')).toEqual([expect.objectContaining({ member_id: c.memberId, feature: 'tickets', name: 'intake' })]);
  },
});

/** The reporter reads the public view; who works T-1 the staff view (in place only in logistics' chat). */
function status(r: Role, chat: ChatKey): Outcome {
  if (r === 'reporter') return okPrivately;
  return ['staffHere', 'lead', 'admin'].includes(r) ? inT1Chat(r, chat) : hidden;
}

export const CASES: Case[] = [
  intake('repair', '报修'), intake('feedback', '反馈'), intake('complaint', '投诉'), intake('ask', '咨询'),
  {
    command: 'status', text: '/status T-1', expect: status,
    effect: (c, answer) => {
      expect(answer).toMatch(/^T-1 · 报修 · 设施设备\n/);
      expect(answer).toContain(DESCRIPTION);
      if (c.role === 'reporter') expect(answer).not.toContain(NOTE);
      else expect(answer).toContain(NOTE);
    },
  },
  {
    command: 'mytickets', text: '/mytickets', expect: () => okPrivately,
    effect: (c, answer) => {
      if (c.role === 'reporter') expect(answer).toMatch(/^你的工单：\nT-1 \[报修\] 3号楼502 热水器坏了 — 待受理/);
      else expect(answer).toMatch(/^你还没有提交过工单。/);
    },
  },
  {
    command: 'cancel', text: '/cancel T-1', expect: byRole({ reporter: okPrivately, others: hidden }), writes: ['tickets', 'ticket_events'],
    effect: (c, answer) => {
      expect(answer).toBe('已撤回工单 T-1。');
      expect(c.added('tickets')).toEqual([expect.objectContaining({ id: 1, status: 'cancelled' })]);
      expect(c.added('ticket_events')).toEqual([expect.objectContaining({ type: 'cancelled', actor_id: c.memberId })]);
      expect(c.to('group:staff-logistics')).toContain('↩️ T-1 已被学生撤回。');
    },
  },
];

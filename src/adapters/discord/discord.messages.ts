import { defineMessages } from '../../core/i18n.js';

/** Chinese names of the slash commands (Discord shows them to zh-CN users; the interaction carries the English one). */
const ZH_NAMES: Record<string, string> = {
  start: '开始', help: '帮助', lang: '语言', whoami: '我是谁', repair: '报修', feedback: '反馈', complaint: '投诉', ask: '咨询',
  status: '进度', mytickets: '我的工单', cancel: '撤回', queue: '待办', claim: '认领', reply: '回复', note: '备注', transfer: '转交',
  resolve: '解决', reject: '驳回', priority: '优先级', assign: '分派', digest: '统计', join: '加入', link: '关联账号', grant: '授权',
  revoke: '撤销授权', invite: '邀请码', bind: '绑定', unbind: '解绑', survey: '问卷', poll: '投票',
  talk: '倾诉', cases: '心理个案', close: '结束个案', reveal: '查看身份',
};

type ArgKind = 'ticket' | 'member' | 'binding' | 'department' | 'class' | 'level' | 'language' | 'text' | 'audience' | 'private' | 'at' | 'urgent';
type Binding = 'staff' | 'class' | 'management';
const ZH_ARGS: Record<ArgKind, string> = {
  ticket: '工单', member: '成员', binding: '用作', department: '部门', class: '班级', level: '优先级', language: '语言', text: '内容',
  audience: '对象', private: '私信', at: '定时', urgent: '紧急',
};
/** Option names Discord shows by default (lower case, no spaces); mostly the kind itself. */
const EN_ARGS: Record<ArgKind, string> = {
  ticket: 'ticket', member: 'member', binding: 'as', department: 'department', class: 'class', level: 'level', language: 'language', text: 'text',
  audience: 'audience', private: 'private', at: 'at', urgent: 'urgent',
};
const ZH_ARG_HELP: Record<ArgKind, string> = {
  ticket: '工单编号（例如 T-1），可从你能看到的工单中选择', member: '本部门的工作人员（可从列表中选择）',
  binding: '这个频道用作：部门工作群、班级群或管理层群', department: '部门（绑定部门工作群时选）', class: '班级代码，例如 class-2301（绑定班级群时填）',
  level: '优先级', language: '语言', text: '命令后面要写的内容，和在聊天里输入时一样',
  audience: '发给谁：students、building:3号楼、group:class-2301、role:rep、dept:部门；在班级群或本部门工作群里可以不填',
  private: '也私信每个人', at: '定时发送，例如 明天 08:00', urgent: '紧急通知的原因（仅管理员，免打扰时段也发送）',
};
const EN_ARG_HELP: Record<ArgKind, string> = {
  ticket: 'The ticket (e.g. T-1), chosen among those you can see', member: 'A member of the department\'s staff, chosen from the list',
  binding: 'What this channel is for: a department\'s staff, a class, or the management', department: 'The department (for a staff channel)',
  class: 'The class key, e.g. class-2301 (for a class channel)', level: 'The priority', language: 'The language',
  text: 'What follows the command, as you would type it in the chat',
  audience: 'Who: students, building:3号楼, group:class-2301, role:rep, dept:<id> (empty: this channel\'s)',
  private: 'Also to each person privately', at: 'Send it later, e.g. tomorrow 08:00', urgent: 'Why it is urgent (admins; sent in quiet hours too)',
};
const ZH_BINDINGS: Record<Binding, string> = { staff: '部门工作群', class: '班级群', management: '管理层群' };
const EN_BINDINGS: Record<Binding, string> = { staff: 'A department\'s staff', class: 'A class', management: 'The management' };

type FormField = 'place' | 'item' | 'description';
const ZH_FORM: Record<FormField, [label: string, hint: string, example: string]> = {
  place: ['地点', '楼栋和房间号；公共场所写地点就行', '3号楼502、一食堂、3号楼三楼走廊'],
  item: ['报修物品', '坏了的是什么（可不填）', '热水器、空调、台灯'],
  description: ['问题描述', '哪里坏了、从什么时候开始', '没有热水，已经两天了'],
};
const EN_FORM: Record<FormField, [label: string, hint: string, example: string]> = {
  place: ['Place', 'Building and room; for a shared space just the place', 'Building 7 312, the canteen, Building 3 corridor'],
  item: ['Item', 'What is broken (optional)', 'water heater, air conditioner, desk lamp'],
  description: ['What is wrong', 'What is broken and since when', 'No hot water for two days'],
};

/** What the Discord adapter itself shows: slash command names, their options and choices. */
export const discordMessages = defineMessages({
  'zh-CN': {
    commandName: (p: { name: string }) => ZH_NAMES[p.name] ?? p.name,
    argName: (p: { kind: ArgKind }) => ZH_ARGS[p.kind],
    argDescription: (p: { kind: ArgKind }) => ZH_ARG_HELP[p.kind],
    levelName: (p: { level: 'urgent' | 'normal' }): string => (p.level === 'urgent' ? '紧急' : '普通'),
    bindingName: (p: { binding: Binding }) => ZH_BINDINGS[p.binding],
    formTitle: '报修',
    formLabel: (p: { field: FormField }) => ZH_FORM[p.field][0],
    formHint: (p: { field: FormField }) => ZH_FORM[p.field][1],
    formExample: (p: { field: FormField }) => `例如：${ZH_FORM[p.field][2]}`,
  },
  en: {
    commandName: (p: { name: string }) => p.name,
    argName: (p: { kind: ArgKind }) => EN_ARGS[p.kind],
    argDescription: (p: { kind: ArgKind }) => EN_ARG_HELP[p.kind],
    levelName: (p: { level: 'urgent' | 'normal' }) => (p.level === 'urgent' ? 'Urgent' : 'Normal'),
    bindingName: (p: { binding: Binding }) => EN_BINDINGS[p.binding],
    formTitle: 'Request a repair',
    formLabel: (p: { field: FormField }) => EN_FORM[p.field][0],
    formHint: (p: { field: FormField }) => EN_FORM[p.field][1],
    formExample: (p: { field: FormField }) => `e.g. ${EN_FORM[p.field][2]}`,
  },
});

import { defineMessages } from '../../core/i18n.js';

export const chatsMessages = defineMessages({
  'zh-CN': {
    bindSummary: '绑定本群：/bind staff 部门、/bind class 班级、/bind management',
    unbindSummary: '解除本群的绑定',
    bindUsage: '用法（在群里发送）：\n/bind staff logistics — 设为该部门的工作群，新工单会发到这里\n/bind class class-2301 — 登记为班级群\n/bind management — 设为管理层群，接收升级提醒和周报',
    groupOnly: '这个命令需要在群里使用。',
    adminOnly: '只有管理员可以把群设为部门工作群或管理层群。',
    repOnly: (p: { group: string }) => `只有 ${p.group} 的班级代表或管理员可以登记这个班级群。`,
    boundStaff: (p: { dept: string }) => `本群已设为「${p.dept}」的工作群。该部门的新工单会发到这里。`,
    boundClass: (p: { group: string }) => `本群已登记为班级群 ${p.group}。`,
    boundManagement: '本群已设为管理层群，会收到升级提醒和周报。',
    unbound: '本群已解除绑定。',
    notBound: '本群目前没有绑定。',
    boundToStaff: '本群是部门工作群或管理层群，只有管理员可以更改或解除它的绑定。',
    boundToClass: (p: { group: string }) => `本群已登记为班级群 ${p.group}，只有该班的班级代表或管理员可以更改或解除。`,
  },
  en: {
    bindSummary: 'Bind this group: /bind staff dept, /bind class key, /bind management',
    unbindSummary: 'Remove the binding of this group',
    bindUsage: "Usage (in a group):\n/bind staff logistics — make it that department's staff chat; new tickets are posted here\n/bind class class-2301 — register it as a class group\n/bind management — make it the management chat for escalations and the weekly digest",
    groupOnly: 'Please use this command in a group.',
    adminOnly: 'Only admins can make a group a staff chat or the management chat.',
    repOnly: (p: { group: string }) => `Only a class representative of ${p.group} or an admin can register this class group.`,
    boundStaff: (p: { dept: string }) => `This group is now the staff chat of ${p.dept}. New tickets of the department are posted here.`,
    boundClass: (p: { group: string }) => `This group is now registered as class group ${p.group}.`,
    boundManagement: 'This group is now the management chat; it receives escalations and the weekly digest.',
    unbound: 'This group is no longer bound.',
    notBound: 'This group is not bound.',
    boundToStaff: "This group is a department's staff chat or the management chat; only an admin can change or remove its binding.",
    boundToClass: (p: { group: string }) => `This group is registered as class group ${p.group}; only a class representative of ${p.group} or an admin can change or remove that.`,
  },
});

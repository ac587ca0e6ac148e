import { defineMessages } from '../../core/i18n.js';

export const membersMessages = defineMessages({
  'zh-CN': {
    startSummary: '开始使用，查看欢迎信息',
    helpSummary: '查看你可以使用的命令',
    langSummary: '切换语言：/lang zh 或 /lang en',
    whoamiSummary: '查看你的身份和账号信息',
    welcome: (p: { name: string; campus: string }) =>
      `你好，${p.name}！我是「一站」，${p.campus}的助手。\n遇到问题不用再到处找部门：报修、反馈、投诉、咨询都可以在这里提出，我会交给负责的部门，并随时告诉你进度。\n发送 /help 查看你可以使用的命令。\nSend /lang en for English.`,
    helpTitle: '你可以使用这些命令：',
    helpStaffTitle: '工作相关：',
    helpChatWorkTitle: '本群的工作命令（有相应身份的人可用）：',
    helpGroupHint: '在群里，请用命令、@我 或回复我的消息，我才会回应。',
    helpOwnPrivately: '这里列的是本群可用的命令；你自己能用的全部命令，请私聊我发送 /help 查看。',
    helpPlainWords: '也可以直接用自己的话告诉我，比如「3号楼502热水器坏了」或「T-1 怎么样了」。',
    langCurrent: '当前语言：简体中文。请选择：',
    langSet: '好的，以后我会用简体中文和你交流。',
    langUsage: '用法：/lang zh 或 /lang en',
    whoami: (p: { name: string; id: number; roles: string; accounts: string }) =>
      `${p.name}（成员编号 #${p.id}）\n身份：${p.roles}\n语言：简体中文（发送 /lang en 切换到 English）\n账号：${p.accounts}`,
    student: '学生',
    account: (p: { platform: string; name: string }) => `${p.platform}（${p.name}）`,
    listSeparator: '、',
  },
  en: {
    startSummary: 'Get started and see the welcome message',
    helpSummary: 'See the commands you can use',
    langSummary: 'Switch language: /lang zh or /lang en',
    whoamiSummary: 'See your roles and accounts',
    welcome: (p: { name: string; campus: string }) =>
      `Hi ${p.name}! I'm Yizhan, the assistant of ${p.campus}.\nNo more hunting for the right office: repairs, feedback, complaints and questions can all be raised here; I pass them to the department in charge and keep you posted.\nSend /help to see the commands you can use.\n发送 /lang zh 切换到中文。`,
    helpTitle: 'Commands you can use:',
    helpStaffTitle: 'For your work:',
    helpChatWorkTitle: 'Work commands of this chat (for those with the role):',
    helpGroupHint: 'In groups I only answer commands, @mentions and replies to my messages.',
    helpOwnPrivately: 'These are the commands for this chat; for all of yours, send /help to me in a private chat.',
    helpPlainWords: 'You can also just tell me in your own words, e.g. "the AC in Building 7 room 215 is broken" or "how is T-1 going?".',
    langCurrent: 'Current language: English. Choose:',
    langSet: "OK, I'll talk to you in English from now on.",
    langUsage: 'Usage: /lang zh or /lang en',
    whoami: (p: { name: string; id: number; roles: string; accounts: string }) =>
      `${p.name} (member #${p.id})\nRoles: ${p.roles}\nLanguage: English (send /lang zh for 中文)\nAccounts: ${p.accounts}`,
    student: 'student',
    account: (p: { platform: string; name: string }) => `${p.platform} (${p.name})`,
    listSeparator: ', ',
  },
});

export const PLATFORM_NAMES = { local: { 'zh-CN': '本地控制台', en: 'local console' }, telegram: { 'zh-CN': 'Telegram', en: 'Telegram' }, discord: { 'zh-CN': 'Discord', en: 'Discord' } } as const;

import { defineMessages } from '../../core/i18n.js';

export const privacyMessages = defineMessages({
  'zh-CN': {
    mydataSummary: '导出我保存的关于你的全部数据（JSON 文件）',
    forgetmeSummary: '删除我保存的关于你的数据',
    mydataCaption: '📄 这是我保存的关于你的全部数据。里面只有你自己的内容：不含工作人员的内部备注，也不含其他同学的信息。\n想删除这些数据，发送 /forgetme。',
    fileAbout: '一站保存的关于你的全部数据（/mydata 导出）。只包含你本人的内容：你报告的工单只有公开进度，不含工作人员的内部备注；你「我也遇到」加入的工单只有你能看到的部分；不含其他人的数据。',
    fileNotFound: '匿名问卷的答案和匿名投票的选择保存时不带你的成员编号：问卷或投票结束后，没有任何人（包括我们）能把它们和你对应起来，所以无法在这里列出。这里只列出你收到过哪些匿名问卷、参加过哪些进行中的匿名投票。',
    confirm: (p: { accounts: string }) => [
      '⚠️ 确定要删除你的数据吗？确认后会立即执行，无法撤销：',
      `• 删除你的所有账号关联（${p.accounts}）、姓名、用户名、语言设置和进行中的对话，关联码作废，班级代表身份取消；`,
      '• 删除你实名填写的问卷答案和实名投票；进行中的问卷和投票里你的答案和选择（包括匿名的）会撤回；',
      '• 你的工单只作为匿名统计保留：描述、照片、留言和评价都会删除；还没办完的工单会撤回（已有其他同学「我也遇到」的报修除外，它会匿名保留，方便继续维修）；',
      '• 还没发给你的消息不再发送。',
      '已经结束的匿名问卷和匿名投票本来就无法对应到你，会作为匿名统计保留。',
      '删除后我就不再认识你了：如果你再给我发消息，我会把你当作新用户。',
      '想先留一份？先发送 /mydata。',
    ].join('\n'),
    btnErase: '确认删除',
    btnKeep: '取消',
    kept: '好的，什么都没有删除。',
    erased: '✅ 已删除。你的账号、姓名和答案都已清除，工单只作为匿名统计保留。我不再认识你了；如果以后再给我发消息，我们会重新认识。',
    alreadyErased: '这个请求已经处理过了：之前的数据已经删除。现在的你对我来说是一位新用户。',
    notYours: '这个按钮不是发给你的。',
    staffRefused: (p: { roles: string }) =>
      `你现在有工作身份（${p.roles}）。工作人员、负责人和管理员的记录关系到工单处理和审计，不能用 /forgetme 删除。请先请管理员撤销你的工作身份（配置文件里的管理员需由运维人员从配置中移除），之后再发送 /forgetme。`,
    roleSep: '、',
  },
  en: {
    mydataSummary: 'Export everything I keep about you (a JSON file)',
    forgetmeSummary: 'Erase what I keep about you',
    mydataCaption: "📄 Here is everything I keep about you. It holds only your own things: no staff's internal notes and nothing about other students.\nTo erase it, send /forgetme.",
    fileAbout: 'Everything Yizhan keeps about you (exported with /mydata). Only your own data: tickets you reported with their public '
      + 'timeline, without staff\'s internal notes; tickets you joined with "me too" only as far as you can see them; nothing about other people.',
    fileNotFound: 'Answers to anonymous surveys and votes in anonymous polls are stored without your member number: once the survey or '
      + 'poll has closed, nobody (not even we) can tell which ones are yours, so they cannot be listed here. Listed are only the anonymous '
      + 'surveys you were sent and the open anonymous polls you voted in.',
    confirm: (p: { accounts: string }) => [
      '⚠️ Do you really want me to erase your data? It happens at once and cannot be undone:',
      `• your linked accounts (${p.accounts}), name, username, language and any dialogue in progress are deleted, link codes stop working and class representative roles end;`,
      '• your named survey answers and named votes are deleted; your answers and votes in surveys and polls still open (anonymous ones too) are taken back;',
      '• your tickets stay only as anonymous statistics: descriptions, photos, messages and ratings are deleted; unfinished tickets are '
        + 'withdrawn (except repairs other students joined with "me too": they stay, anonymously, so the repair still happens);',
      '• messages not yet sent to you are dropped.',
      'Anonymous surveys and polls that have closed cannot be linked to you anyway and stay as anonymous statistics.',
      'Afterwards I will not know you any more: if you write to me again, you will be a new member.',
      'Want a copy first? Send /mydata before.',
    ].join('\n'),
    btnErase: 'Erase my data',
    btnKeep: 'Cancel',
    kept: 'OK, nothing was erased.',
    erased: "✅ Done. Your accounts, name and answers are erased; your tickets stay only as anonymous statistics. I don't know you any more; if you write to me again, we'll start afresh.",
    alreadyErased: 'This was done already: the earlier data is erased. To me you are a new member now.',
    notYours: 'This button was not meant for you.',
    staffRefused: (p: { roles: string }) =>
      `You hold work roles (${p.roles}). The records of staff, leads and admins belong to ticket handling and the audit log, so /forgetme `
      + 'cannot erase them. Ask an admin to revoke your work roles first (an admin listed in the configuration is removed there by the '
      + 'operators), then send /forgetme again.',
    roleSep: ', ',
  },
});

import { defineMessages } from './i18n.js';

/** Text the router itself says: errors, refusals, fallbacks. */
export const coreMessages = defineMessages({
  'zh-CN': {
    internalError: (p: { ref: string }) => `抱歉，出了点问题，我们已经记录下来了（编号 ${p.ref}）。请稍后再试；如果一直不行，把这个编号告诉工作人员。`,
    unknownCommand: (p: { name: string }) => `我不认识 /${p.name} 这个命令。发送 /help 查看你可以用的命令。`,
    notAllowed: (p: { name: string }) => `抱歉，/${p.name} 只对有相应权限的老师或同学开放。发送 /help 查看你可以用的命令。`,
    privateOnly: (p: { name: string }) => `/${p.name} 涉及个人信息，请在和我的私聊中使用。`,
    buttonExpired: '这个按钮已经失效了，请重新开始操作。',
    stepDone: '这一步已经完成了，不用再点。',
    stepCancelled: '这一步已经取消了，不用再点。',
    stepLeft: '这一步已经放下了：你后来说了别的事。',
    notUnderstood: '我还没听懂。你可以直接说出你的问题，或者发送 /help 查看我能做什么。',
    unreadable: '这种消息我还看不懂 🙈 我能读文字和图片（文件打不开），请用文字告诉我。',
    flowCancelled: '好的，已取消当前操作，什么都没有提交。',
    nothingToCancel: '当前没有进行中的操作。',
    privateUnreachable: '我暂时无法私聊你。请先点开我的头像给我发一条私信（例如 /start），然后再试一次。',
    answeredPrivately: '这部分内容不适合在本群显示，我已私信回复你。',
    privateFirst: '这部分内容不适合在本群显示，我只在私聊里回答。请先私聊我发一条消息（例如 /start），再试一次。',
  },
  en: {
    internalError: (p: { ref: string }) => `Sorry, something went wrong and we have logged it (ref ${p.ref}). Please try again later; if it keeps failing, give this reference to a staff member.`,
    unknownCommand: (p: { name: string }) => `I don't know the command /${p.name}. Send /help to see the commands you can use.`,
    notAllowed: (p: { name: string }) => `Sorry, /${p.name} is only available to staff or students with the right role. Send /help to see the commands you can use.`,
    privateOnly: (p: { name: string }) => `/${p.name} involves personal details; please use it in a private chat with me.`,
    buttonExpired: 'This button has expired. Please start again.',
    stepDone: 'That step is already done.',
    stepCancelled: 'That was cancelled; nothing more to do here.',
    stepLeft: 'You moved on to something else, so this was left.',
    notUnderstood: "I didn't quite get that. Tell me what you need in your own words, or send /help to see what I can do.",
    unreadable: "I can't read that kind of message yet 🙈 I read text and photos (not files); please type it out.",
    flowCancelled: 'OK, cancelled. Nothing was submitted.',
    nothingToCancel: 'There is nothing in progress to cancel.',
    privateUnreachable: "I can't message you privately yet. Please open a private chat with me first (send /start there), then try again.",
    answeredPrivately: "That's not for this group, so I've answered you privately.",
    privateFirst: "That's not for this group, so I only answer it privately. Please message me privately first (e.g. /start), then try again.",
  },
});

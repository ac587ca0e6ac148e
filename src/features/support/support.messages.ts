import { defineMessages } from '../../core/i18n.js';

type Res = { resources: string };

export const supportMessages = defineMessages({
  'zh-CN': {
    high: (p: Res) =>
      `你现在的安全最重要。如果你正处在危险中，或者已经伤害了自己，请马上拨打急救或报警电话：\n${p.resources}\n我已经请心理中心的老师尽快联系你，你不是一个人。老师只看到一个代号，看不到你的名字；如果你愿意，可以让老师知道你是谁，方便直接联系你。`,
    medium: (p: Res) =>
      `听起来你最近真的很辛苦，谢谢你愿意说出来。\n愿意的话，可以匿名和心理中心的老师聊一聊，他们看不到你是谁。也可以随时拨打：\n${p.resources}`,
    group: (p: Res) => `如果你或身边的人正处在危险中，请马上拨打：\n${p.resources}\n我私信了你，想聊的话我一直在。`,
    groupUnreachable: (p: Res) => `如果你或身边的人正处在危险中，请马上拨打：\n${p.resources}\n想找人聊聊的话，可以私聊我。`,
    resourceLine: (p: { name: string; phone: string }) => `☎️ ${p.name} ${p.phone}`,
    offerTalk: (p: Res) =>
      `可以的。点下面的按钮，你的话会匿名转给心理中心的老师：老师看不到你是谁，回复会通过我转达给你。\n也可以随时拨打：\n${p.resources}`,
    offerSentPrivately: '我私信你了，在私聊里就可以匿名和老师聊。',
    btnNotNow: '先不用了',
    btnTalk: '和老师聊聊（匿名）',
    btnReveal: '让老师知道我是谁',
    btnFine: '我没事，谢谢',
    talkStarted: (p: { id: string }) => `好的，已经转给心理中心的老师（${p.id}），老师的回复会通过我转达给你。现在就可以把想说的话发给我。`,
    talkPrompt: '想说什么都可以，我会转达给老师：',
    talkSent: '已转达给老师。',
    revealed: '谢谢你的信任。老师会看到你的名字并尽快联系你。',
    fine: '好的。任何时候想聊，都可以直接跟我说，或者拨打 12356。照顾好自己。',
    alertHigh: '🚨 危机预警（高风险），请尽快联系',
    alertMedium: '⚠️ 情绪关怀（学生主动求助）',
  },
  en: {
    high: (p: Res) =>
      `Your safety comes first. If you are in danger or have hurt yourself, please call now:\n${p.resources}\nI have asked the counselling centre to reach out to you soon; you are not alone. They only see an alias, not your name; if you like, you can let them know who you are so they can contact you directly.`,
    medium: (p: Res) =>
      `It sounds like things have been really hard lately. Thank you for saying it.\nIf you like, you can talk to a counsellor anonymously; they won't see who you are. You can also call any time:\n${p.resources}`,
    group: (p: Res) => `If you or someone near you is in danger, please call now:\n${p.resources}\nI've messaged you privately; I'm here if you want to talk.`,
    groupUnreachable: (p: Res) => `If you or someone near you is in danger, please call now:\n${p.resources}\nIf you want to talk, message me privately.`,
    resourceLine: (p: { name: string; phone: string }) => `☎️ ${p.name} ${p.phone}`,
    offerTalk: (p: Res) =>
      `Of course. Press the button below and your words go to a counsellor anonymously: they won't see who you are, and their replies reach you through me.\nYou can also call any time:\n${p.resources}`,
    offerSentPrivately: "I've messaged you privately; you can talk to a counsellor anonymously there.",
    btnNotNow: 'Not now',
    btnTalk: 'Talk to a counsellor (anonymous)',
    btnReveal: 'Let them know who I am',
    btnFine: "I'm OK, thanks",
    talkStarted: (p: { id: string }) => `OK, a counsellor has your message (${p.id}); their replies reach you through me. You can write to them here right away.`,
    talkPrompt: 'Write anything you like; I will pass it on:',
    talkSent: 'Passed on to the counsellor.',
    revealed: 'Thank you for trusting us. The counsellor will see your name and contact you soon.',
    fine: "OK. Whenever you want to talk, just write to me, or call 12356. Take care of yourself.",
    alertHigh: '🚨 Crisis alert (high risk): please reach out soon',
    alertMedium: '⚠️ Wellbeing check (the student asked for help)',
  },
});

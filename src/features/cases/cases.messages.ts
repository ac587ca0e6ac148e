/** What a student hears about counselling: crisis answers, /talk, a counsellor's words. Human, never "ticket". */
import { defineMessages } from '../../core/i18n.js';

type Res = { resources: string };
/** `alerted`: the sentence saying whom the bot alerted (`alertedWho` or `alertedNobody`); `numbers`: "12356 / 110 / 120". */
type Alerted = Res & { alerted: string; numbers: string };

export const caseMessages = defineMessages({
  'zh-CN': {
    high: (p: Alerted) =>
      [
        `你现在的安全最重要。如果你正处在危险中，或者已经伤害了自己，请马上拨打：`,
        `${p.resources}`,
        `${p.alerted}如果几分钟内还没有人回复你，请直接拨打 ${p.numbers}。`,
        `老师只看到一个代号，看不到你的名字；如果你愿意，可以让老师知道你是谁，方便直接联系你。`,
      ].join('\n'),
    medium: (p: Res) =>
      `听起来你最近真的很辛苦，谢谢你愿意说出来。\n愿意的话，可以匿名和心理中心的老师聊一聊，他们看不到你是谁。也可以随时拨打：\n${p.resources}`,
    group: (p: Res) => `如果你或身边的人正处在危险中，请马上拨打：\n${p.resources}\n我私信了你，想聊的话我一直在。`,
    groupUnreachable: (p: Res) => `如果你或身边的人正处在危险中，请马上拨打：\n${p.resources}\n想找人聊聊的话，可以私聊我。`,
    resourceLine: (p: { name: string; phone: string }) => `☎️ ${p.name} ${p.phone}`,
    friend: (p: Alerted) =>
      [
        `谢谢你告诉我，你的朋友有你在身边很重要。`,
        `如果 TA 现在就有危险（已经准备伤害自己、在高处、吃了药），请马上拨打 110 或 120，并尽量陪着 TA，不要让 TA 一个人。`,
        `可以这样帮 TA：`,
        `· 平静地陪着，认真听，不评判，不要说“想开点”`,
        `· 可以直接问 TA 是不是想伤害自己，问了不会让情况更糟`,
        `· 不要答应替 TA 保密，把可能用来伤害自己的东西拿开`,
        `· 陪 TA 联系心理中心，或拨打 12356 心理援助热线`,
        `${p.alerted}（我标明了是你在担心别人，不是你自己的危机。）如果几分钟内还没有人回复，请拨打 ${p.numbers}。`,
      ].join('\n'),
    friendLow: (p: Res) =>
      `谢谢你关心 TA。多陪陪 TA、认真听 TA 说，就已经很有帮助了；如果 TA 愿意，可以一起来心理中心聊聊。\n你也可以先匿名问问心理老师怎样帮 TA。需要时可以拨打：\n${p.resources}`,
    danger: (p: { police: string; who: string }) =>
      [
        `如果有人正处在危险中，请马上拨打 ${p.police} 报警。`,
        `先保护好自己：离开危险的地方，到人多、安全的地方去，不要上前和对方对峙；提醒身边的人远离；能做到的话，记下地点、人数、外貌和方向，告诉警察。`,
        `我已经把这件事紧急通知了${p.who}。`,
      ].join('\n'),
    wellbeing: (p: Res) =>
      `听起来你最近压力不小，谢谢你愿意说出来。很多同学都会经历这样的时候，你不用一个人扛着。\n愿意的话，可以匿名和心理中心的老师聊一聊：老师看不到你是谁，回复会通过我转达给你。也可以随时拨打：\n${p.resources}`,
    bookingNow: (p: Res) =>
      `心理咨询的预约功能还在建设中。不过现在就可以匿名和心理中心的老师聊：点下面的按钮，老师看不到你是谁，回复会通过我转达给你。\n也可以随时拨打：\n${p.resources}`,
    offerTalk: (p: Res) =>
      `可以的。点下面的按钮，你的话会匿名转给心理中心的老师：老师看不到你是谁，回复会通过我转达给你。\n也可以随时拨打：\n${p.resources}`,
    offerSentPrivately: '我私信你了，在私聊里就可以匿名和老师聊。',
    btnNotNow: '先不用了',
    btnTalk: '和老师聊聊（匿名）',
    btnReveal: '让老师知道我是谁',
    btnFine: '我没事，谢谢',
    draftKept: (p: { kind: string }) => `你刚才填写的${p.kind}已经保留，没有丢。等你准备好了，点「继续填写${p.kind}」就能接着填。`,
    btnResume: (p: { kind: string }) => `继续填写${p.kind}`,
    btnAnswer: '回复老师',
    talkStarted: '好的。你现在发给我的话，会匿名转给心理中心的老师：老师只看到一个代号，看不到你是谁；老师的回复也会通过我转达给你。想结束的时候，发送 /talk end。',
    talkResumed: '你和心理老师的谈话还在继续，直接把想说的发给我就好。想结束的时候，发送 /talk end。',
    talkPrompt: '想说什么都可以，我会转达给心理老师：',
    sent: '已转达给心理老师。',
    saidNotArrived: '刚才这条没能送到心理老师那里，请稍后再发一次。如果情况紧急，请直接拨打求助电话。',
    saidMaybeNotArrived: '刚才这条可能没有送到心理老师那里：发送时连接中断，无法确认。需要的话请再发一次。',
    relayOrNew: (p: { text: string }) => `这条是要转给心理老师，还是一件新的事情？\n“${p.text}”`,
    relayChoose: '请点下面的按钮选择；发送 /cancel 放弃这条消息。',
    btnRelayTo: '转给心理老师', btnSomethingNew: '新的事情',
    restarted: '上一次的谈话已经结束了，所以我把这条转给了心理老师，开始了一次新的谈话。',
    over: '这次谈话已经结束了，刚才这条没有转给老师。',
    withYou: (p: { who: string }) => `${p.who}已经在了，接下来会通过我和你聊。`,
    counsellor: '一位心理老师', counsellorNamed: (p: { name: string }) => `心理老师${p.name}`,
    staffMember: '学校的一位老师', staffNamed: (p: { name: string }) => `学校的${p.name}`,
    reply: (p: { who: string; text: string }) => `💬 ${p.who}：\n${p.text}`,
    closedByCounsellor: (p: { numbers: string }) => `老师结束了这次谈话。谢谢你愿意说出来。\n任何时候想再聊，直接给我发消息或发送 /talk；如果感到危险，请拨打 ${p.numbers}。`,
    endedByYou: '好的，这次谈话结束了。想再聊的时候，随时发送 /talk。',
    nothingToEnd: '你现在没有和心理老师的谈话。想聊的时候发送 /talk。',
    escalated: (p: { who: string; numbers: string }) => `还没有老师回复你，我已经又通知了${p.who}。如果你现在有危险，请立刻拨打 ${p.numbers}，不用等我们。`,
    revealed: '谢谢你的信任。老师会看到你的名字并尽快联系你。',
    alreadyRevealed: '老师已经知道你是谁了。',
    brokenGlass: (p: { by: string; reason: string }) =>
      `为了你的安全，心理中心的老师经${p.by}批准，查看了你是谁。原因：${p.reason}\n如果你有疑问或不同意，可以直接回复，也可以联系学校。`,
    fine: '好的。任何时候想聊，都可以直接跟我说，或者拨打 12356。照顾好自己。',
    alertedWho: (p: { who: string }) => `我已经通知了${p.who}，老师会通过我联系你，你不是一个人。`,
    alertedNobody: '我暂时没能通知到心理中心的老师，会继续尝试。',
    roleCounsellor: '值班心理老师', roleLead: '心理中心负责人', roleManagement: '学校值班领导', roleCentre: '心理中心',
    roleNamed: (p: { role: string; name: string }) => `${p.role}（${p.name}）`,
    and: '和',
    talkSummary: '匿名和心理老师聊聊（情感倾诉）；/talk end 结束',
  },
  en: {
    high: (p: Alerted) =>
      [
        `Your safety comes first. If you are in danger or have hurt yourself, please call now:`,
        `${p.resources}`,
        `${p.alerted} If nobody has answered you within a few minutes, call ${p.numbers}.`,
        `They only see an alias, not your name; if you like, you can let them know who you are so they can contact you directly.`,
      ].join('\n'),
    medium: (p: Res) =>
      [
        `It sounds like things have been really hard lately. Thank you for saying it.`,
        `If you like, you can talk to a counsellor anonymously; they won't see who you are. You can also call any time:`,
        `${p.resources}`,
      ].join('\n'),
    group: (p: Res) => [
        `If you or someone near you is in danger, please call now:`,
        `${p.resources}`,
        `I've messaged you privately; I'm here if you want to talk.`,
      ].join('\n'),
    groupUnreachable: (p: Res) => `If you or someone near you is in danger, please call now:\n${p.resources}\nIf you want to talk, message me privately.`,
    resourceLine: (p: { name: string; phone: string }) => `☎️ ${p.name} ${p.phone}`,
    friend: (p: Alerted) =>
      [
        `Thank you for telling me; it matters that your friend has you.`,
        `If they are in danger right now (about to hurt themselves, somewhere high, have taken pills), call 110 or 120 now and stay with them if you can; don't leave them alone.`,
        `How to help:`,
        `· stay calm, listen, don't judge or tell them to cheer up`,
        `· it is OK to ask directly whether they are thinking of hurting themselves; asking does not make it worse`,
        `· don't promise to keep it secret, and move away anything they could hurt themselves with`,
        `· go with them to the counselling centre, or call the 12356 hotline together`,
        `${p.alerted} (I marked it as your worry about someone else, not your own crisis.) If nobody has answered within a few minutes, call ${p.numbers}.`,
      ].join('\n'),
    friendLow: (p: Res) =>
      [
        `Thank you for caring about them. Being there and really listening already helps; if they like, you could come to the counselling centre together.`,
        `You can also ask a counsellor anonymously how to help them. When needed, call:`,
        `${p.resources}`,
      ].join('\n'),
    danger: (p: { police: string; who: string }) =>
      [
        `If someone is in danger, call the police now: ${p.police}.`,
        `Keep yourself safe first: leave the place, go somewhere safe with other people around, don't confront them; ` +
          `warn people nearby to stay away; if you can, note where, how many, what they look like and which way they went, and tell the police.`,
        `I have alerted ${p.who} urgently.`,
      ].join('\n'),
    wellbeing: (p: Res) =>
      [
        `It sounds like a lot is weighing on you lately. Thank you for saying it; many students go through times like this, and you don't have to carry it alone.`,
        `If you like, you can talk to a counsellor anonymously: they won't see who you are, and their replies reach you through me. You can also call any time:`,
        `${p.resources}`,
      ].join('\n'),
    bookingNow: (p: Res) =>
      [
        `Booking counselling sessions is not built yet. But you can talk to a counsellor anonymously right now: ` +
          `press the button below; they won't see who you are, and their replies reach you through me.`,
        `You can also call any time:`,
        `${p.resources}`,
      ].join('\n'),
    offerTalk: (p: Res) =>
      [
        `Of course. Press the button below and your words go to a counsellor anonymously: they won't see who you are, and their replies reach you through me.`,
        `You can also call any time:`,
        `${p.resources}`,
      ].join('\n'),
    offerSentPrivately: "I've messaged you privately; you can talk to a counsellor anonymously there.",
    btnNotNow: 'Not now',
    btnTalk: 'Talk to a counsellor (anonymous)',
    btnReveal: 'Let them know who I am',
    btnFine: "I'm OK, thanks",
    draftKept: (p: { kind: string }) => `The ${p.kind.toLowerCase()} you were filling in is kept. Whenever you are ready, press "Continue the ${p.kind.toLowerCase()}" to go on with it.`,
    btnResume: (p: { kind: string }) => `Continue the ${p.kind.toLowerCase()}`,
    btnAnswer: 'Reply to the counsellor',
    talkStarted: "OK. What you send me now goes to a counsellor anonymously: they only see an alias, not who you are, and their replies reach you through me. Send /talk end when you want to stop.",
    talkResumed: 'Your conversation with the counsellor is still open; just write here. Send /talk end when you want to stop.',
    talkPrompt: 'Write anything you like; I will pass it on to the counsellor:',
    sent: 'Passed on to the counsellor.',
    saidNotArrived: 'That message did not reach the counsellor. Please send it again later; if it is urgent, call a helpline now.',
    saidMaybeNotArrived: 'That message may not have reached the counsellor: the connection broke while sending, so it cannot be confirmed. Send it again if needed.',
    relayOrNew: (p: { text: string }) => `Should I pass this on to the counsellor, or is it something new?\n"${p.text}"`,
    relayChoose: 'Please choose with the buttons below, or send /cancel to drop this message.',
    btnRelayTo: 'To the counsellor', btnSomethingNew: 'Something new',
    restarted: 'Your last conversation had ended, so I passed this on to a counsellor as a new one.',
    over: 'That conversation has ended; this message was not passed on.',
    withYou: (p: { who: string }) => `${p.who} is with you now and will talk with you through me.`,
    counsellor: 'A counsellor', counsellorNamed: (p: { name: string }) => `Counsellor ${p.name}`,
    staffMember: 'Someone from the university', staffNamed: (p: { name: string }) => `${p.name} from the university`,
    reply: (p: { who: string; text: string }) => `💬 ${p.who}:\n${p.text}`,
    closedByCounsellor: (p: { numbers: string }) => [
        `The counsellor has closed this conversation. Thank you for talking.`,
        `Whenever you want to talk again, just write to me or send /talk; if you feel in danger, call ${p.numbers}.`,
      ].join('\n'),
    endedByYou: 'OK, this conversation has ended. Send /talk whenever you want to talk again.',
    nothingToEnd: 'You have no conversation with a counsellor right now. Send /talk when you want one.',
    escalated: (p: { who: string; numbers: string }) => `No counsellor has answered yet, so I have also alerted ${p.who}. If you are in danger now, call ${p.numbers} right away; don't wait for us.`,
    revealed: 'Thank you for trusting us. The counsellor will see your name and contact you soon.',
    alreadyRevealed: 'The counsellors already know who you are.',
    brokenGlass: (p: { by: string; reason: string }) =>
      [
        `For your safety, a counsellor was allowed by ${p.by} to see who you are. The reason: ${p.reason}`,
        `If you have questions or disagree, reply here or contact the university.`,
      ].join('\n'),
    fine: 'OK. Whenever you want to talk, just write to me, or call 12356. Take care of yourself.',
    alertedWho: (p: { who: string }) => `I have alerted ${p.who}; they will reach you through me. You are not alone.`,
    alertedNobody: 'I could not reach a counsellor yet and will keep trying.',
    roleCounsellor: 'the counsellor on duty', roleLead: 'the head of the counselling centre', roleManagement: "the university's management on duty", roleCentre: 'the counselling centre',
    roleNamed: (p: { role: string; name: string }) => `${p.role} (${p.name})`,
    and: ' and ',
    talkSummary: 'Talk to a counsellor anonymously; /talk end to stop',
  },
});

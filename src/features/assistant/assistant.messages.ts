import { defineMessages } from '../../core/i18n.js';

export const assistantMessages = defineMessages({
  'zh-CN': {
    chooseTitle: '我不太确定你想做什么，是下面哪一个？',
    btnOther: '都不是',
    otherAnswer: '好的。可以换个说法再告诉我，或者发送 /help 查看我能做什么。',
    smalltalk: '你好呀 👋 我是「一站」助手。需要报修、反馈、投诉或者咨询，直接告诉我就行；发送 /help 查看全部功能。',
    smalltalkThanks: '不客气 😊 还有需要随时找我。想回复工作人员的话，点他们消息下面的「回复」按钮。',
    smalltalkAck: '👌 有需要随时告诉我。',
    outOfScope: '这个我帮不上忙 🙏 我能帮你报修、提意见、投诉、咨询各部门，或者查询工单进度。发送 /help 查看全部功能。',
    groupUnsure: '没太听懂，可以换个说法，或者发送 /help 看看我能做什么。',
    later: (p: { what: string }) => `${p.what}功能还在准备中，暂时不能在这里办理。现在你可以用 /ask 把问题发给相关部门，他们会回复你。`,
    what_booking: '预约', what_cancelBooking: '取消预约', what_events: '活动报名', what_faq: '常见问题解答',
    what_anonymous: '匿名倾诉',
    intent_repair: '报修', intent_feedback: '提意见', intent_complaint: '投诉', intent_status: '查工单进度', intent_help: '看看能做什么',
    intent_question: '咨询问题', intent_smalltalk: '随便聊聊',
  },
  en: {
    chooseTitle: "I'm not sure what you'd like to do. Is it one of these?",
    btnOther: 'None of these',
    otherAnswer: 'OK. Try saying it another way, or send /help to see what I can do.',
    smalltalk: "Hi 👋 I'm Yizhan. Tell me if you need a repair, have feedback or a complaint, or a question for an office; /help lists everything.",
    smalltalkThanks: "You're welcome 😊 I'm here whenever you need me. To answer the staff, tap the \"Reply\" button under their message.",
    smalltalkAck: '👌 Just tell me whenever you need something.',
    outOfScope: "I can't help with that, sorry 🙏 I can take repair requests, feedback, complaints and questions for the offices, and tell you how your tickets are doing. /help lists everything.",
    groupUnsure: "I didn't quite get that. Try another way, or send /help to see what I can do.",
    later: (p: { what: string }) => `${p.what} is not available here yet. For now, send your question to the right office with /ask and they will answer you.`,
    what_booking: 'Booking', what_cancelBooking: 'Cancelling a booking', what_events: 'Event sign-up', what_faq: 'The FAQ',
    what_anonymous: 'Anonymous talk',
    intent_repair: 'A repair', intent_feedback: 'Feedback', intent_complaint: 'A complaint', intent_status: 'My ticket status', intent_help: 'What can you do?',
    intent_question: 'A question', intent_smalltalk: 'Just chatting',
  },
});
